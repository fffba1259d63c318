import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { SlackEmulator } from '@firebreak/slack-emulator';
import { readBody, sendJson } from '@firebreak/slack-emulator/http-util';
import type { BotResponse } from '@firebreak/slack-emulator/types';
import { ALERT_SEVERITIES, type AlertSeverity } from './alertmanager';
import type { SandboxClock } from './clock';
import type { SandboxIntegrations } from './integrations';
import { isPng, pageState } from './state';

// The sandbox page's server side, mounted on the emulator: the static page,
// a JSON view of the workspace for one person, that person's actions (each
// goes through the emulator's Slack client, so the bot sees real Slack
// requests), a clock control, and server-sent events on every change.

export interface SandboxPageOptions {
  clock: SandboxClock;
  /** The bot's slash command (`/incident`): the only one the page's command box sends. */
  command: string;
  /** The callback_id of the bot's message shortcut, the page's default for a message shortcut. */
  messageShortcut: string;
  /** The bot's global shortcut (the lightning menu's *Declare incident*) and its *Declare from message* shortcut. */
  declareShortcuts?: { global: string; fromMessage: string };
  /** One scheduler pass at the current (advanced) time: the bot's `scheduler.tick()`. */
  tick?: () => Promise<unknown>;
  /** The fakes around Slack and the bot's alert hook they post to: the page's Integrations panel. */
  integrations?: { hub: SandboxIntegrations; alertHookUrl: string };
}

const STATIC: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'blocks.js': 'text/javascript; charset=utf-8',
  'mrkdwn.js': 'text/javascript; charset=utf-8',
  'modal.js': 'text/javascript; charset=utf-8',
  'integrations.js': 'text/javascript; charset=utf-8',
  'canvas.js': 'text/javascript; charset=utf-8',
};

// Everything is served from here; no message can bring in a script or a style.
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-cache',
};

/** The page's files: packages/sandbox/page, beside src/ (jest) and dist/ (`npm start`) alike. */
const PAGE_DIR = join(__dirname, '../page');

const HOME_WAIT_MS = 5_000;
const MAX_ADVANCE_MS = 30 * 24 * 3600_000;

class BadRequest extends Error {}

type Body = Record<string, unknown>;

function str(body: Body, key: string, optional = false): string {
  const v = body[key];
  if (typeof v === 'string' && v !== '') return v;
  if (optional && (v === undefined || v === null)) return '';
  throw new BadRequest(`'${key}' must be a non-empty string`);
}

async function jsonBody(req: IncomingMessage): Promise<Body> {
  const raw = await readBody(req);
  try {
    const v: unknown = raw ? JSON.parse(raw) : {};
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Body;
  } catch {
    // answered below
  }
  throw new BadRequest('the body must be a JSON object');
}

/** What the person sees when the bot's answer is not a plain 200, as Slack's client would say it. */
function problem(res: BotResponse): string | undefined {
  if (res.status === 200 || res.status === 0) return undefined;
  return `Firebreak did not answer (HTTP ${res.status}${typeof res.body === 'string' && res.body ? `: ${res.body.slice(0, 200)}` : ''})`;
}

