import { randomBytes } from 'node:crypto';
import { FakePagerDuty, type FakeService, type ReceivedRequest } from '@firebreak/service-fakes';
import { ALERTMANAGER_USER_AGENT, AlertmanagerSender, type FiredAlert } from './alertmanager';

/**
 * The services around Slack for a first try: the in-repo fakes on free ports, and the policy and environment
 * that point the bot at them, as a deployment's would point it at the real ones. Keys and secrets are fresh
 * each start: nothing outside this process ever needs them.
 */

/** The alert source the page's *Fire alert* form posts to: `POST /hooks/alerts/sandbox`. */
export const SANDBOX_ALERT_SOURCE = 'sandbox';
/** The paging service the sandbox's severe incidents page: `/incident page pagerduty` pages it by hand. */
export const SANDBOX_PAGING_SERVICE = 'pagerduty';

/** The variables the sandbox policy names, set as a deployment would set them. */
const VARS = {
  alertSecret: 'SANDBOX_ALERTMANAGER_SECRET',
  routingKey: 'SANDBOX_PAGERDUTY_ROUTING_KEY',
  pagerdutyUrl: 'PAGERDUTY_EVENTS_URL',
} as const;

/** The shape of Firebreak's policy keys `alertSources` and `paging` (a package cannot import the product's types). */
export interface SandboxIntegrationsPolicy {
  alertSources: {
    name: string;
    kind: 'alertmanager' | 'grafana' | 'generic';
    secretEnv: string;
    severityLabel: string;
    severities: Record<string, string>;
    categoryLabel: string | null;
    declare: 'auto' | 'ask' | 'never';
  }[];
  paging: {
    services: { name: string; kind: 'pagerduty' | 'opsgenie'; routingKeyEnv?: string }[];
    rules: { severities: string[]; categories: string[] | null; page: string[] }[];
  };
}

/** A page the fake on-call holds, as the Integrations panel lists it. */
export interface SandboxPage {
  service: string;
  dedupKey: string;
  summary: string;
  severity: string;
  status: 'open' | 'resolved';
  /** When the first trigger arrived, on the sandbox clock (ms). */
  at: number;
}

export interface IntegrationsView {
  pages: SandboxPage[];
}

export interface BotAnswer {
  status: number;
  body: unknown;
}

export class SandboxIntegrations {
  /** Variables to lay over the process environment: the secrets the policy names and the fakes' URLs. */
  readonly env: Record<string, string>;
  readonly pagerDuty = new FakePagerDuty();
  /** The policy's name for the alert source the page posts to (`/hooks/alerts/<name>`). */
  readonly alertSource = SANDBOX_ALERT_SOURCE;
  private readonly alertSecret = randomBytes(24).toString('base64url');
  private readonly stamps = new WeakMap<ReceivedRequest, number>();
  private readonly listeners = new Set<() => void>();
  private sender: AlertmanagerSender | undefined;

  /** `now`: the sandbox clock, read when a fake is reached, so the panel's times match the page's. */
  private constructor(private readonly now: () => number) {
    // PagerDuty's integration keys are 32 characters; the fake refuses any other it was not given.
    const routingKey = randomBytes(16).toString('hex');
    this.pagerDuty.addRoutingKey(routingKey);
    this.env = { [VARS.alertSecret]: this.alertSecret, [VARS.routingKey]: routingKey };
  }

  static async start(now: () => number): Promise<SandboxIntegrations> {
    const integrations = new SandboxIntegrations(now);
    await integrations.startFake(integrations.pagerDuty);
    integrations.env[VARS.pagerdutyUrl] = integrations.pagerDuty.url;
    return integrations;
  }

  async stop(): Promise<void> {
    await this.pagerDuty.stop();
  }

  /**
   * The policy a first try runs with, wired to the fakes: Alertmanager alerts that ask before declaring,
   * and the on-call paged for SEV1 and SEV2.
   */
  policy<Policy extends SandboxIntegrationsPolicy>(base: Policy): Policy {
    return {
      ...base,
      alertSources: [
        ...base.alertSources,
        {
          name: SANDBOX_ALERT_SOURCE,
          kind: 'alertmanager',
          secretEnv: VARS.alertSecret,
          severityLabel: 'severity',
          severities: { critical: 'SEV1', high: 'SEV2', error: 'SEV2', warning: 'SEV3' },
          categoryLabel: null,
          declare: 'ask',
        },
      ],
      paging: {
        services: [
          ...base.paging.services,
          { name: SANDBOX_PAGING_SERVICE, kind: 'pagerduty', routingKeyEnv: VARS.routingKey },
        ],
        rules: [
          ...base.paging.rules,
          { severities: ['SEV1', 'SEV2'], categories: null, page: [SANDBOX_PAGING_SERVICE] },
        ],
      },
    };
  }

  /** Called after any fake answers: the page redraws its panel then. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Posts `alert` to the bot's hook as Alertmanager would, and answers what the bot answered. */
  async fireAlert(hookUrl: string, pageUrl: string, alert: FiredAlert): Promise<BotAnswer> {
    this.sender ??= new AlertmanagerSender(pageUrl);
    const res = await fetch(hookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': ALERTMANAGER_USER_AGENT,
        authorization: `Bearer ${this.alertSecret}`,
      },
      body: JSON.stringify(this.sender.payload(alert, new Date(this.now()))),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON: shown as the text it is.
    }
    return { status: res.status, body };
  }

  view(): IntegrationsView {
    const triggers = this.pagerDuty.requestsTo('enqueue').filter((r) => r.status === 202 && !r.fault);
    const firstTrigger = (dedupKey: string) =>
      triggers.find((r) => (r.body as { dedup_key?: string }).dedup_key === dedupKey);
    const pages = this.pagerDuty.alerts.map((a): SandboxPage => {
      const first = firstTrigger(a.dedupKey);
      return {
        service: SANDBOX_PAGING_SERVICE,
        dedupKey: a.dedupKey,
        summary: a.summary,
        severity: a.severity,
        status: a.status === 'resolved' ? 'resolved' : 'open',
        at: (first && this.stamps.get(first)) ?? first?.at ?? this.now(),
      };
    });
    return { pages: pages.reverse() };
  }

  private async startFake(fake: FakeService): Promise<void> {
    await fake.start(0);
    fake.onAnswered((req) => {
      this.stamps.set(req, this.now());
      for (const listener of this.listeners) listener();
    });
  }
}
