import type { IncidentOrigin } from '../../domain/alerts';
import type { Incident, IncidentDraft } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { err, ok, type Result } from '../../domain/result';
import { channelName } from '../../domain/slug';
import { withCallContext } from '../../kernel/call-priority';
import type { Clock } from '../../kernel/clock';
import { recheckFields } from '../../kernel/incident/field-values';
import type { PendingChannel, ReplyTarget } from '../../kernel/incident/reservation.ports';
import type { Logger } from '../../kernel/log';
import { backoffMs } from '../../kernel/outbox/outbox';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { RecoveryRepositories } from '../recovery/recovery.ports';
import type { DeclaredHook, ShortcutsRepositories } from '../shortcuts/shortcuts.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';
import type { ChannelGateway } from './channel.ports';
import type { IncidentRefusal } from './incidents.refusals';
import type { OfferRecoveryGuide } from './recovery-guide.ports';

export interface DeclareInput extends IncidentDraft {
  declarer: string;
  declareKey: string | null;
  reply: ReplyTarget;
  /** Present for `/incident drill`: the plan (if any) the drill exercises. */
  drill?: { plan: string | null };
  /** Declared for an alert group (see the alerts feature): recorded with the incident, one open incident per group. */
  alert?: { origin: IncidentOrigin; group: string };
}

export interface DeclareDeps {
  policy: Policy;
  uow: UnitOfWork<RemindersNeed & RecoveryRepositories & ShortcutsRepositories>;
  offerRecoveryGuide: OfferRecoveryGuide;
  /** What the declaration's key owes besides (the message it came from, a workflow step's completion). */
  declaredHook: DeclaredHook;
  reminderSync: ReminderSync;
  channels: ChannelGateway;
  notifier: Notifier;
  clock: Clock;
}

/**
 * The incident is open with its channel, or logged with its channel still owed (the declarer has been told;
 * `etaMs`: roughly when, when Slack's rate limit holds the channel back).
 * `replay`: the same form was declared before, so nothing new was made; the sender is owed an answer saying so.
 */
export type Declared = ({ kind: 'open'; incident: Incident } | { kind: 'pending'; number: number; etaMs?: number }) & {
  replay?: true;
};

const MAX_NAME_ATTEMPTS = 10;
/** How long the declaring request has before the worker may take over its reservation. */
export const RESERVATION_LEASE_MS = 30_000;

/**
 * The incident is reserved (numbered and saved) before Slack is asked for a
 * channel, so nothing is lost when Slack is slow and a replayed submission finds
 * the reservation instead of making a second channel. The channel is created
 * within the request when Slack answers in time; otherwise the declarer is told
 * it is pending and the worker finishes the job (completePendingChannels).
 */
export async function declareIncident(
  deps: DeclareDeps,
  input: DeclareInput,
): Promise<Result<Declared, IncidentRefusal>> {
  const { uow, clock } = deps;
  if (input.declareKey) {
    const seen = await declaredBefore(deps, input.declareKey);
    if (seen) return ok(seen);
  }
  const checked = recheckFields(deps.policy, input.type, input.fields);
  if (!checked.ok) return err({ kind: 'fields_refused', message: checked.message });
  const number = await uow.incidents.nextNumber();
  const now = clock.now();
  const reserved = await uow.incidents.reserve({
    number,
    title: input.title,
    summary: input.summary,
    severity: input.severity,
    category: input.category,
    isPrivate: input.isPrivate,
    commander: input.commander,
    declaredBy: input.declarer,
    declaredAt: now,
    declareKey: input.declareKey,
    reply: input.reply,
    channelDueAt: new Date(now.getTime() + RESERVATION_LEASE_MS),
    isDrill: !!input.drill,
    drillPlan: input.drill?.plan ?? null,
    alert: input.alert ?? null,
    type: input.type ?? null,
    fields: checked.fields,
  });
  if (reserved === 'alert_group_open') return err({ kind: 'alert_group_open' });
  if (reserved === 'duplicate') {
    // A replay raced the original submission and lost: the original carries on.
    return ok((await declaredBefore(deps, input.declareKey!))!);
  }
  const outcome = await createInTurn(deps, reserved, { mayExist: false, background: false });
  return settle(deps, reserved, outcome);
}

async function declaredBefore(deps: DeclareDeps, key: string): Promise<Declared | undefined> {
  const seen = await deps.uow.incidents.findDeclared(key);
  if (!seen) return undefined;
  return 'incident' in seen
    ? { kind: 'open', incident: seen.incident, replay: true }
    : { kind: 'pending', number: seen.pending.number, replay: true };
}

type Outcome =
  | { kind: 'created'; channel: { id: string; name: string } }
  | { kind: 'later'; error: string; retryAfterMs?: number }
  | { kind: 'refused'; error: string };

/**
 * Tries the incident's names in turn (a human may own one). `mayExist`: an
 * earlier try's answer was lost, so a taken name may be a channel we made.
 */
async function createChannel(
  channels: ChannelGateway,
  pending: PendingChannel,
  options: { mayExist: boolean },
): Promise<Outcome> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = channelName(pending.number, pending.isDrill ? `drill ${pending.title}` : pending.title, attempt);
    const created = await channels.createChannel(name, pending.isPrivate);
    if (created.ok) return { kind: 'created', channel: created.value };
    if (created.error.kind === 'failed') {
      const { error, transient, retryAfterMs } = created.error;
      return transient ? { kind: 'later', error, retryAfterMs } : { kind: 'refused', error };
    }
    if (options.mayExist) {
      try {
        const own = await channels.findOwnChannel(name);
        if (own) return { kind: 'created', channel: own };
      } catch {
        return { kind: 'later', error: 'could not list channels' };
      }
    }
  }
  return { kind: 'refused', error: 'name_taken' };
}

