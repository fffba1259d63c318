import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './errors';
import type { Faults } from './faults';
import { completeFunction, type FunctionRuns } from './functions';
import { parseBody, readBody, sendJson } from './http-util';
import { bookmarkMethods } from './methods/bookmarks';
import { chatMethods } from './methods/chat';
import { conversationMethods } from './methods/conversations';
import { fileMethods } from './methods/files';
import { miscMethods } from './methods/misc';
import type { MethodTable } from './methods/types';
import { viewMethods } from './methods/views';
import { type RateLimiter, retryAfterSeconds } from './rate-limits';
import requiredArgs from './required-args.json';
import type { Args } from './types';
import type { CallRecord, Fault, RateLimitedRecord, Workspace } from './workspace';

const METHODS: MethodTable = {
  ...miscMethods,
  ...bookmarkMethods,
  ...conversationMethods,
  ...chatMethods,
  ...viewMethods,
  ...fileMethods,
};
const REQUIRED: Record<string, string[]> = requiredArgs.methods;

/** Workflow steps' completions: answered with the caller's token in hand (see functions.ts). */
const FUNCTION_METHODS = ['functions.completeSuccess', 'functions.completeError'] as const;
const isFunctionMethod = (m: string): m is (typeof FUNCTION_METHODS)[number] =>
  (FUNCTION_METHODS as readonly string[]).includes(m);

/** The Web API methods the emulator answers (apps.connections.open aside, served by WebApi itself). */
export const SERVED_METHODS: readonly string[] = [
  ...Object.keys(METHODS),
  ...FUNCTION_METHODS,
  'apps.connections.open',
];

// Forms carry these as JSON strings; parsing them once here lets handlers and
// the call log see real arrays and objects.
const JSON_ARGS = ['blocks', 'attachments', 'view', 'metadata'];

function normalise(args: Args): Args {
  const out: Args = { ...args };
  for (const key of JSON_ARGS) {
    const v = out[key];
    if (typeof v !== 'string') continue;
    try {
      out[key] = JSON.parse(v);
    } catch {
      // Left as a string: the handler answers with Slack's parse error.
    }
  }
  return out;
}

function missingArgs(method: string, args: Args): string[] {
  return (REQUIRED[method] ?? []).filter((name) => args[name] === undefined || args[name] === '');
}

/** The /api/<method> transport: parsing, auth, faults, call log. Rules live in the handlers. */
export class WebApi {
  /** Cancels of the hangs in progress: stop() drops them unanswered. */
  private readonly hangs = new Set<() => void>();
  /** Set by SlackEmulator.acceptSocketMode: the app token apps.connections.open takes, and the WebSocket URL it answers. */
  socketMode: { appToken: string; url: string } | undefined;
  /** Slack's rate limits, when the emulator enforces them (SlackEmulator.setRateLimits). */
  limiter: RateLimiter | undefined;
  /** Every call is answered this long after it arrives (SlackEmulator.setLatency). */
  latencyMs = 0;

  constructor(
    private readonly ws: Workspace,
    private readonly botToken: string,
    private readonly faults: Faults,
    private readonly runs: FunctionRuns,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse, method: string, query: URLSearchParams): Promise<void> {
    const raw = req.method === 'POST' ? await readBody(req) : '';
    const parsed = parseBody(raw, req.headers['content-type']);
    const all: Args = { ...Object.fromEntries(query), ...(parsed === 'invalid_json' ? {} : parsed) };
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof all.token === 'string' ? all.token : undefined);
    delete all.token;
    const args = normalise(all);
    // Slack acts after the request's trip; a client that hangs up meanwhile is still acted on, as with a hang.
    if (this.latencyMs > 0) await this.hang(this.latencyMs, res);
    const call: CallRecord = { method, args, ok: false, at: this.ws.now() };
    this.ws.calls.push(call);

