import { BARS, SEVERITY_COLOURS } from '../../../src/features/stats/chart/stats-chart';
import { declare, declareAndResolve, type Harness, run as runIn, startHarness, TestClock } from '../../support/harness';
import { decodePng } from '../../support/png';

let h: Harness;
let drill: { id: number; number: number; declared_at: Date };
const clock = new TestClock();
const run = (user: string, channel: string, text: string) => runIn(h, user, channel, text);
const reply = async (user: string, text: string, channel = 'CGENERAL') =>
  (await run(user, channel, text)).replies.join('\n');

const POLICY = {
  plans: [
    {
      id: 'db-failover',
      title: 'Database failover',
      url: 'https://example.com/db',
      steps: ['Promote the replica'],
      owners: ['UALICE'],
    },
    {
      id: 'region-evac',
      title: 'Region evacuation',
      url: 'https://example.com/region',
      steps: ['Drain'],
      owners: [],
    },
  ],
  drills: [{ plan: 'db-failover', every: 90 * 86_400_000 }],
};

/** The history every figure below is read from; returns the drill. */
async function seedHistory(harness: Harness, time: TestClock) {
  // Acknowledged, mitigated and resolved 10 minutes apart each, through the real commands.
  const pub = await declare(harness, 'UALICE', { commander: 'UALICE', severity: 'SEV2', category: 'Availability' });
  for (const step of ['status investigating', 'status monitoring', 'resolve Fixed']) {
    time.advance(10 * 60_000);
    await runIn(harness, 'UALICE', pub.channel_id, step);
  }
  await declareAndResolve(harness, 'UCAROL', {
    title: 'Secret breach',
    private: true,
    severity: 'SEV1',
    category: 'Security',
  });
  const seeded = await declareAndResolve(harness, 'UALICE', { title: 'Failover drill', severity: 'SEV1' });
  await harness.db
    .updateTable('incidents')
    .set({ is_drill: true, drill_plan: 'db-failover' })
    .where('id', '=', seeded.id)
    .execute();
  const cancelled = await declare(harness, 'UALICE', { title: 'False alarm', severity: 'SEV3' });
  await runIn(harness, 'UALICE', cancelled.channel_id, 'cancel not real');
  return seeded;
}