/**
 * Channels are made in declaration order, across requests and replicas: the call leaves Slack's budget
 * to the declarations still waiting for theirs (a token each). `background`: no person's request is
 * open, so without a token it is put off rather than waited for.
 */
async function createInTurn(
  deps: DeclareDeps,
  pending: PendingChannel,
  options: { mayExist: boolean; background: boolean },
): Promise<Outcome> {
  const ahead = await deps.uow.incidents.channelsOwedBefore(pending.number);
  return withCallContext({ priority: 0, background: options.background, keep: ahead }, () =>
    createChannel(deps.channels, pending, options),
  );
}

async function settle(
  deps: DeclareDeps,
  pending: PendingChannel,
  outcome: Outcome,
): Promise<Result<Declared, IncidentRefusal>> {
  const { uow, clock } = deps;
  if (outcome.kind === 'created') {
    const incident = await uow.transaction(async (tx) => {
      const opened = await tx.incidents.attachChannel(pending, outcome.channel);
      if (!opened) return undefined;
      await tx.incidents.addEvent(
        opened.id,
        {
          change: {
            kind: 'declared',
            title: opened.title,
            severity: opened.severity,
            commander: opened.roles.commander,
            isPrivate: opened.isPrivate,
            ...(opened.isDrill ? { drill: true as const } : {}),
          },
          actor: opened.declaredBy,
          at: opened.declaredAt,
        },
        { before: null, after: opened },
      );
      await tx.incidents.addParticipants(opened.id, unique([opened.declaredBy, opened.roles.commander]), clock.now());
      await deps.reminderSync.incident(tx, opened);
      await deps.notifier.notify(tx, { type: 'declared', incident: opened, reply: pending.reply });
      await deps.offerRecoveryGuide(tx, opened, clock.now());
      await deps.declaredHook.opened(tx, opened, pending.declareKey);
      return opened;
    });
    if (incident) return ok({ kind: 'open', incident });
    // Our claim was lost (the lease ran out while Slack answered): whoever holds it now finds this channel by name.
    return ok({ kind: 'pending', number: pending.number });
  }
  const reserved = { id: pending.id, number: pending.number, title: pending.title, isPrivate: pending.isPrivate };
  if (outcome.kind === 'refused') {
    const dropped = await uow.transaction(async (tx) => {
      if (!(await tx.incidents.discardReservation(pending))) return false;
      await deps.declaredHook.dropped(tx, pending.declareKey, outcome.error);
      // The declaring request answers in its modal; a declarer already told "pending" is told here.
      if (pending.claim !== null)
        await deps.notifier.notify(tx, {
          type: 'declare_failed',
          incident: reserved,
          error: outcome.error,
          reply: pending.reply,
        });
      return true;
    });
    return dropped
      ? err({ kind: 'channel_create_failed', error: outcome.error })
      : ok({ kind: 'pending', number: pending.number });
  }
  // Out of Slack's budget (ours, or its 429): the channel's turn comes after the declarations ahead have had theirs.
  const etaMs =
    outcome.retryAfterMs === undefined
      ? undefined
      : Math.max(
          outcome.retryAfterMs,
          (await uow.incidents.channelsOwedBefore(pending.number)) * deps.channels.creationSpacingMs(),
        );
  const wait = etaMs ?? backoffMs(pending.attempts);
  await uow.transaction(async (tx) => {
    if (!(await tx.incidents.deferChannel(pending, new Date(clock.now().getTime() + wait)))) return;
    if (pending.claim === null) {
      await deps.notifier.notify(tx, {
        type: 'declare_pending',
        incident: reserved,
        channelName: channelName(pending.number, pending.title, 1),
        reply: pending.reply,
        ...(etaMs === undefined ? {} : { etaMs }),
      });
    }
  });
  return ok({ kind: 'pending', number: pending.number, ...(etaMs === undefined ? {} : { etaMs }) });
}

/** How long the worker holds a reservation while it talks to Slack. */
const CHANNEL_LEASE_MS = 60_000;

/**
 * The worker's half: channels owed to reservations whose declaring request ran
 * out of time, gave up on a busy Slack, or died. Returns how many it handled.
 */
export async function completePendingChannels(deps: DeclareDeps & { log: Logger }, limit = 10): Promise<number> {
  const claimed = await deps.uow.incidents.claimPendingChannels(deps.clock.now(), CHANNEL_LEASE_MS, limit);
  // In declaration order, one at a time: once Slack's budget is spent, no later declaration asks before
  // an earlier one, and each is put off until its own turn (see settle).
  let limited: Outcome | undefined;
  for (const pending of claimed.sort((a, b) => a.number - b.number)) {
    // Any earlier try may have made the channel without our hearing back.
    const outcome = limited ?? (await createInTurn(deps, pending, { mayExist: true, background: true }));
    if (outcome.kind === 'later' && outcome.retryAfterMs !== undefined) limited = outcome;
    if (outcome.kind !== 'created')
      deps.log.warn('incident channel still owed', { incident: pending.number, error: outcome.error });
    await settle(deps, pending, outcome);
  }
  return claimed.length;
}

const unique = (users: (string | null)[]): string[] => [...new Set(users.filter((u): u is string => !!u))];
