import { DECLARE_JOIN_BUTTON } from '../../../src/features/incidents/incidents.ids';
import {
  type DeclareValues,
  declare,
  declareAndResolve,
  declareValues,
  type Harness,
  openDeclare,
  startHarness,
  TestClock,
} from '../../support/harness';

// Issue 16, "Duplicate declarations in a storm": a declaration that looks like an open
// incident declared in the last 30 minutes is shown that incident, and nothing is made
// until the person joins it or declares anyway.

const clock = new TestClock();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock, policy: { categories: ['Availability', 'Security'] } });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const MINUTE = 60_000;

/** What a declaration can have made: incident rows (reservations too) and Slack channels. */
async function made() {
  const incidents = await h.db.selectFrom('incidents').select('number').execute();
  return { incidents: incidents.length, channels: ws().channels.size };
}

/** Submits the declare form as `user`; returns the answer and the view (still open when handed back). */
async function submitDeclare(user: string, v: DeclareValues) {
  const view = await openDeclare(h, user, 'CGENERAL', v.title);
  const res = await h.emulator.submitView({ user, viewId: view.id, values: declareValues({ ...v, title: undefined }) });
  await h.bot.idle();
  return { res, view: ws().views.get(view.id)! };
}

/** The form answered with the declared incident's link (declared, not handed back as similar). */
const declaredAnswer = (body: unknown): boolean => / is declared\. Its channel is <#C/.test(JSON.stringify(body));
const textOf = (view: { view: { blocks?: unknown[] } }) => JSON.stringify(view.view.blocks ?? []);

