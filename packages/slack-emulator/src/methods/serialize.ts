import { tzOffsetSeconds } from '../rules';
import type { ChannelRecord, FileRecord, ImRecord, MessageRecord, UserRecord, Workspace } from '../workspace';

// Records → the JSON objects Slack returns. Kept apart from the rules so the
// state can use plain camelCase names that tests read easily.

export function userJson(ws: Workspace, user: UserRecord): Record<string, unknown> {
  return {
    id: user.id,
    team_id: ws.teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.tz,
    tz_label: user.tz,
    tz_offset: tzOffsetSeconds(user.tz, ws.now()),
    is_bot: user.isBot,
    is_admin: false,
    is_app_user: false,
    updated: Math.floor(ws.now() / 1000),
    profile: {
      real_name: user.realName,
      real_name_normalized: user.realName,
      display_name: user.name,
      display_name_normalized: user.name,
      ...(user.email ? { email: user.email } : {}),
      team: ws.teamId,
      ...(user.isBot && user.id === ws.botUserId ? { bot_id: ws.botId } : {}),
    },
  };
}

export function channelJson(ws: Workspace, channel: ChannelRecord): Record<string, unknown> {
  const canvas = ws.channelCanvas(channel.id);
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    is_member: channel.members.includes(ws.botUserId),
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    created: channel.created,
    creator: channel.creator,
    topic: { value: channel.topic, creator: channel.topic ? ws.botUserId : '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    num_members: channel.members.length,
    // Where Slack lists a channel's canvas (its tab).
    ...(canvas ? { properties: { canvas: { file_id: canvas.id, is_empty: canvas.markdown === '' } } } : {}),
  };
}

export function imJson(im: ImRecord): Record<string, unknown> {
  return { id: im.id, created: im.created, is_im: true, is_org_shared: false, user: im.user, is_user_deleted: false };
}

export function messageJson(ws: Workspace, messageRecord: MessageRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: 'message',
    user: messageRecord.user,
    text: messageRecord.text,
    ts: messageRecord.ts,
    team: ws.teamId,
  };
  if (messageRecord.botId) Object.assign(out, { bot_id: messageRecord.botId, app_id: ws.appId });
  if (messageRecord.blocks) out.blocks = messageRecord.blocks;
  if (messageRecord.attachments) out.attachments = messageRecord.attachments;
  if (messageRecord.threadTs) out.thread_ts = messageRecord.threadTs;
  if (messageRecord.replyCount) out.reply_count = messageRecord.replyCount;
  if (messageRecord.edited) out.edited = messageRecord.edited;
  if (messageRecord.metadata) out.metadata = messageRecord.metadata;
  if (messageRecord.reactions.length)
    out.reactions = messageRecord.reactions.map((r) => ({ name: r.name, users: r.users, count: r.users.length }));
  if (messageRecord.files?.length) {
    const files = messageRecord.files.map((id) => ws.files.get(id)).filter((f): f is FileRecord => !!f);
    Object.assign(out, { files: files.map((f) => fileJson(ws, f)), upload: true, display_as_bot: false });
  }
  return out;
}

/** A file object as files.info and completeUploadExternal return it (and messages carry it). */
export function fileJson(ws: Workspace, file: FileRecord): Record<string, unknown> {
  const kinds: Record<'channels' | 'groups' | 'ims', string[]> = { channels: [], groups: [], ims: [] };
  const shares: Record<string, Record<string, unknown[]>> = {};
  for (const id of file.channels) {
    const ch = ws.channels.get(id);
    kinds[!ch ? 'ims' : ch.isPrivate ? 'groups' : 'channels'].push(id);
    const visibility = ch && !ch.isPrivate ? 'public' : 'private';
    const share = ws.messagesIn(id).find((m) => m.files?.includes(file.id));
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
          share_user_id: file.user,
          ...(share?.threadTs ? { thread_ts: share.threadTs } : {}),
        },
      ],
    };
  }
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    filetype: file.filetype,
    pretty_type:
      file.filetype === 'markdown'
        ? 'Markdown (raw)'
        : file.filetype === 'text'
          ? 'Plain Text'
          : file.filetype.toUpperCase(),
    user: file.user,
    user_team: ws.teamId,
    editable: file.mimetype.startsWith('text/'),
    size: file.size,
    mode: file.mimetype.startsWith('text/') ? 'snippet' : 'hosted',
    is_external: false,
    external_type: '',
    is_public: kinds.channels.length > 0,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: file.urlPrivate,
    url_private_download: file.urlPrivate.replace(/\/([^/]+)$/, '/download/$1'),
    permalink: file.permalink,
    comments_count: 0,
    is_starred: false,
    ...(file.altText ? { alt_txt: file.altText } : {}),
    shares,
    ...kinds,
    has_rich_preview: false,
    file_access: 'visible',
  };
}
