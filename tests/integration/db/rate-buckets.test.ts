import { sql } from 'kysely';
import { PgRateBuckets } from '../../../src/kernel/db/rate-buckets.repository';
import type { BucketSpec } from '../../../src/kernel/rate-buckets.ports';
import { createTestDatabase, type TestDatabase } from '../../support/database';

// The bucket maths of migration 0019's slack_take_token, at times the test names.
let testDb: TestDatabase;
let buckets: PgRateBuckets;
beforeAll(async () => {
  testDb = await createTestDatabase();
  buckets = new PgRateBuckets(testDb.db);
});
afterAll(() => testDb?.drop());

const T0 = Date.parse('2026-12-07T10:00:00Z');
const at = (ms: number) => new Date(T0 + ms);
// Tier 2: 20 a minute, one token every 3 s.
const tier2 = (key: string, reserve = 0): BucketSpec => ({ key, capacity: 20, perMs: 20 / 60_000, reserve });
const tokens = async (key: string) =>
  Number(
    (await sql<{ tokens: number }>`select tokens from slack_rate_buckets where key = ${key}`.execute(testDb.db)).rows[0]
      ?.tokens,
  );

test('a new bucket starts full: a burst of its capacity passes, the next call waits for the refill', async () => {
  const b = tier2('T1:conversations.create');
  for (let i = 0; i < 20; i++) expect(await buckets.take([b], at(0))).toBe(0);
  expect(await buckets.take([b], at(0))).toBeCloseTo(3000, 3);
  // Refused calls take nothing: a second later the wait is shorter by that second.
  expect(await buckets.take([b], at(1000))).toBeCloseTo(2000, 3);
  expect(await buckets.take([b], at(3000))).toBe(0);
  expect(await buckets.take([b], at(3000))).toBeCloseTo(3000, 3);
});

test('refilling stops at the capacity', async () => {
  const b = tier2('T1:pins.add');
  expect(await buckets.take([b], at(0))).toBe(0);
  expect(await buckets.take([b], at(3_600_000))).toBe(0);
  expect(await tokens(b.key)).toBeCloseTo(19, 6);
});

test('a call drawing on two buckets takes from both or from neither', async () => {
  const channel: BucketSpec = { key: 'T1:chat.postMessage:C1', capacity: 2, perMs: 1 / 1000, reserve: 0 };
  const workspace: BucketSpec = { key: 'T1:chat.postMessage', capacity: 5, perMs: 5 / 60_000, reserve: 0 };
  expect(await buckets.take([channel, workspace], at(0))).toBe(0);
  expect(await buckets.take([channel, workspace], at(0))).toBe(0);
  // The channel is out for 1 s: the workspace's token is not spent on a refused call.
  expect(await buckets.take([channel, workspace], at(0))).toBeCloseTo(1000, 3);
  expect(await tokens(workspace.key)).toBeCloseTo(3, 6);
  // Another channel still has its own.
  expect(await buckets.take([{ ...channel, key: 'T1:chat.postMessage:C2' }, workspace], at(0))).toBe(0);
});

test('a reserve is left for others: a low-priority call waits while one token above it is missing', async () => {
  const low = tier2('T1:chat.update', 4);
  for (let i = 0; i < 15; i++) expect(await buckets.take([low], at(0))).toBe(0);
  // 5 left: taking one would leave 4, the reserve; then it waits until 5 are back.
  expect(await buckets.take([low], at(0))).toBe(0);
  expect(await buckets.take([low], at(0))).toBeCloseTo(3000, 3);
  // A call with no reserve still takes them.
  for (let i = 0; i < 4; i++) expect(await buckets.take([{ ...low, reserve: 0 }], at(0))).toBe(0);
  expect(await buckets.take([{ ...low, reserve: 0 }], at(0))).toBeCloseTo(3000, 3);
});

test('a 429 from Slack empties the bucket until its Retry-After, for every replica; then one call may go', async () => {
  const b = tier2('T1:conversations.invite');
  expect(await buckets.take([b], at(0))).toBe(0);
  await buckets.drain([b], at(60_000));
  expect(await buckets.take([b], at(1000))).toBeCloseTo(59_000, 3);
  expect(await buckets.take([b], at(60_000))).toBe(0);
  // The next waits for the refill from there.
  expect(await buckets.take([b], at(60_000))).toBeCloseTo(3000, 3);
  // A low-priority call refused by Slack may still go at Retry-After: its reserve is left for it.
  await buckets.drain([{ ...b, reserve: 4 }], at(70_000));
  expect(await buckets.take([{ ...b, reserve: 4 }], at(70_000))).toBe(0);
  // A later 429 with a shorter Retry-After does not shorten a longer one.
  await buckets.drain([b], at(200_000));
  await buckets.drain([b], at(100_000));
  expect(await buckets.take([b], at(100_000))).toBeCloseTo(100_000, 3);
});

test('a clock found behind the bucket (a restart with another clock) takes what is there, and reads no drain into it', async () => {
  const b = tier2('T1:users.list');
  expect(await buckets.take([b], at(5_400_000))).toBe(0);
  expect(await buckets.take([b], at(0))).toBe(0);
  expect(await tokens(b.key)).toBeCloseTo(18, 6);
});

test('concurrent takes never spend more than the bucket holds', async () => {
  const b = tier2('T1:conversations.setTopic');
  const waits = await Promise.all(Array.from({ length: 30 }, () => buckets.take([b], at(0))));
  expect(waits.filter((w) => w === 0)).toHaveLength(20);
});
