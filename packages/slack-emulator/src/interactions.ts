import { topView } from './methods/views';
import { globalShortcut, messageAction, modalBlockActions, viewClosed } from './payloads';
import type { BotResponse, MessageRef } from './types';
import { findElement, type UserActions } from './user-actions';
import { buildStateValues } from './view-state';
import type { Workspace } from './workspace';

// Interactivity payloads beyond commands, submissions and message buttons: a
// message shortcut (type 'message_action'), a button in a modal and closing a
// modal (view_closed). All arrive as a signed form with one `payload=` field, as Slack sends them.

const FORM = 'application/x-www-form-urlencoded';
const asForm = (payload: unknown) => new URLSearchParams({ payload: JSON.stringify(payload) }).toString();

/** Who clicks which button (`value` tells same-id buttons apart) in which open modal; `values` as in submitView. */
export interface ViewButtonClick {
  user: string;
  viewId: string;
  actionId: string;
  value?: string;
  values?: Record<string, unknown>;
}

/** Who picks which option (`value`) of which select in which open modal; `values` as in submitView. */
export interface ViewSelect {
  user: string;
  viewId: string;
  actionId: string;
  value: string;
  values?: Record<string, unknown>;
}

export class Interactions {
  constructor(
    private readonly ws: Workspace,
    private readonly actions: UserActions,
  ) {}

  /**
   * The user picks the app's global shortcut `callbackId` from the lightning menu (anywhere in Slack: it names no
   * conversation). The payload carries a fresh trigger_id and no response_url.
   */
  async globalShortcut(params: { user: string; callbackId: string }): Promise<BotResponse> {
    this.ws.requireUser(params.user);
    const payload = globalShortcut(this.ws, { ...params, triggerId: this.ws.issueTrigger(params.user) });
    return this.actions.deliver('shortcut', payload, asForm(payload), FORM);
  }

  /**
   * The user picks the app's message shortcut `callbackId` from a message's
   * menu. The payload carries a fresh trigger_id (views.open works with it)
   * and a response_url that posts into the channel.
   */
  async messageShortcut(params: MessageRef & { callbackId: string }): Promise<BotResponse> {
    this.actions.requireMember(params.user, params.channel);
    const message = this.ws.findMessage(params.channel, params.ts);
    if (!message) throw new Error(`messageShortcut: no message ${params.ts} in ${params.channel}`);
    const responseUrl = this.ws.issueResponseUrl({
      channel: params.channel,
      user: params.user,
      isEphemeral: false,
      followsReplies: false,
    });
    const payload = messageAction(this.ws, {
      user: params.user,
      channel: params.channel,
      message,
      callbackId: params.callbackId,
      triggerId: this.ws.issueTrigger(params.user),
      responseUrl: responseUrl.url,
    });
    return this.actions.deliver('message_action', payload, asForm(payload), FORM);
  }

  /**
   * The user clicks a button in their top modal. The block_actions payload carries
   * the view as it stands (its private_metadata, hash, and state.values: `values` as
   * in submitView, initial values otherwise); Slack keeps the modal open and the app
   * answers through views.update with that view's id.
   */
  async clickViewButton(params: ViewButtonClick): Promise<BotResponse> {
    const rec = this.ws.views.get(params.viewId);
    if (!rec?.isOpen) throw new Error(`clickViewButton: view ${params.viewId} is not open`);
    if (rec.user !== params.user)
      throw new Error(`clickViewButton: view ${params.viewId} is open for ${rec.user}, not ${params.user}`);
    if (topView(this.ws, params.user)?.id !== rec.id)
      throw new Error(`clickViewButton: view ${params.viewId} is under another view`);
    const found = findElement(rec.view.blocks ?? [], params.actionId, params.value);
    if (!found)
      throw new Error(
        `clickViewButton: view ${params.viewId} has no element with action_id '${params.actionId}'${params.value === undefined ? '' : ` and value '${params.value}'`}`,
      );
    const state = buildStateValues(rec.view.blocks ?? [], params.values ?? {}, { closing: true });
    const payload = modalBlockActions(this.ws, {
      rec,
      state,
      blockId: found.blockId,
      element: found.element,
      triggerId: this.ws.issueTrigger(params.user),
    });
    return this.actions.deliver('block_actions', payload, asForm(payload), FORM);
  }

