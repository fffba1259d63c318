import { withCallContext } from '../call-priority';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { UnitOfWork } from '../unit-of-work.ports';
import { isServiceLane, NOTICE_PRIORITY, type Notice } from './notice';
import type { ClaimedNotice, Notifier, OutboxRepository } from './outbox.ports';

export interface StepContext {
  key: string;
  resumed: boolean;
  /** When this step was first tried: nothing an earlier try posted is older. */
  since?: Date;
}

/** One Slack call (or a small idempotent group) owed for a notice. */
export interface DeliveryStep {
  name: string;
  /**
   * `key` names this step of this notice; `resumed` says an earlier attempt may
   * have done it already (it crashed or lost its lease before recording), so a
   * post can look for its key before posting again, from `since` on.
   */
  run(ctx: StepContext): Promise<void>;
}

/** A step from a call whose answer (a ts, a file) the outbox has no use for. */
export const step = (name: string, run: (ctx: StepContext) => Promise<unknown>): DeliveryStep => ({
  name,
  run: async (ctx) => void (await run(ctx)),
});

/**
 * `untouched`: Slack refused the call before acting on it (a rate limit), so a retry need not check what landed.
 * `paced`: the call was not made, for want of a token of Firebreak's own budget (retryAfterMs: when one comes).
 */
export type Failure =
  | { transient: true; retryAfterMs?: number; untouched?: boolean; paced?: boolean; code: string }
  | { transient: false; code: string };

/**
 * What a group step (together.ts) throws when some of its members failed: each member's own error,
 * read here one by one, since one member's refusal and another's rate limit call for different things.
 */
export class StepGroupFailure extends Error {
  constructor(
    readonly failures: readonly { name: string; error: unknown }[],
    readonly members: number,
  ) {
    super(failures.map((f) => f.name).join(', '));
  }
}

/** The Slack side: what a notice takes, step by step, and how to read a failure. */
export interface NoticeDelivery {
  steps(notice: Notice): DeliveryStep[];
  classify(error: unknown): Failure;
}

/** The notifier of the use cases: a row in the outbox, in the caller's transaction. */
export class OutboxNotifier implements Notifier {
  constructor(private readonly clock: Clock) {}
  notify(tx: { outbox: OutboxRepository }, notice: Notice | readonly Notice[]): Promise<void> {
    return tx.outbox.enqueue(notice, this.clock.now());
  }
}

export interface OutboxDeps {
  uow: UnitOfWork;
  delivery: NoticeDelivery;
  clock: Clock;
  log: Logger;
  /** How long a claim holds without progress; renewed as each step completes. Default OUTBOX_LEASE_MS. */
  leaseMs?: number;
}

export const OUTBOX_LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 5 * 60_000;
const GIVE_UP_AFTER_MS = 24 * 3_600_000;

export const backoffMs = (attempts: number): number => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));

/**
 * Attempts of one step before its notice is dead-lettered: as many as the backoff
 * spreads over about a day, so an outage of hours is ridden out but a step that
 * can never succeed stops holding up its incident's later notices.
 */
export const MAX_STEP_ATTEMPTS = (() => {
  let n = 0;
  for (let waited = 0; waited < GIVE_UP_AFTER_MS; ) waited += backoffMs(++n);
  return n;
})();

/**
 * Delivers what is due: each claimed notice resumes at its recorded step. A
 * transient failure (rate limit, 5xx, timeout) puts it back for later, honouring
 * Retry-After; a permanent one (channel gone, archived…) is recorded and the next
 * step still runs, so one refused call does not cost the rest.
 */
export async function deliverDue(
  deps: OutboxDeps,
  limit = 20,
  background?: (delivery: Promise<void>) => boolean,
): Promise<number> {
  const claimed = await deps.uow.outbox.claim(deps.clock.now(), deps.leaseMs ?? OUTBOX_LEASE_MS, limit);
  // Different lanes are independent: deliver them side by side. A call to another service may wait its whole
  // timeout (15 s and more for a hung receiver): handed to `background` when it takes it, so this pass, and the
  // Slack notices behind it, do not wait for it. Its claim keeps its lane from being taken again meanwhile.
  const waited = claimed.filter((n) => !(background && isServiceLane(n.lane) && background(deliverOne(deps, n))));
  await Promise.all(waited.map((n) => deliverOne(deps, n)));
  return claimed.length;
}

function deliverOne(deps: OutboxDeps, claimed: ClaimedNotice): Promise<void> {
  // Its Slack calls are paced as its kind says: no person holds a window open for them.
  const priority = claimed.notice ? (NOTICE_PRIORITY[claimed.notice.type] ?? 1) : 1;
  return withCallContext({ priority, background: true }, () => deliverSteps(deps, claimed));
}

