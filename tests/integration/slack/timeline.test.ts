import { sql } from 'kysely';
import { databaseOutage } from '../../support/database';
import { declare, type Harness, run, startHarness, startReplica } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const entries = (incidentId: number) =>
  h.db.selectFrom('timeline_entries').selectAll().where('incident_id', '=', incidentId).orderBy('id').execute();

describe('timeline capture', () => {
  test('messages, thread replies, edits and deletes are recorded as they happen', async () => {
    const row = await declare(h, 'UALICE', { title: 'Timeline capture', commander: 'UALICE' });
    const ch = row.channel_id;
    const first = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'Seeing 500s on checkout' });
    expect(first.response.status).toBe(200);
    const reply = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'since 10:02', threadTs: first.ts });
    const doomed = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'wrong channel, sorry' });
    await h.emulator.editUserMessage({ user: 'UALICE', channel: ch, ts: first.ts, text: 'Seeing 502s on checkout' });
    await h.emulator.deleteUserMessage({ user: 'UALICE', channel: ch, ts: doomed.ts });
    await h.bot.idle();

    const rows = await entries(row.id);
    expect(rows.map((r) => [r.text, r.edited, r.deleted, r.thread_ts])).toEqual([
      ['Seeing 502s on checkout', true, false, null],
      ['since 10:02', false, false, first.ts],
      ['wrong channel, sorry', false, true, null],
    ]);
    expect(rows[0].at.getTime()).toBe(Math.round(Number(first.ts) * 1000));
    expect(rows[1].slack_ts).toBe(reply.ts);
    // Firebreak's own posts (the header, change notices) are not part of the conversation.
    expect(rows.every((r) => r.author === 'UALICE')).toBe(true);
  });

  test('messages outside incident channels are not recorded', async () => {
    const before = await h.db.selectFrom('timeline_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    await h.emulator.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'general chatter' });
    await h.bot.idle();
    const after = await h.db.selectFrom('timeline_entries').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test('each event is stored once: retries and duplicate deliveries, even at the same time', async () => {
    const row = await declare(h, 'UBOB', { title: 'Duplicates', commander: 'UBOB' });
    const ts = `${Math.floor(Date.now() / 1000) + 5}.000100`;
    const event = { type: 'message', channel: row.channel_id, user: 'UBOB', text: 'delivered many times', ts, event_ts: ts, channel_type: 'channel' };
    const results = await Promise.all([
      h.emulator.sendEvent(event, { eventId: 'Ev-DUP-1' }),
      h.emulator.sendEvent(event, { eventId: 'Ev-DUP-1' }),
      h.emulator.sendEvent(event, { eventId: 'Ev-DUP-1', retryNum: 1, retryReason: 'http_timeout' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.emulator.sendEvent(event, { eventId: 'Ev-DUP-1', retryNum: 2, retryReason: 'http_timeout' });
    await h.bot.idle();
    const rows = await entries(row.id);
    expect(rows.filter((r) => r.text === 'delivered many times')).toHaveLength(1);
  });

  test('a burst of messages stored together: each once, duplicates in the same burst included, other channels ignored', async () => {
    const row = await declare(h, 'UBOB', { title: 'Burst', commander: 'UBOB' });
    const base = Math.floor(Date.now() / 1000) + 8;
    const message = (n: number, channel = row.channel_id) => {
      const ts = `${base}.${String(n).padStart(6, '0')}`;
      return { type: 'message', channel, user: 'UBOB', text: `burst ${n}`, ts, event_ts: ts, channel_type: 'channel' };
    };
    const sends = [];
    for (let n = 0; n < 30; n++) {
      sends.push(h.emulator.sendEvent(message(n), { eventId: `Ev-BURST-${n}` }));
      // Every third one is delivered twice at once, and one event a second time under another id (same Slack ts).
      if (n % 3 === 0) sends.push(h.emulator.sendEvent(message(n), { eventId: `Ev-BURST-${n}` }));
    }
    sends.push(h.emulator.sendEvent(message(5), { eventId: 'Ev-BURST-5-again' }));
    sends.push(h.emulator.sendEvent(message(99, 'CGENERAL'), { eventId: 'Ev-BURST-elsewhere' }));
    const results = await Promise.all(sends);
    expect(results.every((r) => r.status === 200)).toBe(true);
    await h.bot.idle();
    const texts = (await entries(row.id)).map((r) => r.text).filter((t) => t.startsWith('burst '));
    expect(texts.sort()).toEqual(Array.from({ length: 30 }, (_, n) => `burst ${n}`).sort());
    const elsewhere = await h.db.selectFrom('timeline_entries').select('id').where('text', '=', 'burst 99').execute();
    expect(elsewhere).toHaveLength(0);
  });

  test('a retry whose first delivery never arrived is processed, not dropped', async () => {
    const row = await declare(h, 'UBOB', { title: 'Retry only', commander: 'UBOB' });
    const ts = `${Math.floor(Date.now() / 1000) + 6}.000200`;
    await h.emulator.sendEvent(
      { type: 'message', channel: row.channel_id, user: 'UBOB', text: 'only the retry came', ts, event_ts: ts },
      { eventId: 'Ev-RETRY-ONLY', retryNum: 3, retryReason: 'http_error' },
    );
    await h.bot.idle();
    expect((await entries(row.id)).map((r) => r.text)).toEqual(['only the retry came']);
  });

  test('while the database is down: a message accepted at once is stored when it is back; later ones get a 500, and their retries are stored', async () => {
    const row = await declare(h, 'UBOB', { title: 'Store failure', commander: 'UBOB' });
    const base = Math.floor(Date.now() / 1000) + 7;
    const event = (n: number, text: string) => ({ type: 'message', channel: row.channel_id, user: 'UBOB', text, ts: `${base}.00030${n}`, event_ts: `${base}.00030${n}` });
    await databaseOutage(h.database.url, true);
    try {
      // Nothing has failed yet, so Slack is told at once; storing it fails and is retried.
      const first = await h.emulator.sendEvent(event(1, 'accepted before the outage was known'), { eventId: 'Ev-FAIL-1' });
      expect(first.status).toBe(200);
      // It shows in /metrics as answered but not stored, and storing as failing.
      await h.emulator.waitFor(async () => {
        const text = await (await fetch(`http://127.0.0.1:${h.bot.adminPort}/metrics`)).text();
        return /^event_intake_failing 1$/m.test(text) && /^event_intake_unstored 1$/m.test(text);
      });
      // Now storing is known to fail: the next message waits for its commit, which fails, so Slack will redeliver it.
      const second = await h.emulator.sendEvent(event(2, 'must not be lost'), { eventId: 'Ev-FAIL-2' });
      expect(second.status).toBe(500);
    } finally {
      await databaseOutage(h.database.url, false);
    }
    const retried = await h.emulator.sendEvent(event(2, 'must not be lost'), { eventId: 'Ev-FAIL-2', retryNum: 1, retryReason: 'http_error' });
    expect(retried.status).toBe(200);
    await h.bot.idle();
    // Stored in whichever order the retries went through; the timeline orders by Slack's ts.
    const stored = (await entries(row.id)).sort((a, b) => Number(a.slack_ts) - Number(b.slack_ts));
    expect(stored.map((r) => r.text)).toEqual(['accepted before the outage was known', 'must not be lost']);
    const text = await (await fetch(`http://127.0.0.1:${h.bot.adminPort}/metrics`)).text();
    expect(text).toMatch(/^event_intake_unstored 0$/m);
    expect(text).toMatch(/^event_intake_failing 0$/m);
  });

  test('a graceful stop stores every message it had answered before it exits', async () => {
    const row = await declare(h, 'UBOB', { title: 'Stop with messages', commander: 'UBOB' });
    const replica = await startReplica(h);
    const base = Math.floor(Date.now() / 1000) + 11;
    const message = (n: number) => {
      const ts = `${base}.${String(n).padStart(6, '0')}`;
      return { type: 'message', channel: row.channel_id, user: 'UBOB', text: `before stop ${n}`, ts, event_ts: ts, channel_type: 'channel' };
    };
    // Slack sends these to the replica (the endpoint is read as each delivery starts).
    h.emulator.botEndpoint = replica.eventsUrl;
    const sent = Array.from({ length: 20 }, (_, n) => h.emulator.sendEvent(message(n), { eventId: `Ev-STOP-${n}` }));
    h.emulator.botEndpoint = h.bot.eventsUrl;
    const answers = await Promise.all(sent);
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    // No idle() first: stop itself must finish storing what it answered.
    await replica.stop();
    const texts = (await entries(row.id)).map((r) => r.text).sort();
    expect(texts).toEqual(Array.from({ length: 20 }, (_, n) => `before stop ${n}`).sort());
  });

  test('a message the database rejects outright is not retried forever, and the next one is stored', async () => {
    const row = await declare(h, 'UBOB', { title: 'Rejected row', commander: 'UBOB' });
    const base = Math.floor(Date.now() / 1000) + 9;
    const event = (n: number, text: string) => ({ type: 'message', channel: row.channel_id, user: 'UBOB', text, ts: `${base}.00040${n}`, event_ts: `${base}.00040${n}` });
    await sql`alter table timeline_entries add constraint refuse_all check (false) not valid`.execute(h.db);
    try {
      expect((await h.emulator.sendEvent(event(1, 'refused by a constraint'), { eventId: 'Ev-REJ-1' })).status).toBe(200);
      await h.bot.idle();
    } finally {
      await sql`alter table timeline_entries drop constraint refuse_all`.execute(h.db);
    }
    expect((await h.emulator.sendEvent(event(2, 'stored normally'), { eventId: 'Ev-REJ-2' })).status).toBe(200);
    await h.bot.idle();
    expect((await entries(row.id)).map((r) => r.text)).toEqual(['stored normally']);
  });

  test('pins, :pushpin: reactions, the shortcut and notes make key entries that keep their original time', async () => {
    const row = await declare(h, 'UCAROL', { title: 'Key events', commander: 'UCAROL', severity: 'SEV3' });
    const ch = row.channel_id;
    const a = await h.emulator.postUserMessage({ user: 'UCAROL', channel: ch, text: 'Root cause: expired cert' });
    const b = await h.emulator.postUserMessage({ user: 'UCAROL', channel: ch, text: 'Rotated the cert' });
    const c = await h.emulator.postUserMessage({ user: 'UCAROL', channel: ch, text: 'Traffic back to normal' });
    const d = await h.emulator.postUserMessage({ user: 'UCAROL', channel: ch, text: 'just chatting' });
    await h.emulator.pinMessage({ user: 'UCAROL', channel: ch, ts: a.ts });
    await h.emulator.addReaction({ user: 'UCAROL', channel: ch, ts: b.ts, name: 'pushpin' });
    await h.emulator.addReaction({ user: 'UCAROL', channel: ch, ts: d.ts, name: 'tada' });
    await h.emulator.messageShortcut({ user: 'UCAROL', channel: ch, ts: c.ts, callbackId: 'firebreak_add_to_timeline' });
    await h.bot.idle();
    const noted = await run(h, 'UCAROL', ch, 'note Customer comms sent via status page');
    expect(noted.replies.join()).toContain('Added to the key timeline');

    const rows = await entries(row.id);
    const byText = Object.fromEntries(rows.map((r) => [r.text, r]));
    expect(byText['Root cause: expired cert']).toMatchObject({ key: true, key_reason: 'pin' });
    expect(byText['Rotated the cert']).toMatchObject({ key: true, key_reason: 'reaction' });
    expect(byText['Traffic back to normal']).toMatchObject({ key: true, key_reason: 'shortcut' });
    expect(byText['just chatting']).toMatchObject({ key: false });
    expect(byText['Customer comms sent via status page']).toMatchObject({ key: true, key_reason: 'note', kind: 'note' });
    expect(byText['Root cause: expired cert'].at.getTime()).toBe(Math.round(Number(a.ts) * 1000));
    expect(h.emulator.workspace.ephemeralsFor('UCAROL').some((e) => e.text.includes('Added to the key timeline'))).toBe(true);

    // `/incident timeline` shows the key story: changes, pins, reactions, shortcut and note, not the chatter.
    await run(h, 'UCAROL', ch, 'severity 2');
    const { replies } = await run(h, 'UCAROL', ch, 'timeline');
    const shown = replies.join();
    for (const text of ['Declared: Key events', 'Root cause: expired cert', 'Rotated the cert', 'Traffic back to normal', 'Customer comms sent', 'Severity SEV3 → SEV2']) {
      expect(shown).toContain(text);
    }
    expect(shown).not.toContain('just chatting');
  });

  test('a long key timeline is paged within Slack limits', async () => {
    const row = await declare(h, 'UDAVE', { title: 'Long timeline', commander: 'UDAVE' });
    const incidentId = row.id;
    const base = Date.now();
    await h.db
      .insertInto('timeline_entries')
      .values(Array.from({ length: 1500 }, (_, i) => ({ incident_id: incidentId, kind: 'note', author: 'UDAVE', text: `note ${i} ${'x'.repeat(100)}`, at: new Date(base + i * 1000), key: true, key_reason: 'note' })))
      .execute();
    const first = await run(h, 'UDAVE', row.channel_id, 'timeline');
    const blocks = first.raw[0].blocks ?? [];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(first.replies.join()).toMatch(/page 1 of (\d+)/);
    const pages = Number(/page 1 of (\d+)/.exec(first.replies.join())![1]);
    expect(pages).toBeGreaterThan(1);
    const last = await run(h, 'UDAVE', row.channel_id, `timeline ${pages}`);
    expect(last.replies.join()).toContain('note 1499');
    expect(h.emulator.workspace.deliveries.every((d) => !d.ackError)).toBe(true);
  });
});
