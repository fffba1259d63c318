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
    const reply = await h.emulator.postUserMessage({
      user: 'UALICE',
      channel: ch,
      text: 'since 10:02',
      threadTs: first.ts,
    });
    const doomed = await h.emulator.postUserMessage({ user: 'UALICE', channel: ch, text: 'wrong channel, sorry' });
    await h.emulator.editUserMessage({ user: 'UALICE', channel: ch, ts: first.ts, text: 'Seeing 502s on checkout' });
    await h.emulator.deleteUserMessage({ user: 'UALICE', channel: ch, ts: doomed.ts });
    await h.bot.idle();

    const rows = await entries(row.id);
    expect(rows.map((r) => [r.text, r.edited, r.deleted, r.thread_ts])).toEqual([
      ['Seeing 502s on checkout', true, false, null],
      ['since 10:02', false, false, first.ts],
      // A deleted message keeps no text, so nothing pasted by mistake stays behind.
      ['', false, true, null],
    ]);
    expect(rows[0].at.getTime()).toBe(Math.round(Number(first.ts) * 1000));
    expect(rows[1].slack_ts).toBe(reply.ts);
    // Firebreak's own posts (the header, change notices) are not part of the conversation.
    expect(rows.every((r) => r.author === 'UALICE')).toBe(true);
  });

  test('messages outside incident channels are not recorded', async () => {
    const before = await h.db
      .selectFrom('timeline_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    await h.emulator.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'general chatter' });
    await h.bot.idle();
    const after = await h.db
      .selectFrom('timeline_entries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  test('each event is stored once: retries and duplicate deliveries, even at the same time', async () => {
    const row = await declare(h, 'UBOB', { title: 'Duplicates', commander: 'UBOB' });
    const ts = `${Math.floor(Date.now() / 1000) + 5}.000100`;
    const event = {
      type: 'message',
      channel: row.channel_id,
      user: 'UBOB',
      text: 'delivered many times',
      ts,
      event_ts: ts,
      channel_type: 'channel',
    };
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

  test('while the database is down no message is answered 200; Slack delivers them again and each is stored once', async () => {
    const row = await declare(h, 'UBOB', { title: 'Store failure', commander: 'UBOB' });
    const base = Math.floor(Date.now() / 1000) + 7;
    const event = (n: number) => ({
      type: 'message',
      channel: row.channel_id,
      user: 'UBOB',
      text: `during the outage ${n}`,
      ts: `${base}.00030${n}`,
      event_ts: `${base}.00030${n}`,
    });
    h.emulator.workspace.owedEventRetries.length = 0;
    await databaseOutage(h.database.url, true);
    try {
      const answers = await Promise.all(
        [1, 2, 3].map((n) => h.emulator.sendEvent(event(n), { eventId: `Ev-FAIL-${n}` })),
      );
      expect(answers.map((a) => a.status)).toEqual([500, 500, 500]);
    } finally {
      await databaseOutage(h.database.url, false);
    }
    expect(h.emulator.workspace.owedEventRetries.map((r) => [r.retryNum, r.retryReason])).toEqual(
      Array(3).fill([1, 'http_error']),
    );
    expect((await h.emulator.redeliverEvents()).map((a) => a.status)).toEqual([200, 200, 200]);
    const stored = (await entries(row.id)).map((r) => r.text).sort();
    expect(stored).toEqual(['during the outage 1', 'during the outage 2', 'during the outage 3']);
  });

  test('a graceful stop stores every message it had answered before it exits', async () => {
    const row = await declare(h, 'UBOB', { title: 'Stop with messages', commander: 'UBOB' });
    const replica = await startReplica(h);
    const base = Math.floor(Date.now() / 1000) + 11;
    const message = (n: number) => {
      const ts = `${base}.${String(n).padStart(6, '0')}`;
      return {
        type: 'message',
        channel: row.channel_id,
        user: 'UBOB',
        text: `before stop ${n}`,
        ts,
        event_ts: ts,
        channel_type: 'channel',
      };
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

  test('a message the database rejects gets a 500, not a 200 and a silent loss; delivered again once the fault is gone, it is stored', async () => {
    const row = await declare(h, 'UBOB', { title: 'Rejected row', commander: 'UBOB' });
    const base = Math.floor(Date.now() / 1000) + 9;
    const event = (n: number, text: string) => ({
      type: 'message',
      channel: row.channel_id,
      user: 'UBOB',
      text,
      ts: `${base}.00040${n}`,
      event_ts: `${base}.00040${n}`,
    });
    h.emulator.workspace.owedEventRetries.length = 0;
    await sql`alter table timeline_entries add constraint refuse_all check (false) not valid`.execute(h.db);
    try {
      expect((await h.emulator.sendEvent(event(1, 'refused by a constraint'), { eventId: 'Ev-REJ-1' })).status).toBe(
        500,
      );
    } finally {
      await sql`alter table timeline_entries drop constraint refuse_all`.execute(h.db);
    }
    expect((await h.emulator.sendEvent(event(2, 'stored normally'), { eventId: 'Ev-REJ-2' })).status).toBe(200);
    expect((await h.emulator.redeliverEvents()).map((a) => a.status)).toEqual([200]);
    expect((await entries(row.id)).map((r) => r.text).sort()).toEqual(['refused by a constraint', 'stored normally']);
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
    await h.emulator.messageShortcut({
      user: 'UCAROL',
      channel: ch,
      ts: c.ts,
      callbackId: 'firebreak_add_to_timeline',
    });
    await h.bot.idle();
    const noted = await run(h, 'UCAROL', ch, 'note Customer comms sent via status page');
    expect(noted.replies).toEqual([]);
    expect(h.emulator.workspace.messagesIn(ch).at(-1)!.text).toContain(
      'added a note to the key timeline: Customer comms sent via status page',
    );

    const rows = await entries(row.id);
    const byText = Object.fromEntries(rows.map((r) => [r.text, r]));
    expect(byText['Root cause: expired cert']).toMatchObject({ key: true, key_reason: 'pin' });
    expect(byText['Rotated the cert']).toMatchObject({ key: true, key_reason: 'reaction' });
    expect(byText['Traffic back to normal']).toMatchObject({ key: true, key_reason: 'shortcut' });
    expect(byText['just chatting']).toMatchObject({ key: false });
    expect(byText['Customer comms sent via status page']).toMatchObject({
      key: true,
      key_reason: 'note',
      kind: 'note',
    });
    expect(byText['Root cause: expired cert'].at.getTime()).toBe(Math.round(Number(a.ts) * 1000));
    expect(h.emulator.workspace.ephemeralsFor('UCAROL').some((e) => e.text.includes('Added to the key timeline'))).toBe(
      true,
    );

    // `/incident timeline` shows the key story: changes, pins, reactions, shortcut and note, not the chatter.
    await run(h, 'UCAROL', ch, 'severity 2');
    const { replies } = await run(h, 'UCAROL', ch, 'timeline');
    const shown = replies.join();
    for (const text of [
      'Declared: Key events',
      'Root cause: expired cert',
      'Rotated the cert',
      'Traffic back to normal',
      'Customer comms sent',
      'Severity SEV3 → SEV2',
    ]) {
      expect(shown).toContain(text);
    }
    expect(shown).not.toContain('just chatting');
  });

  test('/incident timeline shows a typed title and resolve message as text: no link, no ping', async () => {
    const title = 'Checkout <https://evil.example|Runbook> <!channel>';
    const row = await declare(h, 'UALICE', { title, commander: 'UALICE', severity: 'SEV3' });
    const ch = row.channel_id;
    await run(h, 'UALICE', ch, 'status investigating');
    await run(h, 'UALICE', ch, 'resolve Fixed, see <https://evil.example|Runbook> & <!here>');
    const { raw } = await run(h, 'UALICE', ch, 'timeline');
    const lines = (raw[0].blocks as Array<{ text?: { text: string } }>).map((b) => b.text?.text ?? '').join('\n');
    expect(lines).toContain('Declared: Checkout &lt;https://evil.example|Runbook&gt; &lt;!channel&gt; (SEV3)');
    expect(lines).toContain(
      'Status Investigating → Resolved: Fixed, see &lt;https://evil.example|Runbook&gt; &amp; &lt;!here&gt;',
    );
    expect(lines).not.toMatch(/<https:\/\/evil|<!channel>|<!here>/);
    // The actor is still a real mention.
    expect(lines).toContain('<@UALICE>: Declared');
  });

  test('a long key timeline is paged within Slack limits', async () => {
    const row = await declare(h, 'UDAVE', { title: 'Long timeline', commander: 'UDAVE' });
    const incidentId = row.id;
    const base = Date.now();
    await h.db
      .insertInto('timeline_entries')
      .values(
        Array.from({ length: 1500 }, (_, i) => ({
          incident_id: incidentId,
          kind: 'note',
          author: 'UDAVE',
          text: `note ${i} ${'x'.repeat(100)}`,
          at: new Date(base + i * 1000),
          key: true,
          key_reason: 'note',
        })),
      )
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