beforeAll(async () => {
  h = await startHarness({ clock, policy: POLICY });
  drill = await seedHistory(h, clock);
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

test('cadence, reviews, feedback and DR plans, as the caller may see them', async () => {
  const text = await reply('UDAVE', 'stats 7d');
  const lines = [
    // Status changes every 10 minutes against SEV2's hourly cadence: kept.
    'Update cadence: kept by 1 of 1 resolved incident',
    '100% of their time covered',
    'Reviews: 0 of 1 required done',
    'Feedback: no answers yet',
    `• Database failover (every 90d): last drill INC-${drill.number} on <!date^${Math.floor(drill.declared_at.getTime() / 1000)}^{date_short_pretty} {time}|`,
    ', review *not done*',
    '• Region evacuation: *never drilled*',
  ];
  for (const line of lines) expect(text).toContain(line);
});

/** The chart the caller got by DM, decoded, and the DM it came in. */
async function chartFor(user: string, text: string) {
  const ws = h.emulator.workspace;
  const before = ws.dmsTo(user).length;
  const answer = await reply(user, text);
  const dm = ws
    .dmsTo(user)
    .slice(before)
    .find((m) => m.files?.length);
  if (!dm?.files) throw new Error(`no chart in the DM of ${user}; answer was: ${answer}`);
  const file = ws.files.get(dm.files[0]);
  if (!file?.content) throw new Error('the chart file has no content');
  return { answer, dm, file, png: decodePng(file.content) };
}

test('the chart goes to the caller by DM, not to the channel the command came from', async () => {
  const ws = h.emulator.workspace;
  const inChannel = ws.messagesIn('CGENERAL').length;
  const { answer, dm, file, png } = await chartFor('UDAVE', 'stats 30d');
  expect(answer).toContain('The chart (incidents per week, time to resolve) is on its way to you by DM.');
  expect(ws.isMember(dm.channel, 'UDAVE')).toBe(true);
  expect(ws.isMember(dm.channel, 'UCAROL')).toBe(false);
  expect(file.mimetype).toBe('image/png');
  expect(file.channels).toEqual([dm.channel]);
  expect(dm.text).toContain('only you get this chart');
  expect(ws.messagesIn('CGENERAL').length).toBe(inChannel);
  const complete = ws.callsTo('files.completeUploadExternal').at(-1);
  expect(complete?.args.channel_id).toBe(dm.channel);
  // 30 days end in the current week: its bar is the last one, one SEV2 incident filling the whole height.
  expect(png.count(SEVERITY_COLOURS.SEV2, BARS.top, BARS.top + BARS.height)).toBe(BARS.width * BARS.height);
});

test("a non-member's chart never counts a private incident; a member's does", async () => {
  const rows = [BARS.top, BARS.top + BARS.height] as const;
  const dave = (await chartFor('UDAVE', 'stats all')).png;
  expect(dave.count(SEVERITY_COLOURS.SEV1, ...rows)).toBe(0);
  expect(dave.count(SEVERITY_COLOURS.SEV2, ...rows)).toBe(BARS.width * BARS.height);
  // Carol declared the private SEV1: in her chart the week holds two incidents, half the height each.
  const carol = (await chartFor('UCAROL', 'stats all')).png;
  expect(carol.count(SEVERITY_COLOURS.SEV1, ...rows)).toBe((BARS.width * BARS.height) / 2);
  expect(carol.count(SEVERITY_COLOURS.SEV2, ...rows)).toBe((BARS.width * BARS.height) / 2);
});

test('no incidents, no chart', async () => {
  const before = h.emulator.workspace.dmsTo('UCAROL').length;
  const text = await reply('UCAROL', 'stats all Performance');
  expect(text).toContain('0 incidents');
  expect(text).not.toContain('on its way to you by DM');
  expect(h.emulator.workspace.dmsTo('UCAROL').length).toBe(before);
});

test('a chart Slack refuses is reported, and the figures still arrive', async () => {
  h.emulator.failNext('files.completeUploadExternal', { error: 'channel_not_found' });
  const text = await reply('UDAVE', 'stats 30d');
  expect(text).toContain('Incident stats (last 30 days)*: 1 incident');
  expect(text).toContain(
    'I could not send you incident-stats-30d.png by DM (Slack said `channel_not_found`); the figures above are complete.',
  );
});

describe('closing an incident', () => {
  // A bot and history of its own: the incident it adds would change the figures the tests above read.
  let own: Harness;
  const ownClock = new TestClock();
  beforeAll(async () => {
    own = await startHarness({ clock: ownClock, policy: POLICY });
    await seedHistory(own, ownClock);
  });
  afterAll(() => own?.stop());

  test('closing an incident through the bot keeps its update gaps for the cadence', async () => {
    const row = await declare(own, 'UALICE', { title: 'Slow page', commander: 'UALICE', severity: 'SEV3' });
    for (const step of ['status investigating', 'resolve Fixed', 'close']) {
      ownClock.advance(60 * 60_000);
      await runIn(own, 'UALICE', row.channel_id, step);
    }
    const closed = await own.db
      .selectFrom('incidents')
      .select(['status', 'update_gaps'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(closed.status).toBe('closed');
    // Declared, an hour to investigating, an hour to resolve: two gaps (and the resolve itself, at the window's end).
    expect(closed.update_gaps).toEqual([0, 60 * 60_000, 60 * 60_000, 0]);
    expect((await runIn(own, 'UDAVE', 'CGENERAL', 'stats 7d')).replies.join('\n')).toContain(
      'Update cadence: kept by 2 of 2 resolved incidents',
    );
  });
});
