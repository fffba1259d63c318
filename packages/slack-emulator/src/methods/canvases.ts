import { ApiError, str } from '../errors';
import type { Args } from '../types';
import type { CanvasRecord, Workspace } from '../workspace';
import type { MethodTable } from './types';

/**
 * Channel canvases, held to Slack's rules as ../shared/slack-api-specs/surfaces-and-limits.md §4 gathers them
 * (the 2021 OpenAPI spec predates canvases, so required-args.json has none of these): `canvases:write` to
 * create, edit or delete; one canvas per channel; `document_content` `{type: 'markdown', markdown}` of at most
 * 1 MiB; canvases.edit takes exactly one change. A workspace whose plan refuses canvases answers as Slack does.
 */

/** Slack's limit on a canvas's markdown. */
export const CANVAS_MARKDOWN_MAX = 1_048_576;

const OPERATIONS = ['insert_after', 'insert_before', 'insert_at_start', 'insert_at_end', 'replace', 'delete', 'rename'];

/** Forms carry objects as JSON strings; a JSON body carries them as they are. */
function jsonArg(args: Args, key: string): unknown {
  const v = args[key];
  if (typeof v !== 'string') return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new ApiError('invalid_arguments', [`[ERROR] ${key} must be JSON`]);
  }
}

function required(args: Args, key: string): string {
  const v = str(args, key);
  if (!v) throw new ApiError('invalid_arguments', [`[ERROR] missing required field: ${key}`]);
  return v;
}

function needScope(ws: Workspace, scope: string): void {
  if (ws.revokedScopes.has(scope))
    throw new ApiError('missing_scope', undefined, { needed: scope, provided: 'chat:write,channels:manage' });
  if (ws.canvasPlan === 'disabled') throw new ApiError('canvas_disabled_user_team');
}

/** `document_content`: absent is allowed where Slack allows it; present, it must be markdown within the limit. */
function markdownOf(args: Args, onTooLarge: () => ApiError): string | undefined {
  const content = jsonArg(args, 'document_content');
  if (content === undefined || content === '') return undefined;
  const c = content as { type?: unknown; markdown?: unknown } | null;
  if (!c || typeof c !== 'object' || c.type !== 'markdown' || typeof c.markdown !== 'string')
    throw new ApiError('invalid_arguments', ['[ERROR] document_content must be {"type":"markdown","markdown":"…"}']);
  if (c.markdown.length > CANVAS_MARKDOWN_MAX) throw onTooLarge();
  return c.markdown;
}

function canvasOf(ws: Workspace, args: Args): CanvasRecord {
  const canvas = ws.canvases.get(required(args, 'canvas_id'));
  if (!canvas) throw new ApiError('canvas_not_found');
  // A canvas in a private channel the bot has left is as good as missing to it.
  const channel = ws.channels.get(canvas.channel);
  if (!channel || (channel.isPrivate && !channel.members.includes(ws.botUserId)))
    throw new ApiError('canvas_not_found');
  return canvas;
}

export const canvasMethods: MethodTable = {
  'conversations.canvases.create': (ws, args) => {
    const channelId = required(args, 'channel_id');
    needScope(ws, 'canvases:write');
    if (ws.canvasPlan === 'free') throw new ApiError('team_tier_cannot_create_channel_canvases');
    const channel = ws.visibleChannel(channelId);
    if (channel.isArchived) throw new ApiError('is_archived');
    if (ws.channelCanvas(channel.id)) throw new ApiError('channel_canvas_already_exists');
    const markdown = markdownOf(
      args,
      () => new ApiError('canvas_creation_failed', undefined, { detail: "'content' error: document too large" }),
    );
    const now = Math.floor(ws.now() / 1000);
    const canvas: CanvasRecord = {
      id: ws.newId('F'),
      channel: channel.id,
      title: str(args, 'title') ?? '',
      markdown: markdown ?? '',
      created: now,
      edits: 0,
      updated: now,
    };
    ws.canvases.set(canvas.id, canvas);
    return { canvas_id: canvas.id };
  },

  'canvases.edit': (ws, args) => {
    needScope(ws, 'canvases:write');
    const canvas = canvasOf(ws, args);
    const changes = jsonArg(args, 'changes');
    if (!Array.isArray(changes) || changes.length !== 1)
      throw new ApiError('invalid_arguments', ['[ERROR] changes: only one operation per API call is supported']);
    const change = changes[0] as Args;
    const operation = str(change, 'operation');
    if (!operation || !OPERATIONS.includes(operation))
      throw new ApiError('invalid_arguments', [`[ERROR] changes[0].operation: ${operation ?? 'missing'}`]);
    if (operation === 'rename') {
      const title = jsonArg(change, 'title_content') as { markdown?: unknown } | undefined;
      if (typeof title?.markdown !== 'string')
        throw new ApiError('invalid_arguments', ['[ERROR] changes[0].title_content is required for rename']);
      canvas.title = title.markdown;
    } else {
      const tooLarge = () => new ApiError('canvas_too_large');
      const markdown = operation === 'delete' ? undefined : markdownOf(change, tooLarge);
      if (operation !== 'delete' && markdown === undefined)
        throw new ApiError('invalid_arguments', [`[ERROR] changes[0].document_content is required for ${operation}`]);
      // Sections are not modelled: an operation naming one finds none.
      if (str(change, 'section_id') || ['insert_after', 'insert_before', 'delete'].includes(operation))
        throw new ApiError('canvas_editing_failed', undefined, { detail: 'section not found' });
      const next =
        operation === 'replace'
          ? markdown!
          : operation === 'insert_at_start'
            ? `${markdown!}${canvas.markdown}`
            : `${canvas.markdown}${markdown!}`;
      if (next.length > CANVAS_MARKDOWN_MAX) throw tooLarge();
      canvas.markdown = next;
    }
    canvas.edits += 1;
    canvas.updated = Math.floor(ws.now() / 1000);
    return {};
  },

  'canvases.delete': (ws, args) => {
    needScope(ws, 'canvases:write');
    const canvas = canvasOf(ws, args);
    ws.canvases.delete(canvas.id);
    return {};
  },
};