describe('a declaration like an open incident of the last 30 minutes', () => {
  test('shows that incident with Join and Declare anyway, keeps what was typed, and makes nothing', async () => {
    const first = await declare(h, 'UALICE', { title: 'Checkout 500s', category: 'Availability' });
    clock.advance(3 * MINUTE);
    const before = await made();
    const { res, view } = await submitDeclare('UBOB', {
      title: 'checkout returning 500s',
      category: 'Availability',
      severity: 'SEV2',
      summary: 'Carts fail at payment',
    });
    expect(res.body).toMatchObject({ response_action: 'update' });
    expect(view.isOpen).toBe(true);
    expect(textOf(view)).toContain(
      `INC-${first.number} *Checkout 500s* was declared 3 minutes ago by <@UALICE>: join it, or declare a new incident.\\n<#${first.channel_id}>`,
    );
    const buttons = (view.view.blocks ?? []).flatMap((b) => (b.accessory ? [b.accessory] : []));
    expect(buttons).toEqual([
      expect.objectContaining({
        action_id: DECLARE_JOIN_BUTTON,
        value: String(first.number),
        text: expect.objectContaining({ text: `Join INC-${first.number}` }),
      }),
    ]);
    expect(view.view.submit?.text).toBe('Declare anyway');
    const inputs = Object.fromEntries(
      (view.view.blocks ?? []).filter((b) => b.type === 'input').map((b) => [b.element?.action_id, b.element]),
    );
    expect(inputs.title?.initial_value).toBe('checkout returning 500s');
    expect(inputs.severity?.initial_option?.value).toBe('SEV2');
    expect(inputs.category?.initial_option?.value).toBe('Availability');
    expect(inputs.summary?.initial_value).toBe('Carts fail at payment');
    expect(inputs.commander?.initial_user).toBe('UBOB');
    expect(await made()).toEqual(before);
    expect(await h.db.selectFrom('incidents').select('id').where('declare_key', '=', view.id).execute()).toEqual([]);
  });

  test('Declare anyway declares what was typed, exactly once however often it is sent', async () => {
    await declare(h, 'UALICE', { title: 'Search results empty' });
    clock.advance(MINUTE);
    const { view } = await submitDeclare('UCAROL', { title: 'Search results are empty', severity: 'SEV3' });
    expect(view.view.submit?.text).toBe('Declare anyway');
    const before = await made();
    // A double click: both submissions leave before either is answered.
    const answers = await Promise.all([
      h.emulator.submitView({ user: 'UCAROL', viewId: view.id, values: {} }),
      h.emulator.submitView({ user: 'UCAROL', viewId: view.id, values: {} }),
    ]);
    await h.bot.idle();
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const rows = await h.db.selectFrom('incidents').selectAll().where('declare_key', '=', view.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: 'Search results are empty', severity: 'SEV3', declared_by: 'UCAROL' });
    expect(await made()).toEqual({ incidents: before.incidents + 1, channels: before.channels + 1 });
    // One of them declares; the other is told this form already declared it.
    expect(answers.filter((a) => declaredAnswer(a.body))).toHaveLength(1);
    expect(JSON.stringify(answers.find((a) => !declaredAnswer(a.body))!.body)).toContain(
      `already sent: it declared *INC-${rows[0].number}*`,
    );
  });

  test('Join invites the person to that incident’s channel and makes nothing else', async () => {
    const first = await declare(h, 'UALICE', { title: 'Payments API down', category: 'Availability' });
    expect(ws().channels.get(first.channel_id)!.members).not.toContain('UDAVE');
    clock.advance(MINUTE);
    const { view } = await submitDeclare('UDAVE', { title: 'payments api is down' });
    const before = await made();
    const click = () =>
      h.emulator.clickViewButton({
        user: 'UDAVE',
        viewId: view.id,
        actionId: DECLARE_JOIN_BUTTON,
        value: String(first.number),
      });
    expect((await click()).status).toBe(200);
    await h.bot.idle();
    expect(ws().channels.get(first.channel_id)!.members).toContain('UDAVE');
    expect(textOf(ws().views.get(view.id)!)).toContain(`You joined INC-${first.number}: <#${first.channel_id}>`);
    expect(
      ws()
        .messagesIn(first.channel_id)
        .some((m) => JSON.stringify(m.blocks).includes('<@UDAVE> joined.')),
    ).toBe(true);
    const events = await h.db
      .selectFrom('incident_events')
      .select(['kind', 'actor'])
      .where('incident_id', '=', first.id)
      .execute();
    expect(events).toEqual([
      { kind: 'declared', actor: 'UALICE' },
      { kind: 'invited', actor: 'UDAVE' },
    ]);
    expect(await made()).toEqual(before);
    expect(await h.db.selectFrom('incidents').select('id').where('declare_key', '=', view.id).execute()).toEqual([]);
  });

  test('an incident declared 31 minutes ago, or resolved, is not offered', async () => {
    await declare(h, 'UALICE', { title: 'Webhooks delayed' });
    clock.advance(31 * MINUTE);
    const late = await submitDeclare('UBOB', { title: 'webhooks delayed' });
    expect(declaredAnswer(late.res.body)).toBe(true);

    await declareAndResolve(h, 'UALICE', { title: 'Cache poisoned' });
    const resolved = await submitDeclare('UBOB', { title: 'cache poisoned' });
    expect(declaredAnswer(resolved.res.body)).toBe(true);
    for (const { view } of [late, resolved])
      expect(await h.db.selectFrom('incidents').select('id').where('declare_key', '=', view.id).execute()).toHaveLength(
        1,
      );
  });

  test('a private incident is offered to its people only', async () => {
    clock.advance(31 * MINUTE);
    const secret = await declare(h, 'UALICE', { title: 'Leaked credentials', private: true, commander: 'UCAROL' });
    clock.advance(MINUTE);
    const insider = await submitDeclare('UCAROL', { title: 'leaked credentials!' });
    expect(textOf(insider.view)).toContain(`INC-${secret.number} *Leaked credentials*`);

    const callsBefore = ws().calls.length;
    const outsider = await submitDeclare('UBOB', { title: 'Leaked credentials' });
    expect(declaredAnswer(outsider.res.body)).toBe(true);
    // Nothing Bob was sent or shown names the private incident.
    const toBob = JSON.stringify(
      ws()
        .calls.slice(callsBefore)
        .filter((c) => JSON.stringify(c.args).includes('UBOB')),
    );
    expect(toBob).not.toContain(`INC-${secret.number}`);
    expect(toBob).not.toContain(secret.channel_id);
  });

  test('a Join forged to name a private incident is refused and changes nothing', async () => {
    clock.advance(31 * MINUTE);
    const secret = await declare(h, 'UALICE', { title: 'Payroll export exposed', private: true });
    const open = await declare(h, 'UALICE', { title: 'Status page stale' });
    const { view } = await submitDeclare('UBOB', { title: 'status page is stale' });
    expect(textOf(view)).toContain(`Join INC-${open.number}`);
    const rows = async () =>
      JSON.stringify(await h.db.selectFrom('incident_events').selectAll().orderBy('id').execute());
    const before = { rows: await rows(), made: await made(), invites: ws().callsTo('conversations.invite').length };
    const shown = JSON.stringify(view.view);
    // A client that rewrites the button's value, and the form's list of offered incidents too.
    for (const offered of [undefined, [open.number, secret.number]]) {
      const rec = ws().views.get(view.id)!;
      const forged = JSON.parse(shown.replace(`"value":"${open.number}"`, `"value":"${secret.number}"`));
      const metadata = { ...JSON.parse(forged.private_metadata), ...(offered ? { offered } : {}) };
      rec.view = { ...forged, hash: rec.view.hash, private_metadata: JSON.stringify(metadata) };
      const res = await h.emulator.clickViewButton({
        user: 'UBOB',
        viewId: view.id,
        actionId: DECLARE_JOIN_BUTTON,
        value: String(secret.number),
      });
      expect(res.status).toBe(200);
      await h.bot.idle();
      const answer = textOf(ws().views.get(view.id)!);
      expect(answer).toContain('You cannot see that incident.');
      expect(answer).not.toContain('Payroll');
      expect(ws().views.get(view.id)!.view.submit?.text).toBe('Declare anyway');
    }
    expect(ws().channels.get(secret.channel_id)!.members).not.toContain('UBOB');
    expect(await rows()).toBe(before.rows);
    expect(await made()).toEqual(before.made);
    expect(ws().callsTo('conversations.invite').length).toBe(before.invites);
  });

  test('Join on an incident resolved since the form showed it says so and changes nothing', async () => {
    clock.advance(31 * MINUTE);
    const first = await declare(h, 'UALICE', {
      title: 'Email delivery failing',
      severity: 'SEV3',
      commander: 'UALICE',
    });
    const { view } = await submitDeclare('UDAVE', { title: 'email delivery failing' });
    await h.emulator.command({ user: 'UALICE', channel: first.channel_id, text: 'status investigating' });
    await h.emulator.command({ user: 'UALICE', channel: first.channel_id, text: 'resolve Fixed' });
    await h.bot.idle();
    await h.emulator.clickViewButton({
      user: 'UDAVE',
      viewId: view.id,
      actionId: DECLARE_JOIN_BUTTON,
      value: String(first.number),
    });
    await h.bot.idle();
    expect(textOf(ws().views.get(view.id)!)).toContain(`INC-${first.number} is *Resolved* now`);
    expect(ws().channels.get(first.channel_id)!.members).not.toContain('UDAVE');
  });
});
