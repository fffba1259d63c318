import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SlackEmulator } from '@firebreak/slack-emulator';

// Slack's Events API retries: a delivery not answered 200 within 3 s is sent
// again with the same envelope, X-Slack-Retry-Num 1 to 3 and X-Slack-Retry-Reason.

let emu: SlackEmulator;
let bot: Server;
/** What the bot answers next, one entry per request: a status, optionally late. */
const script: { status: number; delayMs?: number }[] = [];
const received: { headers: IncomingHttpHeaders; body: { event_id: string; event: { text: string } } }[] = [];

beforeAll(async () => {
  emu = new SlackEmulator({ signingSecret: 'retry-secret', botToken: 'xoxb-retry' });
  await emu.start();
  bot = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      const next = script.shift() ?? { status: 200 };
      // A slow bot, not a wait for something: Slack judges the answer by when it comes.
      setTimeout(() => res.writeHead(next.status).end(), next.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  emu.botEndpoint = `http://127.0.0.1:${(bot.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await emu.stop();
  await new Promise((resolve) => bot.close(resolve));
});
beforeEach(() => {
  emu.reset();
  received.length = 0;
  script.length = 0;
});

const retryHeaders = () => received.map((r) => [r.headers['x-slack-retry-num'], r.headers['x-slack-retry-reason']]);

test('a 500 is delivered again with the same envelope and the retry headers, until it gets a 200', async () => {
  script.push({ status: 500 }, { status: 503 });
  const first = await emu.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'hello' });
  expect(first.response.status).toBe(500);
  expect(emu.workspace.owedEventRetries.map((r) => [r.retryNum, r.retryReason])).toEqual([[1, 'http_error']]);
  expect((await emu.redeliverEvents()).map((r) => r.status)).toEqual([503]);
  expect((await emu.redeliverEvents()).map((r) => r.status)).toEqual([200]);
  expect(emu.workspace.owedEventRetries).toEqual([]);
  expect(await emu.redeliverEvents()).toEqual([]);
  expect(retryHeaders()).toEqual([
    [undefined, undefined],
    ['1', 'http_error'],
    ['2', 'http_error'],
  ]);
  expect(new Set(received.map((r) => r.body.event_id)).size).toBe(1);
  expect(received.map((r) => r.body.event.text)).toEqual(['hello', 'hello', 'hello']);
});

test('Slack gives up after the third retry', async () => {
  script.push(...Array(4).fill({ status: 500 }));
  await emu.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'never answered' });
  for (let n = 0; n < 3; n++) await emu.redeliverEvents();
  expect(emu.workspace.owedEventRetries).toEqual([]);
  expect(retryHeaders().map(([num]) => num)).toEqual([undefined, '1', '2', '3']);
});

test('a 200 later than 3 s counts as a timeout and is delivered again', async () => {
  script.push({ status: 200, delayMs: 3100 });
  const late = await emu.postUserMessage({ user: 'UALICE', channel: 'CINCIDENTS', text: 'slow' });
  expect(late.response.status).toBe(200);
  expect(emu.workspace.owedEventRetries.map((r) => [r.retryNum, r.retryReason])).toEqual([[1, 'http_timeout']]);
  await emu.redeliverEvents();
  expect(retryHeaders()).toEqual([
    [undefined, undefined],
    ['1', 'http_timeout'],
  ]);
});
