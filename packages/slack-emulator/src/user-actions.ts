import { randomUUID } from 'node:crypto';
import { validateView } from './blocks';
import { postToBot, signedHeaders } from './client';
import { ApiError } from './errors';
import { type MessageContent, messageContent } from './methods/chat';
import { openView, replaceView } from './methods/views';
import { blockActions, commandForm, eventCallback, homeBlockActions, viewSubmission } from './payloads';
import type { BlockElement, BotResponse, ViewPayload } from './types';
import { buildStateValues } from './view-state';
import type { DeliveryRecord, OwedEventRetry, ResponseUrlRecord, ViewRecord, Workspace } from './workspace';

// What a person in the Slack client does, and what Slack then does with the
// bot's HTTP answer (acks become messages, modal errors, view updates).
// Misuse by a test (unknown user, a button that is not there) throws.

const FORM = 'application/x-www-form-urlencoded';
/** Slack's Events API: an answer later than this is a failed delivery, retried at most this many times. */
const EVENT_ACK_WINDOW_MS = 3000;
const EVENT_RETRIES = 3;

export class UserActions {
  constructor(
    private readonly ws: Workspace,
    private readonly signingSecret: string,
    private readonly endpoint: () => string | undefined,
  ) {}

  async command(params: { user: string; channel: string; text?: string; command?: string }): Promise<BotResponse> {
    this.requireMember(params.user, params.channel);
    const triggerId = this.ws.issueTrigger(params.user);
    const responseUrl = this.ws.issueResponseUrl({
      channel: params.channel,
      user: params.user,
      isEphemeral: true,
      followsReplies: true,
    });
    const form = commandForm(
      this.ws,
      { ...params, text: params.text ?? '', command: params.command ?? '/incident' },
      triggerId,
      responseUrl.url,
    );
    const res = await this.deliver('command', Object.fromEntries(new URLSearchParams(form)), form, FORM);
    this.applyCommandAck(res, responseUrl);
    return res;
  }

  async submitView(params: { user: string; viewId: string; values: Record<string, unknown> }): Promise<BotResponse> {
    const rec = this.ws.views.get(params.viewId);
    if (!rec?.isOpen) throw new Error(`submitView: view ${params.viewId} is not open`);
    if (rec.user !== params.user)
      throw new Error(`submitView: view ${params.viewId} is open for ${rec.user}, not ${params.user}`);
    const state = buildStateValues(rec.view.blocks ?? [], params.values);
    const payload = viewSubmission(this.ws, rec, state, this.ws.issueTrigger(params.user));
    const res = await this.deliver(
      'view_submission',
      payload,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
    );
    this.applySubmissionAck(rec, res);
    return res;
  }

  async clickButton(params: {
    user: string;
    channel: string;
    messageTs: string;
    actionId: string;
    value?: string;
  }): Promise<BotResponse> {
    this.ws.requireUser(params.user);
    const message = this.ws.findMessage(params.channel, params.messageTs);
    const ephemeral = message
      ? undefined
      : this.ws.ephemerals.find(
          (e) => e.ts === params.messageTs && e.channel === params.channel && e.user === params.user,
        );
    const blocks = message?.blocks ?? ephemeral?.blocks;
    if (!message && !ephemeral)
      throw new Error(`clickButton: no message ${params.messageTs} in ${params.channel} visible to ${params.user}`);
    const found = findElement(blocks ?? [], params.actionId, params.value);
    if (!found)
      throw new Error(
        `clickButton: message ${params.messageTs} has no element with action_id '${params.actionId}'${params.value === undefined ? '' : ` and value '${params.value}'`}`,
      );
    const payload = blockActions(this.ws, {
      user: params.user,
      channel: params.channel,
      messageTs: params.messageTs,
      message,
      blockId: found.blockId,
      element: found.element,
      value: params.value,
      triggerId: this.ws.issueTrigger(params.user),
      responseUrl: this.ws.issueResponseUrl({
        channel: params.channel,
        user: params.user,
        messageTs: params.messageTs,
        isEphemeral: !message,
        followsReplies: false,
      }).url,
    });
    return this.deliver(
      'block_actions',
      payload,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
    );
  }

