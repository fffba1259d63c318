import { DECLARE_FIELDS as F } from '../../../src/features/incidents/incidents.ids';
import { RECOVERY_STEP_BUTTON } from '../../../src/features/recovery/recovery.ids';
import { declare, declareValues, formAnswer, type Harness, run, startHarness } from '../../support/harness';

const PLAN = {
  id: 'db-failover',
  title: 'Database failover',
  url: 'https://wiki.example.com/dr/db',
  steps: ['Freeze writes', 'Promote the replica'],
  owners: ['UBOB'],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: { plans: [PLAN], stakeholderChannel: '#general' } });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;

async function openDrill(user: string, title: string) {
  const before = new Set(
    ws()
      .openViews(user)
      .map((v) => v.id),
  );
  const res = await h.emulator.command({ user, channel: 'CGENERAL', text: `drill ${title}`.trim() });
  expect(res.status).toBe(200);
  return h.emulator.waitFor(() =>
    ws()
      .openViews(user)
      .find((v) => !before.has(v.id)),
  );
}

async function declareDrill(user: string, title: string, values: Record<string, unknown>) {
  const view = await openDrill(user, title);
  const res = await h.emulator.submitView({ user, viewId: view.id, values });
  expect(formAnswer(res)).toMatch(/^:test_tube: Drill INC-\d+ is declared\. Its channel is <#C\w+>/);
  await h.bot.idle();
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', view.id)
    .executeTakeFirstOrThrow();
  if (!row.channel_id) throw new Error(`INC-${row.number} has no channel yet`);
  return { ...row, channel_id: row.channel_id };
}

const announced = () =>
  [...ws().messagesIn('CINCIDENTS'), ...ws().messagesIn('CGENERAL')].map((m) => m.text).join('\n');

describe('/incident drill', () => {
  test('the drill form says it is a drill, prefills the title and offers the plans', async () => {
    const view = await openDrill('UALICE', 'Failover rehearsal');
    const json = JSON.stringify(view.view);
    expect(json).toContain('Declare a drill');
    expect(json).toContain('This is a drill');
    expect(json).toContain('"initial_value":"Failover rehearsal"');
    expect(json).toContain(F.plan.block);
    expect(json).toContain('"value":"db-failover"');
  });

  test('a drill is marked everywhere, never announced, and its plan checklist is posted and bookmarked', async () => {
    const before = announced();
    const row = await declareDrill('UALICE', 'Failover rehearsal', {
      ...declareValues({ severity: 'SEV3', commander: 'UALICE' }),
      [F.plan.action]: 'db-failover',
    });
    const ch = row.channel_id;
    expect(row).toMatchObject({ is_drill: true, drill_plan: 'db-failover' });
    expect(row.channel_name).toBe(`inc-${row.number}-drill-failover-rehearsal`);
    expect(ws().channels.get(ch)!.topic).toMatch(/^DRILL · /);
    const header = ws().findMessage(
      ch,
      row.header_ts ??
        (await h.db.selectFrom('incidents').select('header_ts').where('id', '=', row.id).executeTakeFirstOrThrow())
          .header_ts!,
    )!;
    expect(JSON.stringify(header.blocks)).toContain(`[DRILL] INC-${row.number}: Failover rehearsal`);
    expect(ws().ephemeralsFor('UALICE').at(-1)!.text).toContain(`Drill INC-${row.number} is declared`);

    // The plan's checklist and bookmarks, although the drill is only SEV3.
    expect((ws().bookmarks.get(ch) ?? []).map((b) => b.link)).toEqual([PLAN.url]);
    const checklist = ws()
      .messagesIn(ch)
      .find((m) => m.text.startsWith('Recovery guide'))!;
    expect(JSON.stringify(checklist.blocks)).toContain('1. Freeze writes');
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: ch,
      messageTs: checklist.ts,
      actionId: RECOVERY_STEP_BUTTON,
      value: '1',
    });
    await h.bot.idle();

    // Raising it to SEV1 and posting an update tells nobody outside the channel.
    await run(h, 'UALICE', ch, 'severity 1');
    await run(h, 'UALICE', ch, 'status investigating');
    expect(announced()).toBe(before);
    const digests = await h.db
      .selectFrom('reminders')
      .selectAll()
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'stakeholder_digest')
      .execute();
    expect(digests.every((r) => !r.active)).toBe(true);

    expect((await run(h, 'UALICE', ch, 'status')).replies.join()).toContain(`[DRILL] INC-${row.number}`);
    expect((await run(h, 'UALICE', 'CGENERAL', 'list')).replies.join()).toContain(`[DRILL] *INC-${row.number}*`);
    const timeline = (await run(h, 'UALICE', ch, 'timeline')).replies.join();
    expect(timeline).toContain(`Key timeline of [DRILL] INC-${row.number}`);
    expect(timeline).toContain('Drill declared: Failover rehearsal');
    expect(timeline).toContain('Recovery step 1 done (db-failover): Freeze writes');
  });

  test('a drill without a plan posts no checklist; a real declare has no drill mark', async () => {
    const drill = await declareDrill('UALICE', 'Tabletop', declareValues({ commander: 'UALICE' }));
    expect(drill).toMatchObject({ is_drill: true, drill_plan: null });
    expect(
      ws()
        .messagesIn(drill.channel_id)
        .some((m) => m.text.startsWith('Recovery guide')),
    ).toBe(false);
    expect(ws().bookmarks.get(drill.channel_id) ?? []).toEqual([]);
    const real = await declare(h, 'UALICE', { title: 'Real one', commander: 'UALICE' });
    expect(real).toMatchObject({ is_drill: false, channel_name: `inc-${real.number}-real-one` });
    expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).toContain(`INC-${real.number}: Real one`);
    expect(ws().messagesIn('CINCIDENTS').at(-1)!.text).not.toContain('DRILL');
  });
});
