// Which lane a notice waits in: an incident's Slack notices share one; a notice for an outside target has its own.
import { type Notice, noticeLane, serviceLane } from '../../../../src/kernel/outbox/notice';

const incident = { id: 7, number: 3, title: 'Lanes', isPrivate: false };
const drillDue = {
  type: 'drill_due',
  plan: { id: 'db-failover', title: 'Database failover' },
  owners: [],
  lastDrillAt: null,
  due: new Date(0),
} as Notice;

test("an incident's notices share its lane; a drill's, its plan's", () => {
  const pending = { type: 'declare_pending', incident, channelName: 'inc-3-lanes', reply: {} } as unknown as Notice;
  expect(noticeLane(pending)).toBe('incident:7');
  expect(noticeLane(drillDue)).toBe('drill:db-failover');
});

test('a notice for an outside target waits in its own lane, one per target and incident', () => {
  const lane = serviceLane('webhook:audit', 7);
  expect(lane).toBe('webhook:audit:incident:7');
  expect(noticeLane({ type: 'declare_pending', incident, lane } as unknown as Notice)).toBe(lane);
  expect(serviceLane('pagerduty:db', 7)).not.toBe(lane);
});