  /** A click on a button of the Home tab last published for `user`. */
  async clickHomeButton(params: { user: string; actionId: string; value?: string }): Promise<BotResponse> {
    this.ws.requireUser(params.user);
    const home = this.ws.homeViews.get(params.user);
    if (!home) throw new Error(`clickHomeButton: no Home tab was published for ${params.user}`);
    const found = findElement(home.view.blocks as never, params.actionId, params.value);
    if (!found)
      throw new Error(
        `clickHomeButton: ${params.user}'s Home tab has no element with action_id '${params.actionId}'${params.value === undefined ? '' : ` and value '${params.value}'`}`,
      );
    const payload = homeBlockActions(this.ws, {
      user: params.user,
      view: home.view,
      blockId: found.blockId,
      element: found.element,
      triggerId: this.ws.issueTrigger(params.user),
    });
    return this.deliver(
      'block_actions',
      payload,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
    );
  }

  sendEvent(
    event: Record<string, unknown>,
    opts: { eventId?: string; retryNum?: number; retryReason?: string } = {},
  ): Promise<BotResponse> {
    return this.deliverEvent(eventCallback(this.ws, event, opts.eventId), opts.retryNum, opts.retryReason);
  }

  /** Sends every owed retry once, oldest first, as Slack would (it spaces them: at once, 1 min, 5 min). */
  async redeliverEvents(): Promise<BotResponse[]> {
    const answers: BotResponse[] = [];
    for (const owed of this.ws.owedEventRetries.splice(0))
      answers.push(await this.deliverEvent(owed.envelope, owed.retryNum, owed.retryReason));
    return answers;
  }

