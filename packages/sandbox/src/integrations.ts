import { randomBytes } from 'node:crypto';
import {
  FakeConfluence,
  FakeJira,
  FakePagerDuty,
  type FakeService,
  FakeStatuspage,
  WebhookReceiver,
} from '@firebreak/service-fakes';
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
  webhookSecret: 'SANDBOX_WEBHOOK_SECRET',
  pagerdutyUrl: 'PAGERDUTY_EVENTS_URL',
  jiraEmail: 'SANDBOX_JIRA_EMAIL',
  jiraToken: 'SANDBOX_JIRA_API_TOKEN',
  jiraWebhookSecret: 'SANDBOX_JIRA_WEBHOOK_SECRET',
  wikiEmail: 'SANDBOX_CONFLUENCE_EMAIL',
  wikiToken: 'SANDBOX_CONFLUENCE_TOKEN',
  statusPageKey: 'SANDBOX_STATUSPAGE_API_KEY',
  statusPageUrl: 'STATUSPAGE_API_URL',
} as const;

/** The Jira project the sandbox's follow-ups become tickets in. */
export const SANDBOX_JIRA_PROJECT = 'FB';
/** Firebreak's Atlassian account in the fake Jira. */
const JIRA_ACCOUNT = 'firebreak@example.com';
/** The sandbox workspace's people, as Jira users found by the email Slack has for them (`<name>@example.com`). */
const JIRA_PEOPLE = [
  { accountId: '712020:alice', email: 'alice@example.com', displayName: 'Alice Archer' },
  { accountId: '712020:bob', email: 'bob@example.com', displayName: 'Bob Baker' },
  { accountId: '712020:carol', email: 'carol@example.com', displayName: 'Carol Chen' },
  { accountId: '712020:dave', email: 'dave@example.com', displayName: 'Dave Diaz' },
];

/** The fake wiki's space reviews are exported to, and its key (in the pages' links). */
const WIKI_SPACE = { id: '98305', key: 'INC' };
const WIKI_EMAIL = 'firebreak@sandbox.example';

/** The fake status page's id and its components, each named by the categories whose incidents affect it. */
export const SANDBOX_STATUS_PAGE = 'sandboxpage1';
const STATUS_COMPONENTS = [
  { id: 'sbxwebsite001', name: 'Website', categories: ['Availability', 'Performance'] },
  { id: 'sbxpayments01', name: 'Payments', categories: ['Availability', 'Third party'] },
];

/** The policy's name for the sandbox's webhook endpoint (lanes, logs and metrics name it). */
export const SANDBOX_WEBHOOK_ENDPOINT = 'sandbox-receiver';

/**
 * The shape of Firebreak's policy keys `alertSources`, `paging`, `webhooks` and `reviewExport` (a package cannot
 * import the product's types).
 */
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
  webhooks: {
    name: string;
    url: string;
    secretEnv: string;
    events: readonly string[] | '*';
    includePrivate: boolean;
  }[];
  /** Any tracker (the product's `TicketsPolicy`); the sandbox sets its own, kind `jira`. */
  tickets: object | null;
  reviewExport: {
    kind: 'confluence';
    baseUrl: string;
    spaceId: string;
    parentId: string | null;
    emailEnv: string;
    tokenEnv: string;
  } | null;
  statusPage: { pageId: string; apiKeyEnv: string; components: Record<string, string[]> } | null;
}

/** The public status page as the fake holds it: its components and its incidents, newest first. */
export interface SandboxStatusPage {
  components: { name: string; status: string }[];
  incidents: {
    name: string;
    status: string;
    shortlink: string;
    /** Newest first: what customers read, with the status each update set. */
    updates: { status: string; body: string; at: string }[];
  }[];
}

