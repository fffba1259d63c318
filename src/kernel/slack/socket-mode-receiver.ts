import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { App, Logger as BoltLogger, Receiver, ReceiverEvent } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { closeServer } from '../../observability/admin-server';
import type { Logger } from '../log';

export interface SocketModeReceiverOptions {
  appToken: string;
  /** Where apps.connections.open is asked for the WebSocket URL. */
  apiUrl: string;
  logger: BoltLogger;
  log: Logger;
  /** Served on PORT beside the socket, as the HTTP receiver serves them beside /slack/events. */
  healthz: (req: IncomingMessage, res: ServerResponse) => void;
  /** POST routes served there too (alert hooks), as the HTTP receiver serves them. */
  hooks: readonly { prefix: string; handler: (req: IncomingMessage, res: ServerResponse) => void }[];
}

interface SlackEnvelope {
  ack: (response?: unknown) => Promise<void>;
  envelope_id: string;
  type: string;
  body: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Socket Mode that acknowledges an envelope only once Bolt has finished with it.
 * Bolt's own SocketModeReceiver acks an Events API envelope before any listener
 * runs (App.processEvent acks events itself; bolt-js#2788 asks for a manual ack),
 * so an event whose commit then fails is lost: Slack never redelivers an acked
 * envelope. Here Bolt's ack() only records the answer, and the answer goes back
 * over the socket after processEvent settles, as the HTTP receiver does with
 * processBeforeResponse. A listener that throws leaves the envelope unacked, so
 * Slack delivers it again.
 */
export class AckAfterListenerReceiver implements Receiver {
  private app: App | undefined;
  private readonly client: SocketModeClient;
  private server: Server | undefined;

  constructor(private readonly options: SocketModeReceiverOptions) {
    this.client = new SocketModeClient({
      appToken: options.appToken,
      logger: options.logger,
      clientOptions: { slackApiUrl: options.apiUrl },
    });
    this.client.on('slack_event', (envelope: SlackEnvelope) => this.handle(envelope));
  }

  init(app: App): void {
    this.app = app;
  }

  private async handle(envelope: SlackEnvelope): Promise<void> {
    const app = this.app;
    if (!app) return;
    let answer: { body?: unknown } | undefined;
    const event: ReceiverEvent = {
      body: envelope.body,
      retryNum: envelope.retry_num,
      retryReason: envelope.retry_reason,
      ack: async (response?: unknown) => {
        answer ??= { body: response };
      },
    };
    try {
      await app.processEvent(event);
    } catch (error) {
      this.options.log.warn('Socket Mode envelope not acknowledged: Slack will deliver it again', {
        envelope: envelope.envelope_id,
        type: envelope.type,
        error,
      });
      return;
    }
    // A request no listener acked (nothing of ours matched) is acked empty: redelivery would change nothing.
    await envelope.ack(answer?.body).catch((error: unknown) =>
      this.options.log.warn('could not acknowledge a Socket Mode envelope', {
        envelope: envelope.envelope_id,
        error,
      }),
    );
  }

  /** Serves /healthz on `port` (0 picks one), then connects; resolves to the HTTP server. */
  async start(port: number): Promise<Server> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const hook = this.options.hooks.find((h) => path.startsWith(h.prefix) && path.length > h.prefix.length);
      if (path === '/healthz' && req.method === 'GET') this.options.healthz(req, res);
      else if (hook && req.method === 'POST') hook.handler(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, () => resolve());
    });
    this.server = server;
    await this.client.start();
    return server;
  }

  async stop(): Promise<void> {
    await this.client.disconnect();
    if (this.server) await closeServer(this.server);
  }
}
