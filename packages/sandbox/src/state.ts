import { topView } from '@firebreak/slack-emulator/methods/views';
import type { Block, ViewPayload } from '@firebreak/slack-emulator/types';
import type { ChannelRecord, EphemeralRecord, MessageRecord, Workspace } from '@firebreak/slack-emulator/workspace';

// What the page shows, as plain JSON for one person: the conversations they
// can see, the open one's messages (with their ephemerals merged in), and the
// modal on top of their stack. Text and blocks go out as data; the page
// renders them with DOM text nodes, never as HTML.

export interface UserView {
  id: string;
  name: string;
  realName: string;
  isBot: boolean;
}

export interface ConversationSummary {
  id: string;
  name: string;
  kind: 'channel' | 'dm';
  isPrivate: boolean;
  isArchived: boolean;
  isMember: boolean;
  topic: string;
  /** ts of the newest message, for unread marks. */
  lastTs: string | null;
}

export interface FileView {
  id: string;
  title: string;
  name: string;
  /** Served by the page as text/plain, so documents open readable in a tab. */
  url: string;
  /** A PNG (the stats chart): the page shows it inline, as Slack does. */
  image: boolean;
}

export interface MessageView {
  ts: string;
  user: string;
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
  files: FileView[];
  reactions: { name: string; count: number; mine: boolean }[];
  pinned: boolean;
  /** Set on thread replies: the parent's ts. */
  replyTo?: string;
  replyCount: number;
  edited: boolean;
  ephemeral: boolean;
}

export interface ModalView {
  id: string;
  hash: string;
  title: string;
  submit: string | null;
  close: string;
  blocks: Block[];
  errors: Record<string, string>;
}

/** The person's App Home tab: the view Firebreak last published for them (nobody else's). */
export interface HomeTabView {
  hash: string;
  blocks: Block[];
  publishedAt: number;
}

export interface CanvasView {
  id: string;
  title: string;
  markdown: string;
  /** Unix seconds of its last change. */
  updated: number;
}

export interface PageState {
  version: number;
  /** Emulated time (ms) and how far it is ahead of real time. */
  now: number;
  offsetMs: number;
  me: string;
  botUserId: string;
  users: UserView[];
  conversations: ConversationSummary[];
  current:
    | (ConversationSummary & {
        messages: MessageView[];
        pins: { ts: string; pinnedBy: string; text: string }[];
        /** The channel's canvas (its Canvas tab), if it has one: only members of a private channel get here. */
        canvas: CanvasView | null;
      })
    | null;
  modal: ModalView | null;
  home: HomeTabView | null;
}

const text = (t: { text?: string } | undefined): string | undefined => t?.text;

function lastTs(messages: MessageRecord[]): string | null {
  return messages.at(-1)?.ts ?? null;
}

function channelSummary(ws: Workspace, channelRecord: ChannelRecord, me: string): ConversationSummary {
  return {
    id: channelRecord.id,
    name: channelRecord.name,
    kind: 'channel',
    isPrivate: channelRecord.isPrivate,
    isArchived: channelRecord.isArchived,
    isMember: channelRecord.members.includes(me),
    topic: channelRecord.topic,
    lastTs: lastTs(ws.messagesIn(channelRecord.id)),
  };
}

/** Public channels, and private ones the person is in: what Slack's sidebar offers. */
function conversationsFor(ws: Workspace, me: string): ConversationSummary[] {
  const channels = [...ws.channels.values()]
    .filter((c) => !c.isPrivate || c.members.includes(me))
    .map((c) => channelSummary(ws, c, me));
  const im = ws.ims.get(me);
  const bot = ws.users.get(ws.botUserId);
  const dms: ConversationSummary[] = im
    ? [
        {
          id: im.id,
          name: bot?.realName ?? 'Firebreak',
          kind: 'dm',
          isPrivate: true,
          isArchived: false,
          isMember: true,
          topic: '',
          lastTs: lastTs(ws.messagesIn(im.id)),
        },
      ]
    : [];
  return [...channels, ...dms];
}

