import type { SlackEmulator } from '@firebreak/slack-emulator';
import { type WebSocket, WebSocketServer } from 'ws';

export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

/**
 * Slack's side of Socket Mode, as its docs describe it: apps.connections.open
 * (answered by the emulator) hands out this server's URL; the server says hello,
 * sends envelopes and reads the app's acknowledgements ({ envelope_id, payload }).
 * Acks arrive over one ordered socket, so an envelope not acked before a later
 * one's ack was not acked in time.
 */
export class FakeSocketMode {
  readonly acks: Ack[] = [];
  private server: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private readonly waiting = new Set<() => void>();
  private envelopes = 0;

  async start(emulator: SlackEmulator, appToken: string): Promise<void> {
    const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    this.server = server;
    server.on('connection', (socket: WebSocket) => {
      this.socket = socket;
      socket.on('message', (data: Buffer) => {
        this.acks.push(JSON.parse(data.toString()) as Ack);
        for (const w of this.waiting) w();
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          connection_info: { app_id: 'A0FIREBREAK' },
          debug_info: { host: 'fake' },
        }),
      );
      for (const w of this.waiting) w();
    });
    emulator.acceptSocketMode(appToken, `ws://127.0.0.1:${server.address().port}/link`);
  }

  /** Resolves when an app is connected. */
  connected(): Promise<void> {
    return this.until(() => this.socket !== undefined);
  }

  /** Sends an Events API envelope and returns its envelope_id. */
  sendEvent(body: Record<string, unknown>, retryAttempt = 0): string {
    if (!this.socket) throw new Error('no app is connected');
    const id = `env-${++this.envelopes}`;
    this.socket.send(
      JSON.stringify({
        envelope_id: id,
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: retryAttempt,
        retry_reason: retryAttempt ? 'timeout' : '',
        payload: body,
      }),
    );
    return id;
  }

  /** Resolves with the ack of `envelopeId` once it arrives. */
  async ackOf(envelopeId: string): Promise<Ack> {
    await this.until(() => this.acks.some((a) => a.envelope_id === envelopeId));
    return this.acks.find((a) => a.envelope_id === envelopeId)!;
  }

  acked(envelopeId: string): boolean {
    return this.acks.some((a) => a.envelope_id === envelopeId);
  }

  private until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const check = () => {
        if (!ready()) return;
        this.waiting.delete(check);
        resolve();
      };
      this.waiting.add(check);
    });
  }

  async stop(): Promise<void> {
    for (const c of this.server?.clients ?? []) c.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
