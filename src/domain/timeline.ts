import type { IncidentChange, IncidentEvent } from './incident-event';
import { STATUS_LABEL } from './status';
import { COMPONENT_STATUS_LABEL, PUBLIC_STATUS_LABEL } from './status-page';

/** Why an entry belongs to the key timeline (the short story of the incident). */
export type KeyReason = 'pin' | 'reaction' | 'shortcut' | 'note' | 'change';

export interface TimelineEntry {
  /** 'message' typed in the channel, 'note' from `/incident note`, 'change' a lifecycle change. */
  kind: 'message' | 'note' | 'change';
  /** When it happened (a message keeps its original time even when marked key later). */
  at: Date;
  /** Slack user id of the author or actor. */
  author: string;
  /** As typed (Slack mrkdwn from a person) or, for changes, a plain description. */
  text: string;
  key: boolean;
  keyReason: KeyReason | null;
  /** Slack message ts for messages; orders entries that share a timestamp. */
  slackTs: string | null;
  threadTs: string | null;
  edited: boolean;
  /** For a 'change': what changed, so a renderer can escape the parts people typed (a title, a message). */
  change?: IncidentChange;
}

/** Oldest first; ties keep a stable order so rendering is byte-for-byte repeatable. */
export function sortTimeline(entries: readonly TimelineEntry[]): TimelineEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort(
      (first, second) =>
        first.e.at.getTime() - second.e.at.getTime() ||
        (first.e.slackTs ?? '').localeCompare(second.e.slackTs ?? '') ||
        first.i - second.i,
    )
    .map(({ e }) => e);
}

export const keyTimeline = (entries: readonly TimelineEntry[]): TimelineEntry[] =>
  sortTimeline(entries.filter((e) => e.key));

/**
 * A lifecycle change in words; people as Slack mentions so each renderer can show their names.
 * `typed` is applied to the text people typed (a title, a message, a step), for renderers that
 * must escape it while keeping the mentions live.
 */
export function describeChange(change: IncidentChange, typed: (text: string) => string = (t) => t): string {
  switch (change.kind) {
    case 'declared':
      return `${change.drill ? 'Drill declared' : 'Declared'}: ${typed(change.title)} (${change.severity ?? 'no severity'}${change.isPrivate ? ', private' : ''})`;
    case 'status':
      return `Status ${STATUS_LABEL[change.from]} → ${STATUS_LABEL[change.to]}${change.message ? `: ${typed(change.message)}` : ''}`;
    case 'severity':
      return `Severity ${change.from ?? 'none'} → ${change.to}`;
    case 'role':
      return `${change.role[0].toUpperCase()}${change.role.slice(1)}: <@${change.to}>${change.from ? ` (was <@${change.from}>)` : ''}`;
    case 'extra_role':
      return `${typed(change.role)}: <@${change.to}>${change.from ? ` (was <@${change.from}>)` : ''}`;
    case 'fields_changed':
      return `Fields: ${change.changes.map((c) => `${typed(c.label)} ${c.from === null ? '' : `${typed(c.from)} `}→ ${c.to === null ? 'none' : typed(c.to)}`).join('; ')}`;
    case 'invited':
      return `Invited ${change.users.map((u) => `<@${u}>`).join(', ')}`;
    case 'step_ticked':
      return `Recovery step ${change.step} done (${typed(change.plan)}): ${typed(change.text)}`;
    case 'followup_closed':
      return `Follow-up done: ${typed(change.text)} (${change.ticket} closed in ${change.tracker}${change.by ? ` by ${typed(change.by)}` : ''})`;
    case 'paged':
      return `Paged ${change.service} (${change.provider})${change.automatic ? ' automatically' : ''}${change.message ? `: ${typed(change.message)}` : ''}`;
    case 'published':
      return `Status page (${PUBLIC_STATUS_LABEL[change.status]}${change.componentStatus ? `, components ${COMPONENT_STATUS_LABEL[change.componentStatus].toLowerCase()}` : ''}): ${typed(change.message)}`;
  }
}

/** Every lifecycle change is part of the key timeline. */
export function changeEntry(event: IncidentEvent): TimelineEntry {
  return {
    kind: 'change',
    at: event.at,
    author: event.actor,
    text: describeChange(event.change),
    key: true,
    keyReason: 'change',
    slackTs: null,
    threadTs: null,
    edited: false,
    change: event.change,
  };
}

/** Messages, notes and changes in one story, oldest first. */
export function fullTimeline(entries: readonly TimelineEntry[], events: readonly IncidentEvent[]): TimelineEntry[] {
  return sortTimeline([...events.map(changeEntry), ...entries]);
}

/** Slack message ts (`1700000000.000100`) to the moment it was posted. */
export function slackTsToDate(ts: string): Date {
  return new Date(Math.round(Number(ts) * 1000));
}
