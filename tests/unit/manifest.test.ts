import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WebClient } from '@slack/web-api';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { COMMAND } from '../../src/kernel/slack/ids';

// manifest.yml is Slack's app manifest. This file checks it three ways:
// 1. it is valid against Slack's own JSON Schema (a copy committed under
//    tests/fixtures, kept identical to ../shared when that exists);
// 2. its bot scopes are exactly what the code needs: every Web API method called
//    under src/ and every subscribed event maps to scopes through the tables below;
//    a call to a method missing from the table fails, so does a missing or extra scope;
// 3. the slash command and request URLs match what the code serves.

const REPO = path.resolve(__dirname, '..', '..');
const MANIFEST_FILE = path.join(REPO, 'manifest.yml');
const SCHEMA_DIR = path.join(REPO, 'tests', 'fixtures', 'slack-manifest-schema');
const SHARED_SPECS = path.resolve(REPO, '..', 'shared', 'slack-api-specs');
const SHARED_SCHEMA_DIR = path.join(SHARED_SPECS, 'manifest-schema');
const SHARED_EVENTS_SPEC = path.join(SHARED_SPECS, 'slack_events_api_async_v1.json');
// Committed so the check runs on any clone; compared with ../shared when that is present.
const EVENTS_SPEC = path.join(REPO, 'tests', 'fixtures', 'slack-api-specs', 'slack_events_api_async_v1.json');
const SHARED_WEB_API_SPEC = path.join(SHARED_SPECS, 'slack_web_openapi_v2_without_examples.json');

/**
 * Bot scopes each Web API method needs, for the conversation types we use it on
 * (public and private channels). Slack documents a "Required scopes" list per
 * method at https://docs.slack.dev/reference/methods/<method>; for the
 * conversations.* family only the scope of the conversation type at hand is
 * needed, so we list both the public (channels:*) and private (groups:*) one.
 * Adding a call to a method not listed here fails the scope test below.
 */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'views.open': [],
  // The Home tab; Slack documents no scope for it.
  'views.publish': [],
  // The declare form after its *Join* button (a click in a modal is answered by updating it).
  'views.update': [],
  // The notifier also posts to a user ID (role duties as a DM from the bot): im:write.
  'chat.postMessage': ['chat:write', 'im:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  // Replacing the update nudge still standing.
  'chat.delete': ['chat:write'],
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.setTopic': ['channels:manage', 'groups:write'],
  'conversations.archive': ['channels:manage', 'groups:write'],
  // Only public channels can be joined.
  'conversations.join': ['channels:join'],
  // Called with types=public_channel,private_channel.
  'conversations.list': ['channels:read', 'groups:read'],
  // The conversation a message an incident is declared from is in: private, and whether the declarer is in it.
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  // The source message's link for the declare form.
  'chat.getPermalink': [],
  // A Workflow Builder step's completion, with the run's own workflow token (Slack lists no scope).
  'functions.completeSuccess': [],
  'functions.completeError': [],
  'pins.add': ['pins:write'],
  'reactions.add': ['reactions:write'],
  'bookmarks.add': ['bookmarks:write'],
  'bookmarks.list': ['bookmarks:read'],
  // The reminder poster looks for its own earlier post (by metadata) in incident channels and DMs.
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  // The same look for a reply in an announcement's thread (a public or private announcement channel).
  'conversations.replies': ['channels:history', 'groups:history'],
  'conversations.open': ['im:write'],
  // users:read.email: a follow-up's owner is found in the tracker by their email (profile.email).
  'users.info': ['users:read', 'users:read.email'],
  // Action-item owners typed as @name in the review form.
  'users.list': ['users:read'],
  'usergroups.users.list': ['usergroups:read'],
  // The SDK helper: files.getUploadURLExternal, an upload, then files.completeUploadExternal.
  filesUploadV2: ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.completeUploadExternal': ['files:write'],
  'files.info': ['files:read'],
  // The incident canvas: made in the channel, then redrawn (a create whose answer was lost is found with
  // conversations.info, listed above: the channel's properties.canvas).
  'conversations.canvases.create': ['canvases:write'],
  'canvases.edit': ['canvases:write'],
};

