import type { AckStats, MixedReport, ScenarioReport } from './mixed';

/** Part 7's lines of the bench table and its goals (bench/run.ts prints both). */

export interface Goal {
  goal: string;
  pass: boolean;
  detail: string;
}

const f = (n: number) => (Number.isNaN(n) ? '-' : n.toFixed(2));
const dur = (ms: number) =>
  Number.isNaN(ms) ? '-' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (cells: (string | number)[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');

export function lostOrDuplicated(s: ScenarioReport): number {
  const c = s.check;
  return (
    c.changePosts.lost +
    c.changePosts.duplicates +
    c.changePosts.unexpected +
    c.announcements.lost +
    c.announcements.duplicates +
    c.announcements.unexpected +
    Math.abs(c.events.stored - c.events.accepted)
  );
}

const deliveryDetail = (s: ScenarioReport) => {
  const c = s.check;
  return (
    `change posts ${c.changePosts.distinct}/${c.changePosts.expected} (${c.changePosts.lost} lost, ${c.changePosts.duplicates} duplicated), ` +
    `announcements ${c.announcements.distinct}/${c.announcements.expected} (${c.announcements.lost} lost, ${c.announcements.duplicates} duplicated), ` +
    `events stored ${c.events.stored}/${c.events.accepted}`
  );
};

export function mixedGoals(m: MixedReport, goal: { ratio: number; p99Ms: number; drainMs: number }): Goal[] {
  const fb = m.clean.firebreak;
  const limit = goal.ratio * m.bareBolt.latency.p99;
  const fr = m.faults;
  const share = `${(fr.faultRate * 100).toFixed(0)}% 429`;
  return [
    {
      goal: `mixed load: Firebreak ack p99 < ${goal.p99Ms} ms`,
      pass: fb.latency.p99 < goal.p99Ms,
      detail: `${f(fb.latency.p99)} ms`,
    },
    {
      goal: `mixed load: Firebreak ack p99 <= ${goal.ratio} x bare Bolt p99`,
      pass: fb.latency.p99 <= limit,
      detail: `${f(fb.latency.p99)} ms vs limit ${f(limit)} ms (${f(fb.latency.p99 / m.bareBolt.latency.p99)}x)`,
    },
    {
      goal: 'mixed load: zero 5xx',
      pass: fb.fiveXx === 0,
      detail: `Firebreak ${fb.fiveXx} 5xx, ${fb.non2xx - fb.fiveXx} other non-2xx; bare Bolt ${m.bareBolt.fiveXx} 5xx, ${m.bareBolt.non2xx - m.bareBolt.fiveXx} other`,
    },
    {
      goal: `mixed load: outbox drained <= ${goal.drainMs / 1000} s after the last ack`,
      pass: !m.clean.drain.timedOut && m.clean.drain.ms <= goal.drainMs,
      detail: `${dur(m.clean.drain.ms)}${m.clean.drain.timedOut ? ' (TIMED OUT)' : ''}, ${m.clean.drain.pendingAtEnd} pending at the last ack`,
    },
    {
      goal: 'mixed load: no lost or duplicated message, every event stored once',
      pass: lostOrDuplicated(m.clean) === 0,
      detail: deliveryDetail(m.clean),
    },
    {
      goal: `mixed load with ${share}: zero 5xx`,
      pass: fr.firebreak.fiveXx === 0,
      detail: `${fr.firebreak.fiveXx} 5xx, ${fr.firebreak.non2xx - fr.firebreak.fiveXx} other non-2xx; ack p99 ${f(fr.firebreak.latency.p99)} ms`,
    },
    {
      goal: `mixed load with ${share}: no lost or duplicated message, every event stored once`,
      pass: lostOrDuplicated(fr) === 0,
      detail: deliveryDetail(fr),
    },
  ];
}

export function mixedLines(m: MixedReport, load: [number, number] | null): string[] {
  const out: string[] = [];
  const per = m.mix.event + m.mix.read + m.mix.change;
  out.push(
    `7. Mixed load, open loop at ${m.ratePerSec} req/s: per ${per} requests ${m.mix.event} message events, ${m.mix.read} '/incident status', ${m.mix.change} '/incident severity' ` +
      `over ${m.clean.incidents} incident channels; Firebreak ${m.seconds} s per run, bare Bolt ${m.seconds / 2} s before and after (${m.warmupSeconds} s warm-up each)` +
      (load ? `; load ${load[0].toFixed(2)} -> ${load[1].toFixed(2)}` : ''),
  );
  const w = [14, 6, 6, 4, 6, 7, 7, 7, 8, 9, 10, 12, 9, 8, 11];
  out.push(
    pad(
      [
        'target',
        'sent',
        '2xx',
        '5xx',
        'other',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'event p99',
        'status p99',
        'severity p99',
        'loop busy',
        'cpu',
        'commits/req',
      ],
      w,
    ),
  );
  const row = (name: string, t: AckStats) =>
    pad(
      [
        name,
        t.sent,
        t.statuses['2xx'] ?? 0,
        t.fiveXx,
        t.non2xx - t.fiveXx,
        f(t.latency.p50),
        f(t.latency.p90),
        f(t.latency.p99),
        f(t.latency.max),
        f(t.byKind.event.p99),
        f(t.byKind.read.p99),
        f(t.byKind.change.p99),
        pct(t.mainThreadBusy),
        pct(t.processCpu),
        t.commitsPerRequest === null ? '-' : f(t.commitsPerRequest),
      ],
      w,
    );
  out.push(row('bare Bolt', m.bareBolt));
  out.push(row('Firebreak', m.clean.firebreak));
  out.push(row(`Firebreak 429`, m.faults.firebreak));
  out.push(
    '   latency = request handed to the socket -> complete ack; "other" = non-2xx that are not 5xx, and no answer; loop busy = main thread',
  );
  out.push(
    '   (bots + emulator); cpu = whole process incl. the load generator thread, share of one core; commits = PostgreSQL xact_commit of the database.',
  );
  for (const [name, t] of [
    ['bare Bolt', m.bareBolt],
    ['Firebreak', m.clean.firebreak],
    ['Firebreak 429', m.faults.firebreak],
  ] as const) {
    if (t.errors.length) out.push(`   ${name} errors: ${t.errors.join('; ')}`);
  }
  for (const s of [m.clean, m.faults]) {
    const label = s.faultRate > 0 ? `with ${(s.faultRate * 100).toFixed(0)}% 429 (Retry-After 1)` : 'clean';
    const ob = s.outbox;
    out.push(`   ${label}:`);
    if (s.faults) {
      const methods = Object.entries(s.faults.byMethod)
        .filter(([, v]) => v.faulted)
        .map(([k, v]) => `${k} ${v.faulted}/${v.calls}`)
        .join(', ');
      out.push(
        `     429 injected into ${s.faults.answered} of ${s.faults.calls} Web API calls (${pct(s.faults.answered / Math.max(1, s.faults.calls))}): ${methods}`,
      );
    }
    out.push(
      `     ${s.changes.committed} severity changes committed (${s.changes.answeredInstead} acked changes answered by reply instead: refused or failed), owing ${s.changes.postsOwed} posts and ${s.changes.callsOwed} Web API calls; ` +
        `${s.requests.event.ok} message events accepted`,
    );
    out.push(
      `     outbox: ${s.drain.pendingAtEnd} pending at the last ack, drained ${dur(s.drain.ms)} after it${s.drain.timedOut ? ' (TIMED OUT)' : ''}; ` +
        `${ob.done}/${ob.notices} notices done, ${ob.retried} retried (max ${ob.maxAttempts} attempts, ${ob.errors} errors recorded); ` +
        `enqueue -> done p50 ${dur(ob.deliveryMs.p50)}, p99 ${dur(ob.deliveryMs.p99)}, max ${dur(ob.deliveryMs.max)}`,
    );
    const c = s.check;
    out.push(
      `     exactly once: ${deliveryDetail(s)}; ${c.outOfOrder} channels out of order, stale topic ${c.staleTopic}, stale header ${c.staleHeader}`,
    );
    const calls = Object.entries(s.slackCalls)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.push(`     Web API calls during the run: ${calls || 'none'}`);
  }
  return out;
}