async function deliverSteps(deps: OutboxDeps, claimed: ClaimedNotice): Promise<void> {
  const { uow, delivery, log } = deps;
  const notice = claimed.notice;
  const steps = notice ? stepsOf(delivery, notice) : (claimed.undecodable ?? 'unreadable');
  // Retrying cannot make a stored row readable: set it aside now rather than stall its lane.
  if (!notice || typeof steps === 'string') {
    log.error('Outbox notice cannot be read; dead-lettered', { ...where(claimed), reason: steps });
    await uow.outbox.deadLetter(claimed, deps.clock.now(), `undecodable: ${steps}`);
    return;
  }
  // Backoff grows with the failures of the step at hand, not of the whole notice: a
  // notice of ten steps each failing once would otherwise wait minutes for its last.
  let stepAttempts = claimed.attempts;
  for (let i = claimed.step; i < steps.length; i++) {
    let error: string | undefined;
    const resumed = claimed.unsure && i === claimed.step;
    try {
      await steps[i].run({ key: `fb-notice-${claimed.id}-${i}`, resumed, since: claimed.since });
    } catch (e) {
      const f = failureOf(delivery, e);
      if (f.transient && stepAttempts >= MAX_STEP_ATTEMPTS) {
        log.error(`${serviceOf(claimed)} kept failing a step; notice dead-lettered`, {
          ...where(claimed),
          ...about(notice),
          step: steps[i].name,
          code: f.code,
          attempts: stepAttempts,
        });
        await uow.outbox.deadLetter(
          claimed,
          deps.clock.now(),
          `${steps[i].name}: ${f.code} (gave up after ${stepAttempts} attempts)`,
        );
        return;
      }
      if (f.transient) {
        // Slack's Retry-After is exact: waiting longer only delays what is owed.
        const wait = f.retryAfterMs ?? backoffMs(stepAttempts);
        const fields = { ...about(notice), step: steps[i].name, code: f.code, retryInMs: wait };
        if (f.paced) log.debug('Slack budget spent; notice waits for its token', fields);
        else log.warn(`${serviceOf(claimed)} unavailable; notice will be retried`, fields);
        await uow.outbox.retryAt(
          claimed,
          new Date(deps.clock.now().getTime() + wait),
          `${steps[i].name}: ${f.code}`,
          // A resumed step refused untouched (its look-up rate limited) learnt nothing: what an earlier try
          // may have posted is still unknown, so the next try must look again, not post blind.
          f.untouched === true && !resumed,
          f.paced === true,
        );
        return;
      }
      error = `${steps[i].name}: ${f.code}`;
      log.error(`${serviceOf(claimed)} refused a step; giving it up`, {
        ...about(notice),
        step: steps[i].name,
        code: f.code,
      });
    }
    // Each step done renews the lease, so a long notice on a slow Slack is not taken over
    // mid-way. Lost the lease anyway (a step outlasted it): the new holder resumes from what we recorded.
    const leaseUntil = new Date(deps.clock.now().getTime() + (deps.leaseMs ?? OUTBOX_LEASE_MS));
    if (!(await uow.outbox.advance(claimed, i + 1, leaseUntil, error))) return;
    stepAttempts = 1;
  }
  await uow.outbox.finish(claimed, deps.clock.now());
}

/**
 * A group's failure read as one: retried if any member's failure is transient (members done already
 * are idempotent), else recorded with every member's refusal. The retry is clean (`untouched`) only
 * if every member was refused untouched: one that posted makes the retry look for its post first.
 */
function failureOf(delivery: NoticeDelivery, error: unknown): Failure {
  if (!(error instanceof StepGroupFailure)) return delivery.classify(error);
  const each = error.failures.map((m) => ({ name: m.name, failure: delivery.classify(m.error) }));
  const code = each.map((m) => `${m.name}: ${m.failure.code}`).join('; ');
  const transient = each.flatMap((m) => (m.failure.transient ? [m.failure] : []));
  if (!transient.length) return { transient: false, code };
  const waits = transient.flatMap((f) => (f.retryAfterMs === undefined ? [] : [f.retryAfterMs]));
  return {
    transient: true,
    code,
    ...(waits.length ? { retryAfterMs: Math.max(...waits) } : {}),
    untouched: transient.length === error.members && transient.every((f) => f.untouched === true),
    // Only our own budget held it back: waiting for a token is no failed attempt, or a set-up group that keeps
    // losing the race for the workspace's posts would be dead-lettered after a few busy minutes.
    ...(transient.every((f) => f.paced === true) ? { paced: true } : {}),
  };
}

/** A kind this build cannot deliver reads as a reason, like an unreadable row. */
function stepsOf(delivery: NoticeDelivery, notice: Notice): DeliveryStep[] | string {
  try {
    const steps = delivery.steps(notice);
    return Array.isArray(steps) ? steps : `unknown notice type ${JSON.stringify(notice.type)}`;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Who a lane's calls go to, for logs: Slack, or the other service its lane names (`webhook:ops`). */
const serviceOf = (claimed: ClaimedNotice): string =>
  isServiceLane(claimed.lane) ? claimed.lane.split(':').slice(0, 2).join(':') : 'Slack';

/** What a notice concerns, for logs. */
const about = (notice: Notice) =>
  'incident' in notice
    ? { incident: notice.incident.number }
    : 'plan' in notice
      ? { plan: notice.plan.id }
      : 'executionId' in notice
        ? { workflowStep: notice.executionId }
        : { alertPrompt: notice.prompt.id };

/** The outbox row and, for an incident's lane, the incident's id: known even when the notice is not readable. */
function where(claimed: ClaimedNotice): Record<string, unknown> {
  const incidentId = /\bincident:(\d+)$/.exec(claimed.lane)?.[1];
  return { notice: claimed.id, lane: claimed.lane, ...(incidentId ? { incidentId: Number(incidentId) } : {}) };
}
