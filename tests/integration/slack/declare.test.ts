import { sql } from 'kysely';
import { DECLARE_FIELDS as F } from '../../../src/features/incidents/incidents.ids';
import { declare, declareValues, formAnswer, type Harness, openDeclare, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { categories: ['Availability', 'Security'] } });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const announcements = () => ws().messagesIn('CINCIDENTS');

describe('/incident declare', () => {
  test('opens the modal with the title prefilled and the declarer as commander', async () => {
    const view = await openDeclare(h, 'UALICE', 'CGENERAL', 'Payments API <b>down</b>');
    const blocks = view.view.blocks ?? [];
    expect(blocks.map((b) => b.label?.text)).toEqual([
      'Title',
      'Severity',
      'Category',
      'Summary',
      'Private incident',
      'Commander',
    ]);
    expect(blocks[0].element?.initial_value).toBe('Payments API <b>down</b>');
    expect(blocks[5].element?.initial_user).toBe('UALICE');
    expect(blocks[2].element?.options?.map((o) => o.value)).toEqual(['Availability', 'Security']);
    expect(blocks[1].element?.options?.map((o) => o.value)).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4']);
  });

  test('submitting logs the incident, creates the channel, invites, pins the header, sets the topic, announces and confirms', async () => {
    const row = await declare(h, 'UALICE', {
      title: 'Database is down',
      severity: 'SEV2',
      category: 'Availability',
      summary: 'Primary refuses connections',
      commander: 'UBOB',
    });
    expect(row).toMatchObject({
      title: 'Database is down',
      severity: 'SEV2',
      status: 'triage',
      declared_by: 'UALICE',
      commander_id: 'UBOB',
      is_private: false,
    });
    expect(row.declared_at).toBeInstanceOf(Date);

    const channel = ws().channels.get(row.channel_id)!;
    expect(channel.name).toBe(`inc-${row.number}-database-is-down`);
    expect(channel.isPrivate).toBe(false);
    expect(channel.members).toEqual(expect.arrayContaining(['UALICE', 'UBOB', 'UBOT']));
    expect(channel.topic).toBe('Triage · SEV2 · Commander <@UBOB>');

    const header = ws().messagesIn(channel.id)[0];
    const headerJson = JSON.stringify(header.blocks);
    for (const part of [
      `INC-${row.number}: Database is down`,
      'Triage',
      'SEV2',
      '<@UBOB>',
      'Primary refuses connections',
    ]) {
      expect(headerJson).toContain(part);
    }
    expect(
      ws()
        .pins.get(channel.id)
        ?.map((p) => p.ts),
    ).toEqual([header.ts]);
    expect(
      row.header_ts ??
        (await h.db.selectFrom('incidents').select('header_ts').where('id', '=', row.id).executeTakeFirstOrThrow())
          .header_ts,
    ).toBe(header.ts);

    const announcement = announcements().find((m) => m.text.includes(`INC-${row.number}: `));
    expect(announcement?.text).toContain(`<#${channel.id}>`);
    expect(
      ws()
        .ephemeralsFor('UALICE')
        .some((e) => e.text.includes(`INC-${row.number} is declared`) && e.channel === 'CGENERAL'),
    ).toBe(true);

    const events = await h.db.selectFrom('incident_events').selectAll().where('incident_id', '=', row.id).execute();
    expect(events.map((e) => [e.kind, e.actor])).toEqual([['declared', 'UALICE']]);
  });

  test('a private incident gets a private channel and no announcement', async () => {
    // Announcements other tests' declarations still owe (some end without waiting for them) land before the count.
    await h.bot.idle();
    const before = announcements().length;
    const row = await declare(h, 'UCAROL', { title: 'Leaked credentials', private: true, severity: 'SEV1' });
    expect(ws().channels.get(row.channel_id)?.isPrivate).toBe(true);
    expect(row.is_private).toBe(true);
    expect(announcements().length).toBe(before);
    const elsewhere = ws().calls.filter((c) => c.method.startsWith('chat.') && c.args.channel !== row.channel_id);
    expect(JSON.stringify(elsewhere)).not.toContain('Leaked credentials');
  });

  test('name_taken adds a suffix instead of failing', async () => {
    h.emulator.failNext('conversations.create', { error: 'name_taken' });
    const row = await declare(h, 'UALICE', { title: 'Cache stampede' });
    expect(row.channel_name).toBe(`inc-${row.number}-cache-stampede-2`);
    expect(ws().channels.get(row.channel_id)?.name).toBe(row.channel_name);
  });

  test('a title with <!channel> pings no one', async () => {
    const row = await declare(h, 'UALICE', { title: '<!channel> & <@UBOB> everything is on fire' });
    const posted = ws().calls.filter(
      (c) => c.method === 'chat.postMessage' && JSON.stringify(c.args).includes(`INC-${row.number}`),
    );
    expect(posted.length).toBeGreaterThan(0);
    for (const call of posted) {
      const mrkdwn = [
        String(call.args.text),
        ...(JSON.stringify(call.args.blocks ?? '').match(/"type":"mrkdwn","text":"[^"]*"/g) ?? []),
      ].join(' ');
      expect(mrkdwn).not.toContain('<!channel>');
    }
    expect(row.channel_name).toBe(`inc-${row.number}-channel-ubob-everything-is-on-fire`);
  });

  test.each([
    ['emoji only', '🔥🔥🔥', (n: number) => `inc-${n}`],
    ['Cyrillic', 'Сбой оплаты', (n: number) => `inc-${n}-sboi-oplaty`],
    ['punctuation only', '?!?!...', (n: number) => `inc-${n}`],
    [
      'a title at the 150-character cap',
      `${'long '.repeat(29)}long!`,
      (n: number) =>
        `inc-${n}-${'long-'
          .repeat(20)
          .slice(0, 80 - `inc-${n}-`.length)
          .replace(/-+$/, '')}`,
    ],
  ])('%s title gives a valid channel', async (_name, title, expected) => {
    const row = await declare(h, 'UDAVE', { title });
    expect(row.channel_name).toBe(expected(row.number));
    expect(row.channel_name.length).toBeLessThanOrEqual(80);
  });

  test('blank title comes back as a field error and records nothing', async () => {
    const count = await countIncidents();
    const view = await openDeclare(h, 'UALICE');
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: declareValues({ title: '   ' }),
    });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [F.title.block]: expect.stringContaining('title') },
    });
    expect(await countIncidents()).toBe(count);
  });

  test('when Slack refuses the channel for good, nothing is recorded and the modal says so', async () => {
    const count = await countIncidents();
    const calls = ws().calls.length;
    h.emulator.failNext('conversations.create', { error: 'restricted_action' });
    const view = await openDeclare(h, 'UALICE');
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: declareValues({ title: 'Queue backlog' }),
    });
    expect(res.body.response_action).toBe('errors');
    expect(res.body.errors[F.title.block]).toMatch(/could not create the incident channel.*Nothing was recorded/);
    await h.bot.idle();
    expect(await countIncidents()).toBe(count);
    expect(
      ws()
        .calls.slice(calls)
        .filter((c) => c.method === 'conversations.create').length,
    ).toBe(1);
    expect(
      ws()
        .calls.slice(calls)
        .filter((c) => !['conversations.create', 'views.open', 'users.info'].includes(c.method)),
    ).toEqual([]);
    // The modal is still open with the person's words: once allowed, submitting again works.
    const retry = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: declareValues({ title: 'Queue backlog' }),
    });
    expect(formAnswer(retry)).toMatch(/^:white_check_mark: INC-\d+ is declared\. Its channel is <#C\w+>\.$/);
    expect(await countIncidents()).toBe(count + 1);
  });

  test('when Slack stays down through the request, the incident is logged, the declarer told it is pending, and the channel follows once', async () => {
    const count = await countIncidents();
    // Three failures: the first try and both retries that fit in Slack's 3-second window.
    h.emulator.failNext('conversations.create', { status: 500 }, 3);
    const view = await openDeclare(h, 'UALICE');
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: declareValues({ title: 'Queue consumers stalled', severity: 'SEV2' }),
    });
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row.channel_id).toBeNull();
    // The modal says at once what the declarer is also told where they typed.
    expect(formAnswer(res)).toContain(
      `INC-${row.number} is logged. Slack is slow to create its channel (#inc-${row.number}-queue-consumers-stalled)`,
    );
    expect(await countIncidents()).toBe(count + 1);
    await h.emulator.waitFor(() =>
      ws()
        .ephemeralsFor('UALICE')
        .some((e) => e.text.includes(`INC-${row.number} is logged`)),
    );
    await h.emulator.waitFor(
      () => ws().channelByName(`inc-${row.number}-queue-consumers-stalled`) !== undefined,
      10_000,
    );
    await h.bot.idle();
    const done = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const channel = ws().channelByName(`inc-${row.number}-queue-consumers-stalled`)!;
    expect(done.channel_id).toBe(channel.id);
    expect(channel.members).toEqual(expect.arrayContaining(['UALICE', 'UBOT']));
    expect(
      ws()
        .callsTo('conversations.create')
        .filter((c) => String(c.args.name).startsWith(`inc-${row.number}-`)),
    ).toHaveLength(4);
    expect(announcements().filter((m) => m.text.includes(`INC-${row.number}`))).toHaveLength(1);
    expect(
      ws()
        .messagesIn(channel.id)
        .filter((m) => m.text.startsWith(`INC-${row.number}:`)),
    ).toHaveLength(1);
    const events = await h.db.selectFrom('incident_events').select('kind').where('incident_id', '=', row.id).execute();
    expect(events.map((e) => e.kind)).toEqual(['declared']);
  });

  test('a 429 on conversations.create is waited out as Slack asks, and the channel made once', async () => {
    h.emulator.failNext('conversations.create', { status: 429, retryAfter: 2 });
    const view = await openDeclare(h, 'UBOB');
    const res = await h.emulator.submitView({
      user: 'UBOB',
      viewId: view.id,
      values: declareValues({ title: 'Rate limited declare' }),
    });
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(formAnswer(res)).toContain(`INC-${row.number} is logged`);
    const name = `inc-${row.number}-rate-limited-declare`;
    await h.emulator.waitFor(() => ws().channelByName(name) !== undefined, 10_000);
    const creates = ws()
      .callsTo('conversations.create')
      .filter((c) => c.args.name === name);
    expect(creates).toHaveLength(2);
    // Retry-After is 2 s: the second try did not come sooner.
    expect(creates[1].at - creates[0].at).toBeGreaterThanOrEqual(1900);
    await h.bot.idle();
    expect(
      ws()
        .ephemeralsFor('UBOB')
        .filter((e) => e.text.includes(`INC-${row.number} is logged`)),
    ).toHaveLength(1);
    expect(
      ws()
        .ephemeralsFor('UBOB')
        .filter(
          (e) => e.text.includes(`INC-${row.number}* is declared`) || e.text.includes(`INC-${row.number} is declared`),
        ),
    ).toHaveLength(1);
  });

  test('a create whose answer is lost is adopted by the retry, never doubled', async () => {
    // Slack makes the channel but answers after the request client gave up (1.5 s).
    h.emulator.failNext('conversations.create', { hangMs: 2500 });
    const view = await openDeclare(h, 'UALICE');
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: view.id,
      values: declareValues({ title: 'Lost answer' }),
    });
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(formAnswer(res)).toContain(`INC-${row.number} is logged`);
    await h.emulator.waitFor(
      async () =>
        (await h.db.selectFrom('incidents').select('channel_id').where('id', '=', row.id).executeTakeFirstOrThrow())
          .channel_id !== null,
      15_000,
    );
    await h.bot.idle();
    const ours = [...ws().channels.values()].filter((c) => c.name.startsWith(`inc-${row.number}-`));
    expect(ours.map((c) => c.name)).toEqual([`inc-${row.number}-lost-answer`]);
    const done = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(done.channel_id).toBe(ours[0].id);
    expect(
      ws()
        .messagesIn(ours[0].id)
        .filter((m) => m.text.startsWith(`INC-${row.number}:`)),
    ).toHaveLength(1);
    expect(ws().callsTo('conversations.list').length).toBeGreaterThan(0);
  });

  test('a reservation whose declaring request died is completed by the worker, once', async () => {
    const { rows } = await sql<{ n: string }>`select nextval('incident_number_seq') as n`.execute(h.db);
    const number = Number(rows[0].n);
    const now = new Date();
    // What a request leaves behind when its process dies between saving and Slack's answer.
    await h.db
      .insertInto('incidents')
      .values({
        number,
        title: 'Orphaned reservation',
        summary: '',
        severity: 'SEV3',
        status: 'triage',
        is_private: false,
        commander_id: 'UBOB',
        declared_by: 'UALICE',
        declared_at: now,
        channel_id: null,
        channel_name: '',
        channel_due_at: new Date(now.getTime() - 1000),
        declare_reply: JSON.stringify({ user: 'UALICE' }),
        updated_at: now,
      })
      .execute();
    h.bot.outbox.wake();
    const name = `inc-${number}-orphaned-reservation`;
    await h.emulator.waitFor(() => ws().channelByName(name) !== undefined, 10_000);
    await h.emulator.waitFor(
      async () =>
        (await h.db.selectFrom('incidents').select('channel_id').where('number', '=', number).executeTakeFirstOrThrow())
          .channel_id !== null,
      15_000,
    );
    await h.bot.idle();
    const channel = ws().channelByName(name)!;
    expect(channel.members).toEqual(expect.arrayContaining(['UALICE', 'UBOB']));
    expect(
      ws()
        .messagesIn(channel.id)
        .filter((m) => m.text.startsWith(`INC-${number}:`)),
    ).toHaveLength(1);
    expect(announcements().filter((m) => m.text.includes(`INC-${number}`))).toHaveLength(1);
    expect(
      ws()
        .ephemeralsFor('UALICE')
        .filter((e) => e.text.includes(`INC-${number}`)),
    ).toHaveLength(1);
  });

  test('when the database refuses the reservation, Slack is not asked for a channel and the modal says so', async () => {
    const count = await countIncidents();
    const creates = ws().callsTo('conversations.create').length;
    // Every new insert now fails, as it would with the database refusing writes.
    await sql`alter table incidents add constraint refuse_inserts check (false) not valid`.execute(h.db);
    try {
      const view = await openDeclare(h, 'UALICE');
      const res = await h.emulator.submitView({
        user: 'UALICE',
        viewId: view.id,
        values: declareValues({ title: 'Orphan check' }),
      });
      expect(res.body.response_action).toBe('errors');
      expect(res.body.errors[F.title.block]).toContain('nothing was changed');
      await h.bot.idle();
      expect(ws().callsTo('conversations.create')).toHaveLength(creates);
      expect(await countIncidents()).toBe(count);
    } finally {
      await sql`alter table incidents drop constraint refuse_inserts`.execute(h.db);
    }
  });

  test('two declarations at once get different numbers', async () => {
    const [a, b] = await Promise.all([openDeclare(h, 'UALICE'), openDeclare(h, 'UBOB')]);
    await Promise.all([
      h.emulator.submitView({ user: 'UALICE', viewId: a.id, values: declareValues({ title: 'Same time' }) }),
      h.emulator.submitView({ user: 'UBOB', viewId: b.id, values: declareValues({ title: 'Same time' }) }),
    ]);
    const rows = await h.db
      .selectFrom('incidents')
      .select(['number', 'channel_name'])
      .where('declare_key', 'in', [a.id, b.id])
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0].number).not.toBe(rows[1].number);
    expect(rows[0].channel_name).not.toBe(rows[1].channel_name);
  });
});

async function countIncidents(): Promise<number> {
  const r = await h.db
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
