import { performance } from 'node:perf_hooks';
import type { Incident } from '../../src/domain/incident';
import type { IncidentEvent } from '../../src/domain/incident-event';
import { emptyAnswers, type ReviewData } from '../../src/domain/review';
import { renderReviewDocument } from '../../src/domain/review-document';
import type { TimelineEntry } from '../../src/domain/timeline';
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
const MIN = 60_000;

/** Deterministic PRNG (mulberry32) so every run renders the same document. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'latency error rollback deploy queue database replica cache timeout retry customer alert dashboard shard node restart config failover traffic region'.split(
    ' ',
  );

/** A closed SEV1 with `entries` timeline entries, Slack mentions, links, threads, key and long messages. */
function syntheticReviewData(entries: number, seed = 1): ReviewData {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const users = Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(4, '0')}`);
  const people: ReviewData['people'] = {};
  users.forEach((id, i) => {
    if (i % 5 !== 4) people[id] = { name: `engineer_${i}`, tz: i % 3 === 0 ? 'Europe/Berlin' : null };
  });
  people[users[0]] = { name: 'commander', tz: 'America/New_York' };

  const start = Date.parse('2026-03-28T20:00:00Z'); // spans a DST change in both zones
  let t = start;
  let root: string | null = null;
  const timeline: TimelineEntry[] = [];
  for (let i = 0; i < entries; i++) {
    t += Math.floor(rand() * 20_000);
    const r = rand();
    const kind: TimelineEntry['kind'] = r < 0.03 ? 'note' : r < 0.05 ? 'change' : 'message';
    const key = kind !== 'message' || rand() < 0.05;
    const long = kind === 'message' && rand() < 0.01;
    const words = Array.from({ length: long ? 400 : 5 + Math.floor(rand() * 25) }, () => pick(WORDS)).join(' ');
    const text =
      kind === 'change'
        ? `Role change: <@${pick(users)}>`
        : `${words} <@${pick(users)}> see <https://grafana.example.com/d/${i}?a=1&amp;b=2|dash_${i}> &lt;${pick(WORDS)}&gt; *bold* | pipe`;
    const slackTs = kind === 'message' ? `${Math.floor(t / 1000)}.${String(i).padStart(6, '0')}` : null;
    const reply = kind === 'message' && root !== null && rand() < 0.2;
    if (kind === 'message' && !reply && rand() < 0.05) root = slackTs;
    timeline.push({
      kind,
      at: new Date(t),
      author: pick(users),
      text,
      key,
      keyReason: key ? (kind === 'message' ? pick(['pin', 'reaction', 'shortcut'] as const) : kind) : null,
      slackTs,
      threadTs: reply ? root : null,
      edited: rand() < 0.05,
    });
  }
  const at = (f: number) => new Date(start + Math.floor((t - start) * f));
  const status = (f: number, from: IncidentEvent['change'] & { kind: 'status' }): IncidentEvent => ({
    change: from,
    actor: users[0],
    at: at(f),
  });
  const incident: Incident = {
    id: 1,
    number: 9999,
    title: 'Synthetic incident with a long timeline',
    summary: '',
    severity: 'SEV1',
    category: 'bench',
    status: 'closed',
    isPrivate: false,
    roles: { commander: users[0], comms: users[1], scribe: users[2] },
    declaredBy: users[0],
    declaredAt: new Date(start),
    channelId: 'CBENCH',
    channelName: 'inc-9999-bench',
    headerTs: null,
    isDrill: false,
    drillPlan: null,
    updatedAt: new Date(t),
    resolvedAt: at(0.95),
    closedAt: new Date(t),
  };
  const long = Array.from({ length: 8000 }, () => pick(WORDS)).join(' '); // ~50,000 characters
  return {
    incident,
    closedAt: new Date(t),
    events: [
      status(0.01, { kind: 'status', from: 'triage', to: 'investigating', message: null }),
      status(0.5, { kind: 'status', from: 'investigating', to: 'monitoring', message: null }),
      status(0.95, { kind: 'status', from: 'monitoring', to: 'resolved', message: null }),
      status(1, { kind: 'status', from: 'resolved', to: 'closed', message: null }),
    ],
    timeline,
    participants: users,
    answers: { ...emptyAnswers(), summary: long, rootCause: `# root\n| a | b |\n${long}`, lessons: long },
    actionItems: Array.from({ length: 20 }, (_, i) => ({
      text: `Action ${i} | ${pick(WORDS)}`,
      owner: pick(users),
      due: '2026-04-30',
    })),
    people,
    updateEvery: 15 * MIN,
  };
}

export async function benchReviewGeneration(entries = 10_000): Promise<{ ms: number; extraHeapMb: number }> {
  const data = syntheticReviewData(entries);
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
