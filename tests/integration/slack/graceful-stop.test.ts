import { SlackEmulator } from '@firebreak/slack-emulator';
import type { Firebreak } from '../../../src/main';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import {
  BOT_TOKEN,
  declare,
  type Harness,
  type HarnessOptions,
  SIGNING_SECRET,
  startReplica,
  TestClock,
} from '../../support/harness';

let database: TestDatabase;
let emulator: SlackEmulator;
const bots: Firebreak[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  emulator = new SlackEmulator({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET });
  await emulator.start();
});
afterAll(async () => {
  for (const bot of bots) await bot.stop().catch(() => undefined);
  await emulator?.stop();
  await database?.drop();
});

/** One bot alone on the database, so no other replica's worker delivers what it leaves behind. */
async function startBot(opts: HarnessOptions = {}): Promise<Firebreak> {
  const bot = await startReplica({ emulator, database } as Harness, opts);
  bots.push(bot);
  emulator.botEndpoint = bot.eventsUrl;
  return bot;
}

test('a stop while Slack is slow ends within its deadline and leaves the undelivered notices for the next start', async () => {
  const first = await startBot({ stopDeadlineMs: 2000 });
  const h = { emulator, bot: first, db: database.db, database } as Harness;
  const row = await declare(h, 'UALICE', { title: 'Slow Slack at shutdown', severity: 'SEV2', commander: 'UALICE' });
  const announced = () =>
    emulator.workspace
      .messagesIn(row.channel_id)
      .filter((m) => /to \*(Investigating|Identified|Monitoring)\*/.test(m.text));

  // Slack hangs on the first announcement (longer than the client's 5 s timeout), then refuses it.
  emulator.failNext('chat.postMessage', { hangMs: 8000, status: 503 });
  const status = async () =>
    (await database.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow())
      .status;
  for (const next of ['investigating', 'identified', 'monitoring']) {
    expect((await emulator.command({ user: 'UALICE', channel: row.channel_id, text: `status ${next}` })).status).toBe(
      200,
    );
    // A command's work goes on after its ack: wait for its commit, so the changes (and their notices) keep this order.
    await emulator.waitFor(async () => (await status()) === next);
  }
  await emulator.waitFor(() =>
    emulator.workspace.calls.some((c) => c.method === 'chat.postMessage' && c.fault?.hangMs),
  );

  const started = Date.now();
  await first.stop();
  // The deadline holds although the delivery in progress would take 5 s to time out.
  expect(Date.now() - started).toBeLessThan(3000);
  expect(announced()).toEqual([]);
  const owed = await database.db.selectFrom('outbox').select(['status']).where('status', '=', 'pending').execute();
  expect(owed.length).toBeGreaterThanOrEqual(3);

  // The next start delivers every one of them, once.
  // Later, when the leases its predecessor's claims hold have run out.
  const later = new TestClock(Date.now() + 5 * 60_000);
  const next = await startBot({ clock: later });
  await next.idle();
  expect(announced().map((m) => /to \*(\w+)\*/.exec(m.text)?.[1])).toEqual([
    'Investigating',
    'Identified',
    'Monitoring',
  ]);
}, 30_000);
