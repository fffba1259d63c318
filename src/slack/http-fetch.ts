import http from 'node:http';
import https from 'node:https';

// An idle socket is dropped after 4 s, before a server's own keep-alive timeout
// (Node's default is 5 s) can close it under a request we are just sending on it.
const IDLE_SOCKET_MS = 4_000;
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50, timeout: IDLE_SOCKET_MS }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50, timeout: IDLE_SOCKET_MS }),
};

/**
 * The server closed an idle keep-alive socket just as we reused it: the request
 * never reached it, so sending it again on a fresh socket is safe (Node's own
 * advice for `req.reusedSocket`). Without this a views.open could fail with
 * request_failed and lose its 3-second trigger.
 */
const staleSocket = (req: http.ClientRequest, e: unknown) =>
  req.reusedSocket && ['ECONNRESET', 'EPIPE'].includes((e as NodeJS.ErrnoException).code ?? '');

/**
 * A fetch for Bolt's `respond()` and the Web API clients: Node's built-in fetch
 * costs 1.5–2.5 ms of main thread per call here, which at 100 commands/s delays
 * the acks of the next commands and caps how fast reminders go out. Plain
 * http(s).request over keep-alive sockets does the same POST for a fraction of
 * that. It handles method, headers, a string body and an abort signal (rejecting
 * with its reason, as fetch does, so a timeout still reads as one); anything else
 * (a file upload's form data, a Request object) goes to the built-in fetch.
 */
export const keepAliveFetch: typeof fetch = (input, init) => {
  const plain =
    (typeof input === 'string' || input instanceof URL) &&
    (init?.body == null || typeof init.body === 'string') &&
    !(init?.headers instanceof Headers);
  if (!plain) return fetch(input, init);
  const url = new URL(input);
  const transport = url.protocol === 'https:' ? https : http;
  const body = typeof init?.body === 'string' ? init.body : undefined;
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return send(url, transport, body, init, signal, true);
};

function send(
  url: URL,
  transport: typeof http | typeof https,
  body: string | undefined,
  init: RequestInit | undefined,
  signal: AbortSignal | undefined,
  mayRetry: boolean,
): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    let answered = false;
    const req = transport.request(
      url,
      {
        method: init?.method ?? 'GET',
        headers: {
          ...(init?.headers as Record<string, string> | undefined),
          ...(body ? { 'content-length': Buffer.byteLength(body) } : {}),
        },
        agent: agents[url.protocol as keyof typeof agents],
        timeout: 10_000,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve(
            bufferedResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', res.headers, Buffer.concat(chunks)),
          ),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url.host} timed out`)));
    req.on('error', (e) => {
      if (mayRetry && !answered && !signal?.aborted && staleSocket(req, e))
        resolve(send(url, transport, body, init, signal, false));
      else reject(e);
    });
    if (signal) {
      const abort = () => req.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', abort, { once: true });
      req.on('close', () => signal.removeEventListener('abort', abort));
    }
    req.end(body);
  });
}

/**
 * The part of Response that @slack/web-api, Bolt's respond() and our callers read,
 * over a body already in memory: a real Response wraps it in web streams, which
 * costs more main thread than the whole HTTP exchange.
 */
function bufferedResponse(
  url: URL,
  status: number,
  statusText: string,
  raw: http.IncomingHttpHeaders,
  body: Buffer,
): Response {
  const headers = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  let used = false;
  const consume = () => {
    if (used) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    used = true;
    return Promise.resolve(body);
  };
  const response = {
    url: url.href,
    status,
    statusText,
    ok: status >= 200 && status < 300,
    redirected: false,
    type: 'basic',
    body: null,
    get bodyUsed() {
      return used;
    },
    headers: {
      get: (name: string) => headers.get(name.toLowerCase()) ?? null,
      has: (name: string) => headers.has(name.toLowerCase()),
      entries: () => headers.entries(),
      keys: () => headers.keys(),
      values: () => headers.values(),
      forEach: (fn: (value: string, key: string) => void) => headers.forEach(fn),
      [Symbol.iterator]: () => headers.entries(),
    },
    text: () => consume().then((b) => b.toString('utf8')),
    json: () => consume().then((b) => JSON.parse(b.toString('utf8'))),
    arrayBuffer: () => consume().then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)),
    bytes: () => consume().then((b) => new Uint8Array(b)),
    blob: () => consume().then((b) => new Blob([new Uint8Array(b)])),
    clone: () => bufferedResponse(url, status, statusText, raw, body),
  };
  return response as unknown as Response;
}
