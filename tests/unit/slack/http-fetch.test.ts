import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { keepAliveFetch } from '../../../src/slack/http-fetch';

/**
 * A server that, like one whose keep-alive timeout just fired, drops a reused
 * socket without answering the request that arrived on it.
 */
let server: Server;
let url: string;
const seen: { socket: number; dropped: boolean }[] = [];
beforeAll(async () => {
  const sockets = new Map<Socket, number>();
  let dropNextReuse = false;
  server = createServer((req, res) => {
    const id = sockets.get(req.socket) ?? sockets.size + 1;
    const reused = sockets.has(req.socket);
    sockets.set(req.socket, id);
    if (reused && dropNextReuse) {
      dropNextReuse = false;
      seen.push({ socket: id, dropped: true });
      req.socket.destroy();
      return;
    }
    seen.push({ socket: id, dropped: false });
    req.resume();
    req.on('end', () => res.end(JSON.stringify({ ok: true, socket: id })));
    if (req.url === '/arm') dropNextReuse = true;
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

test('a request sent on a keep-alive socket the server just closed is sent again on a fresh one, once', async () => {
  const first = await keepAliveFetch(`${url}/arm`, { method: 'POST', body: '{}' });
  expect(await first.json()).toEqual({ ok: true, socket: 1 });
  // Reuses socket 1, which the server drops; the retry goes out on socket 2 and is answered.
  const second = await keepAliveFetch(`${url}/post`, { method: 'POST', body: '{"text":"hi"}' });
  expect(second.status).toBe(200);
  expect(await second.json()).toEqual({ ok: true, socket: 2 });
  expect(seen).toEqual([
    { socket: 1, dropped: false },
    { socket: 1, dropped: true },
    { socket: 2, dropped: false },
  ]);
});

test('a fresh socket that fails is not retried: the error reaches the caller', async () => {
  // Nothing listens on port 9 (discard) here: the connection is refused on a new socket.
  await expect(keepAliveFetch('http://127.0.0.1:9/x', { method: 'POST', body: '{}' })).rejects.toThrow();
});
