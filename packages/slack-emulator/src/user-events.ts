import { messageJson } from './methods/serialize';
import type { BotResponse, MessageRef } from './types';
import type { UserActions } from './user-actions';
import type { MessageRecord, PinRecord, Workspace } from './workspace';

// What people do in the Slack client that reaches the bot as Events API
// events: edits, deletions, pins, reactions, joining and leaving. Each one
// changes the workspace first, then sends the event shaped as Slack's docs
// and @slack/types show it, with a fresh event_id. As with postUserMessage,
// nothing is sent from a conversation the bot is not in: the answer is then
// { status: 0, body: 'not_delivered: …' }. Test misuse throws.

const notDelivered = (why: string): BotResponse => ({ status: 0, body: `not_delivered: ${why}` });

export class EventActions {
  constructor(
    private readonly ws: Workspace,
    private readonly actions: UserActions,
  ) {}

  async editUserMessage(params: MessageRef & { text: string }): Promise<BotResponse> {
    const m = this.ownMessage(params, 'editUserMessage');
    const deliver = this.willDeliver(params.channel);
    const previous = messageJson(this.ws, m);
    const ts = this.ws.nextTs();
    m.text = params.text;
    m.edited = { user: params.user, ts };
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: params.channel,
      channel_type: this.channelType(params.channel),
      ts,
      event_ts: ts,
      message: messageJson(this.ws, m),
      previous_message: previous,
    });
  }

  async deleteUserMessage(params: MessageRef): Promise<BotResponse> {
    const m = this.ownMessage(params, 'deleteUserMessage');
    const deliver = this.willDeliver(params.channel);
    const previous = messageJson(this.ws, m);
    const msgs = this.ws.messagesIn(params.channel);
    msgs.splice(msgs.indexOf(m), 1);
    const parent = m.threadTs && m.threadTs !== m.ts ? this.ws.findMessage(params.channel, m.threadTs) : undefined;
    if (parent) parent.replyCount = Math.max(0, parent.replyCount - 1);
    // A deleted message takes its pin with it.
    const pins = this.ws.pins.get(params.channel);
    if (pins)
      this.ws.pins.set(
        params.channel,
        pins.filter((x) => x.ts !== m.ts),
      );
    const ts = this.ws.nextTs();
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: params.channel,
      channel_type: this.channelType(params.channel),
      ts,
      event_ts: ts,
      deleted_ts: m.ts,
      previous_message: previous,
    });
  }

  async pinMessage(params: MessageRef): Promise<BotResponse> {
    const m = this.message(params, 'pinMessage');
    const pins = this.ws.pins.get(params.channel) ?? [];
    if (pins.some((x) => x.ts === m.ts))
      throw new Error(`pinMessage: ${m.ts} in ${params.channel} is already pinned (Slack: already_pinned)`);
    const deliver = this.willDeliver(params.channel);
    const pin: PinRecord = {
      channel: params.channel,
      ts: m.ts,
      pinnedBy: params.user,
      created: Math.floor(this.ws.now() / 1000),
    };
    pins.push(pin);
    this.ws.pins.set(params.channel, pins);
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent({
      type: 'pin_added',
      ...this.pinFields(params.user, m, pin, pins.length),
      event_ts: this.ws.nextTs(),
    });
  }

  async unpinMessage(params: MessageRef): Promise<BotResponse> {
    const m = this.message(params, 'unpinMessage');
    const pins = this.ws.pins.get(params.channel) ?? [];
    const pin = pins.find((x) => x.ts === m.ts);
    if (!pin) throw new Error(`unpinMessage: ${m.ts} in ${params.channel} is not pinned (Slack: no_pin)`);
    const deliver = this.willDeliver(params.channel);
    pins.splice(pins.indexOf(pin), 1);
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent({
      type: 'pin_removed',
      ...this.pinFields(params.user, m, pin, pins.length),
      has_pins: pins.length > 0,
      event_ts: this.ws.nextTs(),
    });
  }

  async addReaction(params: MessageRef & { name: string }): Promise<BotResponse> {
    const m = this.message(params, 'addReaction');
    const name = params.name.replace(/^:|:$/g, '');
    let r = m.reactions.find((x) => x.name === name);
    if (r?.users.includes(params.user))
      throw new Error(`addReaction: ${params.user} already reacted :${name}: (Slack: already_reacted)`);
    const deliver = this.willDeliver(params.channel);
    if (!r) {
      r = { name, users: [] };
      m.reactions.push(r);
    }
    r.users.push(params.user);
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent(this.reactionEvent('reaction_added', params.user, name, m));
  }

  async removeReaction(params: MessageRef & { name: string }): Promise<BotResponse> {
    const m = this.message(params, 'removeReaction');
    const name = params.name.replace(/^:|:$/g, '');
    const r = m.reactions.find((x) => x.name === name);
    if (!r?.users.includes(params.user))
      throw new Error(`removeReaction: ${params.user} has no :${name}: on ${m.ts} (Slack: no_reaction)`);
    const deliver = this.willDeliver(params.channel);
    r.users = r.users.filter((u) => u !== params.user);
    if (r.users.length === 0) m.reactions.splice(m.reactions.indexOf(r), 1);
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent(this.reactionEvent('reaction_removed', params.user, name, m));
  }

  /** A person joins (or, with `inviter`, is added to) a channel. Private channels need an inviter. */
  async joinChannel(params: { user: string; channel: string; inviter?: string }): Promise<BotResponse> {
    this.ws.requireUser(params.user);
    const ch = this.ws.channels.get(params.channel);
    if (!ch) throw new Error(`joinChannel: no channel ${params.channel} in the emulated workspace`);
    if (ch.isArchived) throw new Error(`joinChannel: ${params.channel} is archived; nobody can join it`);
    if (ch.members.includes(params.user))
      throw new Error(`joinChannel: ${params.user} is already a member of ${params.channel}`);
    if (params.inviter) this.actions.requireMember(params.inviter, params.channel);
    else if (ch.isPrivate)
      throw new Error(`joinChannel: ${params.channel} is private; people join it only when invited (pass inviter)`);
    const deliver = ch.members.includes(this.ws.botUserId) || params.user === this.ws.botUserId;
    if (deliver) this.actions.requireEndpoint();
    ch.members.push(params.user);
    if (!deliver) return notDelivered(`the bot is not a member of ${params.channel}`);
    return this.actions.sendEvent(
      this.memberEvent('member_joined_channel', params.user, params.channel, params.inviter),
    );
  }

  async leaveChannel(params: { user: string; channel: string }): Promise<BotResponse> {
    this.actions.requireMember(params.user, params.channel);
    const ch = this.ws.channels.get(params.channel);
    if (!ch) throw new Error(`leaveChannel: ${params.channel} is a DM; DMs cannot be left`);
    return this.departs(ch, params.user);
  }

  /**
   * `by` removes `user` (conversations.kick from a person's client). Slack sends
   * the same member_left_channel as for a leave: nothing in it says who removed them.
   */
  async removeFromChannel(params: { user: string; channel: string; by: string }): Promise<BotResponse> {
    const ch = this.ws.channels.get(params.channel);
    if (!ch) throw new Error(`removeFromChannel: ${params.channel} is a DM; nobody can be removed from it`);
    if (ch.isGeneral)
      throw new Error(`removeFromChannel: nobody can be removed from #${ch.name} (Slack: cant_kick_from_general)`);
    if (params.user === params.by)
      throw new Error('removeFromChannel: people leave by themselves with leaveChannel (Slack: cant_kick_self)');
    this.actions.requireMember(params.by, params.channel);
    if (!ch.members.includes(params.user))
      throw new Error(`removeFromChannel: ${params.user} is not in ${params.channel} (Slack: not_in_channel)`);
    return this.departs(ch, params.user);
  }

  private async departs(ch: { id: string; members: string[] }, user: string): Promise<BotResponse> {
    ch.members.splice(ch.members.indexOf(user), 1);
    if (!ch.members.includes(this.ws.botUserId)) return notDelivered(`the bot is not a member of ${ch.id}`);
    return this.actions.sendEvent(this.memberEvent('member_left_channel', user, ch.id));
  }

  /**
   * member_joined_channel for members the bot's own API calls added (the
   * emitMembershipEvents option). Sent after the API answer, one by one; a
   * failed delivery is recorded with status 0.
   */
  announceMembers(channel: string, users: string[], inviter?: string): void {
    setImmediate(async () => {
      for (const user of users) {
        const event = this.memberEvent('member_joined_channel', user, channel, inviter);
        try {
          await this.actions.sendEvent(event);
        } catch (e) {
          this.ws.deliveries.push({ kind: 'event', payload: event, status: 0, body: String(e), ms: 0 });
        }
      }
    });
  }

  // --- shapes and checks ----------------------------------------------------

  private message(params: MessageRef, verb: string): MessageRecord {
    this.actions.requireMember(params.user, params.channel);
    const m = this.ws.findMessage(params.channel, params.ts);
    if (!m) throw new Error(`${verb}: no message ${params.ts} in ${params.channel}`);
    return m;
  }

  /** People edit and delete only their own messages. */
  private ownMessage(params: MessageRef, verb: string): MessageRecord {
    const m = this.message(params, verb);
    if (m.user !== params.user)
      throw new Error(`${verb}: message ${params.ts} is ${m.user}'s; ${params.user} cannot change it`);
    return m;
  }

  /** Whether Slack would send this conversation's events to the bot; if so a Request URL must be set. */
  private willDeliver(channel: string): boolean {
    const yes = this.ws.isMember(channel, this.ws.botUserId);
    if (yes) this.actions.requireEndpoint();
    return yes;
  }

  private channelType(channel: string): 'channel' | 'group' | 'im' {
    const ch = this.ws.channels.get(channel);
    return ch ? (ch.isPrivate ? 'group' : 'channel') : 'im';
  }

  private pinFields(user: string, messageRecord: MessageRecord, pin: PinRecord, count: number) {
    return {
      user,
      channel_id: pin.channel,
      item: {
        type: 'message',
        channel: pin.channel,
        created: pin.created,
        created_by: pin.pinnedBy,
        message: {
          ...messageJson(this.ws, messageRecord),
          permalink: this.ws.permalink(pin.channel, messageRecord.ts),
          pinned_to: [pin.channel],
        },
      },
      item_user: messageRecord.user,
      // @slack/types (PinAddedEvent) types pin_count as a string.
      pin_count: String(count),
      pinned_info: { channel: pin.channel, pinned_by: pin.pinnedBy, pinned_ts: pin.created },
    };
  }

  private reactionEvent(
    type: 'reaction_added' | 'reaction_removed',
    user: string,
    reaction: string,
    messageRecord: MessageRecord,
  ) {
    return {
      type,
      user,
      reaction,
      item_user: messageRecord.user,
      item: { type: 'message', channel: messageRecord.channel, ts: messageRecord.ts },
      event_ts: this.ws.nextTs(),
    };
  }

  private memberEvent(
    type: 'member_joined_channel' | 'member_left_channel',
    user: string,
    channel: string,
    inviter?: string,
  ) {
    const ch = this.ws.channels.get(channel);
    return {
      type,
      user,
      channel,
      channel_type: ch?.isPrivate ? 'G' : 'C',
      team: this.ws.teamId,
      ...(inviter ? { inviter } : {}),
      event_ts: this.ws.nextTs(),
    };
  }
}
