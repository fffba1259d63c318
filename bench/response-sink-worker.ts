import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort } from 'node:worker_threads';

/**
 * A response_url endpoint on its own thread (see response-sink.ts): counts the
 * POSTs it gets and how many carry the expected marker, and answers 200 as Slack does.
 */
let received = 0;
let marked = 0;
let marker = '';

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received++;
    if (marker && Buffer.concat(chunks).toString('utf8').includes(marker)) marked++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.keepAliveTimeout = 60_000;

parentPort?.on('message', (msg: { type: string; marker?: string }) => {
  if (msg.type === 'start') {
    marker = msg.marker ?? '';
    server.listen(0, '127.0.0.1', () =>
      parentPort?.postMessage({ type: 'started', port: (server.address() as AddressInfo).port }),
    );
  } else if (msg.type === 'count') {
    parentPort?.postMessage({ type: 'count', received, marked });
  } else if (msg.type === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
