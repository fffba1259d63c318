import type { Incident } from '../../../src/domain/incident';
import { changeStatus } from '../../../src/domain/lifecycle';
import { STATUSES, type Status } from '../../../src/domain/status';
import { allowedNext, TRANSITIONS } from '../../../src/domain/transitions';

const base: Incident = {
  id: 1,
  number: 7,
  title: 't',
  summary: '',
  severity: 'SEV2',
  category: null,
  status: 'triage',
  isPrivate: false,
  roles: { commander: 'UALICE', comms: null, scribe: null },
  declaredBy: 'UALICE',
  declaredAt: new Date('2026-01-01T00:00:00Z'),
  channelId: 'C1',
  channelName: 'inc-7-t',
  headerTs: null,
  isDrill: false,
  drillPlan: null,
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  resolvedAt: null,
  closedAt: null,
};
const now = new Date('2026-01-01T01:00:00Z');

// The full matrix, written out so that any change to the lifecycle shows up in review.
const EXPECTED: Record<Status, Status[]> = {
  triage: ['investigating', 'resolved', 'cancelled'],
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
  resolved: ['investigating', 'closed'],
  closed: [],
  cancelled: [],
};

describe('transition table', () => {
  const cases = STATUSES.flatMap((from) => STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));

  test.each(cases)('%s → %s', (from, to) => {
    const result = changeStatus({ ...base, status: from }, to, 'UBOB', now);
    if (EXPECTED[from].includes(to)) {
      expect(result).toEqual({
        ok: true,
        value: expect.objectContaining({ incident: expect.objectContaining({ status: to }) }),
      });
    } else {
      expect(result).toEqual({ ok: false, error: { kind: 'forbidden_transition', from, to, allowed: EXPECTED[from] } });
    }
  });

  test('table and expectation agree', () => {
    for (const s of STATUSES) expect([...allowedNext(s)].sort()).toEqual([...EXPECTED[s]].sort());
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...STATUSES].sort());
  });

  test('same status is its own refusal', () => {
    expect(changeStatus(base, 'triage', 'U', now)).toEqual({
      ok: false,
      error: { kind: 'already_in_status', status: 'triage' },
    });
  });
});

describe('leaving triage', () => {
  test('needs a severity', () => {
    expect(changeStatus({ ...base, severity: null }, 'investigating', 'U', now)).toEqual({
      ok: false,
      error: { kind: 'needs_severity' },
    });
  });
  test('needs a commander', () => {
    const noCommander = { ...base, roles: { ...base.roles, commander: null } };
    expect(changeStatus(noCommander, 'investigating', 'U', now)).toEqual({
      ok: false,
      error: { kind: 'needs_commander' },
    });
  });
  test('cancelling a false alarm needs neither', () => {
    const bare = { ...base, severity: null, roles: { ...base.roles, commander: null } };
    const r = changeStatus(bare, 'cancelled', 'U', now, 'false alarm');
    expect(r.ok && r.value.incident.status).toBe('cancelled');
    expect(r.ok && r.value.event).toEqual({
      change: { kind: 'status', from: 'triage', to: 'cancelled', message: 'false alarm' },
      actor: 'U',
      at: now,
    });
  });
});

describe('resolve and reopen', () => {
  test('resolving stamps resolvedAt, reopening clears it', () => {
    const resolved = changeStatus({ ...base, status: 'monitoring' }, 'resolved', 'U', now);
    expect(resolved.ok && resolved.value.incident.resolvedAt).toEqual(now);
    if (!resolved.ok) throw new Error('unreachable');
    const reopened = changeStatus(resolved.value.incident, 'investigating', 'U', new Date(now.getTime() + 1000));
    expect(reopened.ok && reopened.value.incident.resolvedAt).toBeNull();
  });
  test('a refused move leaves the incident untouched', () => {
    const incident = { ...base, status: 'closed' as const };
    const copy = structuredClone(incident);
    changeStatus(incident, 'investigating', 'U', now);
    expect(incident).toEqual(copy);
  });
});
