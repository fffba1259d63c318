import type { Fault } from './workspace';

/** Faults queued per Web API method by failNext, spent one call at a time. */
export class Faults {
  private readonly queue = new Map<string, { fault: Fault; remaining: number }[]>();

  add(method: string, fault: Fault, times = 1): void {
    const q = this.queue.get(method) ?? [];
    q.push({ fault, remaining: Math.max(1, times) });
    this.queue.set(method, q);
  }

  take(method: string): Fault | undefined {
    const q = this.queue.get(method);
    const head = q?.[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining === 0) q.shift();
    return head.fault;
  }

  clear(): void {
    this.queue.clear();
  }
}
