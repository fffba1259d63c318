import { drillMark, type Incident } from '../../domain/incident';
import type { ReviewExportPolicy } from '../../domain/integrations';
import { cut } from '../../domain/text';
import { type Notice, serviceLane } from '../../kernel/outbox/notice';
import type { Notifier } from '../../kernel/outbox/outbox.ports';

/** Every export of an incident's review waits in one lane: a second publish updates the page the first made. */
export const wikiLane = (incidentId: number): string => serviceLane('wiki:confluence', incidentId);

/** Confluence's limit on a page title. */
const TITLE_MAX = 255;

/**
 * The page's title: unique in the space, as Confluence requires, and the same on every try of a publish, since a
 * retry after a lost answer finds the page by it. `INC-12` is unique within one Slack workspace; the workspace's
 * id makes it unique in a space two workspaces share. A drill's page says so first, as its review does.
 */
export function wikiPageTitle(workspace: string, incident: Pick<Incident, 'number' | 'title' | 'isDrill'>): string {
  const head = `${drillMark(incident)}INC-${incident.number} review: `;
  const tail = ` (Slack ${workspace})`;
  return `${head}${cut(incident.title.replace(/\s+/g, ' ').trim(), TITLE_MAX - head.length - tail.length)}${tail}`;
}

/**
 * The notifier every use case writes through: a published review is also owed to the wiki, in the same
 * transaction. A private incident's too: its delivery keeps it from the wiki and tells the channel so.
 */
export function withReviewExport(inner: Notifier, policy: ReviewExportPolicy | null): Notifier {
  if (!policy) return inner;
  return {
    notify(tx, notice) {
      const notices: readonly Notice[] = Array.isArray(notice) ? notice : [notice as Notice];
      const exports = notices.flatMap((n): Notice[] =>
        n.type === 'review_submitted'
          ? [{ type: 'review_exported', lane: wikiLane(n.incident.id), incident: n.incident, document: n.document }]
          : [],
      );
      return inner.notify(tx, exports.length ? [...notices, ...exports] : notice);
    },
  };
}
