import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Workspace } from './workspace';

// The file side of Slack that is not the Web API: the upload_url that
// files.getUploadURLExternal hands out (files.slack.com/upload/v1/… in Slack)
// and the permalink / url_private a file is read back from. Status codes for
// refusals are the emulator's choice; Slack documents only the 200.

function readBuffer(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendText(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

/**
 * The bytes of an upload. Slack takes them raw or multipart-encoded;
 * @slack/web-api 8 sends multipart/form-data with one file part named
 * `body` (filename 'Untitled'), curl users send `-F filename=@x` or `-F file=@x`.
 */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer | undefined> {
  if (!/^multipart\/form-data/i.test(contentType)) return raw;
  // fetch's Request parses multipart bodies: no parser of our own to get wrong.
  const form = await new Request('http://upload.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: raw,
  }).formData();
  const parts = [...form.entries()];
  const file = parts.find(([, v]) => typeof v !== 'string')?.[1] as Blob | undefined;
  if (file) return Buffer.from(await file.arrayBuffer());
  const text = parts.find(([k]) => ['file', 'filename', 'content', 'body'].includes(k))?.[1];
  return typeof text === 'string' ? Buffer.from(text) : undefined;
}

async function receiveUpload(ws: Workspace, id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBuffer(req);
  const f = ws.files.get(id);
  if (!f || f.completed) return sendText(res, 404, 'file_not_found');
  let bytes: Buffer | undefined;
  try {
    bytes = await uploadedBytes(raw, String(req.headers['content-type'] ?? ''));
  } catch {
    return sendText(res, 400, 'invalid_multipart');
  }
  if (!bytes) return sendText(res, 400, 'no_file_data');
  f.content = bytes;
  f.size = bytes.length;
  sendText(res, 200, `OK - ${bytes.length}`);
}

/**
 * Serves /upload/<id> (POST), and a completed file's permalink
 * (/files/<user>/<id>/<name>) and url_private[_download]
 * (/files-pri/<team>-<id>/[download/]<name>) as GET with its bytes.
 * Returns false for any other path.
 */
export async function serveFiles(ws: Workspace, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
  if (upload && req.method === 'POST') {
    await receiveUpload(ws, upload[1], req, res);
    return true;
  }
  const read =
    /^\/files\/[^/]+\/([^/]+)\/[^/]+$/.exec(url.pathname) ??
    /^\/files-pri\/[^/-]+-([^/]+)\/(?:download\/)?[^/]+$/.exec(url.pathname);
  if (read && (req.method === 'GET' || req.method === 'HEAD')) {
    const f = ws.files.get(read[1]);
    if (!f?.completed || !f.content) sendText(res, 404, 'file_not_found');
    else sendText(res, 200, f.content, f.mimetype.startsWith('text/') ? `${f.mimetype}; charset=utf-8` : f.mimetype);
    return true;
  }
  return false;
}
