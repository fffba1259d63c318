import { SlackEmulator } from '@firebreak/slack-emulator';
import { signedHeaders } from '@firebreak/slack-emulator/client';
import { viewSubmission } from '@firebreak/slack-emulator/payloads';
import { buildStateValues } from '@firebreak/slack-emulator/view-state';
import type { Kysely } from 'kysely';
import { DEFAULT_POLICY, type Policy } from '../../src/domain/policy';
import { DECLARE_FIELDS as F } from '../../src/features/incidents/incidents.ids';
import { createLogger, type Logger, type LogLevel } from '../../src/kernel/log';
import { type Firebreak, type FirebreakOptions, start } from '../../src/main';
import { type AllTables, createTestDatabase, type TestDatabase } from './database';

export const BOT_TOKEN = 'xoxb-test-token-1234';
export const SIGNING_SECRET = 'test-signing-secret-5678';

export interface Harness {
  emulator: SlackEmulator;
  bot: Firebreak;
  db: Kysely<AllTables>;
  database: TestDatabase;
  /** How long declare() and run() wait for the bot; see HarnessOptions. */
  idleTimeoutMs?: number;
  stop(): Promise<void>;
}

/**
 * One database, one emulator and one real Bolt-based bot for a test file. Log
 * output is off unless LOG_LEVEL asks for it, to keep failures readable.
 */
export interface HarnessOptions {
  policy?: Partial<Policy>;
  /** A clock the test moves by hand; the scheduler then never ticks by itself. */
  clock?: TestClock;
  /** The bot's logger; by default silent unless LOG_LEVEL asks for output. */
  log?: Logger;
  /** Rewrites the test database URL the bot connects with (e.g. to add a password trust auth ignores). */
  databaseUrl?: (url: string) => string;
  outboxLeaseMs?: number;
  /** Default 0: every scrape of /metrics reads the database, so a test sees its own changes. */
  metricsCacheMs?: number;
  /** How long stop() may take; default start()'s. */
  stopDeadlineMs?: number;
  /** How long the bot's outbox and scheduler calls wait for Slack; default start()'s 5 s. */
  notifyTimeoutMs?: number;
  /** How long declare() and run() wait for the bot to finish; default bot.idle()'s. Faults with retries need more. */
  idleTimeoutMs?: number;
  /**
   * How much faster than Slack's minute the bot's pacer counts; default a million (a minute's budget comes back
   * in 60 µs), so tests that do not look at pacing are never held up by it.
   */
  pacingTimeScale?: number;
  /** Alert sources' secrets by source name (start()'s `alertSecrets`), for a policy with `alertSources`. */
  alertSecrets?: Record<string, string>;
  /** The emulator enforces Slack's rate limits, its minute `timeScale` times faster, and the bot paces at the same scale. */
  slackRateLimits?: { timeScale: number };
  /** Where the bot pages (the fakes) and each paging service's key. */
  paging?: FirebreakOptions['paging'];
  /** Where the bot reads the secrets the policy names (start()'s `env`); default process.env. */
  env?: FirebreakOptions['env'];
  /** Where the bot posts the status page (the fake) and its key. */
  statusPage?: FirebreakOptions['statusPage'];
}

/**
 * The notify timeout for tests of a hung call: the emulator ends a hang when the client gives up,
 * so the hang costs this, not 5 s. Still well above a Slack call's time on a loaded machine.
 */
export const HUNG_CALL_TIMEOUT_MS = 1_500;

// So fast that no bucket runs dry within a test that does not look at pacing: a notice put off for a token
// is due by the test's clock, which stands still until the test moves it, so it would wait for the next
// advance and a test's last round of work could stay owed (scheduler.test.ts's replicas lost a nudge so).
const DEFAULT_PACING_TIME_SCALE = 1_000_000;

/** Time that only moves when the test says so. */
export class TestClock {
  private advanced = 0;
  constructor(private ms = Date.parse('2026-11-26T09:00:00Z')) {}
  now = (): Date => new Date(this.ms);
  advance(ms: number): Date {
    this.ms += ms;
    this.advanced += ms;
    return this.now();
  }
  /**
   * For the bot's Slack pacer: real time plus every advance. Its buckets refill as time passes, as
   * Slack's do, though the test holds its clock still; a Retry-After the test waits out has passed.
   */
  readonly pacing = { now: (): Date => new Date(Date.now() + this.advanced) };
}

/** Another Firebreak process on the same database and emulator: a second replica. */
export async function startReplica(h: Harness, opts: HarnessOptions = {}): Promise<Firebreak> {
  return start({
    databaseUrl: opts.databaseUrl ? opts.databaseUrl(h.database.url) : h.database.url,
    slack: { botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, apiUrl: h.emulator.apiUrl },
    port: 0,
    metricsCacheMs: opts.metricsCacheMs ?? 0,
    ...(opts.stopDeadlineMs ? { stopDeadlineMs: opts.stopDeadlineMs } : {}),
    policy: { ...DEFAULT_POLICY, ...opts.policy },
    ...(opts.alertSecrets ? { alertSecrets: opts.alertSecrets } : {}),
    log: opts.log ?? createLogger((process.env.LOG_LEVEL as LogLevel) ?? 'silent'),
    ...(opts.clock ? { clock: opts.clock, scheduler: false } : {}),
    outboxLeaseMs: opts.outboxLeaseMs,
    notifyTimeoutMs: opts.notifyTimeoutMs,
    ...(opts.paging ? { paging: opts.paging } : {}),
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.statusPage ? { statusPage: opts.statusPage } : {}),
    slackPacing: {
      timeScale: opts.slackRateLimits?.timeScale ?? opts.pacingTimeScale ?? DEFAULT_PACING_TIME_SCALE,
      ...(opts.clock ? { clock: opts.clock.pacing } : {}),
    },
  });
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const emulator = new SlackEmulator({
    botToken: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    rateLimits: opts.slackRateLimits ?? false,
  });
  await emulator.start();
  const h = { emulator, database, db: database.db, idleTimeoutMs: opts.idleTimeoutMs } as Harness;
  const bot = await startReplica(h, opts);
  emulator.botEndpoint = bot.eventsUrl;
  return Object.assign(h, {
    bot,
    async stop() {
      await bot.stop();
      await emulator.stop();
      await database.drop();
    },
  });
}

