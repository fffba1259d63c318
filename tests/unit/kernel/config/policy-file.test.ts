import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY } from '../../../../src/domain/policy';
import { PolicyError, parsePolicy } from '../../../../src/kernel/config/policy-file';

test('an empty file gives the defaults', () => {
  expect(parsePolicy('')).toEqual(DEFAULT_POLICY);
});

test('the shipped example is valid and sets every key', () => {
  const policy = parsePolicy(readFileSync(join(__dirname, '../../../../config.example.yml'), 'utf8'));
  expect(policy.announcementChannel).toBe('#incidents');
  expect(policy.severities.SEV1.updateEvery).toBe(30 * 60_000);
  expect(policy.categories.length).toBeGreaterThan(0);
});

test('durations and partial severities merge over the defaults', () => {
  const p = parsePolicy(`
announcementChannel: C0123ABCD
severities:
  SEV2:
    updateEvery: 45s
    stakeholderUpdateEvery: 2d
reviewReminderAfter: 4h
schedulerTick: 10s
categories: [Network, Database]
`);
  expect(p.announcementChannel).toBe('C0123ABCD');
  expect(p.severities.SEV2).toEqual({
    updateEvery: 45_000,
    stakeholderUpdateEvery: 172_800_000,
    reviewRequired: DEFAULT_POLICY.severities.SEV2.reviewRequired,
  });
  expect(p.severities.SEV1).toEqual(DEFAULT_POLICY.severities.SEV1);
  expect(p.reviewReminderAfter).toBe(4 * 3_600_000);
  expect(p.schedulerTick).toBe(10_000);
  expect(p.categories).toEqual(['Network', 'Database']);
});

test('announcementChannel: null turns announcements off', () => {
  expect(parsePolicy('announcementChannel: null').announcementChannel).toBeNull();
});

test.each([
  ['severities:\n  SEV2:\n    updateEvery: 0m', 'severities.SEV2.updateEvery', 'longer than zero'],
  ['severities:\n  SEV2:\n    updateEvery: -5m', 'severities.SEV2.updateEvery', 'longer than zero'],
  ['severities:\n  SEV2:\n    updateEvery: soon', 'severities.SEV2.updateEvery', 'not a duration'],
  ['severities:\n  SEV9:\n    updateEvery: 5m', 'severities', 'SEV9'],
  ['severities:\n  SEV1:\n    updateEvry: 5m', 'severities.SEV1', 'updateEvry'],
  ['announcementChannel: "incidents channel"', 'announcementChannel', 'channel ID'],
  ['schedulerTick: 0s', 'schedulerTick', 'longer than zero'],
  ['categories: []', 'categories', ''],
  ['colour: blue', '(top level)', 'colour'],
  ['severities: [1, 2', '', 'not valid YAML'],
])('%j is refused, naming %s', (yaml, key, problem) => {
  expect(() => parsePolicy(yaml, 'test.yml')).toThrow(PolicyError);
  try {
    parsePolicy(yaml, 'test.yml');
  } catch (e) {
    const message = (e as Error).message;
    expect(message).toContain(key);
    expect(message).toContain(problem);
  }
});

const PLANS = `
plans:
  db-failover:
    title: Database failover
    url: https://wiki.example.com/dr/db
    owners: [U0123ABCD]
    steps: [Freeze writes, Promote the replica]
recovery:
  Availability:
    runbook: { title: Availability runbook, url: https://wiki.example.com/rb }
    plan: db-failover
drills:
  - plan: db-failover
    every: 90d
`;

test('DR plans, per-category recovery guides and drill schedules are read', () => {
  const p = parsePolicy(PLANS);
  expect(p.plans).toEqual([
    {
      id: 'db-failover',
      title: 'Database failover',
      url: 'https://wiki.example.com/dr/db',
      owners: ['U0123ABCD'],
      steps: ['Freeze writes', 'Promote the replica'],
    },
  ]);
  expect(p.recovery.Availability).toEqual({
    runbook: { title: 'Availability runbook', url: 'https://wiki.example.com/rb' },
    plan: 'db-failover',
  });
  expect(p.drills).toEqual([{ plan: 'db-failover', every: 90 * 86_400_000 }]);
});

test.each([
  [
    'a drill of an unknown plan',
    PLANS.replace('- plan: db-failover', '- plan: nope'),
    'drills.0.plan: no plan "nope" in plans',
  ],
  [
    'a guide naming an unknown plan',
    PLANS.replace('    plan: db-failover', '    plan: gone'),
    'recovery.Availability.plan: no plan "gone" in plans',
  ],
  [
    'a guide for an unknown category',
    PLANS.replace('  Availability:', '  Bogus:'),
    'recovery.Bogus: "Bogus" is not one of categories',
  ],
  [
    'a plan without steps',
    PLANS.replace('    steps: [Freeze writes, Promote the replica]', '    steps: []'),
    'plans.db-failover.steps',
  ],
  [
    'a plan whose URL is not http',
    PLANS.replace('https://wiki.example.com/dr/db', 'javascript:alert(1)'),
    'plans.db-failover.url: must be an http(s) URL',
  ],
])('%s is refused with the key named', (_what, source, message) => {
  expect(() => parsePolicy(source)).toThrow(PolicyError);
  expect(() => parsePolicy(source)).toThrow(message);
});
