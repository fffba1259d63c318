// What the metrics read at scrape time, kept here so the database can provide it without importing observability.

export interface OutboxStats {
  depth: number;
  oldestAgeSeconds: number;
  /** Notices set aside for good: a step failed for about a day, or the stored row could not be read. */
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
}
