import { performance } from 'node:perf_hooks';
import { renderReviewDocument } from '../../src/domain/review-document';
import { largeIncident } from '../../tests/support/review-data';
import { summarize } from './maths';

/**
 * Review document generation at scale: the goal is ≤ 250 ms and ≤ 50 MB
 * extra heap for 10,000 timeline entries (the keep part, in its own process with --expose-gc).
 *
 * `ms` is the median of RUNS renders after one warm-up. `extraHeapMb` is the
 * largest heap growth over a render: heapUsed just after the render (its
 * garbage not yet collected, the document still referenced) minus heapUsed
 * just before it. With `node --expose-gc` the heap is collected before each
 * render, so the baseline is clean; without it the figure is noisier (a GC
 * during the render can even make it smaller) and only indicative.
 */

const RUNS = 5;

export async function benchReviewGeneration(entries = 10_000): Promise<{ ms: number; extraHeapMb: number }> {
  // The review tests' long incident (threads, key and long messages, DST-free UTC), at the bench's size.
  const data = largeIncident(entries, 1);
  const collect = typeof global.gc === 'function' ? global.gc : undefined;
  let sink = renderReviewDocument(data).length; // warm-up: JIT, Intl data
  const times: number[] = [];
  let extraHeap = 0;
  for (let i = 0; i < RUNS; i++) {
    collect?.();
    await new Promise((resolve) => setImmediate(resolve));
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const doc = renderReviewDocument(data);
    times.push(performance.now() - started);
    extraHeap = Math.max(extraHeap, process.memoryUsage().heapUsed - heapBefore);
    sink += doc.length;
  }
  if (sink <= 0) throw new Error('review generation produced nothing');
  return { ms: Math.round(summarize(times).p50 * 10) / 10, extraHeapMb: Math.round((extraHeap / 1048576) * 10) / 10 };
}