/** A ticket the fake Jira holds, as the Integrations panel lists it. */
export interface SandboxTicket {
  key: string;
  url: string;
  summary: string;
  status: string;
  done: boolean;
  assignee: string | null;
  due: string | null;
  labels: string[];
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

/** A delivery the webhook receiver got, as the Integrations panel lists it. */
export interface SandboxWebhook {
  type: string | null;
  /** The incident's reference (`INC-12`), when the payload names one. */
  incident: string | null;
  id: string | null;
  /** The signature matched the receiver's secret and the timestamp was within 5 minutes. */
  valid: boolean;
  reason: string | null;
  /** What the receiver answered (204; 401 for a bad signature). */
  status: number;
  /** A redelivery of a webhook-id the receiver had processed already (the sender retried). */
  repeat: boolean;
  at: number;
}

/** A page the fake wiki holds (a published review), as the Integrations panel shows it. */
export interface SandboxWikiPage {
  id: string;
  title: string;
  version: number;
  /** Its storage format (XHTML), as Firebreak rendered it: the panel draws it. */
  body: string;
  /** When its latest version arrived, on the sandbox clock (ms). */
  at: number;
}

export interface IntegrationsView {
  pages: SandboxPage[];
  webhooks: SandboxWebhook[];
  tickets: SandboxTicket[];
  wikiPages: SandboxWikiPage[];
  statusPage: SandboxStatusPage;
}

export interface BotAnswer {
  status: number;
  body: unknown;
}

export class SandboxIntegrations {
  /** Variables to lay over the process environment: the secrets the policy names and the fakes' URLs. */
  readonly env: Record<string, string>;
  readonly pagerDuty = new FakePagerDuty();
  readonly jira = new FakeJira().addProject(SANDBOX_JIRA_PROJECT, ['Task']);
  readonly webhooks: WebhookReceiver;
  readonly confluence = new FakeConfluence();
  readonly statusPage: FakeStatuspage;
  /** The policy's name for the alert source the page posts to (`/hooks/alerts/<name>`). */
  readonly alertSource = SANDBOX_ALERT_SOURCE;
  private readonly alertSecret = randomBytes(24).toString('base64url');
  /** When each request or webhook delivery arrived, on the sandbox clock. */
  private readonly stamps = new WeakMap<object, number>();
  private readonly listeners = new Set<() => void>();
  private sender: AlertmanagerSender | undefined;

  /** `now`: the sandbox clock, read when a fake is reached, so the panel's times match the page's. */
  private constructor(private readonly now: () => number) {
    // PagerDuty's integration keys are 32 characters; the fake refuses any other it was not given.
    const routingKey = randomBytes(16).toString('hex');
    this.pagerDuty.addRoutingKey(routingKey);
    // Standard Webhooks secrets are `whsec_` and base64 of 24 to 64 random bytes.
    const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
    this.webhooks = new WebhookReceiver({ secret: webhookSecret });
    const jiraToken = `ATATT${randomBytes(24).toString('base64url')}`;
    const jiraWebhookSecret = randomBytes(24).toString('base64url');
    this.jira.addAccount(JIRA_ACCOUNT, jiraToken);
    for (const person of JIRA_PEOPLE) this.jira.addUser(person);
    const wikiToken = randomBytes(18).toString('base64url');
    this.confluence.addAccount(WIKI_EMAIL, wikiToken).addSpace(WIKI_SPACE.id, WIKI_SPACE.key);
    const statusPageKey = randomBytes(16).toString('hex');
    this.statusPage = new FakeStatuspage(now).addPage(
      SANDBOX_STATUS_PAGE,
      statusPageKey,
      STATUS_COMPONENTS.map(({ id, name }) => ({ id, name })),
    );
    this.env = {
      [VARS.alertSecret]: this.alertSecret,
      [VARS.routingKey]: routingKey,
      [VARS.webhookSecret]: webhookSecret,
      [VARS.jiraEmail]: JIRA_ACCOUNT,
      [VARS.jiraToken]: jiraToken,
      [VARS.jiraWebhookSecret]: jiraWebhookSecret,
      [VARS.wikiEmail]: WIKI_EMAIL,
      [VARS.wikiToken]: wikiToken,
      [VARS.statusPageKey]: statusPageKey,
    };
  }

  static async start(now: () => number): Promise<SandboxIntegrations> {
    const integrations = new SandboxIntegrations(now);
    await integrations.startFake(integrations.pagerDuty);
    integrations.env[VARS.pagerdutyUrl] = integrations.pagerDuty.url;
    await integrations.startFake(integrations.webhooks);
    await integrations.startFake(integrations.jira);
    await integrations.startFake(integrations.confluence);
    await integrations.startFake(integrations.statusPage);
    integrations.env[VARS.statusPageUrl] = integrations.statusPage.url;
    return integrations;
  }

  async stop(): Promise<void> {
    await Promise.all([
      this.pagerDuty.stop(),
      this.webhooks.stop(),
      this.jira.stop(),
      this.confluence.stop(),
      this.statusPage.stop(),
    ]);
  }

  /** Once the bot listens: the fake Jira sends its issue webhooks to `/hooks/tickets/jira`, signed. */
  sendTicketWebhooksTo(url: string): void {
    this.jira.sendWebhooksTo(url, this.env[VARS.jiraWebhookSecret]);
  }

  /** Someone closes `key` in Jira: the fake sends its webhook to Firebreak; answers what Firebreak answered. */
  async closeTicket(key: string): Promise<BotAnswer> {
    const issue = this.jira.issue(key);
    if (!issue) throw new Error(`the fake Jira has no ticket ${key}`);
    if (this.jira.statusOf(key) === 'Done') throw new Error(`${key} is closed already`);
    const delivery = await this.jira.closeInTracker(key, { by: 'Jira user' });
    for (const listener of this.listeners) listener();
    return { status: delivery?.status ?? 0, body: delivery ? null : 'no webhook is configured' };
  }

