import type { Incident } from '../../../src/domain/incident';
import type { IncidentEvent } from '../../../src/domain/incident-event';
import { emptyAnswers, type ReviewData } from '../../../src/domain/review';
import { computeReviewMetrics, isUpdate } from '../../../src/domain/review-metrics';
import type { Status } from '../../../src/domain/status';
import type { TimelineEntry } from '../../../src/domain/timeline';

const T0 = Date.parse('2026-03-04T10:00:00Z');
const MIN = 60_000;
const at = (minutes: number) => new Date(T0 + minutes * MIN);

const status = (minutes: number, from: Status, to: Status): IncidentEvent => ({
  change: { kind: 'status', from, to, message: null },
  actor: 'U1',
  at: at(minutes),
});

const entry = (minutes: number, kind: TimelineEntry['kind'], key = kind !== 'message'): TimelineEntry => ({
  kind,
  at: at(minutes),
  author: 'U1',
  text: `${kind} at ${minutes}`,
  key,
  keyReason: key ? (kind === 'message' ? 'pin' : kind) : null,
  slackTs: kind === 'message' ? `${(T0 + minutes * MIN) / 1000}.000100` : null,
  threadTs: null,
  edited: false,
});

function data(over: {
  status: Status;
  events?: IncidentEvent[];
  timeline?: TimelineEntry[];
  closedAt?: Date | null;
  updateEvery?: number | null;
  resolvedAt?: Date | null;
}): ReviewData {
  const incident: Incident = {
    id: 1,
    number: 7,
    title: 't',
    summary: '',
    severity: 'SEV2',
    category: null,
    status: over.status,
    isPrivate: false,
    roles: { commander: 'U1', comms: null, scribe: null },
    declaredBy: 'U1',
    declaredAt: at(0),
    channelId: 'C1',
    channelName: 'inc-7',
    headerTs: null,
    isDrill: false,
    drillPlan: null,
    updatedAt: at(0),
    resolvedAt: over.resolvedAt ?? null,
    closedAt: null,
  };
  return {
    incident,
    closedAt: over.closedAt ?? null,
    events: over.events ?? [],
    timeline: over.timeline ?? [],
    participants: [],
    answers: emptyAnswers(),
    actionItems: [],
    people: {},
    updateEvery: over.updateEvery === undefined ? 30 * MIN : over.updateEvery,
  };
}

describe('milestones', () => {
  test.each([
    {
      name: 'no acknowledgement yet (still in triage)',
      input: data({ status: 'triage', timeline: [entry(0, 'change')] }),
      expected: {
        acknowledgedAt: null,
        mitigatedAt: null,
        resolvedAt: null,
        timeToAcknowledge: null,
        totalDuration: null,
      },
    },
    {
      name: 'acknowledged, mitigated, resolved, closed',
      input: data({
        status: 'closed',
        closedAt: at(300),
        events: [
          status(5, 'triage', 'investigating'),
          status(40, 'investigating', 'monitoring'),
          status(90, 'monitoring', 'resolved'),
          status(300, 'resolved', 'closed'),
        ],
      }),
      expected: {
        acknowledgedAt: at(5),
        mitigatedAt: at(40),
        resolvedAt: at(90),
        closedAt: at(300),
        timeToAcknowledge: 5 * MIN,
        timeToMitigate: 40 * MIN,
        timeToResolve: 90 * MIN,
        totalDuration: 300 * MIN,
      },
    },
    {
      name: 'reopened after resolve and resolved again: the last resolve counts',
      input: data({
        status: 'resolved',
        events: [
          status(5, 'triage', 'investigating'),
          status(20, 'investigating', 'resolved'),
          status(30, 'resolved', 'investigating'),
          status(50, 'investigating', 'monitoring'),
          status(70, 'monitoring', 'resolved'),
        ],
      }),
      expected: { mitigatedAt: at(50), resolvedAt: at(70), timeToResolve: 70 * MIN, totalDuration: 70 * MIN },
    },
    {
      name: 'reopened after resolve and still open: no resolution',
      input: data({
        status: 'investigating',
        events: [
          status(5, 'triage', 'investigating'),
          status(20, 'investigating', 'resolved'),
          status(30, 'resolved', 'investigating'),
        ],
      }),
      expected: { resolvedAt: null, timeToResolve: null, totalDuration: null },
    },
    {
      name: 'cancelled from triage is not an acknowledgement',
      input: data({ status: 'cancelled', events: [status(3, 'triage', 'cancelled')] }),
      expected: { acknowledgedAt: null, resolvedAt: null, totalDuration: null },
    },
    {
      name: 'events given out of order are read by time',
      input: data({
        status: 'resolved',
        events: [
          status(60, 'monitoring', 'resolved'),
          status(5, 'triage', 'investigating'),
          status(30, 'investigating', 'monitoring'),
        ],
      }),
      expected: { acknowledgedAt: at(5), mitigatedAt: at(30), resolvedAt: at(60) },
    },
    {
      name: 'resolved without a recorded event falls back to the incident row',
      input: data({ status: 'resolved', resolvedAt: at(45) }),
      expected: { resolvedAt: at(45), timeToResolve: 45 * MIN },
    },
    {
      name: 'closed without a close time: total duration up to the resolution',
      input: data({
        status: 'closed',
        events: [status(5, 'triage', 'investigating'), status(25, 'investigating', 'resolved')],
      }),
      expected: { closedAt: null, totalDuration: 25 * MIN },
    },
  ])('$name', ({ input, expected }) => {
    expect(computeReviewMetrics(input)).toMatchObject({ declaredAt: at(0), ...expected });
  });
});

