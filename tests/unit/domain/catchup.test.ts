import { catchUp, isLateJoiner, LATE_JOIN_AFTER_MS } from '../../../src/domain/catchup';
import type { Followup } from '../../../src/domain/followup';
import { anIncident } from '../../support/incident';

const declaredAt = new Date('2026-12-01T09:00:00Z');
const incident = anIncident({
  declaredAt,
  declaredBy: 'UDECL',
  roles: { commander: 'UCMD', comms: null, scribe: null },
});
const followup = (id: number, due: string | null, status: Followup['status'] = 'open'): Followup => ({
  id,
  incidentId: incident.id,
  text: `f${id}`,
  owner: null,
  due,
  status,
  source: 'command',
  createdBy: 'UCMD',
  createdAt: declaredAt,
  doneBy: null,
  doneAt: null,
});

test('open follow-ups soonest due first, undated last; done ones left out; status history starts at triage', () => {
  const c = catchUp({
    incident,
    events: [
      { change: { kind: 'status', from: 'triage', to: 'investigating', message: null }, actor: 'UCMD', at: declaredAt },
    ],
    timeline: [],
    followups: [
      followup(1, null),
      followup(2, '2026-12-09'),
      followup(3, '2026-12-03'),
      followup(4, '2026-12-02', 'done'),
    ],
    latestUpdate: null,
    nextUpdateDue: null,
    now: new Date(declaredAt.getTime() + 90 * 60_000),
  });
  expect(c.openFollowups.map((f) => f.id)).toEqual([3, 2, 1]);
  expect(c.statuses.map((s) => [s.status, s.actor])).toEqual([
    ['triage', 'UDECL'],
    ['investigating', 'UCMD'],
  ]);
  expect(c.runningMs).toBe(90 * 60_000);
});

test('a late joiner is neither the declarer nor a role holder, and came after the declaration', () => {
  const later = new Date(declaredAt.getTime() + LATE_JOIN_AFTER_MS);
  const early = new Date(later.getTime() - 1);
  expect(isLateJoiner(incident, 'UNEW', later)).toBe(true);
  expect(isLateJoiner(incident, 'UNEW', early)).toBe(false);
  expect(isLateJoiner(incident, 'UDECL', later)).toBe(false);
  expect(isLateJoiner(incident, 'UCMD', later)).toBe(false);
});
