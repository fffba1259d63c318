import type {
  BookmarkRecord,
  CanvasRecord,
  ChannelRecord,
  FileRecord,
  ImRecord,
  MessageRecord,
  PinRecord,
  UserRecord,
  ViewRecord,
} from './records';
import type { Workspace } from './workspace';

/**
 * What a workspace keeps across a restart, as plain JSON: people, channels and
 * their history, DMs, pins, bookmarks, files, open modals, Home tabs, and the
 * counters behind ids and message timestamps. Left out on purpose: what Slack
 * itself forgets or expires within minutes (ephemerals, trigger_ids,
 * response_urls) and the emulator's own logs (calls, deliveries, owed retries).
 */
export interface WorkspaceSnapshot {
  seq: number;
  lastMicros: number;
  users: UserRecord[];
  channels: ChannelRecord[];
  ims: ImRecord[];
  messages: [string, MessageRecord[]][];
  pins: [string, PinRecord[]][];
  bookmarks: [string, BookmarkRecord[]][];
  /** Missing from snapshots saved before canvases. */
  canvases?: CanvasRecord[];
  views: ViewRecord[];
  homeViews: [string, Workspace['homeViews'] extends Map<string, infer H> ? H : never][];
  files: (Omit<FileRecord, 'content'> & { content?: string })[];
  userGroups: [string, string[]][];
}

export function snapshotWorkspace(ws: Workspace): WorkspaceSnapshot {
  return {
    seq: ws.seq,
    lastMicros: ws.lastMicros,
    users: [...ws.users.values()],
    channels: [...ws.channels.values()],
    ims: [...ws.ims.values()],
    messages: [...ws.messages],
    pins: [...ws.pins],
    bookmarks: [...ws.bookmarks],
    canvases: [...ws.canvases.values()],
    views: ws.openViews(),
    homeViews: [...ws.homeViews],
    files: [...ws.files.values()].map((f) => ({ ...f, content: f.content?.toString('base64') })),
    userGroups: [...ws.userGroups],
  };
}

/**
 * Loads a snapshot into a freshly seeded workspace. What the seed has and the
 * snapshot lacks (a person or channel seeded since) stays; counters only move forward.
 */
export function restoreWorkspace(ws: Workspace, snapshot: WorkspaceSnapshot): void {
  const refill = <V>(map: Map<string, V>, entries: Iterable<[string, V]>) => {
    for (const [k, v] of entries) map.set(k, v);
  };
  refill(
    ws.users,
    snapshot.users.map((u) => [u.id, u]),
  );
  refill(
    ws.channels,
    snapshot.channels.map((c) => [c.id, c]),
  );
  refill(
    ws.ims,
    snapshot.ims.map((i) => [i.user, i]),
  );
  refill(ws.messages, snapshot.messages);
  refill(ws.pins, snapshot.pins);
  refill(ws.bookmarks, snapshot.bookmarks);
  refill(
    ws.canvases,
    (snapshot.canvases ?? []).map((c) => [c.id, c]),
  );
  refill(
    ws.views,
    snapshot.views.map((v) => [v.id, v]),
  );
  refill(ws.homeViews, snapshot.homeViews);
  refill(
    ws.files,
    snapshot.files.map((file) => [
      file.id,
      { ...file, content: file.content === undefined ? undefined : Buffer.from(file.content, 'base64') },
    ]),
  );
  refill(ws.userGroups, snapshot.userGroups);
  ws.seq = Math.max(ws.seq, snapshot.seq);
  ws.lastMicros = Math.max(ws.lastMicros, snapshot.lastMicros);
  ws.notifyChanged();
}
