import type { StatsIncident } from '../../src/domain/stats';

/** A small history with every edge the figures must handle; seeded as is into the database by the SQL test. */
export const NOW = new Date('2026-03-31T12:00:00Z');
const at = (iso: string) => new Date(iso);
const base = {
  category: 'Availability',
  isPrivate: false,
  isDrill: false,
  acknowledgedAt: null,
  mitigatedAt: null,
  resolvedAt: null,
  people: ['UDECL'],
  followups: [],
} as const;

export const FIXTURE: Record<string, StatsIncident> = {
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
  },
};
