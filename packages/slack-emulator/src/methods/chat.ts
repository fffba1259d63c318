import { validateBlocks, withBlockIds } from '../blocks';
import { ApiError, str } from '../errors';
import type { MessageRecord } from '../records';
import { escapedLength, LIMITS } from '../rules';
import type { Args, Block } from '../types';
import type { Workspace } from '../workspace';
import { messageJson } from './serialize';
import type { MethodTable } from './types';

export interface MessageContent {
  text?: string;
  blocks?: Block[];
  attachments?: unknown[];
}

/**
 * The text/blocks/attachments of a post, judged as chat.postMessage judges
 * them. Also used for acks and response_url bodies, which Slack renders with
 * the same rules.
 */
export function messageContent(args: Args, opts: { update?: boolean } = {}): MessageContent {
  const text = str(args, 'text');
  const { blocks, attachments } = args;
  if (blocks !== undefined && !Array.isArray(blocks)) throw new ApiError('invalid_blocks_format');
  if (attachments !== undefined && !Array.isArray(attachments)) throw new ApiError('invalid_attachments');
  if (!text && !(blocks as unknown[] | undefined)?.length && !(attachments as unknown[] | undefined)?.length) {
    throw new ApiError('no_text');
  }
  if (opts.update ? text && escapedLength(text) > LIMITS.updateText : text && text.length > LIMITS.postText) {
    throw new ApiError('msg_too_long');
  }
  if (blocks) {
    const problems = validateBlocks(blocks, 'message');
    if (problems.length) throw new ApiError('invalid_blocks', problems);
  }
  if (attachments && attachments.length > LIMITS.attachments) throw new ApiError('too_many_attachments');
  return { text, blocks: blocks as Block[] | undefined, attachments: attachments as unknown[] | undefined };
}

/** A conversation the bot may touch by id: a channel it can see or one of its DMs. */
function conversationId(ws: Workspace, id: string | undefined): string {
  if (id && ws.imById(id)) return id;
  const ch = ws.visibleChannel(id);
  if (ch.isArchived) throw new ApiError('is_archived');
  return ch.id;
}

/** `metadata` arrives as a JSON string in forms and as an object in JSON bodies. */
function messageMetadata(raw: unknown): MessageRecord['metadata'] {
  if (raw === undefined || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new ApiError('invalid_metadata_format');
    }
  }
  const m = value as { event_type?: unknown; event_payload?: unknown };
  if (typeof m?.event_type !== 'string' || typeof m.event_payload !== 'object' || m.event_payload === null)
    throw new ApiError('invalid_metadata_schema');
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}

export const chatMethods: MethodTable = {
  'chat.postMessage': (ws, args) => {
    const channel = ws.postTarget(str(args, 'channel'));
    const content = messageContent(args);
    const m = ws.addMessage({
      channel,
      user: ws.botUserId,
      text: content.text ?? '',
      blocks: content.blocks,
      attachments: content.attachments,
      threadTs: str(args, 'thread_ts'),
      metadata: messageMetadata(args.metadata),
    });
    return { channel, ts: m.ts, message: messageJson(ws, m) };
  },

  'chat.postEphemeral': (ws, args) => {
    const id = str(args, 'channel');
    const channel = conversationId(ws, id);
    const user = ws.requireUser(str(args, 'user'));
    if (!ws.isMember(channel, user.id)) throw new ApiError('user_not_in_channel');
    const content = messageContent(args);
    const e = ws.addEphemeral({
      channel,
      user: user.id,
      text: content.text ?? '',
      blocks: content.blocks,
      source: 'postEphemeral',
      threadTs: str(args, 'thread_ts'),
    });
    return { message_ts: e.ts };
  },

  'chat.update': (ws, args) => {
    const channel = conversationId(ws, str(args, 'channel'));
    const m = ws.findMessage(channel, str(args, 'ts') ?? '');
    if (!m) throw new ApiError('message_not_found');
    if (m.user !== ws.botUserId) throw new ApiError('cant_update_message');
    const content = messageContent(args, { update: true });
    // Slack keeps the old blocks/attachments when the update leaves them out.
    if (content.text !== undefined) m.text = content.text;
    if (content.blocks !== undefined) m.blocks = withBlockIds(content.blocks);
    if (content.attachments !== undefined) m.attachments = content.attachments;
    m.edited = { user: ws.botUserId, ts: ws.nextTs() };
    return { channel, ts: m.ts, text: m.text, message: messageJson(ws, m) };
  },

  'chat.delete': (ws, args) => {
    const channel = conversationId(ws, str(args, 'channel'));
    const msgs = ws.messagesIn(channel);
    const i = msgs.findIndex((m) => m.ts === str(args, 'ts'));
    if (i < 0) throw new ApiError('message_not_found');
    if (msgs[i].user !== ws.botUserId) throw new ApiError('cant_delete_message');
    const [gone] = msgs.splice(i, 1);
    return { channel, ts: gone.ts };
  },

  'chat.getPermalink': (ws, args) => {
    const id = str(args, 'channel');
    const channel = id && ws.imById(id) ? id : ws.visibleChannel(id).id;
    const ts = str(args, 'message_ts') ?? '';
    if (!ws.findMessage(channel, ts)) throw new ApiError('message_not_found');
    return { channel, permalink: ws.permalink(channel, ts) };
  },
};
