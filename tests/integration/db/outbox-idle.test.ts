import { createUnitOfWork } from '../../../src/kernel/db/unit-of-work';
import { createLogger } from '../../../src/kernel/log';
import type { Notice } from '../../../src/kernel/outbox/notice';
import type { Failure, NoticeDelivery } from '../../../src/kernel/outbox/outbox';
import { OutboxWorker } from '../../../src/kernel/outbox/outbox-worker';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { TestClock } from '../../support/harness';

// Slack's answer to a rate-limited call, which the worker waits out exactly.
const RETRY_AFTER_MS = 60_000;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const drillDue = (plan: string, title: string): Notice => ({
  type: 'drill_due',
  plan: { id: plan, title },
  owners: ['UALICE'],
  lastDrillAt: null,
  due: new Date('2026-11-26T09:00:00Z'),
});

/** A worker over the test database whose Slack side records each title posted, or rate-limits those it is told to. */
function workerOver(clock: TestClock) {
  const posted: string[] = [];
  const rateLimited = new Set<string>();
  const delivery: NoticeDelivery = {
    steps: (notice) => [
      {
        name: 'post',
        run: async () => {
          const title = notice.type === 'drill_due' ? notice.plan.title : notice.type;
          if (rateLimited.delete(title)) throw new Error('ratelimited');
          posted.push(title);
        },
      },
    ],
    classify: (): Failure => ({ transient: true, retryAfterMs: RETRY_AFTER_MS, untouched: true, code: 'ratelimited' }),
  };
  const uow = createUnitOfWork(t.db);
  const worker = new OutboxWorker({ uow, delivery, clock, log: createLogger('error', () => {}) });
  const enqueue = (notice: Notice) => uow.outbox.enqueue(notice, clock.now());
  return { worker, posted, rateLimited, enqueue };
}

describe('OutboxWorker.idle()', () => {
  test('settles while a lane head waits out its Retry-After, with the notices behind it still queued, and the clock standing still', async () => {
    const clock = new TestClock();
    const { worker, posted, rateLimited, enqueue } = workerOver(clock);
    rateLimited.add('parked first');
    await enqueue(drillDue('parked', 'parked first'));
    await enqueue(drillDue('parked', 'parked second'));
    await enqueue(drillDue('other', 'other lane'));

    // Were the queued second notice counted, this would run into its bound and throw.
    await worker.idle(2_000);
    expect(posted).toEqual(['other lane']);

    clock.advance(RETRY_AFTER_MS);
    await worker.idle(2_000);
    expect(posted).toEqual(['other lane', 'parked first', 'parked second']);
    await worker.stop();
  });

  test('still throws at its bound while a notice could be claimed but is not delivered', async () => {
    const clock = new TestClock();
    const stopped = workerOver(clock);
    // A stopped worker starts no pass: what is due stays claimable.
    await stopped.worker.stop();
    await stopped.enqueue(drillDue('unclaimed', 'unclaimed'));

    await expect(stopped.worker.idle(300)).rejects.toThrow(/1 notice\(s\) or owed channel\(s\) still due after 300 ms/);
    expect(stopped.posted).toEqual([]);

    // The same notice, once a running worker can claim it, is what idle() waits for.
    const running = workerOver(clock);
    await running.worker.idle(2_000);
    expect(running.posted).toEqual(['unclaimed']);
    await running.worker.stop();
  });
});
