import type { Policy } from '../../../src/domain/policy';
import { DECLARE_FIELDS as F } from '../../../src/features/incidents/incidents.ids';
import { declareValues, type Harness, startHarness, startReplica, TestClock } from '../../support/harness';

const DAY = 24 * 60 * 60_000;
const policy: Partial<Policy> = {
  plans: [
    {
      id: 'db-failover',
      title: 'Database failover',
      url: 'https://wiki.example.com/dr/db',
      steps: ['Promote the replica'],
      owners: ['UBOB', 'UCAROL'],
    },
  ],
  drills: [{ plan: 'db-failover', every: 90 * DAY }],
};
const clock = new TestClock();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock, policy });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const drillDms = (user: string) =>
  ws()
    .dmsTo(user)
    .filter((m) => m.text.includes('A drill of the recovery plan'));
const tick = async (bot = h.bot) => {
  await bot.scheduler.tick();
  await bot.idle();
};

async function declareDrill(plan: string) {
  const before = new Set(
    ws()
      .openViews('UALICE')
      .map((v) => v.id),
  );
  await h.emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'drill Failover rehearsal' });
  const view = await h.emulator.waitFor(() =>
    ws()
      .openViews('UALICE')
      .find((v) => !before.has(v.id)),
  );
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: view.id,
    values: { ...declareValues({ commander: 'UALICE' }), [F.plan.action]: plan },
  });
  await h.bot.idle();
}

test('owners are DMed once when a drill is due, again each week while overdue, never twice across replicas or a restart', async () => {
  await tick(); // Firebreak first sees the schedule: the clock of a never-drilled plan starts now.
  clock.advance(90 * DAY - 60_000);
  await tick();
  expect(drillDms('UBOB')).toHaveLength(0);

  clock.advance(2 * 60_000);
  const second = await startReplica(h, { clock, policy });
  try {
    await Promise.all([tick(h.bot), tick(second), tick(h.bot), tick(second)]);
  } finally {
    await second.stop();
  }
  for (const owner of ['UBOB', 'UCAROL']) expect(drillDms(owner)).toHaveLength(1);
  const dm = drillDms('UBOB')[0].text;
  expect(dm).toContain('*Database failover* (`db-failover`) is due');
  expect(dm).toContain('never been exercised');
  expect(dm).toContain('`/incident drill [title]`');

  // A restarted process (a fresh replica) and later ticks in the same week send nothing.
  const restarted = await startReplica(h, { clock, policy });
  try {
    clock.advance(6 * DAY);
    await tick(restarted);
  } finally {
    await restarted.stop();
  }
  await tick();
  expect(drillDms('UBOB')).toHaveLength(1);

  clock.advance(DAY);
  await tick();
  await tick();
  for (const owner of ['UBOB', 'UCAROL']) expect(drillDms(owner)).toHaveLength(2);

  // A drill of the plan resets the clock: nothing for 90 days, then a reminder that says when it was last run.
  await declareDrill('db-failover');
  const drilledAt = clock.now();
  clock.advance(89 * DAY);
  await tick();
  expect(drillDms('UBOB')).toHaveLength(2);
  clock.advance(DAY);
  await tick();
  expect(drillDms('UBOB')).toHaveLength(3);
  expect(drillDms('UBOB')[2].text).toContain(`last exercised on <!date^${Math.floor(drilledAt.getTime() / 1000)}^`);
});
