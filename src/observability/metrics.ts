import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from '../kernel/log';
import type { MetricsProviders, OutboxStats } from '../kernel/metrics-providers';

/** What Slack asked for; the label of `slack_requests_total` and `slack_ack_seconds`. */
export type RequestKind =
  | 'command'
  | 'view_submission'
  | 'view_closed'
  | 'block_actions'
  | 'shortcut'
  | 'options'
  | 'event'
  | 'other'
  | 'unknown';

/**
 * How a request ended, from the HTTP status Firebreak answered with: `ok` (2xx),
 * `unauthorized` (bad signature), `unacknowledged` (no ack within 3 s: Bolt's 404),
 * `error` (5xx: a listener failed, Slack will retry an event), `rejected` (other
 * 4xx), `aborted` (the connection closed before the answer was written).
 */
export type RequestOutcome = 'ok' | 'unauthorized' | 'unacknowledged' | 'error' | 'rejected' | 'aborted';

export type { MetricsProviders } from '../kernel/metrics-providers';

export interface MetricsOptions extends MetricsProviders {
  /** Severities always exported, as 0 when none is open, so dashboards see every series. */
  severities?: readonly string[];
  /** Other services always exported (`webhook:<name>`…), as 0 when nothing is owed to them. */
  services?: readonly string[];
  /** Node process metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
  /** A provider slower than this counts as failed, so a stuck database cannot hang a scrape. Default 2 s. */
  providerTimeoutMs?: number;
  /**
   * How long a database-backed gauge's reading is reused. Default 0 (every scrape
   * reads); Firebreak sets a few seconds so a scrape flood costs one query set per
   * period instead of one per scrape.
   */
  gaugeCacheMs?: number;
  log?: Logger;
}

// From 1 ms up to Slack's 3 s deadline and a little past it.
const ACK_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

