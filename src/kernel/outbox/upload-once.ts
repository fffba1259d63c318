import type { WebClient } from '@slack/web-api';
import { slackErrorCode } from '../slack/web-api-errors';

/** Where the upload in flight is remembered between attempts (the database). */
export interface UploadLedger {
  started(key: string, fileId: string): Promise<void>;
  find(): Promise<{ key: string; fileId: string } | undefined>;
}

export interface UploadedFile {
  id: string;
  permalink: string | null;
}

const UPLOAD_TIMEOUT_MS = 10_000;

/**
 * Shares a text file in a channel at most once per delivery step. This is what
 * filesUploadV2 does (get an upload URL, send the bytes, complete), by hand, so
 * the file id is recorded before the file is shared: a retry after an answer that
 * never came (`resumed`) asks Slack whether that file is already in the channel
 * instead of sharing the document a second time. A file uploaded but never
 * completed is simply abandoned (Slack discards it) and a new one is made.
 */
export async function uploadOnce(
  client: WebClient,
  ledger: UploadLedger,
  file: { channel: string; filename: string; title: string; content: string; initialComment: string },
  ctx: { key: string; resumed: boolean },
): Promise<UploadedFile> {
  if (ctx.resumed) {
    const earlier = await ledger.find();
    if (earlier?.key === ctx.key) {
      const shared = await sharedIn(client, earlier.fileId, file.channel);
      if (shared) return shared;
    }
  }
  const bytes = Buffer.from(file.content, 'utf8');
  const { upload_url: url, file_id: id } = await client.files.getUploadURLExternal({
    filename: file.filename,
    length: bytes.length,
  });
  if (!url || !id)
    throw Object.assign(new Error('getUploadURLExternal gave no upload_url'), { data: { error: 'internal_error' } });
  await ledger.started(ctx.key, id);
  const sent = await fetch(url, {
    method: 'POST',
    body: bytes,
    signal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
  }).catch((error: unknown) => {
    throw Object.assign(new Error(`upload_url unreachable: ${String(error)}`), { code: 'slack_webapi_request_error' });
  });
  await sent.arrayBuffer();
  if (!sent.ok)
    throw Object.assign(new Error(`upload_url answered ${sent.status}`), {
      code: 'slack_webapi_http_error',
      statusCode: sent.status,
    });
  const done = await client.files.completeUploadExternal({
    files: [{ id, title: file.title }],
    channel_id: file.channel,
    initial_comment: file.initialComment,
  });
  return { id, permalink: done.files?.[0]?.permalink ?? null };
}

async function sharedIn(client: WebClient, id: string, channel: string): Promise<UploadedFile | undefined> {
  try {
    const { file } = await client.files.info({ file: id });
    const where = [...(file?.channels ?? []), ...(file?.groups ?? []), ...(file?.ims ?? [])];
    return where.includes(channel) ? { id, permalink: file?.permalink ?? null } : undefined;
  } catch (e) {
    // Uploaded but never completed: Slack shows no such file.
    if (slackErrorCode(e) === 'file_not_found') return undefined;
    throw e;
  }
}
