import { type Followup, openSoonestDue } from '../../domain/followup';
import { type Incident, runningMs } from '../../domain/incident';
import type { Policy } from '../../domain/policy';
import { guideFor, planGuide } from '../../domain/recovery';
import { updateDueAt } from '../../domain/reminders';
import { keyTimeline, type TimelineEntry } from '../../domain/timeline';
import type { Repositories } from '../../kernel/unit-of-work.ports';
import type { FollowupRepositories } from '../followups/followups.ports';
import type { ReviewRepositories } from '../review/review.ports';
import type { TimelineRepositories } from '../timeline/timeline.ports';
import type { CanvasLink, CanvasLinkSource, CanvasRepositories } from './canvas.ports';

/** The repositories a canvas is read from. */
export type CanvasNeed = CanvasRepositories & TimelineRepositories & FollowupRepositories & ReviewRepositories;

/** The key timeline's last entries the canvas shows; the whole of it is `/incident timeline`. */
export const CANVAS_KEY_ENTRIES = 20;

/** What the canvas shows, read from the record as it stands. */
export interface CanvasFacts {
  incident: Incident;
  now: Date;
  /** How long it has run (to its resolution when resolved). */
  runningMs: number;
  latestUpdate: { text: string; at: Date } | null;
  nextUpdateDue: Date | null;
  /** The newest key entries, oldest first. */
  keyEntries: TimelineEntry[];
  /** Open follow-ups, the soonest due first (undated last). */
  openFollowups: Followup[];
  links: CanvasLink[];
  /** The policy's incident types: the incident's custom fields are listed in its type's order. */
  types: Policy['types'];
}

/** The links every incident may have from the record itself: its recovery guide, the alert that opened it, its review. */
export function recordLinks(incident: Incident, policy: Policy, reviewPermalink: string | null): CanvasLink[] {
  const links: CanvasLink[] = [];
  const guide =
    incident.isDrill && incident.drillPlan ? planGuide(incident.drillPlan, policy) : guideFor(incident, policy);
  if (guide?.runbook) links.push({ label: `Runbook: ${guide.runbook.title}`, url: guide.runbook.url });
  if (guide?.plan) links.push({ label: `DR plan: ${guide.plan.title}`, url: guide.plan.url });
  if (incident.origin?.url)
    links.push({ label: `Alert: ${incident.origin.alertName} (${incident.origin.source})`, url: incident.origin.url });
  if (reviewPermalink) links.push({ label: 'Post-incident review', url: reviewPermalink });
  return links;
}

export async function readCanvas(
  repos: Repositories<CanvasNeed>,
  incident: Incident,
  now: Date,
  policy: Policy,
  linkSources: readonly CanvasLinkSource[],
): Promise<CanvasFacts> {
  const [timeline, followups, latest, cadence, review, more] = await Promise.all([
    repos.timeline.entries(incident.id),
    repos.followups.forIncident(incident.id),
    repos.timeline.latestNote(incident.id),
    repos.incidents.cadence(incident.id),
    repos.reviews.get(incident.id),
    Promise.all(linkSources.map((source) => source(incident))),
  ]);
  return {
    incident,
    now,
    runningMs: runningMs(incident, now),
    latestUpdate: latest ?? null,
    nextUpdateDue: updateDueAt(incident, cadence, policy),
    keyEntries: keyTimeline(timeline).slice(-CANVAS_KEY_ENTRIES),
    openFollowups: openSoonestDue(followups),
    links: [...recordLinks(incident, policy, review?.filePermalink ?? null), ...more.flat()],
    types: policy.types,
  };
}