export function mountSandboxPage(emulator: SlackEmulator, opts: SandboxPageOptions): void {
  const ws = emulator.workspace;
  const dir = PAGE_DIR;

  const requireHuman = (id: string) => {
    const u = ws.users.get(id);
    if (!u || u.isBot) throw new BadRequest(`no person ${id} in the sandbox`);
    return id;
  };

  /** Resolves true when a Home tab other than `prior` is published for `user`, false after a while. */
  const homePublished = (user: string, prior: unknown) =>
    new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        off();
        clearTimeout(timer);
        resolve(ok);
      };
      const off = ws.onChange(() => {
        if (ws.homeViews.get(user) !== prior) done(true);
      });
      const timer = setTimeout(() => done(ws.homeViews.get(user) !== prior), HOME_WAIT_MS);
      if (ws.homeViews.get(user) !== prior) done(true);
    });

  const integrations = () => {
    if (!opts.integrations) throw new BadRequest('the sandbox runs without its integrations (a CONFIG_FILE is set)');
    return opts.integrations;
  };

  const actions: Record<string, (b: Body) => Promise<Body>> = {
    async alert(body) {
      const { hub, alertHookUrl } = integrations();
      const severity = str(body, 'severity') as AlertSeverity;
      if (!ALERT_SEVERITIES.includes(severity))
        throw new BadRequest(`'severity' must be one of ${ALERT_SEVERITIES.join(', ')}`);
      const status = str(body, 'status', true) || 'firing';
      if (status !== 'firing' && status !== 'resolved') throw new BadRequest("'status' must be firing or resolved");
      const bot = await hub.fireAlert(alertHookUrl, emulator.url, {
        alertname: str(body, 'alertname'),
        severity,
        summary: str(body, 'summary'),
        status,
        groupKey: str(body, 'groupKey', true),
      });
      const said = typeof bot.body === 'string' ? bot.body : JSON.stringify(bot.body);
      return {
        bot,
        problem:
          bot.status < 300 ? undefined : `Firebreak refused the alert (HTTP ${bot.status}: ${said.slice(0, 200)})`,
      };
    },
    async 'close-ticket'(body) {
      const bot = await integrations().hub.closeTicket(str(body, 'key'));
      return {
        bot,
        problem:
          bot.status >= 200 && bot.status < 300
            ? undefined
            : `Firebreak answered Jira's webhook with HTTP ${bot.status}`,
      };
    },
    async command(body) {
      const user = requireHuman(str(body, 'user'));
      const m = /^(\/\S+)\s*([\s\S]*)$/.exec(str(body, 'text').trim());
      if (!m) throw new BadRequest('a command starts with /');
      if (m[1] !== opts.command) throw new BadRequest(`${m[1]} is not a command here. Try ${opts.command} help.`);
      const res = await emulator.command({ user, channel: str(body, 'channel'), command: m[1], text: m[2].trim() });
      const ackError = ws.deliveries.at(-1)?.ackError;
      return {
        problem: problem(res) ?? (ackError ? `Slack could not show Firebreak's reply: ${ackError}` : undefined),
      };
    },
    async message(body) {
      const { response } = await emulator.postUserMessage({
        user: requireHuman(str(body, 'user')),
        channel: str(body, 'channel'),
        text: str(body, 'text'),
        ...(body.threadTs ? { threadTs: str(body, 'threadTs') } : {}),
      });
      return { problem: problem(response) };
    },
    async reaction(body) {
      const ref = { user: requireHuman(str(body, 'user')), channel: str(body, 'channel'), ts: str(body, 'ts') };
      const name = str(body, 'name').replace(/:/g, '');
      const mine = ws
        .findMessage(ref.channel, ref.ts)
        ?.reactions.some((r) => r.name === name && r.users.includes(ref.user));
      const res = mine ? await emulator.removeReaction({ ...ref, name }) : await emulator.addReaction({ ...ref, name });
      return { problem: problem(res) };
    },
    async pin(body) {
      const ref = { user: requireHuman(str(body, 'user')), channel: str(body, 'channel'), ts: str(body, 'ts') };
      const pinned = (ws.pins.get(ref.channel) ?? []).some((p) => p.ts === ref.ts);
      const res = pinned ? await emulator.unpinMessage(ref) : await emulator.pinMessage(ref);
      return { problem: problem(res) };
    },
    async shortcut(body) {
      const callbackId = str(body, 'callbackId', true) || opts.messageShortcut;
      const res = await emulator.messageShortcut({
        user: requireHuman(str(body, 'user')),
        channel: str(body, 'channel'),
        ts: str(body, 'ts'),
        callbackId,
      });
      return { problem: problem(res) };
    },
    // The lightning menu: a global shortcut names no conversation.
    async 'global-shortcut'(body) {
      if (!opts.declareShortcuts) throw new BadRequest('this bot has no global shortcut');
      const user = requireHuman(str(body, 'user'));
      return { problem: problem(await emulator.globalShortcut({ user, callbackId: opts.declareShortcuts.global })) };
    },
    async 'declare-from-message'(body) {
      if (!opts.declareShortcuts) throw new BadRequest('this bot has no Declare from message shortcut');
      const res = await emulator.messageShortcut({
        user: requireHuman(str(body, 'user')),
        channel: str(body, 'channel'),
        ts: str(body, 'ts'),
        callbackId: opts.declareShortcuts.fromMessage,
      });
      return { problem: problem(res) };
    },
    async button(body) {
      const res = await emulator.clickButton({
        user: requireHuman(str(body, 'user')),
        channel: str(body, 'channel'),
        messageTs: str(body, 'messageTs'),
        actionId: str(body, 'actionId'),
        ...(typeof body.value === 'string' ? { value: body.value } : {}),
      });
      return { problem: problem(res) };
    },
    async 'view/submit'(body) {
      const viewId = str(body, 'viewId');
      const values = (typeof body.values === 'object' && body.values !== null ? body.values : {}) as Record<
        string,
        unknown
      >;
      const res = await emulator.submitView({ user: requireHuman(str(body, 'user')), viewId, values });
      const rec = ws.views.get(viewId);
      return {
        problem:
          problem(res) ?? (rec?.ackError ? `Slack refused Firebreak's answer: ${rec.ackError.join('; ')}` : undefined),
        open: !!rec?.isOpen,
        errors: rec?.isOpen ? (rec.errors ?? {}) : {},
      };
    },
    async 'view/button'(body) {
      const res = await emulator.clickViewButton({
        user: requireHuman(str(body, 'user')),
        viewId: str(body, 'viewId'),
        actionId: str(body, 'actionId'),
        ...(typeof body.value === 'string' ? { value: body.value } : {}),
      });
      return { problem: problem(res) };
    },
    async 'view/close'(body) {
      const values = (typeof body.values === 'object' && body.values !== null ? body.values : undefined) as
        | Record<string, unknown>
        | undefined;
      const res = await emulator.closeView({
        user: requireHuman(str(body, 'user')),
        viewId: str(body, 'viewId'),
        ...(values ? { values } : {}),
      });
      return { problem: problem(res) };
    },
    async 'home/open'(body) {
      const user = requireHuman(str(body, 'user'));
      const prior = ws.homeViews.get(user);
      const res = await emulator.openAppHome(user);
      // The bot acks app_home_opened, then publishes: answer once the tab is drawn.
      const published = await homePublished(user, prior);
      return { problem: problem(res) ?? (published ? undefined : 'Firebreak did not draw your Home tab.') };
    },
    async 'home/button'(body) {
      const res = await emulator.clickHomeButton({
        user: requireHuman(str(body, 'user')),
        actionId: str(body, 'actionId'),
        ...(typeof body.value === 'string' ? { value: body.value } : {}),
      });
      return { problem: problem(res) };
    },
    async join(body) {
      const res = await emulator.joinChannel({ user: requireHuman(str(body, 'user')), channel: str(body, 'channel') });
      return { problem: problem(res) };
    },
    async clock(body) {
      const ms = Number(body.ms);
      if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_ADVANCE_MS)
        throw new BadRequest("'ms' must be a positive number of milliseconds, at most 30 days");
      opts.clock.advance(ms);
      ws.notifyChanged();
      // Whatever became due fires now, not at the scheduler's next real-time tick.
      await opts.tick?.();
      ws.notifyChanged();
      return { now: opts.clock.now().getTime(), offsetMs: opts.clock.offsetMs };
    },
  };

  const serveStatic = (res: ServerResponse, name: string) => {
    const type = STATIC[name];
    const file = join(dir, name);
    if (!type || !existsSync(file)) return sendJson(res, 404, { ok: false, error: 'not_found' });
    res.writeHead(200, { 'content-type': type, ...SECURITY_HEADERS });
    res.end(readFileSync(file));
  };

  const serveFile = (res: ServerResponse, id: string) => {
    const f = ws.files.get(id);
    if (!f?.completed || !f.content) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
    // Plain text whatever the upload said: a document opens readable, and nothing in it runs.
    // A real PNG (by its bytes) is an image the page shows inline; an image runs nothing either.
    const isText = f.mimetype.startsWith('text/') || /\.(md|txt|json|csv)$/i.test(f.name);
    const image = !isText && isPng(f.content);
    res.writeHead(200, {
      'content-type': image ? 'image/png' : isText ? 'text/plain; charset=utf-8' : 'application/octet-stream',
      'content-disposition': `${isText || image ? 'inline' : 'attachment'}; filename="${f.name.replace(/[^\w.-]/g, '_')}"`,
      'content-security-policy': "default-src 'none'",
      'x-content-type-options': 'nosniff',
    });
    res.end(f.content);
  };

  const events = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write(`retry: 2000\ndata: ${ws.version}\n\n`);
    let queued: NodeJS.Timeout | undefined;
    // Changes come in bursts (one command is several API calls): one event per burst.
    const push = () => {
      queued ??= setTimeout(() => {
        queued = undefined;
        if (!res.writableEnded) res.write(`data: ${ws.version}\n\n`);
      }, 40);
    };
    const off = ws.onChange(push);
    // What the fakes received (a page, a webhook) changes the Integrations panel, not the workspace.
    const offIntegrations = opts.integrations?.hub.onChange(push);
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    beat.unref();
    req.on('close', () => {
      off();
      offIntegrations?.();
      clearInterval(beat);
      if (queued) clearTimeout(queued);
    });
  };

  emulator.mount('/', async (req, res, url) => {
    const path = url.pathname;
    try {
      if (req.method === 'GET' && (path === '/' || path === '/index.html')) return serveStatic(res, 'index.html');
      if (req.method === 'GET' && path.startsWith('/sandbox/') && STATIC[path.slice('/sandbox/'.length)]) {
        return serveStatic(res, path.slice('/sandbox/'.length));
      }
      if (req.method === 'GET' && path.startsWith('/sandbox/files/'))
        return serveFile(res, decodeURIComponent(path.slice('/sandbox/files/'.length)));
      if (req.method === 'GET' && path === '/sandbox/api/events') return events(req, res);
      if (req.method === 'GET' && path === '/sandbox/api/state') {
        const me = requireHuman(url.searchParams.get('user') || 'UALICE');
        const state = pageState(ws, me, url.searchParams.get('channel') ?? undefined, {
          now: opts.clock.now().getTime(),
          offsetMs: opts.clock.offsetMs,
        });
        return sendJson(res, 200, state, { 'cache-control': 'no-store' });
      }
      if (req.method === 'GET' && path === '/sandbox/api/integrations')
        return sendJson(
          res,
          200,
          opts.integrations ? { enabled: true, ...opts.integrations.hub.view() } : { enabled: false },
          {
            'cache-control': 'no-store',
          },
        );
      const action = path.startsWith('/sandbox/api/') ? actions[path.slice('/sandbox/api/'.length)] : undefined;
      if (req.method === 'POST' && action) {
        const answer = await action(await jsonBody(req));
        return sendJson(res, 200, { ok: true, ...answer });
      }
      sendJson(res, 404, { ok: false, error: 'not_found', path });
    } catch (e) {
      // A person's impossible action (posting in an archived channel, an empty required field…):
      // the emulator throws, as Slack's client would refuse; the page shows why.
      sendJson(res, 400, { ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
