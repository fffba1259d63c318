import type { Notice } from '../../../src/kernel/outbox/notice';
import { PgOutboxRepository } from '../../../src/kernel/outbox/outbox.repository';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { anIncident } from '../../support/incident';

// OutboxRepository.enqueueCoalesced: one notice of a kind waits per lane, and a change that leaned on the waiting
// one holds it until that change commits, so the delivery that reads the record cannot start before the change is in.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const at = new Date('2026-12-07T10:00:00Z');
const later = new Date('2026-12-07T11:00:00Z');
const refresh = (id: number): Notice => ({
  type: 'canvas_refresh',
  lane: `canvas:incident:${id}`,
  incident: anIncident({ id }),
});
const pendingIn = async (lane: string) =>
  (await t.db.selectFrom('outbox').select('id').where('lane', '=', lane).where('status', '=', 'pending').execute())
    .length;
const claimedIn = async (outbox: PgOutboxRepository, lane: string) =>
  (await outbox.claim(later, 60_000, 100)).filter((c) => c.lane === lane);

test('a second change while one waits unclaimed enqueues nothing; once it is claimed, the next change owes another', async () => {
  const outbox = new PgOutboxRepository(t.db);
  expect(await outbox.enqueueCoalesced(refresh(1), at, at)).toBe(true);
  expect(await outbox.enqueueCoalesced(refresh(1), at, at)).toBe(false);
  expect(await outbox.enqueueCoalesced(refresh(2), at, at)).toBe(true);
  expect(await pendingIn('canvas:incident:1')).toBe(1);

  const [claimed] = await claimedIn(outbox, 'canvas:incident:1');
  expect(claimed.notice).toEqual(refresh(1));
  // Its delivery may have read the record already: a change now is owed a redraw of its own.
  expect(await outbox.enqueueCoalesced(refresh(1), at, at)).toBe(true);
  expect(await pendingIn('canvas:incident:1')).toBe(2);
  // Given back for a retry, it reads the record again when next claimed: changes lean on the waiting ones again.
  await outbox.retryAt(claimed, at, 'ratelimited', true);
  expect(await outbox.enqueueCoalesced(refresh(1), at, at)).toBe(false);
  expect(await pendingIn('canvas:incident:1')).toBe(2);
});

test('while a change that leaned on the waiting notice is uncommitted, no claim takes that notice', async () => {
  const outbox = new PgOutboxRepository(t.db);
  expect(await outbox.enqueueCoalesced(refresh(3), at, at)).toBe(true);
  let claimedMeanwhile: unknown[] = [];
  await t.db.transaction().execute(async (trx) => {
    expect(await new PgOutboxRepository(trx).enqueueCoalesced(refresh(3), at, at)).toBe(false);
    // Another connection's claim passes the locked row by (FOR UPDATE SKIP LOCKED).
    claimedMeanwhile = await claimedIn(outbox, 'canvas:incident:3');
  });
  expect(claimedMeanwhile).toEqual([]);
  expect(await claimedIn(outbox, 'canvas:incident:3')).toHaveLength(1);
});

test('a claim in progress makes a concurrent change enqueue a new one rather than lean on it', async () => {
  const outbox = new PgOutboxRepository(t.db);
  expect(await outbox.enqueueCoalesced(refresh(4), at, at)).toBe(true);
  const [claimed] = await claimedIn(outbox, 'canvas:incident:4');
  expect(claimed).toBeDefined();
  expect(await outbox.enqueueCoalesced(refresh(4), at, at)).toBe(true);
  expect(await pendingIn('canvas:incident:4')).toBe(2);
});