/**
 * Bot scopes each Events API event needs ("Required scopes" on
 * https://docs.slack.dev/reference/events/<event>). Checked against Slack's
 * Events API spec when ../shared holds it.
 */
const EVENT_SCOPES: Record<string, string[]> = {
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  pin_added: ['pins:read'],
  reaction_added: ['reactions:read'],
  member_joined_channel: ['channels:read', 'groups:read'],
  member_left_channel: ['channels:read', 'groups:read'],
  channel_archive: ['channels:read'],
  group_archive: ['groups:read'],
  channel_deleted: ['channels:read'],
  group_deleted: ['groups:read'],
  // Slack documents no scope for it (https://docs.slack.dev/reference/events/app_home_opened).
  app_home_opened: [],
  // A Workflow Builder step runs (https://docs.slack.dev/reference/events/function_executed): no scope listed.
  function_executed: [],
};

/** Events Slack added after the published Events API spec was last generated: the spec cannot vouch for them. */
// group_deleted is older but missing from it; Slack documents it (../shared/slack-api-specs/surfaces-and-limits.md).
const NEWER_THAN_SPEC = new Set(['app_home_opened', 'group_deleted', 'function_executed']);

/** The scope slash commands and shortcuts need. */
const COMMANDS_SCOPE = 'commands';

interface SlashCommand {
  command: string;
  url?: string;
  description: string;
  usage_hint?: string;
  should_escape?: boolean;
}

interface Shortcut {
  name: string;
  type: 'message' | 'global';
  callback_id: string;
  description: string;
}

/** A manifest v1 parameter map: name → {type, title, is_required…}. */
type Parameters = Record<string, { type: string; title?: string; is_required?: boolean }>;
interface ManifestFunction {
  title: string;
  description: string;
  input_parameters: Parameters;
  output_parameters: Parameters;
}

interface Manifest {
  _metadata?: { major_version?: number };
  display_information: { name: string; description?: string; background_color?: string };
  features?: {
    bot_user?: { display_name: string; always_online?: boolean };
    slash_commands?: SlashCommand[];
    shortcuts?: Shortcut[];
  };
  oauth_config?: { scopes?: { bot?: string[]; user?: string[] } };
  functions?: Record<string, ManifestFunction>;
  settings?: {
    event_subscriptions?: { request_url?: string; bot_events?: string[]; user_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled?: boolean;
    function_runtime?: string;
    socket_mode_enabled?: boolean;
    token_rotation_enabled?: boolean;
  };
}

const loadManifest = (): Manifest => parseYaml(readFileSync(MANIFEST_FILE, 'utf8')) as Manifest;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? filesUnder(path.join(dir, e.name), keep) : keep(e.name) ? [path.join(dir, e.name)] : [],
    )
    .sort();
}

// --- 1. Slack's JSON Schema ---------------------------------------------------

/**
 * Compiles Slack's top-level schema (which picks the per-major-version schema
 * by _metadata.major_version) from the committed copy. Its $refs point at
 * raw.githubusercontent.com; each is served from schemas/<same file name>.
 */
