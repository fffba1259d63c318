import { ApiError, int, str } from '../errors';
import type { Args } from '../types';
import type { MessageRecord, Workspace } from '../workspace';
import { messageJson, userJson } from './serialize';
import type { MethodTable } from './types';

/** The message a pin or reaction points at, in a channel the bot is in. */
function targetMessage(ws: Workspace, args: Args, requireMember: boolean): MessageRecord {
  const id = str(args, 'channel');
  const im = id ? ws.imById(id) : undefined;
  if (!im) {
    const ch = ws.visibleChannel(id);
    if (ch.isArchived) throw new ApiError('is_archived');
    if (requireMember && !ch.members.includes(ws.botUserId)) throw new ApiError('not_in_channel');
  }
  const ts = str(args, 'timestamp');
  if (!ts) throw new ApiError('no_item_specified');
  const m = ws.findMessage(im ? im.id : id!, ts);
  if (!m) throw new ApiError('message_not_found');
  return m;
}

export const miscMethods: MethodTable = {
  'api.test': (_ws, args) => ({ args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'token')) }),

  'auth.test': (ws) => ({
    url: `${ws.baseUrl}/`,
    team: 'Firebreak Sandbox',
    user: ws.users.get(ws.botUserId)?.name ?? 'firebreak',
    team_id: ws.teamId,
    user_id: ws.botUserId,
    bot_id: ws.botId,
    is_enterprise_install: false,
  }),

  'users.info': (ws, args) => ({ user: userJson(ws, ws.requireUser(str(args, 'user'))) }),

  // Paged as Slack pages it: `limit` (no limit: everyone), and an opaque `user:<id>` cursor naming where the next page starts.
  'users.list': (ws, args) => {
    const all = [...ws.users.values()];
    const cursor = str(args, 'cursor');
    let from = 0;
    if (cursor) {
      const id = /^user:(\S+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];
      from = id ? all.findIndex((u) => u.id === id) : -1;
      if (from < 0) throw new ApiError('invalid_cursor');
    }
    const limit = int(args, 'limit', 0);
    const page = limit > 0 ? all.slice(from, from + limit) : all.slice(from);
    const next = all[from + page.length];
    return {
      members: page.map((u) => userJson(ws, u)),
      cache_ts: Math.floor(ws.now() / 1000),
      response_metadata: { next_cursor: next ? Buffer.from(`user:${next.id}`).toString('base64') : '' },
    };
  },

  'usergroups.users.list': (ws, args) => {
    const users = ws.userGroups.get(str(args, 'usergroup') ?? '');
    if (!users) throw new ApiError('no_such_subteam');
    return { users: [...users] };
  },

  'pins.add': (ws, args) => {
    const m = targetMessage(ws, args, true);
    const pins = ws.pins.get(m.channel) ?? [];
    if (pins.some((p) => p.ts === m.ts)) throw new ApiError('already_pinned');
    pins.push({ channel: m.channel, ts: m.ts, pinnedBy: ws.botUserId, created: Math.floor(ws.now() / 1000) });
    ws.pins.set(m.channel, pins);
    return {};
  },

  'pins.remove': (ws, args) => {
    const m = targetMessage(ws, args, true);
    const pins = ws.pins.get(m.channel) ?? [];
    const i = pins.findIndex((p) => p.ts === m.ts);
    if (i < 0) throw new ApiError('no_pin');
    pins.splice(i, 1);
    return {};
  },

  'pins.list': (ws, args) => {
    const id = str(args, 'channel');
    const channel = id && ws.imById(id) ? id : ws.visibleChannel(id).id;
    const items = (ws.pins.get(channel) ?? []).map((pin) => {
      const m = ws.findMessage(channel, pin.ts);
      return {
        type: 'message',
        created: pin.created,
        created_by: pin.pinnedBy,
        channel,
        message: m && messageJson(ws, m),
      };
    });
    return { items };
  },

  'reactions.add': (ws, args) => {
    const m = targetMessage(ws, args, false);
    const name = (str(args, 'name') ?? '').replace(/^:|:$/g, '');
    if (!name) throw new ApiError('invalid_name');
    let r = m.reactions.find((x) => x.name === name);
    if (r?.users.includes(ws.botUserId)) throw new ApiError('already_reacted');
    if (!r) {
      r = { name, users: [] };
      m.reactions.push(r);
    }
    r.users.push(ws.botUserId);
    return {};
  },
};