  /**
   * The policy a first try runs with, wired to the fakes: Alertmanager alerts that ask before declaring,
   * the on-call paged for SEV1 and SEV2, every change sent to the webhook receiver (private incidents
   * excepted, as the policy's default), published reviews exported to the fake wiki, and a public status page whose
   * components the categories name.
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
      webhooks: [
        ...base.webhooks,
        {
          name: SANDBOX_WEBHOOK_ENDPOINT,
          url: this.webhooks.endpoint,
          secretEnv: VARS.webhookSecret,
          events: '*',
          includePrivate: false,
        },
      ],
      tickets: {
        kind: 'jira',
        baseUrl: this.jira.url,
        project: SANDBOX_JIRA_PROJECT,
        issueType: 'Task',
        emailEnv: VARS.jiraEmail,
        tokenEnv: VARS.jiraToken,
        labels: ['sandbox'],
        webhookSecretEnv: VARS.jiraWebhookSecret,
        reconcileEvery: 15 * 60_000,
        includePrivate: false,
      },
      reviewExport: {
        kind: 'confluence',
        baseUrl: this.confluence.base,
        spaceId: WIKI_SPACE.id,
        parentId: null,
        emailEnv: VARS.wikiEmail,
        tokenEnv: VARS.wikiToken,
      },
      statusPage: {
        pageId: SANDBOX_STATUS_PAGE,
        apiKeyEnv: VARS.statusPageKey,
        components: Object.fromEntries(
          [...new Set(STATUS_COMPONENTS.flatMap((c) => c.categories))].map((category) => [
            category,
            STATUS_COMPONENTS.filter((c) => c.categories.includes(category)).map((c) => c.id),
          ]),
        ),
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
    const webhooks = this.webhooks.deliveries.map((d): SandboxWebhook => {
      const data = (d.body as { data?: { incident?: { reference?: unknown } } } | null)?.data;
      const reference = data?.incident?.reference;
      return {
        type: d.type ?? null,
        incident: typeof reference === 'string' ? reference : null,
        id: d.id ?? null,
        valid: d.valid,
        reason: d.reason ?? null,
        status: d.status,
        repeat: d.valid && !d.first && d.status < 300,
        at: this.stamps.get(d) ?? this.now(),
      };
    });
    const tickets = this.jira.issues.map((i): SandboxTicket => {
      const status = this.jira.statusOf(i.key) ?? '?';
      return {
        key: i.key,
        url: `${this.jira.url}/browse/${i.key}`,
        summary: i.summary,
        status,
        done: status === 'Done',
        assignee: JIRA_PEOPLE.find((p) => p.accountId === i.assignee)?.displayName ?? null,
        due: i.duedate,
        labels: i.labels,
      };
    });
    const wikiPages = this.confluence.pages.map((p): SandboxWikiPage => {
      // Its latest version arrived with the last write the fake took for it: a PUT to it, or the POST that made it.
      const latest = this.confluence.received
        .filter(
          (r) =>
            r.status === 200 &&
            !r.fault &&
            ((r.method === 'PUT' && r.path.endsWith(`/pages/${p.id}`)) ||
              (r.method === 'POST' && (r.body as { title?: unknown } | null)?.title === p.history[0]?.title)),
        )
        .at(-1);
      return {
        id: p.id,
        title: p.title,
        version: p.version,
        body: p.body,
        at: (latest && this.stamps.get(latest)) ?? this.now(),
      };
    });
    const statusPage: SandboxStatusPage = {
      components: this.statusPage.components(SANDBOX_STATUS_PAGE).map((c) => ({ name: c.name, status: c.status })),
      incidents: this.statusPage.incidents(SANDBOX_STATUS_PAGE).map((i) => ({
        name: i.name,
        status: i.status,
        shortlink: i.shortlink,
        updates: i.updates.map((u) => ({ status: u.status, body: u.body, at: u.createdAt })),
      })),
    };
    return {
      pages: pages.reverse(),
      webhooks: webhooks.reverse(),
      tickets: tickets.reverse(),
      wikiPages: wikiPages.reverse(),
      statusPage,
    };
  }

  private async startFake(fake: FakeService): Promise<void> {
    await fake.start(0);
    fake.onAnswered((req) => {
      const now = this.now();
      this.stamps.set(req, now);
      // The receiver records a delivery while handling its request: the one(s) not yet stamped arrived now.
      for (let i = this.webhooks.deliveries.length - 1; i >= 0 && !this.stamps.has(this.webhooks.deliveries[i]); i--)
        this.stamps.set(this.webhooks.deliveries[i], now);
      for (const listener of this.listeners) listener();
    });
  }
}
