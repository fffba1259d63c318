import { DEFAULT_POLICY } from '../../src/domain/policy';
import type { StatsIncident, StatsPolicy } from '../../src/domain/stats';

/** A small history with every edge the figures must handle; seeded as is into the database by the SQL test. */
export const NOW = new Date('2026-03-31T12:00:00Z');
const at = (iso: string) => new Date(iso);
const MIN = 60_000;
const later = (d: Date, min: number) => new Date(d.getTime() + min * MIN);
const base = {
  category: 'Availability',
  isPrivate: false,
  isDrill: false,
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  people: ['UDECL'],
  followups: [],
  review: null,
  feedback: [],
  drillPlan: null,
} as const;

/** The default severities (SEV1 every 30m, reviews for SEV1/SEV2), one scheduled plan and one never drilled. */
export const STATS_POLICY: StatsPolicy = {
  severities: DEFAULT_POLICY.severities,
  plans: [
    {
      id: 'db-failover',
      title: 'Database failover',
      url: 'https://example.com/db',
      steps: ['Promote'],
      owners: ['UOWNER'],
    },
    { id: 'region-evac', title: 'Region evacuation', url: 'https://example.com/region', steps: ['Drain'], owners: [] },
  ],
  drills: [{ plan: 'db-failover', every: 90 * 24 * 60 * MIN }],
};

type Entry = StatsIncident['timeline'][number];
type Spec = Omit<StatsIncident, 'number' | 'timeline'>;

/** The status events the SQL test records for an incident's milestones, with the edges of each (in time order per kind). */
export function statusEvents(i: Spec): { at: Date; from: string; to: string }[] {
  const events: { at: Date; from: string; to: string }[] = [];
  if (i.acknowledgedAt) events.push({ at: i.acknowledgedAt, from: 'triage', to: 'investigating' });
  if (i.mitigatedAt) {
    events.push({ at: i.mitigatedAt, from: 'investigating', to: 'monitoring' });
    // A second move to monitoring must not replace the first.
    events.push({ at: later(i.mitigatedAt, 5), from: 'identified', to: 'monitoring' });
  }
  if (i.status === 'cancelled') events.push({ at: later(i.declaredAt, 1), from: 'triage', to: 'cancelled' });
  if (i.resolvedAt) {
    // An earlier resolve that was reopened: the row keeps only the last one, as lifecycle.ts does.
    events.push({ at: later(i.declaredAt, 2), from: 'investigating', to: 'resolved' });
    events.push({ at: later(i.declaredAt, 3), from: 'resolved', to: 'investigating' });
    events.push({ at: i.resolvedAt, from: 'investigating', to: 'resolved' });
  }
  return events;
}

const note = (d: Date, min: number): Entry => ({ kind: 'note', at: later(d, min), key: true });
const keyMessage = (d: Date, min: number): Entry => ({ kind: 'message', at: later(d, min), key: true });
const chatter = (d: Date, min: number): Entry => ({ kind: 'message', at: later(d, min), key: false });
const change = (d: Date, min: number): Entry => ({ kind: 'change', at: later(d, min), key: true });

