import { ApiError, bool, int, list, str } from '../errors';
import { channelNameError, LIMITS } from '../rules';
import type { Args } from '../types';
import type { ChannelRecord, Workspace } from '../workspace';
import { channelJson, imJson, messageJson } from './serialize';
import type { MethodTable } from './types';

/** A channel the bot is in and may change: archived channels refuse changes. */
function changeableChannel(ws: Workspace, args: Args): ChannelRecord {
  const ch = ws.visibleChannel(str(args, 'channel'));
  if (ch.isArchived) throw new ApiError('is_archived');
  if (!ch.members.includes(ws.botUserId)) throw new ApiError('not_in_channel');
  return ch;
}

function conversationJson(ws: Workspace, id: string | undefined): Record<string, unknown> {
  const im = id ? ws.imById(id) : undefined;
  return im ? imJson(im) : channelJson(ws, ws.visibleChannel(id));
}

/** Messages a reader may see: in a channel the bot is in, or in one of its DMs. */
function readable(ws: Workspace, id: string | undefined): string {
  if (id && ws.imById(id)) return id;
  const ch = ws.visibleChannel(id);
  if (!ch.members.includes(ws.botUserId)) throw new ApiError('not_in_channel');
  return ch.id;
}

/** A message timestamp argument ('1700000000.000100'); Slack refuses anything else by name. */
function timestamp(args: Args, key: 'oldest' | 'latest', fallback: number): number {
  const raw = str(args, key);
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ApiError(`invalid_ts_${key}`);
  return Number(raw);
}

function cursorTs(cursor: string): number {
  const ts = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];
  if (!ts) throw new ApiError('invalid_cursor');
  return Number(ts);
}

