import { HOME_DECLARE_BUTTON } from '../../../src/features/home/home.ids';
import { DECLARE_FIELDS, DECLARE_MODAL } from '../../../src/features/incidents/incidents.ids';
import { UPDATE_MODAL } from '../../../src/features/updates/updates.ids';
import {
  HEADER_RESOLVE_BUTTON,
  HEADER_ROLE_BUTTON,
  HEADER_UPDATE_BUTTON,
  RESOLVE_FIELDS,
  RESOLVE_MODAL,
  ROLE_FIELDS,
  ROLE_MODAL,
} from '../../../src/kernel/slack/ids';
import { declare, declareAndResolve, formAnswer, type Harness, run, startHarness } from '../../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const incident = (id: number) =>
  h.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const header = async (id: number) => {
  const row = await incident(id);
  return ws().findMessage(row.channel_id!, row.header_ts!)!;
};

/** Clicks a button of the incident's pinned header and returns the modal it opened for `user`. */
async function clickHeader(user: string, id: number, actionId: string, callbackId: string) {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  const { channel, ts } = await header(id);
  await h.emulator.clickButton({ user, channel, messageTs: ts, actionId });
  await h.bot.idle();
  return ws()
    .openViews(user)
    .find((v) => !before.has(v.id) && v.view.callback_id === callbackId);
}

