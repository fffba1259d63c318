import type { CallRecord, Fault } from '@firebreak/slack-emulator';
import { seededRandom } from './mixed-math';

/** What the injector needs of the emulator: its public call log and failNext. */
export interface FaultTarget {
  workspace: { calls: CallRecord[] };
  failNext(method: string, fault: Fault, times?: number): void;
}

export interface RandomFaultStats {
  /** Web API calls the emulator received while the injector was on. */
  calls: number;
  /** Calls the injector chose to fail. */
  injected: number;
  /** Calls that were answered with this injector's fault (must equal `injected`). */
  answered: number;
  byMethod: Record<string, { calls: number; faulted: number }>;
}

/**
 * Fails a random `rate` of all Web API calls with `fault` (an independent coin per
 * call, every method), using only the emulator's public surface.
 *
 * The emulator has no probabilistic fault option, only `failNext(method)`, which
 * queues a fault for the next call(s) of a method. A timer toggling failNext
 * would not be faithful: the fault rate would follow the call rate, and a queued
 * fault would wait for whichever call comes next, however much later. Instead,
 * the emulator's transport appends each call to `workspace.calls` and then, in
 * the same synchronous step, takes the method's queued fault
 * (packages/slack-emulator/src/web-api.ts). So the injector watches that append and, on
 * a hit, queues the fault for exactly that call. `stats()` then checks, from the
 * call log, that every chosen call was answered with this fault object: were the
 * emulator's order ever to change, the count would not match and the bench says so.
 * A `faultRate` option in the emulator itself would make this hook unnecessary.
 */
export class RandomFaults {
  private readonly fault: Fault;
  private readonly random: () => number;
  private from = 0;
  private to: number | undefined;
  private injected = 0;
  private on = false;
  private readonly rate: number;

  constructor(
    private readonly target: FaultTarget,
    o: { rate: number; fault: Fault; seed: number },
  ) {
    this.rate = o.rate;
    if (!(o.rate >= 0 && o.rate <= 1)) throw new Error(`fault rate must be in [0, 1], got ${o.rate}`);
    // Our own object: the call log shows which calls got exactly this fault.
    this.fault = { ...o.fault };
    this.random = seededRandom(o.seed);
  }

  start(): void {
    if (this.on) return;
    const calls = this.target.workspace.calls;
    this.from = calls.length;
    this.to = undefined;
    this.on = true;
    const original = Array.prototype.push;
    const push = (...items: CallRecord[]): number => {
      for (const call of items) {
        if (this.random() < this.rate) {
          this.target.failNext(call.method, this.fault, 1);
          this.injected++;
        }
      }
      return original.apply(calls, items);
    };
    Object.defineProperty(calls, 'push', { value: push, configurable: true, writable: true, enumerable: false });
  }

  stop(): void {
    if (!this.on) return;
    const calls = this.target.workspace.calls;
    // Back to Array.prototype.push.
    delete (calls as { push?: unknown }).push;
    this.to = calls.length;
    this.on = false;
  }

  stats(): RandomFaultStats {
    const calls = this.target.workspace.calls.slice(this.from, this.to);
    const byMethod: RandomFaultStats['byMethod'] = {};
    let answered = 0;
    for (const c of calls) {
      byMethod[c.method] ??= { calls: 0, faulted: 0 };
      const m = byMethod[c.method];
      m.calls++;
      if (c.fault === this.fault) {
        m.faulted++;
        answered++;
      }
    }
    return { calls: calls.length, injected: this.injected, answered, byMethod };
  }
}
