import type { Incident } from '../../../../src/domain/incident';
import type { Notice } from '../../../../src/kernel/outbox/notice';
import { decodeNotice, encodeNotice } from '../../../../src/kernel/outbox/notice-codec';
import { anIncident } from '../../../support/incident';

const incident: Incident = anIncident();
const changed: Notice = {
  type: 'changed',
  incident,
  before: { ...incident, status: 'triage' },
  event: {
    change: { kind: 'status', from: 'triage', to: 'investigating', message: null },
    actor: 'UALICE',
    at: new Date('2026-01-01T00:05:00Z'),
  },
};

test('a stored notice reads back as it was written, its dates as Dates', () => {
  expect(decodeNotice(encodeNotice(changed))).toEqual(changed);
  const drill: Notice = {
    type: 'drill_due',
    plan: { id: 'db-failover', title: 'DB failover' },
    owners: ['UALICE'],
    lastDrillAt: null,
    due: new Date('2026-02-01T09:00:00Z'),
  };
  expect(decodeNotice(encodeNotice(drill))).toEqual(drill);
});

test("a fired reminder's notice reads back with its dates, and an unknown reminder kind is refused", () => {
  const digest: Notice = {
    type: 'reminder_fired',
    incident,
    reminder: { id: 7, kind: 'stakeholder_digest', firedAt: new Date('2026-01-01T01:00:00Z'), escalate: false },
    dm: null,
    followup: null,
    subscribers: ['UCAROL'],
    latestUpdate: { text: 'Rolling back', at: new Date('2026-01-01T00:40:00Z') },
    nextUpdateDue: new Date('2026-01-01T01:10:00Z'),
    lastUpdateAt: new Date('2026-01-01T00:40:00Z'),
  };
  expect(decodeNotice(encodeNotice(digest))).toEqual(digest);
  const stored = JSON.parse(encodeNotice(digest));
  expect(() => decodeNotice({ ...stored, reminder: { ...stored.reminder, kind: 'pager' } })).toThrow(/reminder\.kind/);
});

test('a date that is not one, or a field of the wrong kind, is refused, naming where', () => {
  const stored = JSON.parse(encodeNotice(changed));
  expect(() => decodeNotice({ ...stored, event: { ...stored.event, at: 'soon' } })).toThrow(/event\.at/);
  expect(() => decodeNotice({ ...stored, incident: { ...stored.incident, status: 'on fire' } })).toThrow(
    /incident\.status/,
  );
  expect(() => decodeNotice({ ...stored, event: { ...stored.event, change: { kind: 'status' } } })).toThrow(
    /event\.change/,
  );
});

test("a declare_pending notice carries the channel's expected wait, and one written before it existed still reads", () => {
  const reserved = { id: 7, number: 50, title: 'Storm', isPrivate: false };
  const pending: Notice = {
    type: 'declare_pending',
    incident: reserved,
    channelName: 'inc-50-storm',
    reply: { user: 'UALICE' },
    etaMs: 120_000,
  };
  expect(decodeNotice(encodeNotice(pending))).toEqual(pending);
  const { etaMs: _, ...older } = pending;
  expect(decodeNotice(JSON.stringify(older))).toEqual(older);
  expect(() => decodeNotice(JSON.stringify({ ...pending, etaMs: 'soon' }))).toThrow(/etaMs/);
});
