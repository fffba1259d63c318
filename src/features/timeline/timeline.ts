import { err, ok, type Result } from '../../domain/result';
import { fullTimeline, type KeyReason, slackTsToDate, type TimelineEntry } from '../../domain/timeline';
import type { Clock } from '../../kernel/clock';
import { isOneOfItsPeople } from '../../kernel/incident/query-incidents';
import { claimRequest } from '../../kernel/incident/requests';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { ReachesStakeholders } from '../updates/reminders.ports';
import type { Ingested, TimelineRepositories } from './timeline.ports';
import type { TimelineRefusal } from './timeline.refusals';

export interface TimelineDeps {
  uow: UnitOfWork<TimelineRepositories>;
  clock: Clock;
}

/** What posting a note or confirming a mark in the channel needs besides the store. */
export interface NoticeDeps extends TimelineDeps {
  notifier: Notifier;
  reachesStakeholders: ReachesStakeholders;
}

interface SlackEventRef {
  eventId: string;
  channelId: string;
}

export interface MessagePosted extends SlackEventRef {
  user: string;
  text: string;
  ts: string;
  threadTs: string | null;
}

/**
 * Every event is applied at most once: a message is keyed by its Slack ts, an edit or
 * deletion claims its event id in the same statement as its effect. They may come in
 * any order: an edit or deletion kept before its message is applied when it comes.
 * Events from channels that are not incidents are not recorded at all.
 */
export const recordMessage = (deps: TimelineDeps, message: MessagePosted): Promise<Ingested> =>
  deps.uow.timeline.ingest(message.eventId, message.channelId, deps.clock.now(), {
    kind: 'message',
    author: message.user,
    text: message.text,
    at: slackTsToDate(message.ts),
    slackTs: message.ts,
    threadTs: message.threadTs,
  });

/** `editTs`: when the edit was made (Slack's `message.edited.ts`); the newest edit wins whatever order they come in. */
export const recordEdit = (deps: TimelineDeps, event: SlackEventRef & { ts: string; text: string; editTs: string }) =>
  deps.uow.timeline.ingest(event.eventId, event.channelId, deps.clock.now(), {
    kind: 'edit',
    slackTs: event.ts,
    text: event.text,
    editTs: event.editTs,
  });

export const recordDeletion = (deps: TimelineDeps, event: SlackEventRef & { ts: string }) =>
  deps.uow.timeline.ingest(event.eventId, event.channelId, deps.clock.now(), { kind: 'delete', slackTs: event.ts });

export interface KeyMark {
  channelId: string;
  ts: string;
  reason: KeyReason;
  /** The message itself, when the event carries it: lets a message never seen before (a bot's) be recorded. */
  message?: { user: string; text: string; threadTs: string | null };
}

/**
 * Marks a message key (pin, :pushpin:, shortcut); it keeps its original time.
 * `actor`: the person who asked (the shortcut), who must be one of a private
 * incident's people, and whose copy of an unrecorded message is taken only for their own words.
 * `by`: who pinned or reacted (an event): they count as taking part, and the
 * first mark of a message is confirmed in the channel, once, through the outbox
 * (the event id is claimed in the same transaction, so a replay owes nothing).
 */
export async function markKey(
  deps: Omit<NoticeDeps, 'reachesStakeholders'>,
  mark: KeyMark & { eventId?: string; actor?: string; by?: string },
): Promise<Result<'marked' | 'already', TimelineRefusal>> {
  const incident = await deps.uow.incidents.findByChannel(mark.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  if (mark.actor !== undefined && !(await isOneOfItsPeople(deps.uow, incident, mark.actor)))
    return err({ kind: 'not_visible' });
  return deps.uow.transaction(async (tx) => {
    if (mark.eventId && !(await tx.processedEvents.claim(mark.eventId, deps.clock.now())))
      return ok('already' as const);
    let marked = await tx.timeline.markKey(incident.id, mark.ts, mark.reason);
    if (marked === 'missing') {
      if (!mark.message) return err({ kind: 'message_not_recorded' });
      // A shortcut's copy of the message can be forged: unless it is the person's own words, it is not taken as someone's message.
      if (mark.actor !== undefined && mark.message.user !== mark.actor) return err({ kind: 'message_not_recorded' });
      const { user, text, threadTs } = mark.message;
      await tx.timeline.addMessage(
        { incidentId: incident.id, author: user, text, at: slackTsToDate(mark.ts), slackTs: mark.ts, threadTs },
        mark.reason,
      );
      marked = 'marked';
    }
    const marker = mark.actor ?? mark.by;
    if (marker) await tx.members.recordMarker(incident.id, marker, deps.clock.now());
    // The shortcut answers its user itself; a pin or reaction has no one to answer but the channel.
    if (marked === 'marked' && mark.eventId)
      await deps.notifier.notify(tx, { type: 'key_marked', incident, ts: mark.ts });
    return ok(marked);
  });
}

/** A note goes into the key timeline and is posted in the channel for the team, saying whether the next digest will carry it. */
export async function addNote(
  deps: NoticeDeps,
  params: { channelId: string; user: string; text: string; requestKey?: string },
): Promise<Result<void, TimelineRefusal>> {
  const incident = await deps.uow.incidents.findByChannel(params.channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  return deps.uow.transaction(async (tx) => {
    if (!(await claimRequest(tx, params.requestKey, deps.clock.now())))
      return err({ kind: 'duplicate_request' } as const);
    await tx.timeline.addNote(incident.id, params.user, params.text, deps.clock.now());
    const toStakeholders = await deps.reachesStakeholders(tx, incident);
    await deps.notifier.notify(tx, {
      type: 'note_added',
      incident,
      text: params.text,
      actor: params.user,
      toStakeholders,
    });
    return ok(undefined);
  });
}

/** Changes, messages and notes of the incident whose channel this is. */
export async function timelineForChannel(
  uow: UnitOfWork<TimelineRepositories>,
  channelId: string,
): Promise<Result<TimelineEntry[], TimelineRefusal>> {
  const incident = await uow.incidents.findByChannel(channelId);
  if (!incident) return err({ kind: 'not_incident_channel' });
  const [entries, events] = await Promise.all([uow.timeline.entries(incident.id), uow.incidents.events(incident.id)]);
  return ok(fullTimeline(entries, events));
}