function manifestValidator() {
  // Slack's schema is not written for Ajv's strict mode (keywords without a type,
  // annotation keywords such as "_note"), so strict is off; the two things strict
  // mode would silently skip are supplied instead: the "uri" format and Slack's
  // own "regex" keyword (used where "pattern" was meant, e.g. background_color).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addKeyword({
    keyword: 'regex',
    type: 'string',
    schemaType: 'string',
    validate: (re: string, s: string) => new RegExp(re).test(s),
  });
  const top = readJson(path.join(SCHEMA_DIR, 'manifest.schema.json'));
  const refs = new Set<string>(JSON.stringify(top).match(/https:\/\/[^"]+\.json/g) ?? []);
  refs.delete(top.$id);
  const versions: Record<string, ReturnType<typeof ajv.getSchema>> = {};
  for (const ref of refs) {
    const file = path.join(SCHEMA_DIR, 'schemas', path.basename(ref));
    ajv.addSchema(readJson(file), ref);
    versions[path.basename(ref)] = ajv.getSchema(ref);
  }
  return { ajv, all: ajv.compile(top), v1: versions['manifest.schema.1.0.0.json'] };
}

describe('manifest.yml against Slack’s manifest JSON Schema', () => {
  const { ajv, all, v1 } = manifestValidator();
  const manifest = loadManifest();

  test('is a major_version 1 manifest that Slack’s schema accepts', () => {
    expect(manifest._metadata?.major_version).toBe(1);
    // The per-version schema's errors read far better than the top-level oneOf's.
    expect(v1).toBeDefined();
    const v1Ok = v1!(manifest);
    expect(v1Ok ? [] : ajv.errorsText(v1!.errors, { separator: '\n' }).split('\n')).toEqual([]);
    const ok = all(manifest);
    expect(ok ? [] : ajv.errorsText(all.errors, { separator: '\n' }).split('\n')).toEqual([]);
  });

  test('the schema rejects what Slack would reject (the validator is not a no-op)', () => {
    const broken = structuredClone(manifest) as Manifest & Record<string, unknown>;
    broken.display_information.background_color = 'red'; // Slack's "regex" keyword
    broken.features!.slash_commands![0].command = 'incident'; // must start with "/"
    broken.settings!.event_subscriptions!.request_url = 'firebreak.example.com/slack/events';
    broken.unknown_section = true;
    expect(v1!(broken)).toBe(false);
    const paths = v1!.errors!.map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/display_information/background_color regex',
        '/features/slash_commands/0/command pattern',
        '/settings/event_subscriptions/request_url pattern',
        ' additionalProperties',
      ]),
    );
    expect(all(broken)).toBe(false);
  });

  test("the committed schema is Slack's, byte for byte the one in ../shared where that is present", () => {
    const ours = readJson(path.join(SCHEMA_DIR, 'manifest.schema.json'));
    expect(JSON.stringify(ours)).toContain('manifest');
    if (!existsSync(SHARED_SCHEMA_DIR)) return;
    const shared = filesUnder(SHARED_SCHEMA_DIR, () => true).map((f) => path.relative(SHARED_SCHEMA_DIR, f));
    expect(shared.length).toBeGreaterThan(0);
    const differing = shared.filter((rel) => {
      const ours = path.join(SCHEMA_DIR, rel);
      return !existsSync(ours) || !readFileSync(ours).equals(readFileSync(path.join(SHARED_SCHEMA_DIR, rel)));
    });
    expect(differing).toEqual([]);
  });
});

// --- 2. Scopes: what the code calls and the events it subscribes to -----------

interface CallSite {
  method: string;
  where: string;
}

/** A WebClient whose every API binding just names its method, so `client.chat.postMessage` can be resolved to "chat.postMessage". */
class MethodProbe extends WebClient {
  last: string | undefined;
  override apiCall(method: string): Promise<never> {
    this.last = method;
    return new Promise<never>(() => {});
  }
}

const probe = new MethodProbe();

