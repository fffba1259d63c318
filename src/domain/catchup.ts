import { type Followup, openSoonestDue } from './followup';
import { type Incident, runningMs } from './incident';
import type { IncidentEvent } from './incident-event';
import type { Status } from './status';
import type { TimelineEntry } from './timeline';

/** What someone joining late needs, taken from the stored record only (no summarising model). */
export interface Catchup {
  incident: Incident;
  /** Each status it has been in, from the declaration on, with when and who moved it. */
  statuses: { status: Status; at: Date; actor: string }[];
  latestUpdate: { text: string; at: Date } | null;
  /** The newest key timeline entries, oldest first. */
  keyEntries: TimelineEntry[];
  /** Open follow-ups, the soonest due first (undated last). */
  openFollowups: Followup[];
  nextUpdateDue: Date | null;
  /** How long it has run (to its resolution when resolved). */
  runningMs: number;
}

export interface CatchupFacts {
  incident: Incident;
  events: readonly IncidentEvent[];
  timeline: readonly TimelineEntry[];
  followups: readonly Followup[];
  latestUpdate: { text: string; at: Date } | null;
  /** When the next update is expected (src/domain/reminders.ts updateDueAt); null when none is. */
  nextUpdateDue: Date | null;
  now: Date;
}

/** Enough to follow the thread without scrolling; the full timeline is one command away. */
export const CATCHUP_KEY_ENTRIES = 8;

export function catchUp(facts: CatchupFacts): Catchup {
  const { incident } = facts;
  const statuses: Catchup['statuses'] = [{ status: 'triage', at: incident.declaredAt, actor: incident.declaredBy }];
  for (const e of facts.events)
    if (e.change.kind === 'status') statuses.push({ status: e.change.to, at: e.at, actor: e.actor });
  return {
    incident,
    statuses,
    latestUpdate: facts.latestUpdate,
    keyEntries: facts.timeline.filter((t) => t.key).slice(-CATCHUP_KEY_ENTRIES),
    openFollowups: openSoonestDue(facts.followups),
    nextUpdateDue: facts.nextUpdateDue,
    runningMs: runningMs(incident, facts.now),
  };
}

/** Joins this soon after the declaration are the people brought in with it: they saw it start. */
export const LATE_JOIN_AFTER_MS = 2 * 60_000;

/** Who is owed the card on joining: not the declarer or a role holder, and not those who came in with the declaration. */
export const isLateJoiner = (incident: Incident, user: string, now: Date): boolean =>
  user !== incident.declaredBy &&
  !Object.values(incident.roles).includes(user) &&
  now.getTime() - incident.declaredAt.getTime() >= LATE_JOIN_AFTER_MS;
