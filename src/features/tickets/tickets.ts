import type { Incident } from '../../domain/incident';
import type { TicketsPolicy } from '../../domain/integrations';
import type { Clock } from '../../kernel/clock';
import type { Logger } from '../../kernel/log';
import { type Notice, serviceLane } from '../../kernel/outbox/notice';
import type { Notifier, OutboxRepository } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';
import type { TicketEvent, TicketRepositories, Tracker } from './tickets.ports';

/** The tracker's name as people read it. */
export const TRACKER_NAME: Record<Tracker['kind'], string> = { jira: 'Jira', github: 'GitHub' };

/**
 * Every call to the tracker for one incident waits in one lane (`tickets:jira:incident:<id>`): a ticket is closed
 * only after it was made, and a tracker that is down or hung holds up only its own lanes, never Slack's.
 */
export const ticketLane = (tracker: Tracker['kind'], incidentId: number): string =>
  serviceLane(`tickets:${tracker}`, incidentId);

/**
 * Whether an incident's follow-ups become tickets: a tracker is seen by the whole company, so a private incident's
 * only when the policy says so (`includePrivate`), and a drill's never (a rehearsal files no real work).
 */
export const ticketsWanted = (tickets: TicketsPolicy | null, incident: Incident): tickets is TicketsPolicy =>
  tickets !== null && !incident.isDrill && (!incident.isPrivate || tickets.includePrivate);

/** What the tracker is owed for a notice: a follow-up added becomes a ticket; one done in Slack closes it. */
export function ticketNoticesOf(tickets: TicketsPolicy | null, notice: Notice): Notice[] {
  if (notice.type !== 'followup_added' && notice.type !== 'followup_done') return [];
  if (!ticketsWanted(tickets, notice.incident)) return [];
  const { incident, followup, actor } = notice;
  const lane = ticketLane(tickets.kind, incident.id);
  if (notice.type === 'followup_added') {
    const { id, text, owner, due } = followup;
    return [
      {
        type: 'ticket_create',
        lane,
        incident,
        followup: { id, text, owner, due },
        actor,
        fromReview: notice.ownerOnly === true,
      },
    ];
  }
  return [{ type: 'ticket_close', lane, incident, followup: { id: followup.id, text: followup.text }, actor }];
}

/** The notifier every use case writes through: a follow-up's change is owed to the tracker in the same transaction. */
export function withTickets(inner: Notifier, tickets: TicketsPolicy | null): Notifier {
  if (!tickets) return inner;
  return {
    notify(tx: { outbox: OutboxRepository }, notice: Notice | readonly Notice[]) {
      const notices: readonly Notice[] = Array.isArray(notice) ? notice : [notice as Notice];
      const owed = notices.flatMap((n) => ticketNoticesOf(tickets, n));
      return inner.notify(tx, owed.length ? [...notices, ...owed] : notice);
    },
  };
}

export interface TicketSyncDeps {
  uow: UnitOfWork<TicketRepositories & RemindersNeed>;
  notifier: Notifier;
  reminderSync: ReminderSync;
  clock: Clock;
  /** Who marks a follow-up done when its ticket closed in the tracker. */
  botUserId: string;
}

/** What a tracker's news did: `unknown`, a ticket Firebreak did not make (answered 2xx all the same). */
export type TicketSyncOutcome = 'done' | 'unchanged' | 'unknown';

/**
 * A ticket closed in the tracker (told by its webhook, or found by the reconcile pass): its follow-up is marked
 * done, the timeline records it, the channel is told, other tools hear of it (webhooks), all in one transaction
 * and once, whichever of the webhook, its retries and the reconcile pass comes first. A ticket reopened in the
 * tracker leaves the follow-up as Slack has it.
 */
export async function ticketChanged(
  deps: TicketSyncDeps,
  tracker: Tracker['kind'],
  event: TicketEvent,
): Promise<TicketSyncOutcome> {
  return deps.uow.transaction(async (tx): Promise<TicketSyncOutcome> => {
    const row = await tx.followupTickets.byTicket(tracker, event.id);
    if (!row?.ticket) return 'unknown';
    if (!event.done) return 'unchanged';
    const now = deps.clock.now();
    if (!(await tx.followupTickets.settle(row.followupId, true, now))) return 'unchanged';
    // Done in Slack first (its close is what the tracker reports): nothing more to say.
    const marked = await tx.followups.markDone(row.followupId, deps.botUserId, now);
    if (!marked) return 'unchanged';
    const incident = await tx.incidents.findById(marked.incidentId);
    if (!incident) return 'unchanged';
    await deps.reminderSync.followup(tx, incident, marked);
    await tx.incidents.addEvent(incident.id, {
      change: {
        kind: 'followup_closed',
        text: marked.text,
        ticket: row.ticket.key,
        tracker: TRACKER_NAME[tracker],
        by: event.actor,
      },
      actor: deps.botUserId,
      at: now,
    });
    const { id, text, owner, due } = marked;
    await deps.notifier.notify(tx, [
      { type: 'followup_done', incident, followup: { id, text, owner, due }, actor: deps.botUserId },
      {
        type: 'ticket_closed',
        incident,
        followup: { id, text },
        ticket: { key: row.ticket.key, url: row.ticket.url },
        tracker: TRACKER_NAME[tracker],
        by: event.actor,
      },
    ]);
    return 'done';
  });
}

export interface ReconcileDeps extends TicketSyncDeps {
  tickets: TicketsPolicy | null;
  tracker: Tracker | null;
  log: Logger;
}

/** Open tickets read back per pass, least recently read first: a large backlog is covered over several passes. */
const RECONCILE_BATCH = 100;

/**
 * Webhooks get lost: every `reconcileEvery`, one replica reads the open follow-ups' tickets back from the tracker and
 * applies what it missed. Returns how many follow-ups it marked done.
 */
export async function reconcileTickets(deps: ReconcileDeps, now: Date): Promise<number> {
  const { tickets, tracker } = deps;
  if (!tickets || !tracker) return 0;
  if (!(await deps.uow.followupTickets.claimReconcile(tracker.kind, now, tickets.reconcileEvery))) return 0;
  const open = await deps.uow.followupTickets.takeOpen(tracker.kind, RECONCILE_BATCH, now);
  const refs = open.flatMap((row) => (row.ticket ? [row.ticket] : []));
  if (!refs.length) return 0;
  let done = 0;
  for (const state of await tracker.states(refs)) {
    if (!state.done) continue;
    const outcome = await ticketChanged(deps, tracker.kind, { id: state.id, key: state.key, done: true, actor: null });
    if (outcome === 'done') done++;
  }
  if (done) deps.log.info('tickets reconciled', { tracker: tracker.kind, done });
  return done;
}