function messageView(ws: Workspace, message: MessageRecord, me: string, pinned: Set<string>): MessageView {
  return {
    ts: message.ts,
    user: message.user,
    text: message.text,
    ...(message.blocks?.length ? { blocks: message.blocks } : {}),
    ...(message.attachments?.length ? { attachments: message.attachments } : {}),
    files: (message.files ?? []).flatMap((id) => {
      const f = ws.files.get(id);
      return f
        ? [
            {
              id: f.id,
              title: f.title || f.name,
              name: f.name,
              url: `/sandbox/files/${encodeURIComponent(f.id)}`,
              image: isPng(f.content),
            },
          ]
        : [];
    }),
    reactions: message.reactions.map((r) => ({ name: r.name, count: r.users.length, mine: r.users.includes(me) })),
    pinned: pinned.has(message.ts),
    ...(message.threadTs && message.threadTs !== message.ts ? { replyTo: message.threadTs } : {}),
    replyCount: message.replyCount,
    edited: !!message.edited,
    ephemeral: false,
  };
}

function ephemeralView(ephemeralRecord: EphemeralRecord, botUserId: string): MessageView {
  return {
    ts: ephemeralRecord.ts,
    user: botUserId,
    text: ephemeralRecord.text,
    ...(ephemeralRecord.blocks?.length ? { blocks: ephemeralRecord.blocks } : {}),
    files: [],
    reactions: [],
    pinned: false,
    ...(ephemeralRecord.threadTs ? { replyTo: ephemeralRecord.threadTs } : {}),
    replyCount: 0,
    edited: false,
    ephemeral: true,
  };
}

function modalFor(ws: Workspace, me: string): ModalView | null {
  const rec = topView(ws, me);
  if (!rec) return null;
  const v: ViewPayload = rec.view;
  return {
    id: rec.id,
    hash: rec.hash,
    title: text(v.title) ?? '',
    submit: text(v.submit) ?? null,
    close: text(v.close) ?? 'Cancel',
    blocks: v.blocks ?? [],
    errors: rec.errors ?? {},
  };
}

function homeFor(ws: Workspace, me: string): HomeTabView | null {
  const rec = ws.homeViews.get(me);
  return rec ? { hash: rec.hash, blocks: rec.view.blocks as Block[], publishedAt: rec.publishedAt } : null;
}

/** The page's state for person `me`, with conversation `open` (if they can see it) expanded. */
export function pageState(
  ws: Workspace,
  me: string,
  open: string | undefined,
  clock: { now: number; offsetMs: number },
): PageState {
  const conversations = conversationsFor(ws, me);
  const summary = conversations.find((c) => c.id === open) ?? null;
  let current: PageState['current'] = null;
  if (summary) {
    const pins = ws.pins.get(summary.id) ?? [];
    const pinnedTs = new Set(pins.map((p) => p.ts));
    const messages = [
      ...ws.messagesIn(summary.id).map((m) => messageView(ws, m, me, pinnedTs)),
      ...ws
        .ephemeralsFor(me)
        .filter((e) => e.channel === summary.id)
        .map((e) => ephemeralView(e, ws.botUserId)),
    ].sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0)); // fixed-width ts: string order is time order
    const canvas = ws.channelCanvas(summary.id);
    current = {
      ...summary,
      messages,
      canvas: canvas
        ? { id: canvas.id, title: canvas.title, markdown: canvas.markdown, updated: canvas.updated }
        : null,
      pins: pins.map((p) => ({ ts: p.ts, pinnedBy: p.pinnedBy, text: ws.findMessage(summary.id, p.ts)?.text ?? '' })),
    };
  }
  return {
    version: ws.version,
    now: clock.now,
    offsetMs: clock.offsetMs,
    me,
    botUserId: ws.botUserId,
    users: [...ws.users.values()].map((u) => ({ id: u.id, name: u.name, realName: u.realName, isBot: u.isBot })),
    conversations,
    current,
    modal: modalFor(ws, me),
    home: homeFor(ws, me),
  };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Judged by the bytes, not by what the upload claimed: only a real PNG is shown (and served) as an image. */
export const isPng = (content: Buffer | undefined): boolean =>
  !!content && content.subarray(0, 8).equals(PNG_SIGNATURE);
