// Review data for the review document's tests and the bench's timing of it: one deterministic generator of a long
// incident, and the small builders the hand-written fixtures use.
import type { Incident } from '../../src/domain/incident';
import type { IncidentEvent } from '../../src/domain/incident-event';
import { emptyAnswers, type ReviewData } from '../../src/domain/review';
import type { TimelineEntry } from '../../src/domain/timeline';

const MIN = 60_000;
/** Deterministic PRNG (mulberry32): the large fixture and the shuffles are the same on every run. */
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

export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const rand = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const tsOf = (d: Date, seq = 0) => `${Math.floor(d.getTime() / 1000)}.${String(seq).padStart(6, '0')}`;

export function baseIncident(over: Partial<Incident>): Incident {
  return {
    id: 1,
    number: 42,
    title: 'Checkout errors after deploy',
    summary: '',
    severity: 'SEV2',
    category: 'payments',
    status: 'closed',
    isPrivate: false,
    roles: { commander: 'UALICE', comms: 'UBOB', scribe: 'UCAROL' },
    declaredBy: 'UALICE',
    declaredAt: new Date('2026-03-04T02:40:00Z'),
    channelId: 'C42',
    channelName: 'inc-42-checkout-errors',
    headerTs: null,
    isDrill: false,
    drillPlan: null,
    updatedAt: new Date('2026-03-05T09:00:00Z'),
    resolvedAt: null,
    closedAt: null,
    ...over,
  };
}

export const message = (
  iso: string,
  author: string,
  text: string,
  extra: Partial<TimelineEntry> = {},
): TimelineEntry => {
  const at = new Date(iso);
  return {
    kind: 'message',
    at,
    author,
    text,
    key: false,
    keyReason: null,
    slackTs: tsOf(at, 100),
    threadTs: null,
    edited: false,
    ...extra,
  };
};
export const note = (iso: string, author: string, text: string): TimelineEntry => ({
  kind: 'note',
  at: new Date(iso),
  author,
  text,
  key: true,
  keyReason: 'note',
  slackTs: null,
  threadTs: null,
  edited: false,
});
export const change = (iso: string, author: string, text: string): TimelineEntry => ({
  kind: 'change',
  at: new Date(iso),
  author,
  text,
  key: true,
  keyReason: 'change',
  slackTs: null,
  threadTs: null,
  edited: false,
});

const WORDS =
  'latency error rollback deploy queue database replica cache timeout retry customer alert dashboard shard node restart config failover traffic region'.split(
    ' ',
  );
const PEOPLE = ['U01', 'U02', 'U03', 'U04', 'U05', 'U06', 'U07', 'U08'];

/** A long incident, generated deterministically: `entries` timeline entries over about a day. */
export function largeIncident(entries = 2000, seed = 7): ReviewData {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const start = Date.parse('2026-06-10T18:00:00Z');
  const timeline: TimelineEntry[] = [];
  let t = start;
  let lastRoot: string | null = null;
  for (let i = 0; i < entries; i++) {
    t += Math.floor(rand() * 90_000);
    const at = new Date(t);
    const author = pick(PEOPLE);
    const words = Array.from({ length: 3 + Math.floor(rand() * 10) }, () => pick(WORDS));
    const r = rand();
    if (i === 0) {
      timeline.push(change(at.toISOString(), author, 'Declared SEV1: Database failover loop'));
    } else if (r < 0.03) {
      timeline.push(note(at.toISOString(), author, `Status: ${words.join(' ')}`));
    } else if (r < 0.05) {
      timeline.push(change(at.toISOString(), author, `Role change: <@${pick(PEOPLE)}>`));
    } else {
      const key = rand() < 0.04;
      const reply = lastRoot !== null && rand() < 0.15;
      const long = key && rand() < 0.2;
      const text = long
        ? Array.from({ length: 120 }, () => pick(WORDS)).join(' ')
        : `${words.join(' ')} <@${pick(PEOPLE)}>`;
      const entry = message(at.toISOString(), author, text, {
        key,
        keyReason: key ? pick(['pin', 'reaction', 'shortcut'] as const) : null,
        slackTs: tsOf(at, i),
        threadTs: reply ? lastRoot : null,
        edited: rand() < 0.05,
      });
      if (!reply && rand() < 0.1) lastRoot = entry.slackTs;
      timeline.push(entry);
    }
  }
  const end = new Date(t);
  const declaredAt = new Date(start);
  const mid = (f: number) => new Date(start + Math.floor((t - start) * f));
  const events: IncidentEvent[] = [
    { change: { kind: 'status', from: 'triage', to: 'investigating', message: null }, actor: 'U01', at: mid(0.01) },
    { change: { kind: 'status', from: 'investigating', to: 'monitoring', message: null }, actor: 'U01', at: mid(0.6) },
    { change: { kind: 'status', from: 'monitoring', to: 'resolved', message: null }, actor: 'U01', at: mid(0.95) },
    { change: { kind: 'status', from: 'resolved', to: 'closed', message: null }, actor: 'U01', at: end },
  ];
  const people: ReviewData['people'] = {};
  PEOPLE.forEach((id, i) => {
    if (i < 6) people[id] = { name: `engineer-${i + 1}`, tz: i === 0 ? 'Etc/UTC' : null };
  });
  return {
    incident: baseIncident({
      number: 1001,
      title: 'Database failover loop',
      channelName: 'inc-1001-database-failover-loop',
      severity: 'SEV1',
      category: 'database',
      roles: { commander: 'U01', comms: 'U02', scribe: null },
      declaredBy: 'U03',
      declaredAt,
      isPrivate: true,
      resolvedAt: mid(0.95),
      closedAt: end,
    }),
    closedAt: end,
    events,
    timeline,
    participants: [...PEOPLE],
    answers: {
      ...emptyAnswers(),
      summary: 'The primary database failed over repeatedly.',
      rootCause: 'A flapping health check.',
    },
    actionItems: [],
    people,
    updateEvery: 15 * MIN,
  };
}
