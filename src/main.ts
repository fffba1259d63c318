import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Incident } from './domain/incident';
import type { Policy } from './domain/policy';
import { err } from './domain/result';
import type { StatsQuery } from './domain/stats';
import { ALERT_HOOK_PREFIX, alertHook } from './features/alerts/alert-hook';
import { alertDeliveries } from './features/alerts/alerts.delivery';
import type { AlertDeclareForm, DeclareForAlert } from './features/alerts/alerts.ports';
import { alertRepositories } from './features/alerts/alerts.repository';
import { registerAlertPrompts } from './features/alerts/alerts.slack';
import { canvasDeliveries } from './features/canvas/canvas.delivery';
import { canvasRepositories } from './features/canvas/canvas.repository';
import { CanvasNotifier } from './features/canvas/canvas-refresh';
import { offerCatchup } from './features/catchup/catchup';
import { catchupDeliveries } from './features/catchup/catchup.delivery';
import { catchupRepositories } from './features/catchup/catchup.repository';
import { catchupSubcommands } from './features/catchup/catchup.slack';
import { feedbackDeliveries } from './features/feedback/feedback.delivery';
import { feedbackRepositories } from './features/feedback/feedback.repository';
import { registerFeedback } from './features/feedback/feedback.slack';
import { followupRepositories } from './features/followups/followup.repository';
import { followupSubcommands } from './features/followups/followup-commands.slack';
import { completeFollowup } from './features/followups/followups';
import { followupDeliveries } from './features/followups/followups.delivery';
import { followupRefusalText } from './features/followups/followups.refusal-text';
import { registerFollowupButtons } from './features/followups/followups.slack';
import type { HomeParts } from './features/home/home.ports';
import { registerAppHome } from './features/home/home.slack';
import { SlackChannelGateway } from './features/incidents/channel.gateway';
import { registerChannelEvents } from './features/incidents/channel-events.slack';
import { registerDeclareSubmission, registerDeclareTypeChange } from './features/incidents/declare.slack';
import { completePendingChannels, declareIncident } from './features/incidents/declare-incident';
import { declareModal } from './features/incidents/declare-modal.view';
import { registerDeclareShortcuts } from './features/incidents/declare-shortcuts.slack';
import { registerHeaderActions } from './features/incidents/header-actions.slack';
import { incidentSubcommands } from './features/incidents/incident-commands.slack';
import { registerMembershipEvents } from './features/incidents/membership-events.slack';
import { openDeclareFromCommand } from './features/incidents/open-declare-modal.slack';
import type { OfferRecoveryGuide } from './features/incidents/recovery-guide.ports';
import { registerSimilarIncidentJoin } from './features/incidents/similar-incidents.slack';
import { withAutoPaging } from './features/paging/auto-paging';
import { HttpPager, type PagerOptions } from './features/paging/pager.gateway';
import { pagingDeliveries } from './features/paging/paging.delivery';
import { pagingRepositories } from './features/paging/paging.repository';
import { pagingSubcommands } from './features/paging/paging-commands.slack';
import { remindDueDrills } from './features/recovery/drill-reminders';
import { offerRecoveryGuide } from './features/recovery/recovery';
import { recoveryDeliveries } from './features/recovery/recovery.delivery';
import { recoveryRepositories } from './features/recovery/recovery.repository';
import { registerRecoveryStep } from './features/recovery/recovery.slack';
import { openReviewFromCommand, registerReviewButton } from './features/review/open-review-modal.slack';
import { refreshReviewDocument } from './features/review/review';
import { reviewDeliveries } from './features/review/review.delivery';
import { reviewRepositories } from './features/review/review.repository';
import { registerReviewSubmission } from './features/review/review.slack';
import { ConfluenceWiki } from './features/review-export/confluence.gateway';
import { withReviewExport } from './features/review-export/review-export';
import { reviewExportDeliveries } from './features/review-export/review-export.delivery';
import { reviewExportRepositories } from './features/review-export/review-export.repository';
import { declaredHook } from './features/shortcuts/shortcuts';
import { shortcutsDeliveries } from './features/shortcuts/shortcuts.delivery';
import type { WorkflowDeclaration } from './features/shortcuts/shortcuts.ports';
import { shortcutsRepositories } from './features/shortcuts/shortcuts.repository';
import { registerWorkflowSteps } from './features/shortcuts/workflow-steps.slack';
import { queryStats } from './features/stats/stats.queries';
import { statsSections } from './features/stats/stats.view';
import { statsSubcommands } from './features/stats/stats-command.slack';
import { publicPostRequester, withResolveOffer } from './features/status-page/status-page';
import { statusPageDeliveries } from './features/status-page/status-page.delivery';
import { statusPageRepositories } from './features/status-page/status-page.repository';
import { registerStatusPageButtons } from './features/status-page/status-page.slack';
import { HttpStatusPageApi } from './features/status-page/statuspage.gateway';
import { TICKET_HOOK_PREFIX, ticketHook } from './features/tickets/ticket-hook';
import { reconcileTickets, withTickets } from './features/tickets/tickets';
import { ticketDeliveries } from './features/tickets/tickets.delivery';
import { ticketRepositories } from './features/tickets/tickets.repository';
import { createTracker, hookReaderFor } from './features/tickets/trackers.gateway';
import { registerKeyEvents } from './features/timeline/key-events.slack';
import { registerMessageEvents } from './features/timeline/message-events.slack';
import { timelineDeliveries } from './features/timeline/timeline.delivery';
import { timelineRepositories } from './features/timeline/timeline.repository';
import { timelineSubcommands } from './features/timeline/timeline-commands.slack';
import { registerTimelineShortcut } from './features/timeline/timeline-shortcut.slack';
import { registerButtons } from './features/updates/buttons.slack';
import { reminderRepositories } from './features/updates/reminder.repository';
import { fireDueReminders, reminderSync } from './features/updates/reminders';
import { stakeholderReach } from './features/updates/stakeholders';
import { registerUpdateSubmission } from './features/updates/update.slack';
import { openUpdateFromCommand, updateSubcommands } from './features/updates/update-commands.slack';
import { updateDeliveries } from './features/updates/updates.delivery';
import { updatesRefusalText } from './features/updates/updates.refusal-text';
import { postWorkflowUpdate } from './features/updates/workflow-update';
import { WebhookNotifier } from './features/webhooks/webhook-events';
import { webhookDeliveries } from './features/webhooks/webhooks.delivery';
import { webhookRepositories } from './features/webhooks/webhooks.repository';
import { type Clock, systemClock } from './kernel/clock';
import { EnvError } from './kernel/config/env';
import { policySecrets, readSecrets, secretsOf } from './kernel/config/secrets';
import { createDatabase, type Database, pingDatabase } from './kernel/db/connect';
import { metricsProviders } from './kernel/db/metrics.queries';
import { migrate } from './kernel/db/migrate';
import { PgRateBuckets } from './kernel/db/rate-buckets.repository';
import { createUnitOfWork } from './kernel/db/unit-of-work';
import { createLogger, type Logger } from './kernel/log';
import { Announcements } from './kernel/outbox/announcements';
import { lifecycleDeliveries } from './kernel/outbox/lifecycle.delivery';
import { SlackNoticeDelivery } from './kernel/outbox/notifier';
import { OutboxNotifier } from './kernel/outbox/outbox';
import { OutboxWorker } from './kernel/outbox/outbox-worker';
import { Scheduler } from './kernel/scheduler';
import { SlackAdminDirectory } from './kernel/slack/admins';
import { boltLogger, createBoltApp } from './kernel/slack/bolt-app';
import { ChannelDirectory } from './kernel/slack/channel-directory';
import { incidentCommand } from './kernel/slack/incident-command';
import { Inflight } from './kernel/slack/inflight';
import { SlackPacer } from './kernel/slack/pacer';
import { SlackPeopleDirectory } from './kernel/slack/people';
import { startAdminServer } from './observability/admin-server';
import { Metrics } from './observability/metrics';
import { instrumentWebClient } from './observability/web-client';

