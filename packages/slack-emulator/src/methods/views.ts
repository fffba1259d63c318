import { randomBytes } from 'node:crypto';
import { validateHomeView, validateView, withBlockIds } from '../blocks';
import { ApiError, str } from '../errors';
import { LIMITS } from '../rules';
import type { Args, ViewPayload } from '../types';
import type { ViewRecord, Workspace } from '../workspace';
import type { MethodTable } from './types';

function newHash(ws: Workspace): string {
  return `${Math.floor(ws.now() / 1000)}.${randomBytes(4).toString('hex')}`;
}

/** A view argument that is valid, or the invalid_arguments Slack answers. */
export function checkedView(view: unknown): ViewPayload {
  if (typeof view === 'string')
    throw new ApiError('invalid_arguments', ['[ERROR] failed to parse JSON [json-pointer:/view]']);
  const problems = validateView(view);
  if (problems.length) throw new ApiError('invalid_arguments', problems);
  return view as ViewPayload;
}

function assertExternalIdFree(ws: Workspace, externalId: string | undefined, exceptId?: string): void {
  if (!externalId) return;
  const clash = [...ws.views.values()].find((v) => v.view.external_id === externalId && v.id !== exceptId);
  if (clash) throw new ApiError('duplicate_external_id');
}

/** The view object as Slack stores and returns it. */
function render(ws: Workspace, id: string, payload: ViewPayload, rootViewId: string, previousViewId: string | null) {
  const hash = newHash(ws);
  return {
    id,
    team_id: ws.teamId,
    type: 'modal',
    title: payload.title,
    ...(payload.submit ? { submit: payload.submit } : {}),
    ...(payload.close ? { close: payload.close } : {}),
    blocks: withBlockIds(payload.blocks) ?? [],
    private_metadata: payload.private_metadata ?? '',
    callback_id: payload.callback_id ?? '',
    state: { values: {} },
    hash,
    clear_on_close: !!payload.clear_on_close,
    notify_on_close: !!payload.notify_on_close,
    root_view_id: rootViewId,
    previous_view_id: previousViewId,
    app_id: ws.appId,
    external_id: payload.external_id ?? '',
    app_installed_team_id: ws.teamId,
    bot_id: ws.botId,
  };
}

/** Opens a view for a user; with `on`, pushes it onto that view's stack. */
export function openView(ws: Workspace, user: string, payload: ViewPayload, on?: ViewRecord): ViewRecord {
  assertExternalIdFree(ws, payload.external_id);
  if (!on) for (const v of ws.openViews(user)) v.isOpen = false;
  const id = ws.newViewId();
  const rootViewId = on ? on.rootViewId : id;
  const view = render(ws, id, payload, rootViewId, on ? on.id : null);
  const rec: ViewRecord = {
    id,
    user,
    view,
    hash: view.hash,
    isOpen: true,
    rootViewId,
    previousViewId: on ? on.id : null,
  };
  ws.views.set(id, rec);
  return rec;
}

/** Replaces a view's content in place (same id, new hash), as views.update does. */
export function replaceView(ws: Workspace, rec: ViewRecord, payload: ViewPayload): ViewRecord {
  assertExternalIdFree(ws, payload.external_id, rec.id);
  rec.view = render(ws, rec.id, payload, rec.rootViewId, rec.previousViewId);
  rec.hash = rec.view.hash;
  rec.errors = undefined;
  return rec;
}

/** The view on top of a user's modal stack: the one the user sees. */
export function topView(ws: Workspace, user: string): ViewRecord | undefined {
  const open = ws.openViews(user);
  return open.find((v) => !open.some((o) => o.previousViewId === v.id));
}

function stackDepth(ws: Workspace, rec: ViewRecord): number {
  let depth = 1;
  let cur: ViewRecord | undefined = rec;
  while (cur?.previousViewId) {
    cur = ws.views.get(cur.previousViewId);
    depth += 1;
  }
  return depth;
}

function viewToUpdate(ws: Workspace, args: Args): ViewRecord {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!viewId && !externalId)
    throw new ApiError('invalid_arguments', ['[ERROR] missing required field: view_id or external_id']);
  const rec = viewId
    ? ws.views.get(viewId)
    : [...ws.views.values()].find((v) => v.isOpen && v.view.external_id === externalId);
  if (!rec?.isOpen) throw new ApiError('not_found');
  return rec;
}

export const viewMethods: MethodTable = {
  'views.open': (ws, args) => {
    const payload = checkedView(args.view);
    const trigger = ws.useTrigger(str(args, 'trigger_id') ?? str(args, 'interactivity_pointer'));
    return { view: openView(ws, trigger.user, payload).view };
  },

  'views.push': (ws, args) => {
    const payload = checkedView(args.view);
    const trigger = ws.useTrigger(str(args, 'trigger_id') ?? str(args, 'interactivity_pointer'));
    const top = topView(ws, trigger.user);
    if (!top) throw new ApiError('not_found');
    if (stackDepth(ws, top) >= LIMITS.viewStack) throw new ApiError('push_limit_reached');
    return { view: openView(ws, trigger.user, payload, top).view };
  },

  'views.publish': (ws, args) => {
    const user = ws.requireUser(str(args, 'user_id') ?? '');
    if (typeof args.view === 'string')
      throw new ApiError('invalid_arguments', ['[ERROR] failed to parse JSON [json-pointer:/view]']);
    const problems = validateHomeView(args.view);
    if (problems.length) throw new ApiError('invalid_arguments', problems);
    const prior = ws.homeViews.get(user.id);
    const hash = str(args, 'hash');
    if (hash && prior && hash !== prior.hash) throw new ApiError('hash_conflict');
    const payload = args.view as ViewPayload;
    const view = {
      id: prior?.view.id ?? ws.newViewId(),
      team_id: ws.teamId,
      type: 'home',
      blocks: withBlockIds(payload.blocks) ?? [],
      private_metadata: payload.private_metadata ?? '',
      callback_id: payload.callback_id ?? '',
      hash: newHash(ws),
      app_id: ws.appId,
      bot_id: ws.botId,
    };
    ws.homeViews.set(user.id, { view, hash: view.hash, publishedAt: ws.now() });
    return { view };
  },

  'views.update': (ws, args) => {
    const rec = viewToUpdate(ws, args);
    const hash = str(args, 'hash');
    // The hash guards against two writers; Slack ignores it when absent.
    if (hash && hash !== rec.hash) throw new ApiError('hash_conflict');
    return { view: replaceView(ws, rec, checkedView(args.view)).view };
  },
};
