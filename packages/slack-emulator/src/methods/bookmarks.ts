import { ApiError, str } from '../errors';
import type { BookmarkRecord } from '../records';
import type { Workspace } from '../workspace';
import type { MethodTable } from './types';

/**
 * bookmarks.add and bookmarks.list are missing from the published OpenAPI spec that
 * required-args.json is generated from, so their required arguments (channel_id,
 * title, type; link for type=link, per docs.slack.dev/reference/methods/bookmarks.add;
 * channel_id for bookmarks.list) are checked here.
 */
export const bookmarkMethods: MethodTable = {
  'bookmarks.add': (ws, args) => {
    const channelId = str(args, 'channel_id');
    const title = str(args, 'title');
    const type = str(args, 'type');
    if (!channelId || !title || !type)
      throw new ApiError('invalid_arguments', [
        `missing required argument: ${!channelId ? 'channel_id' : !title ? 'title' : 'type'}`,
      ]);
    const ch = ws.visibleChannel(channelId);
    if (ch.isArchived) throw new ApiError('is_archived');
    if (!ch.members.includes(ws.botUserId)) throw new ApiError('not_in_channel');
    if (type !== 'link') throw new ApiError('invalid_bookmark_type');
    const link = str(args, 'link');
    if (!link || !/^https?:\/\/\S+$/.test(link)) throw new ApiError('invalid_link');
    const list = ws.bookmarks.get(ch.id) ?? [];
    const created = Math.floor(ws.now() / 1000);
    const record = { id: ws.newId('Bk'), channel: ch.id, title, link, addedBy: ws.botUserId, created };
    list.push(record);
    ws.bookmarks.set(ch.id, list);
    return { bookmark: shape(ws, record, list.length) };
  },
  'bookmarks.list': (ws, args) => {
    const channelId = str(args, 'channel_id');
    if (!channelId) throw new ApiError('invalid_arguments', ['missing required argument: channel_id']);
    const ch = ws.visibleChannel(channelId);
    return { bookmarks: (ws.bookmarks.get(ch.id) ?? []).map((b, i) => shape(ws, b, i + 1)) };
  },
};

/** A bookmark as Slack's API returns it. */
function shape(ws: Workspace, bookmark: BookmarkRecord, rank: number) {
  return {
    id: bookmark.id,
    channel_id: bookmark.channel,
    title: bookmark.title,
    link: bookmark.link,
    emoji: null,
    icon_url: null,
    type: 'link',
    entity_id: null,
    date_created: bookmark.created,
    date_updated: 0,
    rank: String(rank),
    last_updated_by_user_id: bookmark.addedBy,
    last_updated_by_team_id: ws.teamId,
    shortcut_id: null,
    app_id: ws.appId,
  };
}