/** The Web API method a member chain such as `this.deps.client.chat.postMessage` names, if any suffix of it is one. */
function webApiMethod(segments: string[]): string | undefined {
  for (let i = 0; i < segments.length - 1; i++) {
    // Web API calls go through a WebClient, which the code always names `…client`/`…Client`;
    // this keeps look-alikes such as a repository's `reminders.complete()` out.
    if (i > 0 && !/client$/i.test(segments[i - 1])) continue;
    let target: unknown = probe;
    for (const segment of segments.slice(i)) {
      const holder = target as Record<string, unknown>;
      target =
        typeof holder === 'object' && holder !== null && Object.hasOwn(holder, segment) ? holder[segment] : undefined;
    }
    // Every Web API binding is `apiCall.bind(client, '<method>')`; other members (logger…) are not.
    if (typeof target === 'function' && target.name === 'bound apiCall') {
      probe.last = undefined;
      (target as (args: object) => unknown)({});
      return probe.last;
    }
    if (typeof target === 'function' && target.name === 'bound filesUploadV2') return 'filesUploadV2';
  }
  return undefined;
}

/** Source with comment lines blanked (line numbers kept), so a method named in a doc comment is not a call. */
function codeOf(file: string): string {
  return readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '))
    .replace(/^\s*\/\/.*$/gm, '');
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Every Web API call under src/: `<anything>.<namespace>.<method>(`, `.apiCall('m')`, `.paginate('m')`, and Bolt's `say(` (chat.postMessage). */
function scanWebApiCalls(): { calls: CallSite[]; unresolved: string[] } {
  const calls: CallSite[] = [];
  const unresolved: string[] = [];
  for (const file of filesUnder(path.join(REPO, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.d.ts'))) {
    const code = codeOf(file);
    const at = (index: number) => `${path.relative(REPO, file)}:${lineOf(code, index)}`;
    for (const m of code.matchAll(/\b[A-Za-z_$][\w$]*(?:\s*\??\.\s*[A-Za-z_$][\w$]*)+\s*\(/g)) {
      const segments = m[0]
        .slice(0, -1)
        .split(/\??\./)
        .map((s) => s.trim());
      const last = segments[segments.length - 1];
      if (last === 'apiCall' || last === 'paginate') continue; // handled below with their argument
      const method = webApiMethod(segments);
      if (method) calls.push({ method, where: at(m.index) });
    }
    for (const m of code.matchAll(/\.\s*(apiCall|paginate)\s*\(\s*([^,)]*)/g)) {
      const literal = /^(['"`])([\w.]+)\1$/.exec(m[2].trim());
      if (literal) calls.push({ method: literal[2], where: at(m.index) });
      else
        unresolved.push(
          `${at(m.index)}: ${m[1]}(${m[2].trim()} …) — pass the method name as a string literal so this test can see it`,
        );
    }
    for (const m of code.matchAll(/\.\s*filesUploadV2\s*\(/g))
      calls.push({ method: 'filesUploadV2', where: at(m.index) });
    for (const m of code.matchAll(/(?<![\w$.])say\s*\(/g))
      calls.push({ method: 'chat.postMessage', where: `${at(m.index)} (Bolt say)` });
  }
  return { calls, unresolved };
}

/** `export const NAME = 'value'` anywhere under src/, so listeners registered with an ids.ts constant can be resolved. */
function stringConstants(): Map<string, string> {
  const constants = new Map<string, string>();
  for (const file of filesUnder(path.join(REPO, 'src'), (n) => n.endsWith('.ts'))) {
    for (const m of codeOf(file).matchAll(/\bexport\s+const\s+([A-Za-z_$][\w$]*)\s*=\s*(['"`])([^'"`]*)\2\s*;/g))
      constants.set(m[1], m[3]);
  }
  return constants;
}

interface Listener {
  kind: 'event' | 'message' | 'command' | 'shortcut' | 'action' | 'view' | 'options' | 'function';
  /** Event name, command, callback_id… (undefined when the argument is not a literal or an exported constant). */
  id: string | undefined;
  /** The type argument, e.g. MessageShortcut in app.shortcut<MessageShortcut>(…). */
  typeArg: string | undefined;
  where: string;
}

/** Bolt registrations: app.event('name'), app.message(…), app.command(X), app.shortcut(X), app.action(X), app.view(X), app.options(X). */
function scanBoltListeners(): Listener[] {
  const constants = stringConstants();
  const found: Listener[] = [];
  for (const file of filesUnder(path.join(REPO, 'src'), (n) => n.endsWith('.ts'))) {
    const code = codeOf(file);
    const at = (index: number) => `${path.relative(REPO, file)}:${lineOf(code, index)}`;
    const re =
      /\bapp\s*\.\s*(event|message|command|shortcut|action|view|options|function)\s*(?:<([^()]*?)>)?\s*\(\s*([^,)]*)/g;
    for (const m of code.matchAll(re)) {
      const arg = m[3].trim();
      const literal = /^(['"`])([^'"`]*)\1$/.exec(arg)?.[2];
      const callbackId = /callback_id\s*:\s*(['"`])([^'"`]*)\1/.exec(arg)?.[2];
      const id = literal ?? callbackId ?? constants.get(arg);
      found.push({ kind: m[1] as Listener['kind'], id, typeArg: m[2]?.trim(), where: at(m.index) });
    }
  }
  return found;
}

describe('manifest.yml scopes are exactly what the code needs', () => {
  const manifest = loadManifest();
  const botScopes = manifest.oauth_config?.scopes?.bot ?? [];
  const botEvents = manifest.settings?.event_subscriptions?.bot_events ?? [];
  const { calls, unresolved } = scanWebApiCalls();

  test('the scan finds the calls the code is known to make (the scanner works)', () => {
    const methods = new Set(calls.map((c) => c.method));
    for (const m of ['auth.test', 'chat.postMessage', 'conversations.create', 'views.open'])
      expect(methods).toContain(m);
    expect(webApiMethod(['this', 'deps', 'client', 'conversations', 'invite'])).toBe('conversations.invite');
    expect(webApiMethod(['client', 'admin', 'conversations', 'create'])).toBe('admin.conversations.create');
    expect(webApiMethod(['this', 'logger', 'info'])).toBeUndefined();
    expect(webApiMethod(['workspace', 'users', 'get'])).toBeUndefined();
    expect(webApiMethod(['client', 'files', 'uploadV2'])).toBe('filesUploadV2');
  });

  test('every Web API method called under src/ is in the scope table', () => {
    expect(unresolved).toEqual([]);
    const missing = calls
      .filter((c) => !Object.hasOwn(METHOD_SCOPES, c.method))
      .map(
        (c) =>
          `${c.method} (called at ${c.where}): add it to METHOD_SCOPES with the bot scopes Slack documents for it, then to manifest.yml`,
      );
    expect(missing).toEqual([]);
  });

  test('every subscribed bot event is in the event table, and every event Bolt listens to is subscribed', () => {
    expect(botEvents.filter((e) => !Object.hasOwn(EVENT_SCOPES, e))).toEqual([]);
    expect(manifest.settings?.event_subscriptions?.user_events ?? []).toEqual([]);
    const events = scanBoltListeners().filter((l) => l.kind === 'event' || l.kind === 'message');
    expect(
      events
        .filter((l) => l.id === undefined && l.kind === 'event')
        .map((l) => `${l.where}: event name is not a string literal`),
    ).toEqual([]);
    const unsubscribed = events
      .map((l) => ({ ...l, event: l.kind === 'message' ? 'message' : l.id! }))
      .filter(({ event }) =>
        event === 'message' ? !botEvents.some((e) => e.startsWith('message.')) : !botEvents.includes(event),
      )
      .map(
        ({ event, where }) => `${event} (listened to at ${where}) is not in settings.event_subscriptions.bot_events`,
      );
    expect(unsubscribed).toEqual([]);
  });

  test('the manifest asks for every scope the calls, events and slash command need, and nothing more', () => {
    const needs = new Map<string, string[]>();
    const need = (scope: string, why: string) => needs.set(scope, [...(needs.get(scope) ?? []), why]);
    for (const c of calls) for (const s of METHOD_SCOPES[c.method] ?? []) need(s, c.method);
    for (const e of botEvents) for (const s of EVENT_SCOPES[e] ?? []) need(s, `event ${e}`);
    if ((manifest.features?.slash_commands ?? []).length > 0) need(COMMANDS_SCOPE, 'slash commands');
    if ((manifest.features?.shortcuts ?? []).length > 0) need(COMMANDS_SCOPE, 'shortcuts');

    const missing = [...needs]
      .filter(([s]) => !botScopes.includes(s))
      .map(([s, why]) => `${s} (needed by ${[...new Set(why)].join(', ')})`);
    expect(missing).toEqual([]);
    const unused = botScopes.filter((s) => !needs.has(s));
    expect(unused).toEqual([]);
    expect(new Set(botScopes).size).toBe(botScopes.length);
    expect(manifest.oauth_config?.scopes?.user ?? []).toEqual([]);
  });

  test('the event table agrees with Slack’s Events API spec', () => {
    if (existsSync(SHARED_EVENTS_SPEC))
      expect(readFileSync(EVENTS_SPEC).equals(readFileSync(SHARED_EVENTS_SPEC))).toBe(true);
    const topics = readJson(EVENTS_SPEC).topics as Record<
      string,
      { subscribe: { externalDocs: { url: string }; 'x-scopes-required': string[] } }
    >;
    const specScopes = new Map(
      Object.values(topics).map((t) => [
        t.subscribe.externalDocs.url.split('/').pop()!,
        t.subscribe['x-scopes-required'],
      ]),
    );
    const disagreements = Object.entries(EVENT_SCOPES)
      .filter(([event]) => !NEWER_THAN_SPEC.has(event) || specScopes.has(event))
      .filter(
        ([event, scopes]) =>
          JSON.stringify([...(specScopes.get(event) ?? ['<not an event>'])].sort()) !==
          JSON.stringify([...scopes].sort()),
      )
      .map(
        ([event, scopes]) =>
          `${event}: table ${scopes.join(',')}, spec ${specScopes.get(event)?.join(',') ?? 'has no such event'}`,
      );
    expect(disagreements).toEqual([]);
  });

  test('every method in the scope table is a Web API method (Slack’s OpenAPI spec in ../shared, or the SDK)', () => {
    const paths = (existsSync(SHARED_WEB_API_SPEC) ? readJson(SHARED_WEB_API_SPEC).paths : {}) as Record<
      string,
      unknown
    >;
    const sdkHelper = (m: string) =>
      !m.includes('.') && typeof (probe as unknown as Record<string, unknown>)[m] === 'function';
    const unknown = Object.keys(METHOD_SCOPES).filter(
      (m) => !Object.hasOwn(paths, `/${m}`) && !webApiMethod(['client', ...m.split('.')]) && !sdkHelper(m),
    );
    expect(unknown).toEqual([]);
  });
});

// --- 3. What the code serves ----------------------------------------------------

describe('manifest.yml matches what the bot serves', () => {
  const manifest = loadManifest();

  test('one slash command, the one the code registers, with escaped mentions', () => {
    const commands = manifest.features?.slash_commands ?? [];
    expect(commands.map((c) => c.command)).toEqual([COMMAND]);
    expect(COMMAND).toBe('/incident');
    const [incident] = commands;
    expect(incident.should_escape).toBe(true);
    expect(incident.usage_hint).toBe(
      'declare [title] | status | catchup | severity | role | invite | page | resolve | cancel | list | help',
    );
    expect(manifest.features?.bot_user).toEqual({ display_name: 'firebreak', always_online: true });
    expect(manifest.display_information.name).toBe('Firebreak');
  });

  test('the slash commands and shortcuts in the manifest are exactly those the Bolt app registers', () => {
    const listeners = scanBoltListeners();
    expect(
      listeners
        .filter((l) => l.id === undefined)
        .map((l) => `${l.where}: app.${l.kind}(…) id is neither a string literal nor an exported string constant`),
    ).toEqual([]);
    const registered = (kind: Listener['kind']) =>
      [...new Set(listeners.filter((l) => l.kind === kind).map((l) => l.id!))].sort();
    expect((manifest.features?.slash_commands ?? []).map((c) => c.command).sort()).toEqual(registered('command'));
    const shortcuts = manifest.features?.shortcuts ?? [];
    expect(shortcuts.map((s) => s.callback_id).sort()).toEqual(registered('shortcut'));
    // app.shortcut<MessageShortcut>(…) must be a message shortcut, <GlobalShortcut> a global one.
    for (const l of listeners.filter((l) => l.kind === 'shortcut' && l.typeArg)) {
      const type = /^Message/.test(l.typeArg!) ? 'message' : /^Global/.test(l.typeArg!) ? 'global' : undefined;
      if (type)
        expect({ callback_id: l.id, type: shortcuts.find((s) => s.callback_id === l.id)?.type }).toEqual({
          callback_id: l.id,
          type,
        });
    }
    // Buttons, modals and shortcuts all arrive as interactivity payloads.
    if (listeners.some((l) => ['shortcut', 'action', 'view', 'options'].includes(l.kind)))
      expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  test('every request URL is https and ends in /slack/events (the one path the receiver serves)', () => {
    const urls = {
      'slash command': manifest.features?.slash_commands?.[0]?.url,
      event_subscriptions: manifest.settings?.event_subscriptions?.request_url,
      interactivity: manifest.settings?.interactivity?.request_url,
    };
    for (const [what, url] of Object.entries(urls)) {
      expect({ what, url: url?.startsWith('https://') && url.endsWith('/slack/events') ? 'ok' : url }).toEqual({
        what,
        url: 'ok',
      });
    }
    expect(new Set(Object.values(urls)).size).toBe(1);
    expect(manifest.settings?.interactivity?.is_enabled).toBe(true);
  });

  test('HTTP mode without token rotation; org-ready with remote functions, as custom workflow steps need', () => {
    expect(manifest.settings).toMatchObject({
      socket_mode_enabled: false,
      org_deploy_enabled: true,
      function_runtime: 'remote',
      token_rotation_enabled: false,
    });
  });

  test('the workflow steps in the manifest are exactly the functions the Bolt app registers, with the inputs and outputs the code reads and writes', () => {
    const functions = manifest.functions ?? {};
    const registered = [
      ...new Set(
        scanBoltListeners()
          .filter((l) => l.kind === 'function')
          .map((l) => l.id!),
      ),
    ].sort();
    expect(Object.keys(functions).sort()).toEqual(registered);
    expect(registered).toEqual(['declare_incident', 'post_incident_update']);
    expect(manifest.settings?.event_subscriptions?.bot_events).toContain('function_executed');
    const shape = (f: ManifestFunction) => ({
      title: f.title,
      inputs: Object.fromEntries(Object.entries(f.input_parameters).map(([k, p]) => [k, [p.type, !!p.is_required]])),
      outputs: Object.fromEntries(Object.entries(f.output_parameters).map(([k, p]) => [k, [p.type, !!p.is_required]])),
    });
    expect(shape(functions.declare_incident)).toEqual({
      title: 'Declare an incident',
      inputs: {
        title: ['string', true],
        severity: ['string', false],
        category: ['string', false],
        summary: ['string', false],
        commander: ['slack#/types/user_id', false],
      },
      outputs: { incident_id: ['string', true], channel_id: ['slack#/types/channel_id', true] },
    });
    expect(shape(functions.post_incident_update)).toEqual({
      title: 'Post an incident update',
      inputs: { incident: ['string', false], channel: ['slack#/types/channel_id', false], text: ['string', true] },
      outputs: { incident_id: ['string', true], channel_id: ['slack#/types/channel_id', true] },
    });
  });
});