export const conversationMethods: MethodTable = {
  'conversations.create': (ws, args) => {
    const name = str(args, 'name');
    const nameError = channelNameError(name);
    if (nameError) throw new ApiError(nameError);
    // Archived channels keep their names, so a reused incident slug collides.
    if (ws.channelByName(name!)) throw new ApiError('name_taken');
    const ch = ws.addChannel(
      { name: name!, isPrivate: bool(args, 'is_private'), members: [ws.botUserId] },
      ws.botUserId,
    );
    // Slack: member_joined_channel "is also triggered when creating a new channel".
    ws.onMembersAdded?.(ch.id, [ws.botUserId]);
    return { channel: channelJson(ws, ch) };
  },

  'conversations.info': (ws, args) => ({ channel: conversationJson(ws, str(args, 'channel')) }),

  'conversations.list': (ws, args) => {
    const types = list(args, 'types');
    const wanted = types.length ? types : ['public_channel'];
    const channels = [...ws.channels.values()].filter((channel) => {
      if (channel.isPrivate && !channel.members.includes(ws.botUserId)) return false;
      if (bool(args, 'exclude_archived') && channel.isArchived) return false;
      return wanted.includes(channel.isPrivate ? 'private_channel' : 'public_channel');
    });
    const ims = wanted.includes('im') ? [...ws.ims.values()].map(imJson) : [];
    return { channels: [...channels.map((c) => channelJson(ws, c)), ...ims], response_metadata: { next_cursor: '' } };
  },

  'conversations.invite': (ws, args) => {
    const ch = changeableChannel(ws, args);
    const users = list(args, 'users');
    if (users.length === 0) throw new ApiError('no_user');
    for (const id of users) ws.requireUser(id);
    if (users.includes(ws.botUserId)) throw new ApiError('cant_invite_self');
    const fresh = users.filter((u) => !ch.members.includes(u));
    if (fresh.length === 0) throw new ApiError('already_in_channel');
    ch.members.push(...fresh);
    ws.onMembersAdded?.(ch.id, fresh, ws.botUserId);
    return { channel: channelJson(ws, ch) };
  },

  'conversations.join': (ws, args) => {
    const ch = ws.channels.get(str(args, 'channel') ?? '');
    if (ch?.isPrivate) throw new ApiError('method_not_supported_for_channel_type');
    const visible = ws.visibleChannel(ch?.id);
    if (visible.isArchived) throw new ApiError('is_archived');
    if (visible.members.includes(ws.botUserId)) {
      return {
        channel: channelJson(ws, visible),
        warning: 'already_in_channel',
        response_metadata: { warnings: ['already_in_channel'] },
      };
    }
    visible.members.push(ws.botUserId);
    ws.onMembersAdded?.(visible.id, [ws.botUserId]);
    return { channel: channelJson(ws, visible) };
  },

  'conversations.setTopic': (ws, args) => {
    const ch = changeableChannel(ws, args);
    const topic = str(args, 'topic') ?? '';
    if (topic.length > LIMITS.topic) throw new ApiError('too_long');
    ch.topic = topic;
    return { channel: channelJson(ws, ch) };
  },

  'conversations.archive': (ws, args) => {
    const ch = ws.visibleChannel(str(args, 'channel'));
    if (ch.isArchived) throw new ApiError('already_archived');
    if (ch.isGeneral) throw new ApiError('cant_archive_general');
    if (!ch.members.includes(ws.botUserId)) throw new ApiError('not_in_channel');
    ch.isArchived = true;
    return {};
  },

  'conversations.members': (ws, args) => {
    const id = str(args, 'channel');
    const im = id ? ws.imById(id) : undefined;
    const members = im ? [im.user, ws.botUserId] : [...ws.visibleChannel(id).members];
    return { members, response_metadata: { next_cursor: '' } };
  },

  'conversations.open': (ws, args) => {
    const existing = str(args, 'channel');
    if (existing) return { channel: conversationJson(ws, existing) };
    const users = list(args, 'users');
    if (users.length === 0) throw new ApiError('users_list_not_supplied');
    if (users.length > 1) throw new ApiError('invalid_arguments', ['the emulator opens one-user DMs only']);
    const user = ws.requireUser(users[0]);
    const already = ws.ims.has(user.id);
    const im = ws.imFor(user.id);
    const channel = bool(args, 'return_im') ? imJson(im) : { id: im.id };
    return already ? { no_op: true, already_open: true, channel } : { channel };
  },

  'conversations.history': (ws, args) => {
    const id = readable(ws, str(args, 'channel'));
    const inclusive = bool(args, 'inclusive');
    const oldest = timestamp(args, 'oldest', 0);
    const latest = timestamp(args, 'latest', Number.POSITIVE_INFINITY);
    // A cursor carries on below the last message of the page before, as Slack's `next_ts:` cursors do.
    const below = str(args, 'cursor') ? cursorTs(str(args, 'cursor')!) : Number.POSITIVE_INFINITY;
    const limit = Math.max(1, Math.min(int(args, 'limit', 100), 999));
    const inRange = (ts: number) =>
      (inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest) && ts < below;
    const all = ws
      .messagesIn(id)
      .filter((m) => (!m.threadTs || m.threadTs === m.ts) && inRange(Number(m.ts)))
      .reverse();
    const page = all.slice(0, limit);
    const hasMore = all.length > limit;
    return {
      messages: page.map((m) => messageJson(ws, m)),
      has_more: hasMore,
      response_metadata: {
        next_cursor: hasMore ? Buffer.from(`next_ts:${page[page.length - 1].ts}`).toString('base64') : '',
      },
    };
  },

  'conversations.replies': (ws, args) => {
    const id = readable(ws, str(args, 'channel'));
    const ts = str(args, 'ts') ?? '';
    const parent = ws.findMessage(id, ts);
    if (!parent) throw new ApiError('thread_not_found');
    const msgs = [parent, ...ws.threadReplies(id, ts)];
    return { messages: msgs.map((m) => messageJson(ws, m)), has_more: false, response_metadata: { next_cursor: '' } };
  },
};