const SPECS: Record<string, Spec & { extra?: Entry[] }> = {
  // Plain SEV1: acknowledged after 10 min, mitigated at 1 h, resolved at 2 h.
  sev1: {
    ...base,
    severity: 'SEV1',
    status: 'closed',
    declaredAt: at('2026-03-30T00:00:00Z'),
    acknowledgedAt: at('2026-03-30T00:10:00Z'),
    mitigatedAt: at('2026-03-30T01:00:00Z'),
    resolvedAt: at('2026-03-30T02:00:00Z'),
    followups: [
      { status: 'done', due: '2026-03-31' },
      { status: 'open', due: '2026-03-30' },
      { status: 'open', due: null },
    ],
    // Cadence (every 30m): a 50m gap is bridged only by chatter, which is no update: one miss, 100 of 120 minutes covered.
    extra: [chatter(at('2026-03-30T00:00:00Z'), 40), keyMessage(at('2026-03-30T00:00:00Z'), 90)],
    // Published 3 h after the resolve, then published again later: the first counts.
    review: { status: 'submitted', firstSubmittedAt: at('2026-03-30T05:00:00Z') },
    // One asked person never answered.
    feedback: [
      { rating: 5, change: 'More runbooks' },
      { rating: 4, change: null },
      { rating: null, change: null },
    ],
  },
  // Reopened then resolved again: the resolve that counts is the last one (4 h).
  reopened: {
    ...base,
    severity: 'SEV1',
    category: 'Data',
    status: 'resolved',
    declaredAt: at('2026-03-29T00:00:00Z'),
    acknowledgedAt: at('2026-03-29T00:30:00Z'),
    resolvedAt: at('2026-03-29T04:00:00Z'),
    // An update every 30 minutes (notes, a pinned message, a severity change): the cadence was kept.
    extra: [
      note(at('2026-03-29T00:00:00Z'), 60),
      note(at('2026-03-29T00:00:00Z'), 90),
      keyMessage(at('2026-03-29T00:00:00Z'), 120),
      change(at('2026-03-29T00:00:00Z'), 150),
      note(at('2026-03-29T00:00:00Z'), 180),
      note(at('2026-03-29T00:00:00Z'), 210),
    ],
    // Published after the first resolve, before the reopen: time to review clamps to zero.
    review: { status: 'submitted', firstSubmittedAt: at('2026-03-29T01:00:00Z') },
    feedback: [{ rating: 2, change: 'Page sooner' }],
  },
  // Never acknowledged, still in triage: counted, no times.
  neverAcked: { ...base, severity: 'SEV2', status: 'triage', declaredAt: at('2026-03-28T00:00:00Z') },
  // Still open after a mitigation: no resolve time.
  stillOpen: {
    ...base,
    severity: 'SEV2',
    status: 'monitoring',
    declaredAt: at('2026-03-27T00:00:00Z'),
    acknowledgedAt: at('2026-03-27T00:05:00Z'),
    mitigatedAt: at('2026-03-27T00:20:00Z'),
  },
  // Cancelled and drills are shown apart.
  cancelled: { ...base, severity: 'SEV3', status: 'cancelled', declaredAt: at('2026-03-26T00:00:00Z') },
  drill: {
    ...base,
    severity: 'SEV1',
    status: 'closed',
    isDrill: true,
    declaredAt: at('2026-03-25T00:00:00Z'),
    acknowledgedAt: at('2026-03-25T00:01:00Z'),
    resolvedAt: at('2026-03-25T00:02:00Z'),
    drillPlan: 'db-failover',
    review: { status: 'submitted', firstSubmittedAt: at('2026-03-26T00:00:00Z') },
    feedback: [{ rating: 3, change: 'Drill text' }],
  },
  // A later drill of the same plan that only its people see, review not done.
  privateDrill: {
    ...base,
    severity: 'SEV2',
    status: 'closed',
    isDrill: true,
    isPrivate: true,
    people: ['UDECL', 'UINSIDE'],
    declaredAt: at('2026-03-28T00:00:00Z'),
    drillPlan: 'db-failover',
  },
  // Private: only its people count it.
  private: {
    ...base,
    severity: 'SEV1',
    category: 'Security',
    status: 'closed',
    isPrivate: true,
    people: ['UDECL', 'UINSIDE'],
    declaredAt: at('2026-03-24T00:00:00Z'),
    acknowledgedAt: at('2026-03-24T01:00:00Z'),
    resolvedAt: at('2026-03-24T06:00:00Z'),
    // A draft is no review.
    review: { status: 'draft', firstSubmittedAt: null },
    feedback: [{ rating: 1, change: 'Secret suggestion' }],
  },
  // Outside 30d but inside 90d.
  old: {
    ...base,
    severity: null,
    category: null,
    status: 'closed',
    declaredAt: at('2026-01-15T00:00:00Z'),
    acknowledgedAt: at('2026-01-15T00:15:00Z'),
    resolvedAt: at('2026-01-15T01:00:00Z'),
    feedback: [{ rating: 4, change: null }],
  },
};

/** Beyond the status events: the notes, messages and other changes the SQL test records as they are. */
export const EXTRA_ENTRIES: Record<string, Entry[]> = Object.fromEntries(
  Object.entries(SPECS).map(([name, s]) => [name, s.extra ?? []]),
);

/** Numbered in order (the SQL test seeds them so); the timeline is the status events plus the extra entries. */
export const FIXTURE: Record<string, StatsIncident> = Object.fromEntries(
  Object.entries(SPECS).map(([name, { extra = [], ...spec }], k) => [
    name,
    {
      ...spec,
      number: k + 1,
      timeline: [...statusEvents(spec).map((e) => ({ kind: 'change' as const, at: e.at, key: true })), ...extra],
    },
  ]),
);
