import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a hook (a POST route beside Slack's, on PORT) answers: a status and a JSON body. */
export type HookAnswer = { status: number; body: Record<string, unknown> };

/**
 * A hook's handler from the function that decides its answer. A failure is logged by `failed` and answered 500
 * with `retry`, so the sender (which retries 5xx) sends it again: nothing is answered 2xx before its commit.
 */
export function jsonHook(
  handle: (req: IncomingMessage) => Promise<HookAnswer>,
  failed: (error: unknown) => void,
  retry: string,
): (req: IncomingMessage, res: ServerResponse) => void {
  const answer = (res: ServerResponse, { status, body }: HookAnswer) => {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return (req, res) => {
    handle(req).then(
      (a) => answer(res, a),
      (error: unknown) => {
        failed(error);
        answer(res, { status: 500, body: { error: retry } });
      },
    );
  };
}

/** A request's body as text, or undefined once it passes `limit` bytes (the rest is drained, not kept). */
export function readLimitedBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
