import { declare, type Harness, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;

/** Runs a command in a channel and waits for the bot's work (reply and Slack effects) to finish. */
async function run(user: string, channel: string, text: string) {
  const seen = ws().ephemeralsFor(user).length;
  const res = await h.emulator.command({ user, channel, text });
  expect(res.status).toBe(200);
  await h.bot.idle();
  const replies = ws().ephemeralsFor(user).slice(seen);
  return { ack: res.body, replies: replies.map((r) => r.text + JSON.stringify(r.blocks ?? '')) };
}

const incidentRow = (id: number) =>
  h.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: number) =>
  h.db.selectFrom('incident_events').selectAll().where('incident_id', '=', id).orderBy('id').execute();
const lastMessage = (channel: string) => ws().messagesIn(channel).at(-1)!;

describe('running an incident from its channel', () => {
  test('the full lifecycle: status card, severity, roles, invite, status moves, resolve', async () => {
    const row = await declare(h, 'UALICE', { title: 'Login errors', commander: 'UALICE' });
    const ch = row.channel_id;

    const card = await run('UALICE', ch, 'status');
    expect(card.replies.join()).toContain(`INC-${row.number}: Login errors`);
    expect(card.replies.join()).toContain('Triage');

    // Leaving triage without a severity is refused and changes nothing.
    const refused = await run('UALICE', ch, 'status investigating');
    expect(refused.replies.join()).toContain('Set a severity before leaving triage');
    expect((await incidentRow(row.id)).status).toBe('triage');

    await run('UALICE', ch, 'severity 2');
    expect((await incidentRow(row.id)).severity).toBe('SEV2');
    expect(lastMessage(ch).text).toContain('changed the severity from *none* to *SEV2*');
    expect(ws().channels.get(ch)!.topic).toBe('Triage · SEV2 · Commander <@UALICE>');
    expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).toContain(`*INC-${row.number}* (Login errors) is now *SEV2*`);

    await run('UALICE', ch, 'status investigating Looking at the auth service');
    const invRow = await incidentRow(row.id);
    expect(invRow.status).toBe('investigating');
    expect(lastMessage(ch).text).toContain('from *Triage* to *Investigating*');
    expect(lastMessage(ch).text).toContain('Looking at the auth service');
    expect(ws().channels.get(ch)!.topic).toBe('Investigating · SEV2 · Commander <@UALICE>');
    const header = ws().findMessage(ch, row.header_ts ?? invRow.header_ts!)!;
    expect(JSON.stringify(header.blocks)).toContain('Investigating');

    await run('UALICE', ch, 'role comms <@UCAROL|carol>');
    expect(ws().channels.get(ch)!.members).toContain('UCAROL');
    const dm = ws().dmsTo('UCAROL').at(-1)!;
    expect(dm.text).toContain('made you the *comms*');
    expect(dm.text).toContain('You own communication');
    expect((await incidentRow(row.id)).comms_id).toBe('UCAROL');

    await run('UALICE', ch, 'role commander <@UBOB>');
    expect(ws().channels.get(ch)!.topic).toBe('Investigating · SEV2 · Commander <@UBOB>');
    expect(ws().dmsTo('UBOB').at(-1)!.text).toContain('made you the *commander*');

    await run('UBOB', ch, 'invite <@UDAVE|dave>');
    expect(ws().channels.get(ch)!.members).toContain('UDAVE');
    expect(lastMessage(ch).text).toContain('invited <@UDAVE>');

    await run('UBOB', ch, 'status monitoring');
    await run('UBOB', ch, 'resolve Rolled back the release');
    const resolved = await incidentRow(row.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolved_at).toBeInstanceOf(Date);
    expect(lastMessage(ch).text).toContain('resolved the incident');
    expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).toContain(`*INC-${row.number}* (Login errors) is resolved`);
    expect(ws().channels.get(ch)!.topic).toBe('Resolved · SEV2 · Commander <@UBOB>');

    const events = await eventsOf(row.id);
    expect(events.map((e) => [e.kind, e.actor])).toEqual([
      ['declared', 'UALICE'],
      ['severity', 'UALICE'],
      ['status', 'UALICE'],
      ['role', 'UALICE'],
      ['role', 'UALICE'],
      ['invited', 'UBOB'],
      ['status', 'UBOB'],
      ['status', 'UBOB'],
    ]);
    expect(events[2].data).toEqual({ from: 'triage', to: 'investigating', message: 'Looking at the auth service' });
    expect(events.every((e) => e.at instanceof Date)).toBe(true);

    // Reopening goes back to investigating.
    await run('UBOB', ch, 'status investigating It came back');
    expect((await incidentRow(row.id)).status).toBe('investigating');
  });

  test('a forbidden move names the allowed next statuses and changes nothing', async () => {
    const row = await declare(h, 'UALICE', { title: 'Slow search', severity: 'SEV3' });
    const calls = ws().calls.length;
    const { replies } = await run('UALICE', row.channel_id, 'status monitoring');
    expect(replies.join()).toMatch(
      /cannot move to \*Monitoring\*\. Allowed next: `investigating`, `resolved`, `cancelled`/,
    );
    expect((await incidentRow(row.id)).status).toBe('triage');
    expect(await eventsOf(row.id)).toHaveLength(1);
    expect(
      ws()
        .calls.slice(calls)
        .filter((c) => c.method !== 'auth.test'),
    ).toEqual([]);
  });

  test('cancel works only from triage', async () => {
    const a = await declare(h, 'UALICE', { title: 'False alarm', severity: 'SEV4' });
    await run('UALICE', a.channel_id, 'cancel monitoring glitch');
    expect((await incidentRow(a.id)).status).toBe('cancelled');
    expect(lastMessage(a.channel_id).text).toContain('cancelled the incident as a false alarm');

    const b = await declare(h, 'UALICE', { title: 'Real one', severity: 'SEV3' });
    await run('UALICE', b.channel_id, 'status investigating');
    const { replies } = await run('UALICE', b.channel_id, 'cancel');
    expect(replies.join()).toContain('cannot move to *Cancelled*');
    expect((await incidentRow(b.id)).status).toBe('investigating');
  });

  test('incident commands outside an incident channel say so plainly', async () => {
    for (const text of [
      'status',
      'status investigating',
      'severity 1',
      'resolve',
      'cancel',
      'role scribe <@UBOB>',
      'invite <@UBOB>',
    ]) {
      const { replies } = await run('UALICE', 'CGENERAL', text);
      expect(replies.join()).toContain('works inside an incident channel');
    }
  });

  test('help, empty and unknown subcommands explain every subcommand', async () => {
    for (const text of ['', 'help', 'dance']) {
      const res = await h.emulator.command({ user: 'UALICE', channel: 'CGENERAL', text });
      expect(res.status).toBe(200);
      for (const sub of ['declare', 'list', 'status', 'severity', 'role', 'invite', 'resolve', 'cancel', 'help']) {
        expect(res.body.text).toContain(`/incident ${sub}`);
      }
    }
    const unknown = await h.emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'dance' });
    expect(unknown.body.text).toContain("I don't know `dance`");
  });

  test('bad arguments get usage, not silence', async () => {
    const row = await declare(h, 'UALICE', { title: 'Usage checks' });
    const cases: [string, RegExp][] = [
      ['severity 7', /Usage: `\/incident severity/],
      ['status fixed', /Usage: `\/incident status/],
      ['role boss <@UBOB>', /Usage: `\/incident role/],
      ['role comms @bob', /not a Slack mention/],
      ['invite', /Usage: `\/incident invite/],
    ];
    for (const [text, expected] of cases) {
      const res = await h.emulator.command({ user: 'UALICE', channel: row.channel_id, text });
      expect(res.body.text).toMatch(expected);
    }
    expect(await eventsOf(row.id)).toHaveLength(1);
  });

  test('/incident list shows open incidents, private ones only to their people', async () => {
    const pub = await declare(h, 'UALICE', { title: 'Public outage', severity: 'SEV2' });
    const priv = await declare(h, 'UCAROL', { title: 'Secret breach', private: true, severity: 'SEV1' });
    const asDave = (await run('UDAVE', 'CGENERAL', 'list')).replies.join();
    expect(asDave).toContain(`INC-${pub.number}`);
    expect(asDave).not.toContain(`INC-${priv.number}`);
    expect(asDave).not.toContain('Secret breach');
    const asCarol = (await run('UCAROL', 'CGENERAL', 'list')).replies.join();
    expect(asCarol).toContain(`INC-${priv.number}`);
    expect(asCarol).toContain('Secret breach');
  });

  test('a private incident is never announced, even on severity change and resolve', async () => {
    const priv = await declare(h, 'UCAROL', { title: 'HR matter', private: true, severity: 'SEV3' });
    const before = ws().messagesIn('CINCIDENTS').length;
    await run('UCAROL', priv.channel_id, 'severity 1');
    await run('UCAROL', priv.channel_id, 'status investigating');
    await run('UCAROL', priv.channel_id, 'resolve');
    expect(ws().messagesIn('CINCIDENTS').length).toBe(before);
    expect((await incidentRow(priv.id)).status).toBe('resolved');
  });
});