export interface FirebreakOptions {
  databaseUrl: string;
  slack: { botToken: string; signingSecret: string; apiUrl: string; appToken?: string };
  /** 0 picks a free port (tests). */
  port: number;
  /** Serves /metrics and /readyz (and /healthz); default 0: a free port. */
  adminPort?: number;
  /** How long the database-backed gauges of /metrics are reused; default 5 s. */
  metricsCacheMs?: number;
  /** How long stop() may take in all; default 25 s, under an orchestrator's usual 30 s grace period. */
  stopDeadlineMs?: number;
  policy: Policy;
  /** Each alert source's secret by source name (`readAlertSecrets`); a source without one stops the start. */
  alertSecrets?: Readonly<Record<string, string>>;
  clock?: Clock;
  log?: Logger;
  /** false: no automatic ticks (tests drive `scheduler.tick(now)` themselves). */
  scheduler?: boolean;
  /** How long an outbox claim holds between steps (tests shorten it); default OUTBOX_LEASE_MS. */
  outboxLeaseMs?: number;
  /**
   * How long a call from the outbox or the scheduler waits for Slack's answer; default 5 s.
   * Tests of a hung call shorten it, so the call is given up on without waiting 5 s.
   */
  notifyTimeoutMs?: number;
  /**
   * Slack's rate limits as the pacer counts them. `timeScale` > 1 runs Slack's minute that much faster,
   * for tests against an emulator enforcing the limits at the same scale; default 1. `clock`: what the
   * buckets refill by; default `clock`.
   */
  slackPacing?: { timeScale?: number; clock?: Clock };
  /**
   * Where pages go and each paging service's key by name (src/kernel/config/env.ts reads them); default the real
   * services and no keys, which only a policy without paging services can run with. Calls time out after `notifyTimeoutMs`.
   */
  paging?: Omit<PagerOptions, 'workspace' | 'timeoutMs'>;
  /**
   * The incident canvas (src/features/canvas). `enabled` false: channels keep to the pinned header alone (tests of
   * other features that count Slack's calls). `coalesceMs`: how long a redraw waits, gathering the changes made
   * meanwhile into one edit; default CANVAS_COALESCE_MS.
   */
  canvas?: { enabled?: boolean; coalesceMs?: number };
  /**
   * Where the status page's API is (default `https://api.statuspage.io`) and, for tests, its key (default the
   * `statusPage:apiKey` secret, read from the policy's `apiKeyEnv`). Calls time out after `notifyTimeoutMs`.
   */
  statusPage?: { apiUrl?: string; apiKey?: string };
  /** Where the secrets the policy names (webhooks' `secretEnv`) are read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Firebreak {
  /** The HTTP port serving /slack/events (HTTP mode) and /healthz. */
  port: number;
  /** The port serving /metrics, /readyz and /healthz. */
  adminPort: number;
  eventsUrl: string;
  botUserId: string;
  outbox: OutboxWorker;
  database: Database;
  scheduler: Scheduler;
  /** What `GET /metrics` serves. */
  metrics: Metrics;
  /**
   * Settles when every Slack request received so far and everything it owes Slack is done;
   * rejects when something is still due after `timeoutMs` (default the outbox's 15 s).
   */
  idle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

// Calls made by the outbox and the scheduler: they retry later themselves (honouring Retry-After), so the client never waits or retries on its own.
const NOTIFY_TIMEOUT_MS = 5000;
const NOTIFY_CLIENT: WebClientOptions = { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
// Calls inside a 3-second Slack window: fail fast and let the caller decide.
const REQUEST_CLIENT: WebClientOptions = { timeout: 1500, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };

const STOP_DEADLINE_MS = 25_000;
/** Several changes within a second are one canvas edit: Slack's Tier 3 for canvases.edit is 50 a minute per workspace. */
const CANVAS_COALESCE_MS = 1000;
/** Kept back from the deadline for closing the database pool. */
const DATABASE_CLOSE_MS = 2_000;

/** The one place that wires config → database → use cases → Bolt. Returns a handle so tests can run several. */
export async function start(options: FirebreakOptions): Promise<Firebreak> {
  const log = options.log ?? createLogger();
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  // Before anything starts: a missing secret is a configuration error, named. Alert secrets and paging keys may be
  // handed in (tests); the rest, and those when not handed in, come from the environment.
  const secrets = readSecrets(
    policySecrets(options.policy).filter(
      (w) =>
        !(w.key.startsWith('alert:') && options.alertSecrets) &&
        !(w.key.startsWith('paging:') && options.paging) &&
        !(w.key.startsWith('statusPage:') && options.statusPage?.apiKey),
    ),
    options.env ?? process.env,
  );
  const alertSecrets = options.alertSecrets ?? secretsOf(secrets, 'alert');
  for (const source of options.policy.alertSources)
    if (!alertSecrets[source.name])
      throw new EnvError(
        `invalid environment:\n  ${source.secretEnv}: not set; alertSources.${source.name} (its secretEnv) needs the secret it holds`,
      );
  const webhookSecrets = new Map(Object.entries(secretsOf(secrets, 'webhook')));
  const database = createDatabase(options.databaseUrl, { log: (msg) => log.warn(msg, { source: 'pg' }) });
  try {
    await migrate(database.pool, { log: (msg) => log.info(msg, { source: 'migrate' }) });
    // Each feature's repositories, built on every connection and transaction next to the kernel's.
    const uow = createUnitOfWork(database.db, {
      ...timelineRepositories,
      ...reviewRepositories,
      ...followupRepositories,
      ...feedbackRepositories,
      ...recoveryRepositories,
      ...reminderRepositories,
      ...alertRepositories,
      ...pagingRepositories,
      ...webhookRepositories,
      ...ticketRepositories,
      ...catchupRepositories,
      ...canvasRepositories,
      ...reviewExportRepositories,
      ...statusPageRepositories,
      ...shortcutsRepositories,
    });
    const metrics = new Metrics({
      ...metricsProviders(database.db),
      gaugeCacheMs: options.metricsCacheMs ?? 5000,
      severities: [...Object.keys(options.policy.severities), 'none'],
      services: [
        ...options.policy.webhooks.map((w) => `webhook:${w.name}`),
        ...(options.policy.tickets ? [`tickets:${options.policy.tickets.kind}`] : []),
        ...(options.policy.reviewExport ? ['wiki:confluence'] : []),
      ],
      log,
    });
    const apiOptions = (extra: WebClientOptions): WebClientOptions => ({
      ...extra,
      slackApiUrl: options.slack.apiUrl,
      logger: boltLogger(log),
    });
    const notifyTimeoutMs = options.notifyTimeoutMs ?? NOTIFY_TIMEOUT_MS;
    // Who we are, before the pacer can name the workspace's buckets: one call per start.
    const auth = await instrumentWebClient(
      new WebClient(options.slack.botToken, apiOptions({ ...NOTIFY_CLIENT, timeout: notifyTimeoutMs })),
      metrics,
    ).auth.test();
    const botUserId = auth.user_id!;
    const pacer = new SlackPacer({
      buckets: new PgRateBuckets(database.db),
      team: auth.team_id ?? 'T',
      timeScale: options.slackPacing?.timeScale,
      clock: options.slackPacing?.clock ?? clock,
      count: (method, outcome) => metrics.countPaced(method, outcome),
      log,
    });
    const notifyClient = instrumentWebClient(
      new WebClient(options.slack.botToken, apiOptions({ ...NOTIFY_CLIENT, timeout: notifyTimeoutMs })),
      metrics,
      pacer,
    );
    const requestClient = instrumentWebClient(
      new WebClient(options.slack.botToken, apiOptions(REQUEST_CLIENT)),
      metrics,
      pacer,
    );
    const directory = new ChannelDirectory(notifyClient);

    // Each change is followed, in its transaction, by the pages the policy's rules owe for it.
    // Every change owed to Slack is also owed, in the same transaction, to the webhooks that want it.
    // Every change that shows on the incident's canvas owes it a redraw, gathered with the others of the moment.
    const outboxNotifier = new OutboxNotifier(clock);
    // A follow-up's change is owed, in the same transaction, to the tracker its tickets are in.
    // A published review is owed, in its transaction, to the wiki the policy names; resolving an incident that may
    // have a public incident owes the offer to resolve that one too.
    const notifier = withTickets(
      withResolveOffer(
        withReviewExport(
          withAutoPaging(
            new WebhookNotifier(
              options.canvas?.enabled === false
                ? outboxNotifier
                : new CanvasNotifier(outboxNotifier, clock, options.canvas?.coalesceMs ?? CANVAS_COALESCE_MS),
              options.policy.webhooks,
              clock,
            ),
            options.policy.paging,
          ),
          options.policy.reviewExport,
        ),
        options.policy,
      ),
      options.policy.tickets,
    );
    const pager = new HttpPager({
      workspace: auth.team_id ?? 'T',
      pagerdutyEventsUrl: 'https://events.pagerduty.com',
      opsgenieApiUrl: 'https://api.opsgenie.com',
      keys: secretsOf(secrets, 'paging'),
      ...options.paging,
      timeoutMs: notifyTimeoutMs,
    });
    const { tickets } = options.policy;
    const tracker = tickets ? createTracker(tickets, secrets, { timeoutMs: notifyTimeoutMs }) : null;
    const reviewExport = options.policy.reviewExport;
    const wiki = reviewExport
      ? new ConfluenceWiki({
          policy: reviewExport,
          // readSecrets refused to start without them.
          email: secrets.get('reviewExport:email') ?? '',
          token: secrets.get('reviewExport:token') ?? '',
          timeoutMs: notifyTimeoutMs,
        })
      : undefined;
    const statusPageKey = options.statusPage?.apiKey ?? secrets.get('statusPage:apiKey');
    const statusPageApi =
      options.policy.statusPage && statusPageKey
        ? new HttpStatusPageApi({
            apiUrl: options.statusPage?.apiUrl ?? 'https://api.statuspage.io',
            apiKey: statusPageKey,
            timeoutMs: notifyTimeoutMs,
          })
        : undefined;
    const deliveryDeps = {
      client: notifyClient,
      uow,
      policy: options.policy,
      directory,
      botUserId,
      log,
      announcements: new Announcements({ client: notifyClient, uow, policy: options.policy, directory }),
    };
    // Each feature's notices, delivered by the feature that owns their kind.
    const delivery = new SlackNoticeDelivery({
      ...lifecycleDeliveries(deliveryDeps),
      ...reviewDeliveries(deliveryDeps),
      ...recoveryDeliveries(deliveryDeps),
      ...feedbackDeliveries(deliveryDeps),
      ...updateDeliveries(deliveryDeps),
      ...timelineDeliveries(deliveryDeps),
      ...followupDeliveries(deliveryDeps),
      ...alertDeliveries(deliveryDeps),
      ...catchupDeliveries({ ...deliveryDeps, clock }),
      ...canvasDeliveries({
        ...deliveryDeps,
        clock,
        team: auth.team_id ?? 'T',
        startedAt,
        // Links other features keep per incident, read at each redraw: a private incident has neither.
        linkSources: [
          async (incident) => {
            const shortlink = (await uow.statusPage.publicIncident(incident.id))?.shortlink;
            return shortlink ? [{ label: 'Status page', url: shortlink }] : [];
          },
          async (incident) => {
            const url = (await uow.wikiPages.get(incident.id))?.url;
            return url ? [{ label: 'Review in the wiki', url }] : [];
          },
        ],
      }),
      ...shortcutsDeliveries(deliveryDeps),
      ...pagingDeliveries({
        ...deliveryDeps,
        pager,
        clock,
        countPage: (service, outcome) => metrics.countPage(service, outcome),
      }),
      ...ticketDeliveries({
        ...deliveryDeps,
        tracker,
        clock,
        workspace: auth.team_id ?? 'T',
        refreshReview: (incident) => refreshReviewDocument({ uow, people, policy: options.policy }, incident),
      }),
      ...reviewExportDeliveries({ ...deliveryDeps, wiki, workspace: auth.team_id ?? 'T', clock }),
      ...statusPageDeliveries({ ...deliveryDeps, api: statusPageApi, clock }),
      ...webhookDeliveries({
        ...deliveryDeps,
        secrets: webhookSecrets,
        wallClock: systemClock,
        timeoutMs: options.notifyTimeoutMs,
      }),
    });
    // The worker creates channels with the notifying client: no 3-second window to fit, Retry-After honoured by deferring.
    const offerGuide: OfferRecoveryGuide = (tx, incident, at) =>
      offerRecoveryGuide(tx, notifier, options.policy, incident, at);
    const syncReminders = reminderSync(options.policy);
    // A declaration's key may owe more once the incident opens: the message it came from, a workflow step's outputs.
    const afterDeclared = declaredHook({ notifier, clock });
    const channelWorker = {
      uow,
      offerRecoveryGuide: offerGuide,
      declaredHook: afterDeclared,
      reminderSync: syncReminders,
      channels: new SlackChannelGateway(notifyClient, log, botUserId, pacer, notifyTimeoutMs, notifyTimeoutMs),
      notifier,
      clock,
      policy: options.policy,
      log,
    };
    const outbox = new OutboxWorker(
      { uow, delivery, clock, log, leaseMs: options.outboxLeaseMs },
      {
        createDue: () => completePendingChannels(channelWorker),
        dueBy: (now) => uow.incidents.pendingChannelsDueBy(now),
      },
    );
    uow.onCommit = () => outbox.wake();
    const inflight = new Inflight();
    const people = new SlackPeopleDirectory(notifyClient, log);
    const admins = new SlackAdminDirectory(notifyClient, options.policy, log);
    const stats = (q: StatsQuery) => queryStats(database.db, q, options.policy);
    const home: HomeParts = {
      statsSections: async (viewer, now) =>
        statsSections(await stats({ viewer, now, period: '30d', category: null }), '30d', null),
      declareModal: (declarer) =>
        declareModal({
          title: '',
          declarer,
          categories: options.policy.categories,
          privateMetadata: '{}',
          types: options.policy.types,
        }),
      completeOwnFollowup: async (id, user) => {
        const done = await completeFollowup(deps, { id, user, scope: { owner: user } });
        return done.ok ? undefined : followupRefusalText(done.error);
      },
    };
    // An alert's Declare incident opens the declare form prefilled, the declarer as commander.
    const alertDeclareForm: AlertDeclareForm = (draft, declarer, alert) =>
      declareModal({
        title: draft.title,
        declarer,
        categories: options.policy.categories,
        privateMetadata: JSON.stringify({ alert }),
        types: options.policy.types,
        again: {
          form: { ...draft, isPrivate: false, commander: declarer, plan: null },
          notice: [],
          submit: 'Declare',
        },
      });
    const deps = {
      uow,
      home,
      alertDeclareForm,
      refreshReview: (incident: Incident) => refreshReviewDocument({ uow, people, policy: options.policy }, incident),
      offerRecoveryGuide: offerGuide,
      declaredHook: afterDeclared,
      joined: (params: { channelId: string; user: string }) => offerCatchup({ uow, clock, notifier }, params),
      reminderSync: syncReminders,
      reachesStakeholders: stakeholderReach(options.policy),
      requestPublicPost: publicPostRequester(notifier, options.policy),
      channels: new SlackChannelGateway(requestClient, log, botUserId, pacer),
      notifier,
      clock,
      policy: options.policy,
      log,
      botUserId,
      inflight,
      people,
      admins,
      stats,
    };
    // Each feature's listener group, registered on Bolt in this order.
    const listeners = [
      incidentCommand<typeof deps>(
        {
          ...incidentSubcommands,
          ...timelineSubcommands,
          ...followupSubcommands,
          ...statsSubcommands,
          ...updateSubcommands,
          ...pagingSubcommands,
          ...catchupSubcommands,
        },
        { declare: openDeclareFromCommand, update: openUpdateFromCommand, review: openReviewFromCommand },
      ),
      registerDeclareSubmission,
      registerDeclareTypeChange,
      registerReviewSubmission,
      registerUpdateSubmission,
      registerMembershipEvents,
      registerChannelEvents,
      registerButtons,
      registerFollowupButtons,
      registerReviewButton,
      registerRecoveryStep,
      registerTimelineShortcut,
      registerFeedback,
      registerMessageEvents,
      registerKeyEvents,
      registerAppHome,
      registerHeaderActions,
      registerSimilarIncidentJoin,
      registerAlertPrompts,
      registerStatusPageButtons,
      registerDeclareShortcuts,
      registerWorkflowSteps,
    ];
    // An alert source's automatic declaration: the declare use case as a person's, Firebreak as the declarer.
    const declareForAlert: DeclareForAlert = async (input) => {
      const declared = await declareIncident(deps, {
        ...input,
        isPrivate: false,
        commander: null,
        reply: { user: input.declarer },
      });
      return declared.ok ? { ok: true, replay: !!declared.value.replay } : { ok: false, error: declared.error.kind };
    };
    // Workflow Builder steps: Firebreak declares as the workflow (no person is named by the event), with the
    // commander the step was given; an update is posted as Firebreak too.
    const workflowSteps = {
      declareForWorkflow: (input: WorkflowDeclaration) =>
        declareIncident(deps, { ...input, isPrivate: false, declarer: botUserId, reply: { user: botUserId } }),
      // Refused, the step fails with the sentence the update form would show.
      updateForWorkflow: async (input: { incident: Incident; text: string; requestKey: string }) => {
        const posted = await postWorkflowUpdate(deps, { ...input, actor: botUserId });
        return posted.ok ? posted : err(updatesRefusalText(posted.error));
      },
    };
    const hooks = [
      {
        prefix: ALERT_HOOK_PREFIX,
        handler: alertHook({ ...deps, secrets: alertSecrets, declareForAlert }),
      },
      {
        prefix: TICKET_HOOK_PREFIX,
        handler: ticketHook({
          ...deps,
          tickets,
          secret: secrets.get('tickets:webhook'),
          reader: tickets ? hookReaderFor(tickets) : null,
        }),
      },
    ];
    const app = createBoltApp(
      { ...options.slack, clientOptions: REQUEST_CLIENT, log, metrics, pacer, hooks },
      { ...deps, ...workflowSteps },
      listeners,
    );
    const scheduled = { uow, policy: options.policy, notifier };
    const scheduler = new Scheduler(
      {
        once: [
          { name: 'drill reminders', run: (now) => remindDueDrills(scheduled, now) },
          {
            name: 'tickets reconcile',
            run: (now) => reconcileTickets({ ...deps, tickets, tracker }, now),
          },
        ],
        batch: (now, limit) => fireDueReminders(scheduled, now, limit),
      },
      clock,
      options.policy.schedulerTick,
      log,
    );
    await app.init();
    const admin = await startAdminServer({
      port: options.adminPort ?? 0,
      ready: () => pingDatabase(database.db),
      metrics,
      log,
    });
    // Both receivers (HTTP, and Socket Mode for /healthz) listen on PORT.
    const server = (await app.start(options.port).catch(async (error: unknown) => {
      await admin.close();
      throw error;
    })) as Server;
    const port = (server.address() as AddressInfo).port;
    outbox.start();
    if (options.scheduler !== false) scheduler.start();
    log.info('Firebreak is listening', {
      port,
      adminPort: admin.port,
      slack: options.slack.appToken ? 'socket mode' : options.slack.apiUrl,
    });
    return {
      port,
      adminPort: admin.port,
      eventsUrl: `http://127.0.0.1:${port}/slack/events`,
      botUserId,
      outbox,
      database,
      scheduler,
      metrics,
      async idle(timeoutMs?: number) {
        await inflight.idle();
        await outbox.idle(timeoutMs);
      },
      async stop() {
        // One deadline for everything: a step still running when it passes is left behind.
        // What it had claimed stays owed in PostgreSQL (outbox and reminder leases) for the next start.
        const total = options.stopDeadlineMs ?? STOP_DEADLINE_MS;
        const deadline = Date.now() + total;
        const left = (reserve = Math.min(DATABASE_CLOSE_MS, total / 5)) => Math.max(0, deadline - reserve - Date.now());
        const step = (name: string, work: Promise<unknown>, ms = left()) =>
          withinMs(work, ms).then(
            (done) => {
              if (!done) log.warn('stop: gave up waiting', { step: name });
            },
            (error: unknown) => log.error('stop: a step failed', { step: name, error }),
          );
        // No new outbox pass or scheduler tick from here on.
        const outboxStopped = outbox.stop();
        const schedulerStopped = scheduler.stop();
        await step(
          'Slack receiver and in-flight requests',
          app.stop().then(() => inflight.idle()),
        );
        await step('outbox and scheduler', Promise.all([outboxStopped, schedulerStopped]));
        await step('admin server', admin.close());
        await step('database', database.close(), left(0));
      },
    };
  } catch (e) {
    await database.close();
    throw e;
  }
}

/** true when `work` settles within `ms`; false when the time ran out first (the work goes on, unawaited). */
async function withinMs(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([work.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