  /**
   * The user picks `value` in a select of their top modal whose input block has `dispatch_action: true` (a select in
   * an input block without it sends nothing until submission, as in Slack). The block_actions payload carries the
   * view with its hash and full state (the pick included, `values` as in submitView); the app answers with
   * views.update, whose `hash` must still match.
   */
  async selectInView(params: {
    user: string;
    viewId: string;
    actionId: string;
    value: string;
    values?: Record<string, unknown>;
  }): Promise<BotResponse> {
    const rec = this.ws.views.get(params.viewId);
    if (!rec?.isOpen) throw new Error(`selectInView: view ${params.viewId} is not open`);
    if (rec.user !== params.user)
      throw new Error(`selectInView: view ${params.viewId} is open for ${rec.user}, not ${params.user}`);
    if (topView(this.ws, params.user)?.id !== rec.id)
      throw new Error(`selectInView: view ${params.viewId} is under another view`);
    const block = (rec.view.blocks ?? []).find((b) => b.type === 'input' && b.element?.action_id === params.actionId);
    if (!block?.element)
      throw new Error(`selectInView: view ${params.viewId} has no input with action_id '${params.actionId}'`);
    if (!(block as { dispatch_action?: boolean }).dispatch_action)
      throw new Error(
        `selectInView: the input '${params.actionId}' has no dispatch_action: Slack sends nothing until submission`,
      );
    if (block.element.type !== 'static_select')
      throw new Error(`selectInView: '${params.actionId}' is a ${block.element.type}, not a static_select`);
    const state = buildStateValues(
      rec.view.blocks ?? [],
      { ...params.values, [params.actionId]: params.value },
      { closing: true },
    );
    const payload = modalBlockActions(this.ws, {
      rec,
      state,
      blockId: block.block_id ?? '',
      element: block.element,
      triggerId: this.ws.issueTrigger(params.user),
      value: params.value,
    });
    return this.actions.deliver('block_actions', payload, asForm(payload), FORM);
  }

  /**
   * The user closes the modal on top of their stack (Cancel or ×). With the
   * view's clear_on_close the whole stack goes (is_cleared: true), otherwise
   * only this view. Slack sends view_closed only for views opened with
   * notify_on_close; state.values holds what the inputs show (`values` as in
   * submitView, initial values otherwise; empty required inputs allowed).
   */
  async closeView(params: { user: string; viewId: string; values?: Record<string, unknown> }): Promise<BotResponse> {
    const rec = this.ws.views.get(params.viewId);
    if (!rec?.isOpen) throw new Error(`closeView: view ${params.viewId} is not open`);
    if (rec.user !== params.user)
      throw new Error(`closeView: view ${params.viewId} is open for ${rec.user}, not ${params.user}`);
    if (topView(this.ws, params.user)?.id !== rec.id)
      throw new Error(`closeView: view ${params.viewId} is under another view; close the top one first`);
    const state = buildStateValues(rec.view.blocks ?? [], params.values ?? {}, { closing: true });
    const isCleared = !!rec.view.clear_on_close;
    if (isCleared) for (const v of this.ws.views.values()) if (v.rootViewId === rec.rootViewId) v.isOpen = false;
    rec.isOpen = false;
    if (!rec.view.notify_on_close)
      return { status: 0, body: 'not_delivered: the view was opened without notify_on_close' };
    const payload = viewClosed(this.ws, rec, state, isCleared);
    return this.actions.deliver('view_closed', payload, asForm(payload), FORM);
  }
}
