import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults';
import { type FunctionDefinition, FunctionRuns, WorkflowActions } from './functions';
import { readBody, sendJson } from './http-util';
import { Interactions, type ViewButtonClick, type ViewSelect } from './interactions';
import { RateLimiter } from './rate-limits';
import { answerResponseUrl } from './response-url';
import type { BotResponse, EmulatorOptions, MessageRef, RateLimitOptions, SeedChannel } from './types';
import { serveFiles } from './uploads';
import { UserActions } from './user-actions';
import { EventActions } from './user-events';
import { WebApi } from './web-api';
import { type CanvasRecord, DEFAULT_USERS, type Fault, type RateLimitedRecord, Workspace } from './workspace';

function countBy(records: readonly { method: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of records) counts[r.method] = (counts[r.method] ?? 0) + 1;
  return counts;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

function defaultChannels(botUserId: string, humans: string[]): SeedChannel[] {
  return [
    { id: 'CINCIDENTS', name: 'incidents', members: [...humans, botUserId] },
    { id: 'CGENERAL', name: 'general', members: humans },
  ];
}

/**
 * A Slack workspace over HTTP: the Web API the bot calls (/api/*), the
 * response_urls it answers (/response/*), and the Slack client that signs and
 * sends commands, interactions and events to the bot's Request URL.
 */
export class SlackEmulator {
  readonly workspace: Workspace;
  /** The bot's Request URL, e.g. 'http://127.0.0.1:3000/slack/events'. */
  botEndpoint: string | undefined;

  private readonly faults = new Faults();
  private readonly webApi: WebApi;
  private readonly actions: UserActions;
  private readonly events: EventActions;
  private readonly interactions: Interactions;
  private readonly workflows: WorkflowActions;
  /** The app's functions (manifest `functions`, via declareFunctions) and their executions. */
  readonly functionRuns = new FunctionRuns();
  private readonly routes: { prefix: string; handler: RouteHandler }[] = [];
  private server: Server | undefined;
  private port: number | undefined;

  constructor(private readonly opts: EmulatorOptions) {
    const botUserId = opts.botUserId ?? 'UBOT';
    const users = opts.users ?? DEFAULT_USERS;
    const humans = users.filter((u) => !u.isBot).map((u) => u.id);
    this.workspace = new Workspace({
      teamId: opts.teamId ?? 'T0001',
      botUserId,
      now: opts.now ?? Date.now,
      users,
      channels: opts.channels ?? defaultChannels(botUserId, humans),
    });
    this.webApi = new WebApi(this.workspace, opts.botToken, this.faults, this.functionRuns);
    this.actions = new UserActions(this.workspace, opts.signingSecret, () => this.botEndpoint);
    this.events = new EventActions(this.workspace, this.actions);
    this.interactions = new Interactions(this.workspace, this.actions);
    this.workflows = new WorkflowActions(this.workspace, this.functionRuns, this.actions);
    if (opts.emitMembershipEvents) {
      this.workspace.onMembersAdded = (channel, users, inviter) => this.events.announceMembers(channel, users, inviter);
    }
    this.setRateLimits(opts.rateLimits ?? false);
    this.setLatency(opts.latencyMs ?? 0);
  }

  get url(): string {
    if (this.port === undefined) throw new Error('SlackEmulator.url is known only after start()');
    return `http://127.0.0.1:${this.port}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Listens on `port` (default: the constructor's option, else a free one); rejects with EADDRINUSE when it is taken. */
  async start(port = this.opts.port ?? 0): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      this.route(req, res).catch((e: unknown) =>
        sendJson(res, 500, { ok: false, error: 'internal_error', detail: String(e) }),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    this.workspace.baseUrl = this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.webApi.close();
    // Web API clients keep sockets alive; close() alone would wait for them.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets everything since the seed (messages, views, calls, faults…), for one emulator shared by many tests. */
  reset(): void {
    this.faults.clear();
    this.webApi.limiter?.clear();
    this.functionRuns.reset();
    this.workspace.reset();
  }

  // --- Slack's rate limits and latency ---------------------------------------

  /** Turns Slack's rate limits on (full buckets) or off, as the `rateLimits` option. */
  setRateLimits(limits: boolean | RateLimitOptions): void {
    const on = typeof limits === 'object' || limits;
    const timeScale = typeof limits === 'object' ? (limits.timeScale ?? 1) : 1;
    this.webApi.limiter = on ? new RateLimiter(this.workspace.now, timeScale) : undefined;
  }

  /** Every Web API call from now on is answered `ms` after it arrives. */
  setLatency(ms: number): void {
    if (!(Number.isFinite(ms) && ms >= 0)) throw new Error(`setLatency: ms must be a finite number >= 0, got ${ms}`);
    this.webApi.latencyMs = ms;
  }

  // --- canvases -------------------------------------------------------------

  /**
   * What the workspace's plan allows of canvases: `free` refuses channel canvases through the API
   * (team_tier_cannot_create_channel_canvases), `disabled` has them turned off (canvas_disabled_user_team).
   */
  setCanvasPlan(plan: 'paid' | 'free' | 'disabled'): void {
    this.workspace.canvasPlan = plan;
  }

  /** Takes a scope from the bot's token ('canvases:write'): methods needing it answer missing_scope. */
  revokeScope(scope: string): void {
    this.workspace.revokedScopes.add(scope);
  }

  /** The channel's canvas (its tab), if it has one. */
  canvasIn(channel: string): CanvasRecord | undefined {
    return this.workspace.channelCanvas(channel);
  }

  /** Every 429 answered (by the limits, or by failNext), oldest first; `method` narrows it. */
  rateLimited(method?: string): RateLimitedRecord[] {
    const all = this.workspace.rateLimited;
    return method ? all.filter((r) => r.method === method) : [...all];
  }

  /** 429s answered per method; `cause` counts only those of the limits or of failNext. */
  rateLimitedCounts(cause?: RateLimitedRecord['cause']): Record<string, number> {
    return countBy(this.workspace.rateLimited.filter((r) => !cause || r.cause === cause));
  }

  /** Web API calls received per method (every call, refused ones included). */
  callCounts(): Record<string, number> {
    return countBy(this.workspace.calls);
  }

  /** apps.connections.open answers `url` to `appToken`: the WebSocket of a Socket Mode server the caller runs. */
  acceptSocketMode(appToken: string, url: string): void {
    this.webApi.socketMode = { appToken, url };
  }

  /** Serves extra paths (e.g. a browser page) from the same server and state. */
  mount(prefix: string, handler: RouteHandler): void {
    this.routes.push({ prefix, handler });
  }

  // --- playing the Slack client ----------------------------------------------

  command(params: { user: string; channel: string; text?: string; command?: string }): Promise<BotResponse> {
    return this.changes(this.actions.command(params));
  }

  submitView(params: { user: string; viewId: string; values: Record<string, unknown> }): Promise<BotResponse> {
    return this.changes(this.actions.submitView(params));
  }

  clickButton(params: {
    user: string;
    channel: string;
    messageTs: string;
    actionId: string;
    value?: string;
  }): Promise<BotResponse> {
    return this.changes(this.actions.clickButton(params));
  }

  sendEvent(
    event: Record<string, unknown>,
    opts?: { eventId?: string; retryNum?: number; retryReason?: string },
  ): Promise<BotResponse> {
    return this.changes(this.actions.sendEvent(event, opts));
  }

  /**
   * Slack's retries: every event delivery not answered 200 within 3 s is sent
   * again with the same envelope (event_id included) and X-Slack-Retry-Num /
   * X-Slack-Retry-Reason, up to 3 times. Slack spaces them (at once, 1 min,
   * 5 min); here they go when a test asks, each owed retry once, oldest first.
   * What is still owed: `workspace.owedEventRetries`.
   */
  redeliverEvents(): Promise<BotResponse[]> {
    return this.changes(this.actions.redeliverEvents());
  }

  postUserMessage(params: {
    user: string;
    channel: string;
    text: string;
    threadTs?: string;
  }): Promise<{ ts: string; response: BotResponse }> {
    return this.changes(this.actions.postUserMessage(params));
  }

  sendRaw(body: string, headers: Record<string, string>): Promise<BotResponse> {
    return this.actions.sendRaw(body, headers);
  }

  /** The person clicks a button in their Home tab → block_actions with a view container. */
  clickHomeButton(params: { user: string; actionId: string; value?: string }): Promise<BotResponse> {
    return this.changes(this.actions.clickHomeButton(params));
  }

  /** The person opens the app's Home tab → app_home_opened (with the view last published for them, if any). */
  openAppHome(user: string): Promise<BotResponse> {
    const ws = this.workspace;
    ws.requireUser(user);
    const published = ws.homeViews.get(user);
    return this.sendEvent({
      type: 'app_home_opened',
      user,
      channel: ws.imFor(user).id,
      tab: 'home',
      ...(published ? { view: published.view } : {}),
      event_ts: ws.nextTs(),
    });
  }

  // Each of these changes the workspace, then sends the Events API event or
  // interaction payload Slack would. Events come only from conversations the
  // bot is in (otherwise { status: 0, body: 'not_delivered: …' }); the person
  // must be a member, and archived channels refuse everything (Error).

  /** The author edits their message → message_changed (message, previous_message). */
  editUserMessage(params: MessageRef & { text: string }): Promise<BotResponse> {
    return this.changes(this.events.editUserMessage(params));
  }

  /** The author deletes their message (and its pin) → message_deleted (deleted_ts, previous_message). */
  deleteUserMessage(params: MessageRef): Promise<BotResponse> {
    return this.changes(this.events.deleteUserMessage(params));
  }

  /** → pin_added; throws if already pinned (Slack: already_pinned). */
  pinMessage(params: MessageRef): Promise<BotResponse> {
    return this.changes(this.events.pinMessage(params));
  }

  /** → pin_removed; throws if not pinned. */
  unpinMessage(params: MessageRef): Promise<BotResponse> {
    return this.changes(this.events.unpinMessage(params));
  }

  /** `name` without colons ('eyes'; ':eyes:' works too) → reaction_added. */
  addReaction(params: MessageRef & { name: string }): Promise<BotResponse> {
    return this.changes(this.events.addReaction(params));
  }

  /** → reaction_removed; throws if the user has no such reaction there. */
  removeReaction(params: MessageRef & { name: string }): Promise<BotResponse> {
    return this.changes(this.events.removeReaction(params));
  }

  /** → member_joined_channel (channel_type 'C'/'G'); private channels need an `inviter` who is a member. */
  joinChannel(params: { user: string; channel: string; inviter?: string }): Promise<BotResponse> {
    return this.changes(this.events.joinChannel(params));
  }

  /** → member_left_channel (to the bot if it stays in the channel). */
  leaveChannel(params: { user: string; channel: string }): Promise<BotResponse> {
    return this.changes(this.events.leaveChannel(params));
  }

  /** `by` removes `user` from the channel → the same member_left_channel as a leave (Slack does not say who removed them). */
  removeFromChannel(params: { user: string; channel: string; by: string }): Promise<BotResponse> {
    return this.changes(this.events.removeFromChannel(params));
  }

  /** `by`, an admin, deletes a channel (Workspace.deleteChannel) → channel_deleted, or group_deleted for a private one. */
  deleteChannel(params: { channel: string; by: string }): Promise<BotResponse> {
    const ws = this.workspace;
    ws.requireUser(params.by);
    const isPrivate = ws.channels.get(params.channel)?.isPrivate;
    ws.deleteChannel(params.channel);
    if (!isPrivate) return this.sendEvent({ type: 'channel_deleted', channel: params.channel });
    return this.sendEvent({
      type: 'group_deleted',
      channel: params.channel,
      date_deleted: Math.floor(ws.now() / 1000),
      actor_id: params.by,
      event_ts: ws.nextTs(),
    });
  }

  /** A global shortcut from the lightning menu → `shortcut` payload with a fresh trigger_id (no channel, no response_url). */
  globalShortcut(params: { user: string; callbackId: string }): Promise<BotResponse> {
    return this.changes(this.interactions.globalShortcut(params));
  }

  /** The app's Workflow Builder steps, as its manifest's `functions` map declares them (callback_id → definition). */
  declareFunctions(functions: Record<string, FunctionDefinition>): void {
    for (const [callbackId, def] of Object.entries(functions)) this.functionRuns.definitions.set(callbackId, def);
  }

  /** A workflow runs the app's step `callbackId` → `function_executed` with a fresh workflow token; see functions.ts. */
  executeFunction(params: { callbackId: string; inputs: Record<string, unknown> }) {
    return this.changes(this.workflows.execute(params));
  }

  /** A message shortcut → `message_action` payload with a fresh trigger_id and response_url. */
  messageShortcut(params: MessageRef & { callbackId: string }): Promise<BotResponse> {
    return this.changes(this.interactions.messageShortcut(params));
  }

  /** A click on a button in the user's top modal → block_actions with the view; `values` as in submitView. */
  clickViewButton(params: ViewButtonClick): Promise<BotResponse> {
    return this.changes(this.interactions.clickViewButton(params));
  }

  /** A pick in a dispatching select (`dispatch_action: true`) of the user's top modal → block_actions with the view. */
  selectInView(params: ViewSelect): Promise<BotResponse> {
    return this.changes(this.interactions.selectInView(params));
  }

  /** Closes the user's top modal → view_closed if it has notify_on_close; `values` as in submitView. */
  closeView(params: { user: string; viewId: string; values?: Record<string, unknown> }): Promise<BotResponse> {
    return this.changes(this.interactions.closeView(params));
  }

  // --- fault injection and waiting -------------------------------------------

  /**
   * The next `times` calls to `method` fail as described, before any rule runs
   * and without changing state. `hangMs` alone only delays the answer (until the
   * client hangs up, at most `hangMs`): the call then takes effect, as a slow Slack
   * does after the client has given up.
   */
  failNext(method: string, fault: Fault, times = 1): void {
    this.faults.add(method, fault, times);
  }

  /** Polls `fn` every 20 ms until it returns something truthy. */
  async waitFor<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown;
    for (;;) {
      try {
        // Awaited, so a check that reads the database counts its answer, not its promise.
        const v = await fn();
        if (v) return v;
        lastError = undefined;
      } catch (e) {
        lastError = e;
      }
      if (Date.now() >= deadline) {
        const why = lastError ? ` (last attempt threw: ${String(lastError)})` : '';
        throw new Error(`waitFor: still false after ${timeoutMs} ms: ${fn.toString().slice(0, 300)}${why}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Tells the workspace's change listeners (a browser page) once a person's action has been answered. */
  private changes<T>(action: Promise<T>): Promise<T> {
    this.workspace.notifyChanged();
    return action.finally(() => this.workspace.notifyChanged());
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname.startsWith('/api/')) {
      await this.webApi.handle(req, res, url.pathname.slice('/api/'.length), url.searchParams);
      this.workspace.notifyChanged();
      return;
    }
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const raw = await readBody(req);
      const answer = answerResponseUrl(
        this.workspace,
        url.pathname.slice('/response/'.length),
        raw,
        req.headers['content-type'],
      );
      sendJson(res, answer.status, answer.body);
      this.workspace.notifyChanged();
      return;
    }
    if (await serveFiles(this.workspace, req, res, url)) {
      if (req.method === 'POST') this.workspace.notifyChanged();
      return;
    }
    const permalink = /^\/archives\/([^/]+)\/p(\d+)(\d{6})$/.exec(url.pathname);
    if (permalink) {
      const m = this.workspace.findMessage(permalink[1], `${permalink[2]}.${permalink[3]}`);
      sendJson(res, m ? 200 : 404, m ?? { ok: false, error: 'message_not_found' });
      return;
    }
    const mounted = this.routes.find((r) => url.pathname.startsWith(r.prefix));
    if (mounted) {
      await mounted.handler(req, res, url);
      return;
    }
    sendJson(res, 404, { ok: false, error: 'not_found', path: url.pathname });
  }
}
