import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { COMMAND } from '../src/slack/ids';

export interface BareBolt {
  eventsUrl: string;
  stop(): Promise<void>;
}

/**
 * The floor: the same Bolt version, receiver and signature check as Firebreak,
 * with a listener that only acks. Whatever Firebreak's ack costs beyond this is ours.
 */
export async function startBareBolt(o: { botToken: string; signingSecret: string; apiUrl: string }): Promise<BareBolt> {
  const app = new App({
    receiver: new HTTPReceiver({ signingSecret: o.signingSecret }),
    token: o.botToken,
    deferInitialization: true,
    clientOptions: { slackApiUrl: o.apiUrl },
    // Firebreak runs with a silent logger; keep the floor equally quiet.
    logLevel: LogLevel.ERROR,
  });
  app.command(COMMAND, async ({ ack }) => ack());
  await app.init();
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { eventsUrl: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}