export interface DeclareValues {
  title?: string;
  severity?: string | null;
  category?: string | null;
  summary?: string;
  private?: boolean;
  commander?: string | null;
}

/** Runs `/incident declare` as `user` and returns the modal the bot opened. */
export async function openDeclare(h: Harness, user: string, channel = 'CGENERAL', title = '') {
  const before = new Set(h.emulator.workspace.openViews(user).map((v) => v.id));
  const res = await h.emulator.command({ user, channel, text: `declare ${title}`.trim() });
  expect(res.status).toBe(200);
  return h.emulator.waitFor(() => h.emulator.workspace.openViews(user).find((v) => !before.has(v.id)));
}

export function declareValues(v: DeclareValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (v.title !== undefined) out[F.title.action] = v.title;
  if (v.severity !== undefined) out[F.severity.action] = v.severity;
  if (v.category !== undefined) out[F.category.action] = v.category;
  if (v.summary !== undefined) out[F.summary.action] = v.summary;
  if (v.private !== undefined) out[F.private.action] = v.private ? ['private'] : [];
  if (v.commander !== undefined) out[F.commander.action] = v.commander;
  return out;
}

/** What a submitted form was replaced with (response_action 'update'), as the person reads it in the modal. */
export function formAnswer(res: { body: unknown }): string {
  const body = res.body as { response_action?: string; view?: { blocks?: { text?: { text?: string } }[] } };
  expect(body.response_action).toBe('update');
  return (body.view?.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');
}

/** The declare form's answer when open incidents look the same: the form again, its submit button *Declare anyway*. */
export function handedBackAsSimilar(body: unknown): boolean {
  const answer = body as { response_action?: string; view?: { submit?: { text?: string } } } | null;
  return answer?.response_action === 'update' && answer.view?.submit?.text === 'Declare anyway';
}

/**
 * Declares through the real modal, checks the modal answered with the new channel's link,
 * and waits until the channel is set up (the header pinned).
 */
export async function declare(h: Harness, user: string, v: DeclareValues = {}) {
  const view = await openDeclare(h, user, 'CGENERAL', v.title ?? 'Checkout is failing');
  let res = await h.emulator.submitView({ user, viewId: view.id, values: declareValues(v) });
  // A title like that of an open incident declared in the last 30 minutes hands the form back with that
  // incident (tests/integration/slack/similar-declarations.test.ts); the tests using this helper declare anyway.
  if (handedBackAsSimilar(res.body)) res = await h.emulator.submitView({ user, viewId: view.id, values: {} });
  const answer = formAnswer(res);
  await h.bot.idle(h.idleTimeoutMs);
  const incident = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', view.id)
    .executeTakeFirstOrThrow();
  if (!incident.channel_id) throw new Error(`INC-${incident.number} has no channel yet`);
  expect(answer).toContain(`INC-${incident.number} is declared. Its channel is <#${incident.channel_id}>`);
  return { ...incident, channel_id: incident.channel_id };
}

/** Runs a command and waits for the bot to finish its work; returns the ack body and new ephemerals' text. */
export async function run(h: Harness, user: string, channel: string, text: string) {
  const ws = h.emulator.workspace;
  const seen = ws.ephemeralsFor(user).length;
  const res = await h.emulator.command({ user, channel, text });
  expect(res.status).toBe(200);
  await h.bot.idle(h.idleTimeoutMs);
  const replies = ws.ephemeralsFor(user).slice(seen);
  return { ack: res.body, replies: replies.map((r) => r.text + JSON.stringify(r.blocks ?? '')), raw: replies };
}

/** Declares, gives it a severity and walks it to resolved, as a commander would. */
export async function declareAndResolve(h: Harness, user: string, v: DeclareValues = {}) {
  const row = await declare(h, user, { commander: user, severity: 'SEV2', ...v });
  for (const step of ['status investigating', 'status monitoring', 'resolve Fixed'])
    await run(h, user, row.channel_id, step);
  return row;
}

/** Submits a modal as a client that skips Slack's own checks would (empty required fields, over-long text). */
export async function submitRaw(h: Harness, user: string, viewId: string, values: Record<string, unknown>) {
  const ws = h.emulator.workspace;
  const rec = ws.views.get(viewId)!;
  const state = buildStateValues(rec.view.blocks ?? [], values, { closing: true });
  const payload = viewSubmission(ws, { ...rec, user }, state as never, ws.issueTrigger(user));
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return h.emulator.sendRaw(body, signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded'));
}

/** Waits until the outbox holds nothing pending in `lane`, then for the bot to settle. */
export async function laneDrained(h: Harness, lane: string): Promise<void> {
  await h.emulator.waitFor(async () => {
    const left = await h.db
      .selectFrom('outbox')
      .select('id')
      .where('lane', '=', lane)
      .where('status', '=', 'pending')
      .execute();
    return left.length === 0;
  });
  await h.bot.idle();
}

/** One harness for the whole test file, started before its first test and stopped after its last. */
export function harnessForFile(opts: HarnessOptions = {}): { h: Harness } {
  const file = {} as { h: Harness };
  beforeAll(async () => {
    file.h = await startHarness(opts);
  });
  afterAll(() => file.h?.stop());
  return file;
}