    const fault = this.faults.take(method);
    if (fault) {
      call.fault = fault;
      if (fault.hangMs) await this.hang(fault.hangMs, res);
      if (fault.status || fault.error) return this.answerFault(res, call, fault);
    }
    if (parsed === 'invalid_json') return this.refuse(res, call, new ApiError('invalid_json'));
    if (method === 'apps.connections.open') return this.openConnection(res, call, token);
    const handler = METHODS[method];
    if (!handler && !isFunctionMethod(method)) return this.refuse(res, call, new ApiError('unknown_method'));
    if (!token) return this.refuse(res, call, new ApiError('not_authed'));
    // A workflow token (xwfp-) stands for the bot within its one execution.
    const workflow = token === this.botToken ? undefined : this.runs.byToken(token);
    if (token !== this.botToken && !workflow) return this.refuse(res, call, new ApiError('invalid_auth'));
    if (this.limiter && !this.withinLimits(res, call)) return;
    const missing = missingArgs(method, args);
    if (missing.length) {
      const messages = missing.map((m) => `[ERROR] missing required field: ${m}`);
      return this.refuse(res, call, new ApiError('invalid_arguments', messages));
    }
    try {
      const result = isFunctionMethod(method)
        ? completeFunction(this.ws, this.runs, method, args, workflow)
        : handler(this.ws, args);
      call.ok = true;
      sendJson(res, 200, { ok: true, ...result });
    } catch (e) {
      if (e instanceof ApiError) return this.refuse(res, call, e);
      // A bug in the emulator, not a Slack refusal: say so loudly.
      call.error = 'internal_error';
      sendJson(res, 500, { ok: false, error: 'internal_error', response_metadata: { messages: [String(e)] } });
    }
  }

  /** Socket Mode's handshake: only an app-level token may ask (a bot token is refused as Slack does). */
  private openConnection(res: ServerResponse, call: CallRecord, token: string | undefined): void {
    const refusal = !token
      ? 'not_authed'
      : token === this.botToken
        ? 'not_allowed_token_type'
        : token !== this.socketMode?.appToken
          ? 'invalid_auth'
          : undefined;
    if (refusal || !this.socketMode) {
      this.refuse(res, call, new ApiError(refusal ?? 'invalid_auth'));
      return;
    }
    if (this.limiter && !this.withinLimits(res, call)) return;
    call.ok = true;
    sendJson(res, 200, { ok: true, url: this.socketMode.url });
  }

  /** Cancels pending hangs so stop() does not wait for them. */
  close(): void {
    for (const cancel of [...this.hangs]) cancel();
  }

  private refuse(res: ServerResponse, call: CallRecord, apiError: ApiError): void {
    call.error = apiError.code;
    const body: Record<string, unknown> = { ok: false, error: apiError.code, ...apiError.extra };
    if (apiError.messages?.length) body.response_metadata = { messages: apiError.messages };
    sendJson(res, 200, body);
  }

  /** Spends the call's tokens, or answers 429 as Slack does and records it. */
  private withinLimits(res: ServerResponse, call: CallRecord): boolean {
    const named = call.method === 'chat.postMessage' ? call.args.channel : undefined;
    const channel = typeof named === 'string' ? this.ws.conversationOf(named) : undefined;
    const verdict = this.limiter?.take(call.method, channel) ?? { ok: true };
    if (verdict.ok) return true;
    const { retryAfterMs, scope } = verdict;
    this.answer429(res, call, retryAfterSeconds(retryAfterMs), {
      ...(channel ? { channel } : {}),
      at: call.at,
      retryAfterMs,
      cause: 'limit',
      scope,
    });
    return false;
  }

  private answer429(
    res: ServerResponse,
    call: CallRecord,
    retryAfter: number,
    record: Omit<RateLimitedRecord, 'method' | 'retryAfter'>,
  ): void {
    call.error = 'ratelimited';
    this.ws.rateLimited.push({ method: call.method, retryAfter, ...record });
    sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
  }

  private answerFault(res: ServerResponse, call: CallRecord, fault: Fault): void {
    if (fault.status === 429) {
      const retryAfter = fault.retryAfter ?? 1;
      this.answer429(res, call, retryAfter, { at: call.at, retryAfterMs: retryAfter * 1000, cause: 'failNext' });
    } else if (fault.status && fault.status !== 200) {
      call.error = fault.error ?? `http_${fault.status}`;
      sendJson(res, fault.status, { ok: false, error: fault.error ?? 'internal_error' });
    } else {
      call.error = fault.error;
      sendJson(res, 200, { ok: false, error: fault.error });
    }
  }

  /**
   * Holds the answer for `ms`, or until the client hangs up, whichever comes first. A slow Slack
   * still acts on a call its client gave up on: ending the hang when the client gives up keeps
   * that (the effect lands, the answer is lost) without a test waiting out the rest of `ms`.
   */
  private hang(ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(true), ms);
      const hungUp = () => settle(true);
      const settle = (goOn: boolean) => {
        clearTimeout(timer);
        res.off('close', hungUp);
        this.hangs.delete(cancel);
        if (goOn) resolve();
      };
      const cancel = () => settle(false);
      this.hangs.add(cancel);
      res.once('close', hungUp);
    });
  }
}
