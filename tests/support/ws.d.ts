// The few parts of `ws` (installed with @slack/socket-mode, without @types/ws) the fake Socket Mode server uses.
declare module 'ws' {
  import type { EventEmitter } from 'node:events';
  import type { AddressInfo } from 'node:net';

  export class WebSocket extends EventEmitter {
    send(data: string): void;
    close(): void;
    terminate(): void;
  }

  export class WebSocketServer extends EventEmitter {
    constructor(options: { port: number; host?: string });
    address(): AddressInfo;
    clients: Set<WebSocket>;
    close(callback?: (error?: Error) => void): void;
  }
}