describe('the pinned header', () => {
  test('carries Post update, Assign role and Resolve, each opening its form', async () => {
    const row = await declare(h, 'UALICE', { title: 'Header buttons', severity: 'SEV2', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'invite <@UBOB>');
    const blocks = JSON.stringify((await header(row.id)).blocks);
    for (const id of [HEADER_UPDATE_BUTTON, HEADER_ROLE_BUTTON]) expect(blocks).toContain(id);

    const update = await clickHeader('UBOB', row.id, HEADER_UPDATE_BUTTON, UPDATE_MODAL);
    expect(JSON.parse(update!.view.private_metadata!)).toEqual({ incident: row.number });

    // Assign role: a role and a person, checked again on submission.
    const role = (await clickHeader('UBOB', row.id, HEADER_ROLE_BUTTON, ROLE_MODAL))!;
    const unknown = await h.emulator.submitView({
      user: 'UBOB',
      viewId: role.id,
      values: { [ROLE_FIELDS.role.action]: 'scribe', [ROLE_FIELDS.user.action]: 'UNOBODY' },
    });
    expect(unknown.body).toEqual({
      response_action: 'errors',
      errors: { [ROLE_FIELDS.user.block]: expect.stringContaining('UNOBODY') },
    });
    expect((await incident(row.id)).scribe_id).toBeNull();
    const res = await h.emulator.submitView({
      user: 'UBOB',
      viewId: role.id,
      values: { [ROLE_FIELDS.role.action]: 'scribe', [ROLE_FIELDS.user.action]: 'UCAROL' },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    expect((await incident(row.id)).scribe_id).toBe('UCAROL');
    expect(
      ws()
        .messagesIn(row.channel_id)
        .some((m) => m.text.includes('made <@UCAROL> the *scribe*')),
    ).toBe(true);

    // Resolve: a confirmation with an optional note, offered in triage too once severity and commander are set.
    expect(JSON.stringify((await header(row.id)).blocks)).toContain(HEADER_RESOLVE_BUTTON);
    await run(h, 'UALICE', row.channel_id, 'status investigating');
    const resolve = (await clickHeader('UALICE', row.id, HEADER_RESOLVE_BUTTON, RESOLVE_MODAL))!;
    expect(
      (
        await h.emulator.submitView({
          user: 'UALICE',
          viewId: resolve.id,
          values: { [RESOLVE_FIELDS.message.action]: 'Rolled back the deploy' },
        })
      ).body,
    ).toBe('');
    await h.bot.idle();
    expect((await incident(row.id)).status).toBe('resolved');
    expect(
      ws()
        .messagesIn(row.channel_id)
        .some((m) => m.text.includes('resolved the incident') && m.text.includes('Rolled back the deploy')),
    ).toBe(true);
    // A resolved incident's header offers no Resolve any more.
    expect(JSON.stringify((await header(row.id)).blocks)).not.toContain(HEADER_RESOLVE_BUTTON);
  });

  test('a quick incident resolves straight from triage: acknowledged at the same instant, and the channel says so', async () => {
    const bare = await declare(h, 'UALICE', { title: 'Not ready to resolve' });
    // Without a severity and a commander the header offers no Resolve, and the command is refused.
    expect(JSON.stringify((await header(bare.id)).blocks)).not.toContain(HEADER_RESOLVE_BUTTON);
    expect((await run(h, 'UALICE', bare.channel_id, 'resolve')).replies.join()).toContain('Set a severity');
    expect((await incident(bare.id)).status).toBe('triage');

    const row = await declare(h, 'UALICE', { title: 'Two-minute blip', severity: 'SEV4', commander: 'UALICE' });
    const resolve = (await clickHeader('UALICE', row.id, HEADER_RESOLVE_BUTTON, RESOLVE_MODAL))!;
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: resolve.id,
      values: { [RESOLVE_FIELDS.message.action]: 'Cache flushed' },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    const resolved = await incident(row.id);
    expect(resolved.status).toBe('resolved');
    expect(resolved.acknowledged_at).toEqual(resolved.resolved_at);
    expect(
      ws()
        .messagesIn(row.channel_id)
        .some((m) => m.text.includes('straight from triage') && m.text.includes('Cache flushed')),
    ).toBe(true);
  });

  test('a stale Resolve form on an incident already resolved says so and changes nothing', async () => {
    const row = await declare(h, 'UALICE', { title: 'Resolved twice', severity: 'SEV3', commander: 'UALICE' });
    await run(h, 'UALICE', row.channel_id, 'status investigating');
    const resolve = (await clickHeader('UALICE', row.id, HEADER_RESOLVE_BUTTON, RESOLVE_MODAL))!;
    await run(h, 'UALICE', row.channel_id, 'resolve');
    const events = await h.db.selectFrom('incident_events').select('id').where('incident_id', '=', row.id).execute();
    const res = await h.emulator.submitView({ user: 'UALICE', viewId: resolve.id, values: {} });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { [RESOLVE_FIELDS.message.block]: expect.stringContaining('Resolved') },
    });
    expect(
      await h.db.selectFrom('incident_events').select('id').where('incident_id', '=', row.id).execute(),
    ).toHaveLength(events.length);
  });
});

describe('the App Home tab', () => {
  const homeBlocks = (user: string) => JSON.stringify(ws().homeViews.get(user)?.view.blocks ?? null);
  async function openHome(user: string) {
    await h.emulator.openAppHome(user);
    await h.bot.idle();
    return homeBlocks(user);
  }

  test('a Declare incident button opens the declare form, and the form declares', async () => {
    expect(await openHome('UCAROL')).toContain(HOME_DECLARE_BUTTON);
    const before = new Set(
      ws()
        .openViews('UCAROL')
        .map((v) => v.id),
    );
    await h.emulator.clickHomeButton({ user: 'UCAROL', actionId: HOME_DECLARE_BUTTON });
    await h.bot.idle();
    const form = ws()
      .openViews('UCAROL')
      .find((v) => !before.has(v.id) && v.view.callback_id === DECLARE_MODAL)!;
    expect(form).toBeDefined();
    const res = await h.emulator.submitView({
      user: 'UCAROL',
      viewId: form.id,
      values: { [DECLARE_FIELDS.title.action]: 'Declared from home' },
    });
    await h.bot.idle();
    const row = await h.db
      .selectFrom('incidents')
      .selectAll()
      .where('declare_key', '=', form.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Declared from home', declared_by: 'UCAROL' });
    expect(formAnswer(res)).toContain(`INC-${row.number} is declared. Its channel is <#${row.channel_id}>`);
    expect(ws().isMember(row.channel_id!, 'UCAROL')).toBe(true);
    // With no channel they typed in, the confirmation waits in the incident channel until they are in it.
    expect(
      ws()
        .ephemeralsFor('UCAROL')
        .filter((e) => e.text.includes(`INC-${row.number} is declared`))
        .map((e) => e.channel),
    ).toEqual([row.channel_id]);
  });

  test('lists the last 10 closed incidents, private ones only for their people', async () => {
    const closed: number[] = [];
    const secret = await declareAndResolve(h, 'UALICE', { title: 'Closed secret', severity: 'SEV4', private: true });
    await run(h, 'UALICE', secret.channel_id, 'close');
    for (let i = 0; i < 11; i++) {
      const row = await declareAndResolve(h, 'UALICE', { title: `Closed number ${i}`, severity: 'SEV4' });
      await run(h, 'UALICE', row.channel_id, 'close');
      closed.push(row.number);
    }
    const bob = await openHome('UBOB');
    expect(bob).toContain('Recently closed');
    // The ten most recently closed: the first of the eleven is left out.
    for (const n of closed.slice(1)) expect(bob).toContain(`*INC-${n}*`);
    expect(bob).not.toContain(`*INC-${closed[0]}*`);
    expect(bob).not.toContain('Closed secret');

    // For Alice the private one is among the last ten closed... only if it is one of the ten most recent.
    const secretLast = await declareAndResolve(h, 'UALICE', {
      title: 'Closed secret too',
      severity: 'SEV4',
      private: true,
    });
    await run(h, 'UALICE', secretLast.channel_id, 'close');
    expect(await openHome('UALICE')).toContain('Closed secret too');
    const bobAgain = await openHome('UBOB');
    expect(bobAgain).not.toContain('Closed secret too');
    // Leaving out what Bob may not see, he still gets ten.
    expect(bobAgain).toContain(`*INC-${closed[1]}*`);
  }, 30_000);
});
