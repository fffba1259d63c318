import type { Incident } from '../../domain/incident';
import type { PagingService } from '../../domain/paging';

/** Where an incident stands with one paging service. `notice`: the outbox notice that paged it last. */
export interface PageState {
  notice: string;
  open: boolean;
  pagedAt: Date | null;
  refused: string | null;
}

export interface PageRepository {
  get(incidentId: number, service: string): Promise<PageState | undefined>;
  /** `notice` takes the row over for its page (a fresh attempt: nothing refused or recorded yet). */
  claim(incidentId: number, service: string, notice: string): Promise<void>;
  /** The service took the page of `notice`. */
  accepted(incidentId: number, service: string, notice: string, at: Date): Promise<void>;
  /** The service refused the page of `notice` for good, saying `why`. */
  refused(incidentId: number, service: string, notice: string, why: string): Promise<void>;
  /** True once only: the accepted page of `notice` goes into the timeline then. */
  markRecorded(incidentId: number, service: string, notice: string): Promise<boolean>;
  /** The service's alert for the incident is resolved. */
  close(incidentId: number, service: string): Promise<void>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface PagingRepositories {
  pages: PageRepository;
}

/**
 * What a page says. A private incident's title stays in Slack: the paging service's alert is seen by everyone on
 * that account, not only the on-call brought in, so the page names only its number and severity.
 */
export interface PageContent {
  incident: Pick<Incident, 'number' | 'title' | 'severity' | 'channelId' | 'isPrivate'>;
  actor: string;
  message: string | null;
}

/** The paging services' APIs. Each call throws ServiceCallError (src/kernel/outbound) when refused or unreachable. */
export interface Pager {
  trigger(service: PagingService, page: PageContent): Promise<void>;
  resolve(service: PagingService, incidentNumber: number): Promise<void>;
}

/** Counted in /metrics by service and outcome. */
export type PageOutcome = 'sent' | 'refused' | 'retried' | 'already_paged' | 'resolved' | 'resolve_refused';
