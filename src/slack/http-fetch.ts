import http from 'node:http';
import https from 'node:https';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 50 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 50 }),
};

/**
 * A fetch for Bolt's `respond()`: Node's built-in fetch costs 1.5–2.5 ms of main
 * thread per call here, which at 100 commands/s delays the acks of the next
 * commands. Plain http(s).request over keep-alive sockets does the same POST for
 * a fraction of that. Only what respond() uses is supported: method, headers,
 * string body, and a timeout.
 */
export const keepAliveFetch: typeof fetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  const transport = url.protocol === 'https:' ? https : http;
  const body = typeof init?.body === 'string' ? init.body : init?.body == null ? undefined : String(init.body);
  return new Promise<Response>((resolve, reject) => {
    const req = transport.request(
      url,
      {
        method: init?.method ?? 'GET',
        headers: { ...(init?.headers as Record<string, string> | undefined), ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
        agent: agents[url.protocol as keyof typeof agents],
        timeout: 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          const status = res.statusCode ?? 0;
          // Response refuses a body for these statuses.
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, statusText: res.statusMessage ?? '', headers }));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url.host} timed out`)));
    req.on('error', reject);
    init?.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    req.end(body);
  });
};
