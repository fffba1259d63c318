import { validateBlocks } from '../blocks';
import { ApiError, list, str } from '../errors';
import type { Args, Block } from '../types';
import type { FileRecord, Workspace } from '../workspace';
import { fileJson } from './serialize';
import type { MethodTable } from './types';

// The upload flow filesUploadV2 (@slack/web-api) drives:
//   1. files.getUploadURLExternal { filename, length } → { upload_url, file_id }
//   2. POST the bytes to upload_url (uploads.ts: raw or multipart) → 200 'OK - <size>'
//   3. files.completeUploadExternal { files: [{ id, title }], channel_id, initial_comment, thread_ts }
// Until step 3 the file is invisible (file_not_found) and shared nowhere.

const ALT_TEXT_MAX = 1000;

const TYPES: Record<string, [mimetype: string, filetype: string]> = {
  md: ['text/markdown', 'markdown'],
  markdown: ['text/markdown', 'markdown'],
  txt: ['text/plain', 'text'],
  log: ['text/plain', 'text'],
  csv: ['text/csv', 'csv'],
  json: ['application/json', 'json'],
  html: ['text/html', 'html'],
  png: ['image/png', 'png'],
  jpg: ['image/jpeg', 'jpg'],
  jpeg: ['image/jpeg', 'jpg'],
  gif: ['image/gif', 'gif'],
  pdf: ['application/pdf', 'pdf'],
};

function typeOf(filename: string): [string, string] {
  const ext = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? ['application/octet-stream', 'binary'];
}

function missing(field: string): ApiError {
  return new ApiError('invalid_arguments', [`[ERROR] missing required field: ${field}`]);
}

/** The `files` argument: a JSON array (a string in forms) of { id, title? }. */
function fileList(args: Args): { id: string; title?: string }[] {
  let v = args.files;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw new ApiError('invalid_arguments', ['[ERROR] failed to parse JSON [json-pointer:/files]']);
    }
  }
  if (!Array.isArray(v) || v.length === 0) throw missing('files');
  return v.map((file, index) => {
    const id = (file as { id?: unknown } | null)?.id;
    if (typeof id !== 'string' || !id)
      throw new ApiError('invalid_arguments', [`[ERROR] missing required field: id [json-pointer:/files/${index}]`]);
    const title = (file as { title?: unknown }).title;
    return { id, title: typeof title === 'string' && title ? title : undefined };
  });
}

/** A file the bot uploaded and completed: the only files the emulator shows. */
function visibleFile(ws: Workspace, id: string | undefined): FileRecord {
  const f = id ? ws.files.get(id) : undefined;
  if (!f?.completed) throw new ApiError('file_not_found');
  return f;
}

export const fileMethods: MethodTable = {
  'files.getUploadURLExternal': (ws, args) => {
    const filename = str(args, 'filename');
    if (!filename) throw missing('filename');
    const raw = str(args, 'length');
    if (raw === undefined || raw === '') throw missing('length');
    const length = Number(raw);
    if (!Number.isInteger(length) || length < 0) {
      throw new ApiError('invalid_arguments', ['[ERROR] must be an integer [json-pointer:/length]']);
    }
    // Slack's docs: missing_argument "typically only occurs when the length provided is 0".
    if (length === 0) throw new ApiError('missing_argument');
    // The docs name it alt_txt; @slack/web-api 8 sends alt_text.
    const altText = str(args, 'alt_txt') ?? str(args, 'alt_text');
    if (altText && altText.length > ALT_TEXT_MAX) throw new ApiError('alt_txt_too_large');
    const id = ws.newId('F');
    const [mimetype, filetype] = typeOf(filename);
    const safeName = encodeURIComponent(filename);
    ws.files.set(id, {
      id,
      name: filename,
      title: filename,
      size: 0,
      length,
      mimetype,
      filetype,
      altText: altText || undefined,
      snippetType: str(args, 'snippet_type'),
      channels: [],
      user: ws.botUserId,
      created: Math.floor(ws.now() / 1000),
      permalink: `${ws.baseUrl}/files/${ws.botUserId}/${id}/${safeName}`,
      urlPrivate: `${ws.baseUrl}/files-pri/${ws.teamId}-${id}/${safeName}`,
      completed: false,
    });
    return { upload_url: `${ws.baseUrl}/upload/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (ws, args) => {
    const wanted = fileList(args);
    // Judge everything before changing anything: a refusal leaves no trace.
    const records = wanted.map(({ id }) => {
      const f = ws.files.get(id);
      if (!f || f.completed || f.content === undefined) throw new ApiError('file_not_found');
      if (f.size !== f.length) {
        throw new ApiError('file_uploaded_size_mismatch', [
          `[ERROR] file ${id}: getUploadURLExternal was told length ${f.length}, the upload_url received ${f.size} bytes`,
        ]);
      }
      return f;
    });
    const channelId = str(args, 'channel_id');
    const targets = [...new Set(channelId ? [channelId] : list(args, 'channels'))];
    const threadTs = str(args, 'thread_ts');
    if (threadTs && targets.length !== 1) {
      throw new ApiError('invalid_arguments', ['[ERROR] thread_ts needs exactly one channel']);
    }
    const conversations = targets.map((t) => ws.postTarget(t));
    const comment = str(args, 'initial_comment');
    let blocks: Block[] | undefined;
    if (!comment && args.blocks !== undefined) {
      if (!Array.isArray(args.blocks)) throw new ApiError('invalid_blocks_format');
      const problems = validateBlocks(args.blocks, 'message');
      if (problems.length) throw new ApiError('invalid_blocks', problems);
      blocks = args.blocks as Block[];
    }

    records.forEach((file, index) => {
      file.title = wanted[index].title ?? file.title;
      file.completed = true;
      file.channels = conversations;
    });
    for (const channel of conversations) {
      const ids = records.map((f) => f.id);
      ws.addMessage({ channel, user: ws.botUserId, text: comment ?? '', blocks, threadTs, files: ids });
    }
    return { files: records.map((f) => fileJson(ws, f)) };
  },

  'files.info': (ws, args) => {
    const f = visibleFile(ws, str(args, 'file'));
    return {
      file: fileJson(ws, f),
      ...(f.mimetype.startsWith('text/') ? { content: f.content?.toString('utf8') ?? '' } : {}),
      comments: [],
      response_metadata: { next_cursor: '' },
    };
  },
};