  /**
   * Slack counts a delivery as failed unless it gets a 200 within 3 s, and then
   * delivers the same envelope again, up to 3 times, saying which retry it is.
   */
  private async deliverEvent(
    envelope: Record<string, unknown>,
    retryNum: number | undefined,
    retryReason: string | undefined,
  ): Promise<BotResponse> {
    const headers: Record<string, string> =
      retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(retryNum), 'x-slack-retry-reason': retryReason ?? 'http_timeout' };
    const owe = (reason: OwedEventRetry['retryReason']) => {
      if ((retryNum ?? 0) < EVENT_RETRIES)
        this.ws.owedEventRetries.push({ envelope, retryNum: (retryNum ?? 0) + 1, retryReason: reason });
    };
    const started = Date.now();
    let res: BotResponse;
    try {
      res = await this.deliver('event', envelope, JSON.stringify(envelope), 'application/json', headers);
    } catch (e) {
      owe(/did not answer/.test(String(e)) ? 'http_timeout' : 'connection_failed');
      throw e;
    }
    if (Date.now() - started > EVENT_ACK_WINDOW_MS) owe('http_timeout');
    else if (res.status !== 200) owe('http_error');
    return res;
  }

  async postUserMessage(params: {
    user: string;
    channel: string;
    text: string;
    threadTs?: string;
  }): Promise<{ ts: string; response: BotResponse }> {
    this.requireMember(params.user, params.channel);
    const ch = this.ws.channels.get(params.channel);
    // Slack only sends message events from conversations the app is in.
    const delivered = !ch || ch.members.includes(this.ws.botUserId);
    if (delivered) this.requireEndpoint();
    const m = this.ws.addMessage({
      channel: params.channel,
      user: params.user,
      text: params.text,
      threadTs: params.threadTs,
    });
    if (!delivered)
      return { ts: m.ts, response: { status: 0, body: `not_delivered: the bot is not a member of ${params.channel}` } };
    const parent = params.threadTs ? this.ws.findMessage(params.channel, params.threadTs) : undefined;
    const event: Record<string, unknown> = {
      type: 'message',
      client_msg_id: randomUUID(),
      channel: params.channel,
      user: params.user,
      text: params.text,
      ts: m.ts,
      event_ts: m.ts,
      team: this.ws.teamId,
      channel_type: ch ? (ch.isPrivate ? 'group' : 'channel') : 'im',
      ...(params.threadTs ? { thread_ts: params.threadTs, parent_user_id: parent?.user } : {}),
    };
    return { ts: m.ts, response: await this.sendEvent(event) };
  }

  async sendRaw(body: string, headers: Record<string, string>): Promise<BotResponse> {
    return this.record('raw', body, await postToBot(this.requireEndpoint(), body, headers), Date.now());
  }

  // --- Slack's handling of the bot's answers ------------------------------

  private applyCommandAck(res: BotResponse, url: ResponseUrlRecord): void {
    const { channel, user } = url;
    if (res.status !== 200 || !res.body) return;
    const body: Record<string, unknown> = typeof res.body === 'string' ? { text: res.body } : res.body;
    if (body.text === undefined && body.blocks === undefined) return;
    let content: MessageContent;
    try {
      content = messageContent(body);
    } catch (e) {
      // Slack shows the invoking user an error instead of the reply.
      if (!(e instanceof ApiError)) throw e;
      const last = this.ws.deliveries.at(-1);
      if (last) last.ackError = e.message;
      return;
    }
    if (body.response_type === 'in_channel') {
      const m = this.ws.addMessage({
        channel,
        user: this.ws.botUserId,
        text: content.text ?? '',
        blocks: content.blocks,
      });
      Object.assign(url, { messageTs: m.ts, isEphemeral: false });
    } else {
      const e = this.ws.addEphemeral({
        channel,
        user,
        text: content.text ?? '',
        blocks: content.blocks,
        source: 'ack',
      });
      Object.assign(url, { messageTs: e.ts, isEphemeral: true });
    }
  }

  private applySubmissionAck(rec: ViewRecord, res: BotResponse): void {
    // Slack keeps the modal open (with a generic error) when the app fails.
    if (res.status !== 200) return;
    const body = typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {};
    const action = body.response_action;
    if (action === 'errors') {
      rec.errors = body.errors as Record<string, string>;
      const inputIds = (rec.view.blocks ?? []).filter((b) => b.type === 'input').map((b) => b.block_id);
      const stray = Object.keys(rec.errors ?? {}).filter((k) => !inputIds.includes(k));
      // Slack rejects errors keyed by anything but an input block_id.
      rec.ackError = stray.length ? [`errors for unknown input block_id: ${stray.join(', ')}`] : undefined;
      return;
    }
    if (action === 'update' || action === 'push') {
      const problems = validateView(body.view);
      if (problems.length) {
        rec.ackError = problems;
        return;
      }
      if (action === 'update') replaceView(this.ws, rec, body.view as ViewPayload);
      else openView(this.ws, rec.user, body.view as ViewPayload, rec);
      return;
    }
    if (action === 'clear') {
      for (const v of this.ws.views.values()) if (v.rootViewId === rec.rootViewId) v.isOpen = false;
      return;
    }
    rec.isOpen = false;
  }

  // --- plumbing (also used by the other action classes) --------------------

  /** A person acting in a conversation: a member of it, and it is not archived (read-only in Slack's client). */
  requireMember(user: string, channel: string): void {
    this.ws.requireUser(user);
    const known = this.ws.channels.has(channel) || this.ws.imById(channel);
    if (!known) throw new Error(`no conversation ${channel} in the emulated workspace`);
    if (this.ws.channels.get(channel)?.isArchived) {
      throw new Error(`${channel} is archived: Slack's client lets nobody post, run commands or act on messages there`);
    }
    if (!this.ws.isMember(channel, user)) throw new Error(`${user} is not a member of ${channel}`);
  }

  requireEndpoint(): string {
    const endpoint = this.endpoint();
    if (!endpoint) throw new Error('SlackEmulator.botEndpoint is not set: where should Slack send this?');
    return endpoint;
  }

  async deliver(
    kind: DeliveryRecord['kind'],
    payload: unknown,
    body: string,
    contentType: string,
    extra: Record<string, string> = {},
  ): Promise<BotResponse> {
    const endpoint = this.requireEndpoint();
    const started = Date.now();
    const res = await postToBot(endpoint, body, { ...signedHeaders(this.signingSecret, body, contentType), ...extra });
    return this.record(kind, payload, res, started);
  }

  private record(kind: DeliveryRecord['kind'], payload: unknown, res: BotResponse, started: number): BotResponse {
    this.ws.deliveries.push({ kind, payload, status: res.status, body: res.body, ms: Date.now() - started });
    return res;
  }
}

export function findElement(
  blocks: { type?: string; block_id?: string; elements?: BlockElement[]; accessory?: BlockElement }[],
  actionId: string,
  value: string | undefined,
): { blockId: string; element: BlockElement } | undefined {
  const matches = (el: BlockElement | undefined) =>
    !!el &&
    el.action_id === actionId &&
    (value === undefined || el.type !== 'button' || el.value === value) &&
    (value === undefined ||
      el.type === 'button' ||
      el.type === 'users_select' ||
      !!el.options?.some((o) => o.value === value));
  for (const b of blocks) {
    const candidates = b.type === 'actions' ? (b.elements ?? []) : b.type === 'section' ? [b.accessory] : [];
    const el = candidates.find(matches);
    if (el) return { blockId: b.block_id ?? '', element: el };
  }
  return undefined;
}