describe('update cadence', () => {
  const resolvedAt = (minutes: number) => ({
    status: 'resolved' as const,
    events: [status(1, 'triage', 'investigating'), status(minutes, 'investigating', 'resolved')],
  });
  test.each([
    {
      name: 'updates every 20m over 60m: all kept',
      input: data({ ...resolvedAt(60), timeline: [entry(20, 'note'), entry(40, 'note'), entry(60, 'change')] }),
      expected: { updates: 3, longestGap: 20 * MIN, missed: 0, keptRatio: 1 },
    },
    {
      name: 'one 60m gap with a 30m cadence: one missed, half of that gap covered',
      // gaps: 0→10 (10), 10→70 (60, counts 30), 70→100 (30); covered 70 of 100
      input: data({ ...resolvedAt(100), timeline: [entry(10, 'note'), entry(70, 'note')] }),
      expected: { updates: 2, longestGap: 60 * MIN, missed: 1, keptRatio: 0.7 },
    },
    {
      name: 'the silence before the end of the window counts too',
      input: data({ ...resolvedAt(120), timeline: [entry(10, 'note')] }),
      // gaps: 10 and 110 (counts 30, runs past the due times at 40, 70 and 100): 40/120
      expected: { updates: 1, longestGap: 110 * MIN, missed: 3, keptRatio: 40 / 120 },
    },
    {
      name: 'a 3h 2m silence against 30m counts the six intervals it ran past, not one gap',
      input: data({ ...resolvedAt(200), timeline: [entry(10, 'note'), entry(192, 'note')] }),
      // gaps: 10, 182 (due times at 40…190 passed: 6), 8
      expected: { updates: 2, longestGap: 182 * MIN, missed: 6, keptRatio: 48 / 200 },
    },
    {
      name: 'a gap of exactly the target misses nothing',
      input: data({ ...resolvedAt(90), timeline: [entry(30, 'note'), entry(60, 'note')] }),
      expected: { updates: 2, longestGap: 30 * MIN, missed: 0, keptRatio: 1 },
    },
    {
      name: 'plain messages are not updates; key messages are',
      input: data({
        ...resolvedAt(60),
        timeline: [entry(20, 'message'), entry(30, 'message', true), entry(45, 'message')],
      }),
      expected: { updates: 1, longestGap: 30 * MIN, missed: 0, keptRatio: 1 },
    },
    {
      name: 'entries outside the window are ignored',
      input: data({ ...resolvedAt(60), timeline: [entry(-5, 'note'), entry(30, 'note'), entry(90, 'note')] }),
      expected: { updates: 1, missed: 0, keptRatio: 1 },
    },
    {
      name: 'an open incident is measured up to its last entry',
      input: data({
        status: 'investigating',
        timeline: [entry(0, 'change'), entry(45, 'message'), entry(100, 'note')],
      }),
      // gaps: 0, 100 (counts 30, runs past the due times at 30, 60 and 90): 30/100
      expected: { updates: 2, longestGap: 100 * MIN, missed: 3, keptRatio: 0.3, windowEnd: at(100) },
    },
    {
      name: 'a closed incident without resolution is measured up to the close',
      input: data({ status: 'closed', closedAt: at(90), timeline: [entry(30, 'note'), entry(60, 'note')] }),
      expected: { updates: 2, longestGap: 30 * MIN, missed: 0, keptRatio: 1, windowEnd: at(90) },
    },
  ])('$name', ({ input, expected }) => {
    expect(computeReviewMetrics(input).cadence).toMatchObject({
      expectedEvery: 30 * MIN,
      windowStart: at(0),
      ...expected,
    });
  });

  test.each([
    {
      name: 'no update interval',
      input: data({ ...resolvedAt(60), updateEvery: null, timeline: [entry(10, 'note')] }),
    },
    { name: 'a zero update interval', input: data({ ...resolvedAt(60), updateEvery: 0 }) },
    { name: 'an open incident without entries', input: data({ status: 'investigating' }) },
    { name: 'an empty window (resolved at the declaration time)', input: data({ ...resolvedAt(0) }) },
  ])('null with $name', ({ input }) => {
    expect(computeReviewMetrics(input).cadence).toBeNull();
  });

  test('the order of the timeline does not matter', () => {
    const timeline = [entry(70, 'note'), entry(10, 'note'), entry(40, 'message', true)];
    const a = computeReviewMetrics(data({ ...resolvedAt(100), timeline }));
    const b = computeReviewMetrics(data({ ...resolvedAt(100), timeline: [...timeline].reverse() }));
    expect(a).toEqual(b);
  });
});

test.each([
  ['note', false, true],
  ['change', false, true],
  ['message', true, true],
  ['message', false, false],
] as const)('isUpdate(%s, key=%s) → %s', (kind, key, expected) => {
  expect(isUpdate({ ...entry(0, kind), key })).toBe(expected);
});
