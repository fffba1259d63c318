import { type Harness, TestClock, declare, declareAndResolve, run as runIn, startHarness } from '../../support/harness';

let h: Harness;
const clock = new TestClock();
const run = (user: string, channel: string, text: string) => runIn(h, user, channel, text);
const reply = async (user: string, text: string, channel = 'CGENERAL') => (await run(user, channel, text)).replies.join('\n');

beforeAll(async () => {
  h = await startHarness({ clock });
  // Acknowledged, mitigated and resolved 10 minutes apart each, through the real commands.
  const pub = await declare(h, 'UALICE', { commander: 'UALICE', severity: 'SEV2', category: 'Availability' });
  for (const step of ['status investigating', 'status monitoring', 'resolve Fixed']) {
    clock.advance(10 * 60_000);
    await run('UALICE', pub.channel_id, step);
  }
  await declareAndResolve(h, 'UCAROL', { title: 'Secret breach', private: true, severity: 'SEV1', category: 'Security' });
  const drill = await declareAndResolve(h, 'UALICE', { title: 'Failover drill', severity: 'SEV1' });
  await h.db.updateTable('incidents').set({ is_drill: true, drill_plan: 'db-failover' }).where('id', '=', drill.id).execute();
  const cancelled = await declare(h, 'UALICE', { title: 'False alarm', severity: 'SEV3' });
  await run('UALICE', cancelled.channel_id, 'cancel not real');
});

afterAll(async () => {
  await h?.stop();
});

test('figures for the period, drills and cancelled shown apart, from any channel', async () => {
  const text = await reply('UDAVE', 'stats 7d');
  expect(text).toContain('Incident stats (last 7 days)*: 1 incident');
  expect(text).toContain('By severity: SEV2 1');
  expect(text).toContain('By category: Availability 1');
  expect(text).toContain('SEV2: 10m / 10m (n=1) · 20m / 20m (n=1) · 30m / 30m (n=1)');
  expect(text).toContain('Not counted: 1 drill, 1 cancelled');
});

test('a private incident counts only for the people who can see it', async () => {
  expect(await reply('UDAVE', 'stats all')).not.toContain('SEV1');
  const carol = await reply('UCAROL', 'stats all');
  expect(carol).toContain('2 incidents');
  expect(carol).toContain('SEV1 1');
  expect(carol).toContain('Security 1');
});

test('the answer is ephemeral to the caller', async () => {
  const before = h.emulator.workspace.messagesIn('CGENERAL').length;
  const { raw } = await run('UDAVE', 'CGENERAL', 'stats');
  expect(raw).toHaveLength(1);
  expect(h.emulator.workspace.ephemeralsFor('UALICE').some((e) => e.text.includes('Incident stats'))).toBe(false);
  expect(h.emulator.workspace.messagesIn('CGENERAL').length).toBe(before);
});

test('a category narrows the figures; names are matched case-insensitively', async () => {
  expect(await reply('UCAROL', 'stats all security')).toContain('(all time, Security)*: 1 incident');
  expect(await reply('UCAROL', 'stats Third party')).toContain('(last 30 days, Third party)*: 0 incidents');
});

test('bad arguments get an answer naming the valid choices', async () => {
  const period = await run('UDAVE', 'CGENERAL', 'stats 5y');
  expect(period.ack.text).toContain("I don't understand `5y`");
  expect(period.ack.text).toContain('[7d|30d|90d|all]');
  const category = await reply('UDAVE', 'stats 30d Weather');
  expect(category).toContain('There is no category `Weather`');
  expect(category).toContain('Availability, Performance, Security');
});

test('help lists stats', async () => {
  const res = await h.emulator.command({ user: 'UALICE', channel: 'CGENERAL', text: 'help' });
  expect(res.body.text).toContain('/incident stats [7d|30d|90d|all] [category]');
});
