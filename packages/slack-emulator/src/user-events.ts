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

  async editUserMessage(p: MessageRef & { text: string }): Promise<BotResponse> {
    const m = this.ownMessage(p, 'editUserMessage');
    const deliver = this.willDeliver(p.channel);
    const previous = messageJson(this.ws, m);
    const ts = this.ws.nextTs();
    m.text = p.text;
    m.edited = { user: p.user, ts };
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent({
      type: 'message',
      subtype: 'message_changed',
      hidden: true,
      channel: p.channel,
      channel_type: this.channelType(p.channel),
      ts,
      event_ts: ts,
      message: messageJson(this.ws, m),
      previous_message: previous,
    });
  }

  async deleteUserMessage(p: MessageRef): Promise<BotResponse> {
    const m = this.ownMessage(p, 'deleteUserMessage');
    const deliver = this.willDeliver(p.channel);
    const previous = messageJson(this.ws, m);
    const msgs = this.ws.messagesIn(p.channel);
    msgs.splice(msgs.indexOf(m), 1);
    const parent = m.threadTs && m.threadTs !== m.ts ? this.ws.findMessage(p.channel, m.threadTs) : undefined;
    if (parent) parent.replyCount = Math.max(0, parent.replyCount - 1);
    // A deleted message takes its pin with it.
    const pins = this.ws.pins.get(p.channel);
    if (pins)
      this.ws.pins.set(
        p.channel,
        pins.filter((x) => x.ts !== m.ts),
      );
    const ts = this.ws.nextTs();
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent({
      type: 'message',
      subtype: 'message_deleted',
      hidden: true,
      channel: p.channel,
      channel_type: this.channelType(p.channel),
      ts,
      event_ts: ts,
      deleted_ts: m.ts,
      previous_message: previous,
    });
  }

  async pinMessage(p: MessageRef): Promise<BotResponse> {
    const m = this.message(p, 'pinMessage');
    const pins = this.ws.pins.get(p.channel) ?? [];
    if (pins.some((x) => x.ts === m.ts))
      throw new Error(`pinMessage: ${m.ts} in ${p.channel} is already pinned (Slack: already_pinned)`);
    const deliver = this.willDeliver(p.channel);
    const pin: PinRecord = {
      channel: p.channel,
      ts: m.ts,
      pinnedBy: p.user,
      created: Math.floor(this.ws.now() / 1000),
    };
    pins.push(pin);
    this.ws.pins.set(p.channel, pins);
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent({
      type: 'pin_added',
      ...this.pinFields(p.user, m, pin, pins.length),
      event_ts: this.ws.nextTs(),
    });
  }

  async unpinMessage(p: MessageRef): Promise<BotResponse> {
    const m = this.message(p, 'unpinMessage');
    const pins = this.ws.pins.get(p.channel) ?? [];
    const pin = pins.find((x) => x.ts === m.ts);
    if (!pin) throw new Error(`unpinMessage: ${m.ts} in ${p.channel} is not pinned (Slack: no_pin)`);
    const deliver = this.willDeliver(p.channel);
    pins.splice(pins.indexOf(pin), 1);
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent({
      type: 'pin_removed',
      ...this.pinFields(p.user, m, pin, pins.length),
      has_pins: pins.length > 0,
      event_ts: this.ws.nextTs(),
    });
  }

  async addReaction(p: MessageRef & { name: string }): Promise<BotResponse> {
    const m = this.message(p, 'addReaction');
    const name = p.name.replace(/^:|:$/g, '');
    let r = m.reactions.find((x) => x.name === name);
    if (r?.users.includes(p.user))
      throw new Error(`addReaction: ${p.user} already reacted :${name}: (Slack: already_reacted)`);
    const deliver = this.willDeliver(p.channel);
    if (!r) {
      r = { name, users: [] };
      m.reactions.push(r);
    }
    r.users.push(p.user);
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent(this.reactionEvent('reaction_added', p.user, name, m));
  }

  async removeReaction(p: MessageRef & { name: string }): Promise<BotResponse> {
    const m = this.message(p, 'removeReaction');
    const name = p.name.replace(/^:|:$/g, '');
    const r = m.reactions.find((x) => x.name === name);
    if (!r?.users.includes(p.user))
      throw new Error(`removeReaction: ${p.user} has no :${name}: on ${m.ts} (Slack: no_reaction)`);
    const deliver = this.willDeliver(p.channel);
    r.users = r.users.filter((u) => u !== p.user);
    if (r.users.length === 0) m.reactions.splice(m.reactions.indexOf(r), 1);
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent(this.reactionEvent('reaction_removed', p.user, name, m));
  }

  /** A person joins (or, with `inviter`, is added to) a channel. Private channels need an inviter. */
  async joinChannel(p: { user: string; channel: string; inviter?: string }): Promise<BotResponse> {
    this.ws.requireUser(p.user);
    const ch = this.ws.channels.get(p.channel);
    if (!ch) throw new Error(`joinChannel: no channel ${p.channel} in the emulated workspace`);
    if (ch.isArchived) throw new Error(`joinChannel: ${p.channel} is archived; nobody can join it`);
    if (ch.members.includes(p.user)) throw new Error(`joinChannel: ${p.user} is already a member of ${p.channel}`);
    if (p.inviter) this.actions.requireMember(p.inviter, p.channel);
    else if (ch.isPrivate)
      throw new Error(`joinChannel: ${p.channel} is private; people join it only when invited (pass inviter)`);
    const deliver = ch.members.includes(this.ws.botUserId) || p.user === this.ws.botUserId;
    if (deliver) this.actions.requireEndpoint();
    ch.members.push(p.user);
    if (!deliver) return notDelivered(`the bot is not a member of ${p.channel}`);
    return this.actions.sendEvent(this.memberEvent('member_joined_channel', p.user, p.channel, p.inviter));
  }

  async leaveChannel(p: { user: string; channel: string }): Promise<BotResponse> {
    this.actions.requireMember(p.user, p.channel);
    const ch = this.ws.channels.get(p.channel);
    if (!ch) throw new Error(`leaveChannel: ${p.channel} is a DM; DMs cannot be left`);
    return this.departs(ch, p.user);
  }

  /**
   * `by` removes `user` (conversations.kick from a person's client). Slack sends
   * the same member_left_channel as for a leave: nothing in it says who removed them.
   */
  async removeFromChannel(p: { user: string; channel: string; by: string }): Promise<BotResponse> {
    const ch = this.ws.channels.get(p.channel);
    if (!ch) throw new Error(`removeFromChannel: ${p.channel} is a DM; nobody can be removed from it`);
    if (ch.isGeneral)
      throw new Error(`removeFromChannel: nobody can be removed from #${ch.name} (Slack: cant_kick_from_general)`);
    if (p.user === p.by)
      throw new Error('removeFromChannel: people leave by themselves with leaveChannel (Slack: cant_kick_self)');
    this.actions.requireMember(p.by, p.channel);
    if (!ch.members.includes(p.user))
      throw new Error(`removeFromChannel: ${p.user} is not in ${p.channel} (Slack: not_in_channel)`);
    return this.departs(ch, p.user);
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

  private message(p: MessageRef, verb: string): MessageRecord {
    this.actions.requireMember(p.user, p.channel);
    const m = this.ws.findMessage(p.channel, p.ts);
    if (!m) throw new Error(`${verb}: no message ${p.ts} in ${p.channel}`);
    return m;
  }

  /** People edit and delete only their own messages. */
  private ownMessage(p: MessageRef, verb: string): MessageRecord {
    const m = this.message(p, verb);
    if (m.user !== p.user) throw new Error(`${verb}: message ${p.ts} is ${m.user}'s; ${p.user} cannot change it`);
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

  private pinFields(user: string, m: MessageRecord, pin: PinRecord, count: number) {
    return {
      user,
      channel_id: pin.channel,
      item: {
        type: 'message',
        channel: pin.channel,
        created: pin.created,
        created_by: pin.pinnedBy,
        message: {
          ...messageJson(this.ws, m),
          permalink: this.ws.permalink(pin.channel, m.ts),
          pinned_to: [pin.channel],
        },
      },
      item_user: m.user,
      // @slack/types (PinAddedEvent) types pin_count as a string.
      pin_count: String(count),
      pinned_info: { channel: pin.channel, pinned_by: pin.pinnedBy, pinned_ts: pin.created },
    };
  }

  private reactionEvent(type: 'reaction_added' | 'reaction_removed', user: string, reaction: string, m: MessageRecord) {
    return {
      type,
      user,
      reaction,
      item_user: m.user,
      item: { type: 'message', channel: m.channel, ts: m.ts },
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
