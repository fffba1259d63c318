import type { Block, SeedChannel, SeedUser, ViewPayload } from './types';

// The records the workspace keeps. Plain camelCase data that tests read
// directly; methods/serialize.ts turns them into Slack's JSON.

export interface UserRecord {
  id: string;
  name: string;
  realName: string;
  email: string | null;
  tz: string;
  isBot: boolean;
}

export interface ChannelRecord {
  id: string;
  name: string;
  isPrivate: boolean;
  isArchived: boolean;
  /** The workspace's #general: Slack refuses to archive it. */
  isGeneral: boolean;
  topic: string;
  members: string[];
  /** Seconds, as Slack reports it. */
  created: number;
  creator: string;
}

/** A bot-to-user direct message conversation ('D…'). */
export interface ImRecord {
  id: string;
  user: string;
  created: number;
}

export interface MessageRecord {
  ts: string;
  channel: string;
  user: string;
  text: string;
  blocks?: Block[];
  attachments?: unknown[];
  threadTs?: string;
  replyCount: number;
  edited?: { user: string; ts: string };
  /** Set for messages the bot posted (Slack's bot_id). */
  botId?: string;
  reactions: { name: string; users: string[] }[];
  /** Slack message metadata (event_type + event_payload), returned by history with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Ids of files shared with this message (files.completeUploadExternal). */
  files?: string[];
}

/** A channel bookmark (the bar under the channel name); only links, as the bot adds. */
export interface BookmarkRecord {
  id: string;
  channel: string;
  title: string;
  link: string;
  addedBy: string;
  created: number;
}

/** A channel canvas (conversations.canvases.create): its id is a file id (`F…`), its content markdown. */
export interface CanvasRecord {
  id: string;
  channel: string;
  title: string;
  markdown: string;
  created: number;
  /** Edits applied so far. */
  edits: number;
  updated: number;
}

export interface PinRecord {
  channel: string;
  ts: string;
  pinnedBy: string;
  created: number;
}

/**
 * A file uploaded the files.getUploadURLExternal way. It exists (invisible)
 * from getUploadURLExternal on, holds bytes once POSTed to its upload_url,
 * and is visible and shared once completeUploadExternal succeeds.
 */
export interface FileRecord {
  id: string;
  name: string;
  title: string;
  /** The bytes POSTed to the upload_url (undefined until then). */
  content?: Buffer;
  /** Bytes received; `length` is what getUploadURLExternal was promised. */
  size: number;
  length: number;
  mimetype: string;
  filetype: string;
  altText?: string;
  snippetType?: string;
  /** Conversations it was shared into (channels and DMs). */
  channels: string[];
  user: string;
  /** Seconds. */
  created: number;
  permalink: string;
  urlPrivate: string;
  completed: boolean;
}

export interface EphemeralRecord {
  channel: string;
  user: string;
  text: string;
  blocks?: Block[];
  source: 'postEphemeral' | 'ack' | 'response_url';
  /** Slack gives ephemerals a message_ts too; buttons in them carry it. */
  ts: string;
  threadTs?: string;
}

export interface ViewRecord {
  id: string;
  user: string;
  /** The view as Slack returns it from views.open (id, hash, state, blocks…). */
  view: ViewPayload & { id: string; hash: string };
  hash: string;
  /** Errors the bot last answered a submission with (response_action 'errors'). */
  errors?: Record<string, string>;
  isOpen: boolean;
  rootViewId: string;
  previousViewId: string | null;
  /** Why a view update the bot asked for in an ack was refused, if it was. */
  ackError?: string[];
}

export interface CallRecord {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** Emulator clock, ms. */
  at: number;
  fault?: Fault;
}

/** A 429 the emulator answered: its rate limits refused the call (`cause: 'limit'`), or failNext asked for one. */
export interface RateLimitedRecord {
  method: string;
  /** chat.postMessage's conversation (a user id or a channel name resolved to the DM or channel id). */
  channel?: string;
  /** Emulator clock, ms. */
  at: number;
  /** The Retry-After header sent, in seconds. */
  retryAfter: number;
  /** The exact wait (ms of the emulator clock) before the call could pass; the header rounds it up. */
  retryAfterMs: number;
  cause: 'limit' | 'failNext';
  /** Which bucket was empty (cause 'limit'): the method's per workspace, or chat.postMessage's per channel. */
  scope?: 'workspace' | 'channel';
}

export interface Fault {
  error?: string;
  status?: number;
  retryAfter?: number;
  /** Holds the answer this long, or until the client hangs up if that comes first. */
  hangMs?: number;
}

/** One request the emulator sent to the bot, and the bot's answer. */
export interface DeliveryRecord {
  kind:
    | 'command'
    | 'view_submission'
    | 'block_actions'
    | 'shortcut'
    | 'message_action'
    | 'view_closed'
    | 'event'
    | 'raw';
  payload: unknown;
  status: number;
  body: unknown;
  /** Real milliseconds the bot took: Slack gives up after 3000. */
  ms: number;
  /** Why Slack could not show the bot's ack (e.g. invalid_blocks), if so. */
  ackError?: string;
}

/** An Events API delivery Slack will make again: the same envelope (event_id included), with these retry headers. */
export interface OwedEventRetry {
  envelope: Record<string, unknown>;
  /** X-Slack-Retry-Num of the redelivery: 1 to 3. */
  retryNum: number;
  /** X-Slack-Retry-Reason: http_error (an answer other than 200), http_timeout (none within 3 s), connection_failed. */
  retryReason: 'http_error' | 'http_timeout' | 'connection_failed';
}

export interface TriggerRecord {
  id: string;
  user: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrlRecord {
  token: string;
  url: string;
  channel: string;
  user: string;
  /**
   * The message replace_original/delete_original act on: the clicked message
   * for block_actions; for a command, the latest reply made through the ack
   * or this url.
   */
  messageTs?: string;
  /** Commands: each reply becomes the new "original". */
  followsReplies: boolean;
  isEphemeral: boolean;
  uses: number;
  issuedAt: number;
}

export interface WorkspaceOptions {
  teamId: string;
  botUserId: string;
  now: () => number;
  users: SeedUser[];
  channels: SeedChannel[];
}
