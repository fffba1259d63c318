import { ChannelNotSettledError, MessageIntake, type MessageIntakeOptions } from '../../../src/app/message-intake';
import type { MessagePosted } from '../../../src/app/timeline';

const unavailable = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const message = (n: number, channelId = 'C1'): MessagePosted => ({ eventId: `Ev${n}`, channelId, user: 'U1', text: `m${n}`, ts: `1.${n}`, threadTs: null });

/** A store the test opens and fails by hand: each call waits until released. */
function manualStore() {
  const calls: { m: MessagePosted; resolve: () => void; reject: (e: unknown) => void }[] = [];
  const store = (m: MessagePosted) =>
    new Promise<'recorded'>((resolve, reject) => calls.push({ m, resolve: () => resolve('recorded'), reject }));
  return { calls, store };
}

function intake(store: MessageIntakeOptions['store'], o: Partial<MessageIntakeOptions> = {}) {
  const failures: { ts: string; attempt: number; willRetry: boolean }[] = [];
  const i = new MessageIntake({
    store,
    maxPending: 3,
    retryDelayMs: () => 5,
    settleTimeoutMs: 50,
    retryable: (e) => (e as { code?: string }).code === 'ECONNREFUSED',
    onStoreFailed: (m, attempt, _e, willRetry) => failures.push({ ts: m.ts, attempt, willRetry }),
    ...o,
  });
  return { i, failures };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('message intake', () => {
  test('while storing is healthy a message is accepted before its store finishes, and stored behind the answer', async () => {
    const s = manualStore();
    const { i } = intake(s.store);
    await i.message(message(1));
    expect(i.unstored).toBe(1);
    // The store starts on the next turn of the event loop, after the answer is written.
    expect(s.calls).toHaveLength(0);
    await flush();
    expect(s.calls).toHaveLength(1);
    let idle = false;
    const waiting = i.idle().then(() => (idle = true));
    await flush();
    expect(idle).toBe(false);
    s.calls[0].resolve();
    await waiting;
    expect(i.unstored).toBe(0);
  });

  test('beyond maxPending unstored messages a new one waits for its own commit', async () => {
    const s = manualStore();
    const { i } = intake(s.store);
    for (const n of [1, 2, 3]) await i.message(message(n));
    await flush();
    let answered = false;
    const fourth = i.message(message(4)).then(() => (answered = true));
    await flush();
    expect(answered).toBe(false);
    expect(s.calls).toHaveLength(4);
    s.calls[3].resolve();
    await fourth;
    expect(i.unstored).toBe(3);
  });

  test('a store that fails because the database is down is tried again until it succeeds; meanwhile new messages wait and their failures reach the caller', async () => {
    let down = true;
    const stored: string[] = [];
    const store = async (m: MessagePosted) => {
      if (down) throw unavailable();
      stored.push(m.ts);
      return 'recorded' as const;
    };
    const { i, failures } = intake(store);
    await i.message(message(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.every((f) => f.ts === '1.1' && f.willRetry)).toBe(true);
    // Failing now: the next message is not accepted early, so Slack gets the error and redelivers it.
    await expect(i.message(message(2))).rejects.toThrow('ECONNREFUSED');
    down = false;
    await i.idle();
    expect(stored).toEqual(['1.1']);
    // Healthy again once the retry went through: accepted early again.
    await i.message(message(3));
    await i.idle();
    expect(stored).toEqual(['1.1', '1.3']);
  });

  test('a store that fails for any other reason is given up at once, not retried', async () => {
    let calls = 0;
    const { i, failures } = intake(async () => {
      calls++;
      throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
    });
    await i.message(message(1));
    await i.idle();
    expect(calls).toBe(1);
    expect(failures).toEqual([{ ts: '1.1', attempt: 1, willRetry: false }]);
  });

  test('settled waits for the channel\'s accepted messages only, and gives up after its timeout', async () => {
    const s = manualStore();
    const { i } = intake(s.store);
    await i.message(message(1, 'C1'));
    await i.message(message(2, 'C2'));
    await flush();
    await i.settled('C3');
    let settled = false;
    const c1 = i.settled('C1').then(() => (settled = true));
    s.calls[1].resolve();
    await flush();
    expect(settled).toBe(false);
    s.calls[0].resolve();
    await c1;
    await i.message(message(3, 'C2'));
    await expect(i.settled('C2')).rejects.toBeInstanceOf(ChannelNotSettledError);
    await flush();
    s.calls[2].resolve();
    await i.idle();
  });

  test('stop waits for accepted messages, stops accepting early, and reports what it could not store', async () => {
    const store = async () => {
      throw unavailable();
    };
    const { i, failures } = intake(store);
    await i.message(message(1));
    const left = await i.stop(30);
    expect(left).toBe(1);
    await i.idle();
    expect(failures.at(-1)?.willRetry).toBe(false);
    expect(i.unstored).toBe(0);
    // Stopped: a message is no longer accepted before it is stored.
    await expect(i.message(message(2))).rejects.toThrow('ECONNREFUSED');
  });
});
