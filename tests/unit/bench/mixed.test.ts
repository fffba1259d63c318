import { type CallRecord, type Fault, SlackEmulator } from '@firebreak/slack-emulator';
import { DEFAULT_MIX, deliveryCheck, mixCycle, planMixed, seededRandom, statusClass } from '../../../bench/mixed-math';
import { RandomFaults } from '../../../bench/random-faults';

describe('bench mixed load: the schedule', () => {
  it('has the 60/25/15 mix in every cycle of 20, spread rather than bunched', () => {
    const cycle = mixCycle(DEFAULT_MIX);
    expect(cycle).toHaveLength(20);
    expect(cycle.filter((k) => k === 'event')).toHaveLength(12);
    expect(cycle.filter((k) => k === 'read')).toHaveLength(5);
    expect(cycle.filter((k) => k === 'change')).toHaveLength(3);
    // Smooth, also across the cycle's wrap: no two changes or reads in a row, at most two events.
    expect(longestRun(cycle, 'change')).toBe(1);
    expect(longestRun(cycle, 'read')).toBe(1);
    expect(longestRun(cycle, 'event')).toBeLessThanOrEqual(2);
  });

  it('refuses weights that are not counts', () => {
    expect(() => mixCycle({ event: 0.6, read: 0.25, change: 0.15 })).toThrow();
    expect(() => mixCycle({ event: 0, read: 0, change: 0 })).toThrow();
  });

  const channels = ['C1', 'C2', 'C3'];
  const cycle = mixCycle(DEFAULT_MIX);

  it('continues one sequence across blocks', () => {
    const whole = planMixed({ start: 0, count: 200, channels, cycle, seqBase: 1000 });
    const parts = [
      ...planMixed({ start: 0, count: 70, channels, cycle, seqBase: 1000 }),
      ...planMixed({ start: 70, count: 130, channels, cycle, seqBase: 1000 }),
    ];
    expect(parts).toEqual(whole);
  });

  it('gives every event its own sequence number and spreads each kind over the channels', () => {
    const plan = planMixed({ start: 0, count: 600, channels, cycle, seqBase: 5 });
    const seqs = plan.filter((p) => p.kind === 'event').map((p) => p.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    for (const kind of ['event', 'read', 'change'] as const) {
      const per = channels.map((c) => plan.filter((p) => p.kind === kind && p.channel === c).length);
      expect(Math.max(...per) - Math.min(...per)).toBeLessThanOrEqual(1);
    }
    expect(plan.filter((p) => p.kind === 'read').every((p) => p.text === 'status')).toBe(true);
  });

  it('alternates SEV2 and SEV3 per channel, starting with SEV2 (incidents are declared SEV3)', () => {
    const plan = planMixed({ start: 0, count: 2000, channels, cycle, seqBase: 0 });
    for (const c of channels) {
      const texts = plan.filter((p) => p.kind === 'change' && p.channel === c).map((p) => p.text);
      expect(texts.length).toBeGreaterThan(10);
      expect(texts).toEqual(texts.map((_, i) => `severity ${i % 2 === 0 ? 2 : 3}`));
    }
  });
});

describe('bench mixed load: exactly-once arithmetic', () => {
  it('counts lost, duplicated and unexpected posts by delivery key', () => {
    expect(deliveryCheck(3, ['a', 'b', 'c'])).toMatchObject({ lost: 0, duplicates: 0, unexpected: 0, distinct: 3 });
    expect(deliveryCheck(3, ['a', 'a', 'b'])).toMatchObject({ lost: 1, duplicates: 1, unexpected: 0, posted: 3 });
    expect(deliveryCheck(1, ['a', 'b'])).toMatchObject({ lost: 0, duplicates: 0, unexpected: 1 });
    // A post without a key cannot be a duplicate of anything.
    expect(deliveryCheck(2, [undefined, undefined])).toMatchObject({ lost: 0, duplicates: 0, distinct: 2 });
  });

  it('classifies answers', () => {
    expect([200, 204, 302, 404, 429, 500, 503, 0].map(statusClass)).toEqual([
      '2xx',
      '2xx',
      '3xx',
      '4xx',
      '4xx',
      '5xx',
      '5xx',
      'error',
    ]);
  });
});

describe('bench mixed load: random 429s through failNext', () => {
  /** The emulator's order: the call is logged, then the method's queued fault is taken, in one step. */
  class FakeEmulator {
    readonly workspace = { calls: [] as CallRecord[] };
    private readonly queued = new Map<string, Fault[]>();
    failNext(method: string, fault: Fault): void {
      this.queued.set(method, [...(this.queued.get(method) ?? []), fault]);
    }
    call(method: string): boolean {
      const call: CallRecord = { method, args: {}, ok: false, at: 0 };
      this.workspace.calls.push(call);
      const fault = this.queued.get(method)?.shift();
      if (fault) call.fault = fault;
      return !!fault;
    }
  }

  it('fails about the chosen share of calls of every method, each one exactly when chosen', () => {
    const emu = new FakeEmulator();
    emu.call('chat.postMessage');
    const faults = new RandomFaults(emu, { rate: 0.1, fault: { status: 429, retryAfter: 1 }, seed: 42 });
    faults.start();
    let failed = 0;
    for (let i = 0; i < 5000; i++) if (emu.call(i % 3 ? 'chat.postMessage' : 'chat.update')) failed++;
    faults.stop();
    for (let i = 0; i < 100; i++) expect(emu.call('chat.postMessage')).toBe(false);
    const s = faults.stats();
    expect(s.calls).toBe(5000);
    expect(s.injected).toBe(failed);
    expect(s.answered).toBe(failed);
    expect(failed / 5000).toBeGreaterThan(0.085);
    expect(failed / 5000).toBeLessThan(0.115);
    expect(s.byMethod['chat.update'].faulted).toBeGreaterThan(0);
    // stop() gives the array its own push back.
    expect(Object.hasOwn(emu.workspace.calls, 'push')).toBe(false);
  });

  // Guards the hook's one assumption about the real emulator: a call is logged, then its queued fault taken.
  it('answers exactly the chosen calls of the real emulator with 429 and Retry-After', async () => {
    const emu = new SlackEmulator({ botToken: 'xoxb-t', signingSecret: 's' });
    await emu.start();
    try {
      const faults = new RandomFaults(emu, { rate: 0.2, fault: { status: 429, retryAfter: 1 }, seed: 3 });
      faults.start();
      const answers: { status: number; retryAfter: string | null }[] = [];
      for (let i = 0; i < 200; i++) {
        const res = await fetch(`${emu.apiUrl}auth.test`, {
          method: 'POST',
          headers: { authorization: 'Bearer xoxb-t' },
        });
        await res.text();
        answers.push({ status: res.status, retryAfter: res.headers.get('retry-after') });
      }
      faults.stop();
      const limited = answers.filter((a) => a.status === 429);
      const s = faults.stats();
      expect(limited.length).toBe(s.injected);
      expect(s.answered).toBe(s.injected);
      expect(limited.length).toBeGreaterThan(20);
      expect(limited.every((a) => a.retryAfter === '1')).toBe(true);
      expect(answers.filter((a) => a.status === 200).length).toBe(200 - limited.length);
    } finally {
      await emu.stop();
    }
  });

  it('is reproducible from its seed', () => {
    const run = () => {
      const emu = new FakeEmulator();
      const f = new RandomFaults(emu, { rate: 0.1, fault: { status: 429 }, seed: 7 });
      f.start();
      return Array.from({ length: 300 }, () => emu.call('chat.postMessage'));
    };
    expect(run()).toEqual(run());
  });

  it('draws uniformly', () => {
    const r = seededRandom(1);
    const xs = Array.from({ length: 10_000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.filter((x) => x < 0.1).length / xs.length).toBeCloseTo(0.1, 1);
  });
});

function longestRun<T>(xs: T[], v: T): number {
  let best = 0;
  let cur = 0;
  for (const x of [...xs, ...xs]) {
    cur = x === v ? cur + 1 : 0;
    best = Math.max(best, Math.min(cur, xs.length));
  }
  return best;
}
