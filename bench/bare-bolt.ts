import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { COMMAND } from '../src/kernel/slack/ids';

export interface BareBolt {
  eventsUrl: string;
  stop(): Promise<void>;
}

/**
 * The floor: the same Bolt version, receiver and signature check as Firebreak,
 * with listeners that only ack. Whatever Firebreak's ack costs beyond this is ours.
 */
export async function startBareBolt(o: { botToken: string; signingSecret: string; apiUrl: string }): Promise<BareBolt> {
  const app = new App({
    // processBeforeResponse as in Firebreak: the answer waits for the listener (here: nothing).
    receiver: new HTTPReceiver({ signingSecret: o.signingSecret, processBeforeResponse: true }),
    token: o.botToken,
    deferInitialization: true,
    clientOptions: { slackApiUrl: o.apiUrl },
    // Firebreak runs with a silent logger; keep the floor equally quiet.
    logLevel: LogLevel.ERROR,
    // Firebreak turns the conversation store off; left on, it would charge the floor for work
    // Firebreak skips (an Error per event in a channel with no stored state).
    convoStore: false,
  });
  app.command(COMMAND, async ({ ack }) => ack());
  // The ingest floor: Bolt parses, verifies and routes the event, and nothing is stored.
  app.event('message', async () => {});
  await app.init();
  const server = (await app.start(0)) as Server;
  const { port } = server.address() as AddressInfo;
  return { eventsUrl: `http://127.0.0.1:${port}/slack/events`, stop: () => app.stop().then(() => undefined) };
}
