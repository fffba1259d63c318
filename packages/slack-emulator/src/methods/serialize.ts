import { tzOffsetSeconds } from '../rules';
import type { ChannelRecord, FileRecord, ImRecord, MessageRecord, UserRecord, Workspace } from '../workspace';

// Records → the JSON objects Slack returns. Kept apart from the rules so the
// state can use plain camelCase names that tests read easily.

export function userJson(ws: Workspace, u: UserRecord): Record<string, unknown> {
  return {
    id: u.id,
    team_id: ws.teamId,
    name: u.name,
    deleted: false,
    real_name: u.realName,
    tz: u.tz,
    tz_label: u.tz,
    tz_offset: tzOffsetSeconds(u.tz, ws.now()),
    is_bot: u.isBot,
    is_admin: false,
    is_app_user: false,
    updated: Math.floor(ws.now() / 1000),
    profile: {
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.name,
      display_name_normalized: u.name,
      team: ws.teamId,
      ...(u.isBot && u.id === ws.botUserId ? { bot_id: ws.botId } : {}),
    },
  };
}

export function channelJson(ws: Workspace, c: ChannelRecord): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.isPrivate,
    is_group: c.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: c.isPrivate,
    is_archived: c.isArchived,
    is_general: c.isGeneral,
    is_member: c.members.includes(ws.botUserId),
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    created: c.created,
    creator: c.creator,
    topic: { value: c.topic, creator: c.topic ? ws.botUserId : '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    num_members: c.members.length,
  };
}

export function imJson(im: ImRecord): Record<string, unknown> {
  return { id: im.id, created: im.created, is_im: true, is_org_shared: false, user: im.user, is_user_deleted: false };
}

export function messageJson(ws: Workspace, m: MessageRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { type: 'message', user: m.user, text: m.text, ts: m.ts, team: ws.teamId };
  if (m.botId) Object.assign(out, { bot_id: m.botId, app_id: ws.appId });
  if (m.blocks) out.blocks = m.blocks;
  if (m.attachments) out.attachments = m.attachments;
  if (m.threadTs) out.thread_ts = m.threadTs;
  if (m.replyCount) out.reply_count = m.replyCount;
  if (m.edited) out.edited = m.edited;
  if (m.metadata) out.metadata = m.metadata;
  if (m.reactions.length)
    out.reactions = m.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }));
  if (m.files?.length) {
    const files = m.files.map((id) => ws.files.get(id)).filter((f): f is FileRecord => !!f);
    Object.assign(out, { files: files.map((f) => fileJson(ws, f)), upload: true, display_as_bot: false });
  }
  return out;
}

/** A file object as files.info and completeUploadExternal return it (and messages carry it). */
export function fileJson(ws: Workspace, f: FileRecord): Record<string, unknown> {
  const kinds: Record<'channels' | 'groups' | 'ims', string[]> = { channels: [], groups: [], ims: [] };
  const shares: Record<string, Record<string, unknown[]>> = {};
  for (const id of f.channels) {
    const ch = ws.channels.get(id);
    kinds[!ch ? 'ims' : ch.isPrivate ? 'groups' : 'channels'].push(id);
    const visibility = ch && !ch.isPrivate ? 'public' : 'private';
    const share = ws.messagesIn(id).find((m) => m.files?.includes(f.id));
    shares[visibility] = {
      ...shares[visibility],
      [id]: [
        {
          reply_users: [],
          reply_users_count: 0,
          reply_count: 0,
          ts: share?.ts,
          channel_name: ch?.name ?? 'directmessage',
          team_id: ws.teamId,
          share_user_id: f.user,
          ...(share?.threadTs ? { thread_ts: share.threadTs } : {}),
        },
      ],
    };
  }
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: f.filetype,
    pretty_type:
      f.filetype === 'markdown' ? 'Markdown (raw)' : f.filetype === 'text' ? 'Plain Text' : f.filetype.toUpperCase(),
    user: f.user,
    user_team: ws.teamId,
    editable: f.mimetype.startsWith('text/'),
    size: f.size,
    mode: f.mimetype.startsWith('text/') ? 'snippet' : 'hosted',
    is_external: false,
    external_type: '',
    is_public: kinds.channels.length > 0,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: f.urlPrivate,
    url_private_download: f.urlPrivate.replace(/\/([^/]+)$/, '/download/$1'),
    permalink: f.permalink,
    comments_count: 0,
    is_starred: false,
    ...(f.altText ? { alt_txt: f.altText } : {}),
    shares,
    ...kinds,
    has_rich_preview: false,
    file_access: 'visible',
  };
}
