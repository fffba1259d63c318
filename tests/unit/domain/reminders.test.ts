import type { Incident } from '../../../src/domain/incident';
import { DEFAULT_POLICY } from '../../../src/domain/policy';
import {
  COMMANDER_GRACE,
  decide,
  dueAt,
  interval,
  type ReminderFacts,
  type ReminderState,
} from '../../../src/domain/reminders';
import { anIncident } from '../../support/incident';

const T0 = new Date('2026-01-01T00:00:00Z');
const MIN = 60_000;
const at = (m: number) => new Date(T0.getTime() + m * MIN);

const incident = (over: Partial<Incident> = {}): Incident =>
  anIncident({
    number: 1,
    title: 't',
    declaredBy: 'UALICE',
    declaredAt: T0,
    channelId: 'C1',
    channelName: 'inc-1',
    headerTs: null,
    updatedAt: T0,
    ...over,
  });
const facts = (over: Partial<ReminderFacts> = {}): ReminderFacts => ({
  incident: incident(),
  lastUpdateAt: null,
  nextUpdateDue: null,
  commanderPresent: true,
  reviewSubmitted: false,
  ...over,
});
const fresh: ReminderState = { lastFiredAt: null, firedCount: 0, snoozedUntil: null };
const P = DEFAULT_POLICY; // SEV1: update every 30m, digest every 1h, review required

describe('update nudge', () => {
  test('due one interval after declaration, then after each firing', () => {
    expect(dueAt('update_nudge', facts(), fresh, P)).toEqual(at(30));
    expect(dueAt('update_nudge', facts(), { ...fresh, lastFiredAt: at(30), firedCount: 1 }, P)).toEqual(at(60));
  });

  test('an update moves it: the chosen next-update time wins', () => {
    expect(dueAt('update_nudge', facts({ lastUpdateAt: at(20), nextUpdateDue: at(35) }), fresh, P)).toEqual(at(35));
    expect(dueAt('update_nudge', facts({ lastUpdateAt: at(20) }), fresh, P)).toEqual(at(50));
  });

  test('snooze pushes it, but never earlier than it was', () => {
    expect(dueAt('update_nudge', facts(), { ...fresh, snoozedUntil: at(45) }, P)).toEqual(at(45));
    expect(dueAt('update_nudge', facts(), { ...fresh, snoozedUntil: at(10) }, P)).toEqual(at(30));
  });

  test('escalates after two ignored nudges', () => {
    const d = (firedCount: number) =>
      decide('update_nudge', facts(), { lastFiredAt: at(0), firedCount, snoozedUntil: null }, P, at(300));
    expect(d(0)).toMatchObject({ action: 'fire', escalate: false });
    expect(d(1)).toMatchObject({ action: 'fire', escalate: false });
    expect(d(2)).toMatchObject({ action: 'fire', escalate: true });
  });

  test('after hours of downtime it fires once and the next is one interval from now', () => {
    const now = at(600);
    const first = decide('update_nudge', facts(), fresh, P, now);
    expect(first).toEqual({
      action: 'fire',
      escalate: false,
      next: { lastFiredAt: now, firedCount: 1, snoozedUntil: null },
    });
    if (first.action !== 'fire') throw new Error('unreachable');
    expect(dueAt('update_nudge', facts(), first.next, P)).toEqual(at(630));
    expect(decide('update_nudge', facts(), first.next, P, now)).toEqual({ action: 'wait', until: at(630) });
  });

  test.each(['resolved', 'closed', 'cancelled'] as const)('stops when %s', (status) => {
    expect(decide('update_nudge', facts({ incident: incident({ status }) }), fresh, P, at(999))).toEqual({
      action: 'stop',
    });
  });

  test('no severity, no cadence to nudge about', () => {
    expect(interval('update_nudge', facts({ incident: incident({ severity: null, status: 'triage' }) }), P)).toBeNull();
  });
});

describe('other reminders', () => {
  test('stakeholder digest only where the severity has a cadence', () => {
    expect(dueAt('stakeholder_digest', facts(), fresh, P)).toEqual(at(60));
    expect(dueAt('stakeholder_digest', facts({ incident: incident({ severity: 'SEV3' }) }), fresh, P)).toBeNull();
  });

  test('commander nudge when none is assigned or the commander left', () => {
    expect(dueAt('commander_nudge', facts(), fresh, P)).toBeNull();
    expect(dueAt('commander_nudge', facts({ commanderPresent: false }), fresh, P)).toEqual(
      new Date(T0.getTime() + COMMANDER_GRACE),
    );
    const none = facts({ incident: incident({ roles: { commander: null, comms: null, scribe: null } }) });
    expect(dueAt('commander_nudge', none, { ...fresh, lastFiredAt: at(10) }, P)).toEqual(at(40));
  });

  test('review nudge after reviewReminderAfter, until a review is submitted', () => {
    const resolved = incident({ status: 'resolved', resolvedAt: at(100) });
    expect(dueAt('review_nudge', facts({ incident: resolved }), fresh, P)).toEqual(
      new Date(at(100).getTime() + P.reviewReminderAfter),
    );
    expect(dueAt('review_nudge', facts({ incident: resolved, reviewSubmitted: true }), fresh, P)).toBeNull();
    expect(dueAt('review_nudge', facts({ incident: { ...resolved, severity: 'SEV4' } }), fresh, P)).toBeNull();
  });

  test('follow-up nudge the day after it was due, then daily, until done', () => {
    const f = (status: 'open' | 'done', due: string | null) => facts({ followup: { status, due } });
    expect(dueAt('followup_nudge', f('open', '2026-01-05'), fresh, P)).toEqual(new Date('2026-01-06T00:00:00Z'));
    expect(
      dueAt('followup_nudge', f('open', '2026-01-05'), { ...fresh, lastFiredAt: new Date('2026-01-06T00:00:10Z') }, P),
    ).toEqual(new Date('2026-01-07T00:00:10Z'));
    expect(dueAt('followup_nudge', f('done', '2026-01-05'), fresh, P)).toBeNull();
    expect(dueAt('followup_nudge', f('open', null), fresh, P)).toBeNull();
  });
});
