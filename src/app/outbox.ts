import type { Logger } from '../log';
import type { ClaimedNotice, Clock, Notice, Notifier, Repositories, UnitOfWork } from './ports';

/** One Slack call (or a small idempotent group) owed for a notice. */
export interface DeliveryStep {
  name: string;
  /**
   * `key` names this step of this notice; `resumed` says an earlier attempt may
   * have done it already (it crashed or lost its lease before recording), so a
   * post can look for its key before posting again.
   */
  run(ctx: { key: string; resumed: boolean }): Promise<void>;
}

/** `untouched`: Slack refused the call before acting on it (a rate limit), so a retry need not check what landed. */
export type Failure = { transient: true; retryAfterMs?: number; untouched?: boolean; code: string } | { transient: false; code: string };

/** The Slack side: what a notice takes, step by step, and how to read a failure. */
export interface NoticeDelivery {
  steps(notice: Notice): DeliveryStep[];
  classify(error: unknown): Failure;
}

/** The notifier of the use cases: a row in the outbox, in the caller's transaction. */
export class OutboxNotifier implements Notifier {
  constructor(private readonly clock: Clock) {}
  notify(tx: Repositories, notice: Notice): Promise<void> {
    return tx.outbox.enqueue(notice, this.clock.now());
  }
}

export interface OutboxDeps {
  uow: UnitOfWork;
  delivery: NoticeDelivery;
  clock: Clock;
  log: Logger;
}

export const OUTBOX_LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export const backoffMs = (attempts: number): number => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

/**
 * Delivers what is due: each claimed notice resumes at its recorded step. A
 * transient failure (rate limit, 5xx, timeout) puts it back for later, honouring
 * Retry-After; a permanent one (channel gone, archived…) is recorded and the next
 * step still runs, so one refused call does not cost the rest.
 */
export async function deliverDue(deps: OutboxDeps, limit = 20): Promise<number> {
  const claimed = await deps.uow.outbox.claim(deps.clock.now(), OUTBOX_LEASE_MS, limit);
  // Different lanes are independent: deliver them side by side.
  await Promise.all(claimed.map((n) => deliverOne(deps, n)));
  return claimed.length;
}

async function deliverOne(deps: OutboxDeps, n: ClaimedNotice): Promise<void> {
  const { uow, delivery, log } = deps;
  const steps = delivery.steps(n.notice);
  // Backoff grows with the failures of the step at hand, not of the whole notice: a
  // notice of ten steps each failing once would otherwise wait minutes for its last.
  let stepAttempts = n.attempts;
  for (let i = n.step; i < steps.length; i++) {
    let error: string | undefined;
    try {
      await steps[i].run({ key: `fb-notice-${n.id}-${i}`, resumed: n.unsure && i === n.step });
    } catch (e) {
      const f = delivery.classify(e);
      if (f.transient) {
        // Slack's Retry-After is exact: waiting longer only delays what is owed.
        const wait = f.retryAfterMs ?? backoffMs(stepAttempts);
        log.warn('Slack unavailable; notice will be retried', { ...about(n.notice), step: steps[i].name, code: f.code, retryInMs: wait });
        await uow.outbox.retryAt(n, new Date(deps.clock.now().getTime() + wait), `${steps[i].name}: ${f.code}`, f.untouched === true);
        return;
      }
      error = `${steps[i].name}: ${f.code}`;
      log.error('Slack refused a step; giving it up', { ...about(n.notice), step: steps[i].name, code: f.code });
    }
    // Lost the lease to another replica: it resumes from what we recorded.
    if (!(await uow.outbox.advance(n, i + 1, error))) return;
    stepAttempts = 1;
  }
  await uow.outbox.finish(n, deps.clock.now());
}

/** What a notice concerns, for logs. */
const about = (n: Notice) => ('incident' in n ? { incident: n.incident.number } : { plan: n.plan.id });
