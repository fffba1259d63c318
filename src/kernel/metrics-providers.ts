// What the metrics read at scrape time, kept here so the database can provide it without importing observability.

export interface OutboxStats {
  depth: number;
  oldestAgeSeconds: number;
  /** Notices set aside for good: a step failed for about a day, or the stored row could not be read. */
  dead: number;
}

/** Notices owed to one other service (a webhook endpoint, a paging service), by the service's lane prefix. */
export interface ServiceNotices {
  /** `webhook:<name>`, `pagerduty:<service>`…: a lane from serviceLane() without its incident. */
  service: string;
  pending: number;
  dead: number;
}

export interface OpenIncidents {
  severity: string;
  count: number;
}

/** Read at scrape time; each is optional (its gauges then read 0). */
export interface MetricsProviders {
  /** Pending outbox rows and the age of the oldest one. */
  outbox?: () => Promise<OutboxStats>;
  /** Seconds the oldest due-but-unclaimed reminder has been waiting. */
  schedulerLag?: () => Promise<number>;
  /** Open incidents (triage…monitoring) per severity (`none` when unset). */
  openIncidents?: () => Promise<OpenIncidents[]>;
  /** Outbox notices owed to other services, per service. */
  serviceNotices?: () => Promise<ServiceNotices[]>;
}