/**
 * Firebreak's Prometheus metrics. Each instance owns its Registry (never the
 * global default one), so several bots in one process (tests) do not collide.
 * Only counts, durations and severities are exported: no incident titles,
 * channels or people, so nothing of a private incident leaks through /metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'kind' | 'outcome'>;
  private readonly ack: Histogram<'kind'>;
  private readonly apiCalls: Counter<'method' | 'outcome'>;
  private readonly paced: Counter<'method' | 'outcome'>;
  private readonly pages: Counter<'service' | 'outcome'>;
  // prom-client hashes the label set on every call; a labelled child hashes it once.
  private readonly requestChildren = new Map<string, { inc(): void }>();
  private readonly ackChildren = new Map<string, { observe(v: number): void }>();
  private readonly apiChildren = new Map<string, { inc(): void }>();
  private readonly pacedChildren = new Map<string, { inc(): void }>();

  constructor(options: MetricsOptions = {}) {
    const reuse = <T>(provider: (() => Promise<T>) | undefined) =>
      provider ? reusedFor(options.gaugeCacheMs ?? 0, provider) : undefined;
    const o = {
      ...options,
      outbox: reuse(options.outbox),
      schedulerLag: reuse(options.schedulerLag),
      openIncidents: reuse(options.openIncidents),
      serviceNotices: reuse(options.serviceNotices),
    };
    const registers = [this.registry];
    const timeoutMs = o.providerTimeoutMs ?? 2000;
    this.requests = new Counter({
      name: 'slack_requests_total',
      help: 'Requests from Slack (commands, interactions, events) by kind and outcome.',
      labelNames: ['kind', 'outcome'],
      registers,
    });
    this.ack = new Histogram({
      name: 'slack_ack_seconds',
      help: 'Time from a Slack request arriving to its HTTP answer (the ack) being written, by kind.',
      labelNames: ['kind'],
      buckets: ACK_BUCKETS,
      registers,
    });
    this.apiCalls = new Counter({
      name: 'slack_api_calls_total',
      help: 'Slack Web API calls by method and outcome (ok, the Slack error code, ratelimited, timeout, http_5xx, http_4xx, request_failed).',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.paced = new Counter({
      name: 'slack_paced_total',
      help: "Web API calls Firebreak's own pacer held back, by method: waited (a person's call waited for a token) or deferred (not made; retried when a token comes).",
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.pages = new Counter({
      name: 'pages_total',
      help: 'Calls to paging services (PagerDuty, Opsgenie) by configured service and outcome: sent, refused (not retried), retried (429, 5xx, timeout), already_paged (a rule found the service paged), resolved, resolve_refused.',
      labelNames: ['service', 'outcome'],
      registers,
    });
    // The registry collects all metrics of a scrape concurrently: this counter, registered
    // after the gauges, waits for their reads so a failure shows in the same scrape.
    const reading = new Set<Promise<unknown>>();
    const collectErrors = new Counter({
      name: 'metrics_collect_errors_total',
      help: 'Gauge reads (from the database) that failed or timed out; the gauge then reads NaN or has no series.',
      labelNames: ['gauge'],
      registers: [],
      async collect() {
        await Promise.allSettled([...reading]);
      },
    });

    /** Reads `provider` within the timeout; undefined (and counted, logged) when it fails. */
    const read = <T>(gauge: string, provider: () => Promise<T>): Promise<T | undefined> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      });
      const result = Promise.race([Promise.resolve().then(provider), timeout]).then(
        (v) => v,
        (error: unknown) => {
          collectErrors.inc({ gauge });
          o.log?.warn('metrics: reading a gauge failed', { gauge, error });
          return undefined;
        },
      );
      reading.add(result);
      void result.finally(() => {
        clearTimeout(timer);
        reading.delete(result);
      });
      return result;
    };
    /** The outbox gauges come from one query: concurrent collect() calls of one scrape share it. */
    let outboxInflight: Promise<OutboxStats | undefined> | undefined;
    const readOutbox = (): Promise<OutboxStats | undefined> => {
      if (!o.outbox) return Promise.resolve({ depth: 0, oldestAgeSeconds: 0, dead: 0 });
      if (!outboxInflight) {
        const p = read('outbox', o.outbox);
        outboxInflight = p;
        void p.finally(() => {
          if (outboxInflight === p) outboxInflight = undefined;
        });
      }
      return outboxInflight;
    };

    // A failed read sets NaN (or, with labels, no series) rather than a stale or made-up value.
    const outboxGauge = (name: string, help: string, value: (s: OutboxStats) => number): void => {
      const gauge: Gauge = new Gauge({
        name,
        help,
        registers,
        async collect() {
          const s = await readOutbox();
          gauge.set(s ? value(s) : Number.NaN);
        },
      });
    };
    outboxGauge('outbox_depth', 'Slack notices written to the outbox and not yet delivered.', (s) => s.depth);
    outboxGauge(
      'outbox_oldest_age_seconds',
      'Age of the oldest undelivered outbox notice (0 when the outbox is empty).',
      (s) => Math.max(0, s.oldestAgeSeconds),
    );
    outboxGauge(
      'outbox_dead_notices',
      'Outbox notices dead-lettered (never delivered in full): each needs a look; the log names its incident.',
      (s) => s.dead,
    );
    const lag: Gauge = new Gauge({
      name: 'scheduler_lag_seconds',
      help: 'How long the oldest due reminder has been waiting to be claimed (0 when none is due).',
      registers,
      async collect() {
        const s = o.schedulerLag ? await read('scheduler_lag', o.schedulerLag) : 0;
        lag.set(s === undefined ? Number.NaN : Math.max(0, s));
      },
    });
    const severities = o.severities ?? [];
    const open: Gauge<'severity'> = new Gauge({
      name: 'incidents_open',
      help: 'Open incidents (triage, investigating, identified, monitoring) by severity; private ones are counted, never described.',
      labelNames: ['severity'],
      registers,
      async collect() {
        const rows = o.openIncidents ? await read('incidents_open', o.openIncidents) : [];
        open.reset();
        if (!rows) return;
        for (const severity of severities) open.set({ severity }, 0);
        for (const r of rows) open.set({ severity: r.severity }, r.count);
      },
    });

    const services = o.services ?? [];
    const serviceGauge: Gauge<'service' | 'state'> = new Gauge({
      name: 'outbox_service_notices',
      help: 'Outbox notices owed to other services (webhook:<endpoint>, paging services) by service and state: pending (not yet taken) or dead (gave up after about a day, or refused for good).',
      labelNames: ['service', 'state'],
      registers,
      async collect() {
        const rows = o.serviceNotices ? await read('outbox_service_notices', o.serviceNotices) : [];
        serviceGauge.reset();
        if (!rows) return;
        for (const service of services)
          for (const state of ['pending', 'dead']) serviceGauge.set({ service, state }, 0);
        for (const r of rows) {
          serviceGauge.set({ service: r.service, state: 'pending' }, r.pending);
          serviceGauge.set({ service: r.service, state: 'dead' }, r.dead);
        }
      },
    });

    this.registry.registerMetric(collectErrors);
    if (o.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  /** One answered Slack request: counted by kind and outcome, its ack latency observed by kind. */
  request(kind: RequestKind, outcome: RequestOutcome, seconds: number): void {
    child(this.requestChildren, `${kind} ${outcome}`, () => this.requests.labels(kind, outcome)).inc();
    child(this.ackChildren, kind, () => this.ack.labels(kind)).observe(seconds);
  }

  /** One finished Web API call. */
  countApiCall(method: string, outcome: string): void {
    child(this.apiChildren, `${method} ${outcome}`, () => this.apiCalls.labels(method, outcome)).inc();
  }

  /** One call the pacer held back (see SlackPacer). */
  countPaced(method: string, outcome: 'waited' | 'deferred'): void {
    child(this.pacedChildren, `${method} ${outcome}`, () => this.paced.labels(method, outcome)).inc();
  }

  /** One outcome of a page (see PageOutcome in src/features/paging). */
  countPage(service: string, outcome: string): void {
    this.pages.inc({ service, outcome });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition of everything above. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** `provider`'s answer (or failure) shared by every call within `ms` of the call that asked for it. */
function reusedFor<T>(ms: number, provider: () => Promise<T>): () => Promise<T> {
  if (ms <= 0) return provider;
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (!last || now - last.at >= ms) last = { at: now, value: Promise.resolve().then(provider) };
    return last.value;
  };
}

function child<T>(cache: Map<string, T>, key: string, make: () => T): T {
  let c = cache.get(key);
  if (!c) {
    c = make();
    cache.set(key, c);
  }
  return c;
}
