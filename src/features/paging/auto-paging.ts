import { isRaise, type PagingPolicy, servicesToPage } from '../../domain/paging';
import type { Notice } from '../../kernel/outbox/notice';
import type { Notifier } from '../../kernel/outbox/outbox.ports';
import { pageLane } from './paging';

/** Statuses after which nobody needs to stay paged. */
const OVER = new Set(['resolved', 'closed', 'cancelled']);

/**
 * The pages a notice sets off, by the policy's rules: a declaration at a severity, a raise to one, and the end of
 * the incident (each service's page resolved; one that was never paged is skipped at delivery). Whether a service
 * was paged already is known only at delivery, in the page's own lane, where it is checked.
 */
export function pagesOwed(paging: PagingPolicy, notice: Notice): Notice[] {
  if (!paging.services.length) return [];
  const page = (incident: Extract<Notice, { type: 'changed' }>['incident'], actor: string) =>
    servicesToPage(paging, incident).map(
      (service): Notice => ({
        type: 'page_requested',
        lane: pageLane(service, incident.id),
        incident,
        service,
        actor,
        message: null,
        automatic: true,
      }),
    );
  if (notice.type === 'declared') return page(notice.incident, notice.incident.declaredBy);
  if (notice.type !== 'changed') return [];
  const { incident, event } = notice;
  const change = event.change;
  if (change.kind === 'severity' && isRaise(change.from, change.to)) return page(incident, event.actor);
  if (change.kind === 'status' && OVER.has(change.to) && !OVER.has(change.from))
    return paging.services.map(
      (s): Notice => ({ type: 'page_resolved', lane: pageLane(s.name, incident.id), incident, service: s.name }),
    );
  return [];
}

/** The notifier every use case writes through: each notice is followed, in the same transaction, by the pages it owes. */
export function withAutoPaging(inner: Notifier, paging: PagingPolicy): Notifier {
  return {
    notify(tx, notice) {
      const notices: readonly Notice[] = Array.isArray(notice) ? notice : [notice as Notice];
      const pages = notices.flatMap((n) => pagesOwed(paging, n));
      return inner.notify(tx, pages.length ? [...notices, ...pages] : notice);
    },
  };
}
