import { randomBytes } from 'node:crypto';
import { messageJson } from './methods/serialize';
import type { BlockElement } from './types';
import type { MessageRecord, ViewRecord, Workspace } from './workspace';

// The bodies Slack sends to an app's Request URL, field for field.

/** Slack still sends the deprecated verification token; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'emulator-verification-token';

export function userRef(ws: Workspace, userId: string) {
  const u = ws.users.get(userId);
  return { id: userId, username: u?.name ?? userId, name: u?.name ?? userId, team_id: ws.teamId };
}

function conversationName(ws: Workspace, channelId: string): string {
  return ws.channels.get(channelId)?.name ?? 'directmessage';
}

export function commandForm(
  ws: Workspace,
  params: { user: string; channel: string; text: string; command: string },
  triggerId: string,
  responseUrl: string,
): string {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: ws.teamId,
    team_domain: ws.teamDomain,
    channel_id: params.channel,
    channel_name: conversationName(ws, params.channel),
    user_id: params.user,
    user_name: ws.users.get(params.user)?.name ?? params.user,
    command: params.command,
    text: params.text,
    api_app_id: ws.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl,
    trigger_id: triggerId,
  }).toString();
}

export function viewSubmission(ws: Workspace, rec: ViewRecord, state: Record<string, unknown>, triggerId: string) {
  return {
    type: 'view_submission',
    team: { id: ws.teamId, domain: ws.teamDomain },
    user: userRef(ws, rec.user),
    api_app_id: ws.appId,
    token: VERIFICATION_TOKEN,
    trigger_id: triggerId,
    view: { ...rec.view, state: { values: state } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

function actionJson(ws: Workspace, el: BlockElement, blockId: string, value?: string): Record<string, unknown> {
  const action: Record<string, unknown> = {
    action_id: el.action_id,
    block_id: blockId,
    type: el.type,
    action_ts: ws.nextTs(),
  };
  if (el.type === 'button')
    Object.assign(action, { text: el.text, value: el.value, ...(el.style ? { style: el.style } : {}) });
  else if (el.type === 'users_select') action.selected_user = value;
  else {
    const opt = el.options?.find((o) => o.value === value);
    action.selected_option = opt ? { text: opt.text, value: opt.value } : null;
  }
  return action;
}

/** A click in the app's Home tab: a view container, no channel and no response_url, as Slack sends it. */
export function homeBlockActions(
  ws: Workspace,
  params: {
    user: string;
    view: { id: string; hash: string; blocks: unknown[] };
    blockId: string;
    element: BlockElement;
    triggerId: string;
  },
) {
  const view = { ...params.view, type: 'home', team_id: ws.teamId, app_id: ws.appId, bot_id: ws.botId };
  return viewBlockActions(ws, { ...params, view: { ...view, state: { values: {} } } });
}

/** A click on a button in a modal: the view with what its inputs show, no response_url. */
export function modalBlockActions(
  ws: Workspace,
  params: {
    rec: ViewRecord;
    state: Record<string, unknown>;
    blockId: string;
    element: BlockElement;
    triggerId: string;
    /** The option picked in a select (dispatch_action). */
    value?: string;
  },
) {
  const view = { ...params.rec.view, state: { values: params.state } };
  return viewBlockActions(ws, { ...params, user: params.rec.user, view });
}

function viewBlockActions<View extends { id: string }>(
  ws: Workspace,
  params: { user: string; view: View; blockId: string; element: BlockElement; triggerId: string; value?: string },
) {
  return {
    type: 'block_actions',
    user: userRef(ws, params.user),
    api_app_id: ws.appId,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: params.view.id },
    trigger_id: params.triggerId,
    team: { id: ws.teamId, domain: ws.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    view: params.view,
    actions: [actionJson(ws, params.element, params.blockId, params.value)],
  };
}

export function blockActions(
  ws: Workspace,
  params: {
    user: string;
    channel: string;
    messageTs: string;
    message?: MessageRecord;
    blockId: string;
    element: BlockElement;
    value?: string;
    triggerId: string;
    responseUrl: string;
  },
) {
  const action = actionJson(ws, params.element, params.blockId, params.value);
  return {
    type: 'block_actions',
    user: userRef(ws, params.user),
    api_app_id: ws.appId,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: params.messageTs,
      channel_id: params.channel,
      is_ephemeral: !params.message,
    },
    trigger_id: params.triggerId,
    team: { id: ws.teamId, domain: ws.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: params.channel, name: conversationName(ws, params.channel) },
    // Slack leaves `message` out for clicks in ephemeral messages.
    ...(params.message ? { message: messageJson(ws, params.message) } : {}),
    state: { values: {} },
    response_url: params.responseUrl,
    actions: [action],
  };
}

/** A message shortcut (Slack's type 'message_action'), as Slack posts it in `payload=`. */
export function messageAction(
  ws: Workspace,
  params: {
    user: string;
    channel: string;
    message: MessageRecord;
    callbackId: string;
    triggerId: string;
    responseUrl: string;
  },
) {
  return {
    type: 'message_action',
    token: VERIFICATION_TOKEN,
    action_ts: ws.nextTs(),
    team: { id: ws.teamId, domain: ws.teamDomain },
    user: userRef(ws, params.user),
    channel: { id: params.channel, name: conversationName(ws, params.channel) },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: params.callbackId,
    trigger_id: params.triggerId,
    response_url: params.responseUrl,
    message_ts: params.message.ts,
    message: messageJson(ws, params.message),
  };
}

/** A global shortcut (Slack's type 'shortcut', the lightning menu): no channel, no message, no response_url. */
export function globalShortcut(ws: Workspace, params: { user: string; callbackId: string; triggerId: string }) {
  const u = userRef(ws, params.user);
  return {
    type: 'shortcut',
    token: VERIFICATION_TOKEN,
    action_ts: ws.nextTs(),
    team: { id: ws.teamId, domain: ws.teamDomain },
    user: { id: u.id, username: u.username, team_id: u.team_id },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: params.callbackId,
    trigger_id: params.triggerId,
  };
}

/** view_closed: sent only for views opened with notify_on_close. */
export function viewClosed(ws: Workspace, rec: ViewRecord, state: Record<string, unknown>, isCleared: boolean) {
  return {
    type: 'view_closed',
    team: { id: ws.teamId, domain: ws.teamDomain },
    user: userRef(ws, rec.user),
    api_app_id: ws.appId,
    token: VERIFICATION_TOKEN,
    view: { ...rec.view, state: { values: state } },
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function eventCallback(ws: Workspace, event: Record<string, unknown>, eventId?: string) {
  return {
    token: VERIFICATION_TOKEN,
    team_id: ws.teamId,
    context_team_id: ws.teamId,
    api_app_id: ws.appId,
    event: { event_ts: event.event_ts ?? event.ts ?? ws.nextTs(), ...event },
    type: 'event_callback',
    event_id: eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(ws.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: ws.teamId, user_id: ws.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}
