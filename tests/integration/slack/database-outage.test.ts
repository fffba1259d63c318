import { sql } from 'kysely';
import { databaseOutage } from '../../support/database';
import { declare, type Harness, run, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

test('while PostgreSQL is down commands get a clear answer, nothing is half-written, and service resumes by itself', async () => {
  const row = await declare(h, 'UALICE', { title: 'Database outage', severity: 'SEV3', commander: 'UALICE' });
  await databaseOutage(h.database.url, true);
  try {
    const started = Date.now();
    const { replies } = await run(h, 'UALICE', row.channel_id, 'status investigating');
    expect(replies.join()).toContain('cannot reach its database');
    // A clear answer within Slack's patience, not a hang until some TCP timeout.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await fetch(`http://127.0.0.1:${h.bot.adminPort}/readyz`)).status).toBe(503);
    const view = await h.emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'declare During the outage' });
    expect(view.status).toBe(200);
  } finally {
    await databaseOutage(h.database.url, false);
  }
  await h.bot.idle();
  // Nothing of the failed command was written.
  const events = await h.db.selectFrom('incident_events').select('kind').where('incident_id', '=', row.id).execute();
  expect(events.map((e) => e.kind)).toEqual(['declared']);
  // The same bot, not restarted, works again.
  expect((await fetch(`http://127.0.0.1:${h.bot.adminPort}/readyz`)).status).toBe(200);
  await run(h, 'UALICE', row.channel_id, 'status investigating');
  expect(
    (await h.db.selectFrom('incidents').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status,
  ).toBe('investigating');
  await h.emulator.waitFor(() =>
    h.emulator.workspace.messagesIn(row.channel_id).some((m) => m.text.includes('to *Investigating*')),
  );
  expect(
    Number(
      (await sql<{ n: string }>`select count(*) as n from outbox where status = 'pending'`.execute(h.db)).rows[0].n,
    ),
  ).toBe(0);
});
