import type { Incident } from '../../../../src/domain/incident';

/** An incident as the webhook tests start from; each overrides what it looks at. */
export const anIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 7,
  number: 42,
  title: 'Checkout down',
  summary: 'Orders fail',
  severity: 'SEV2',
  category: 'Availability',
  status: 'investigating',
  isPrivate: false,
  roles: { commander: 'UALICE', comms: null, scribe: null },
  declaredBy: 'UBOB',
  declaredAt: new Date('2026-01-01T00:00:00Z'),
  channelId: 'C42',
  channelName: 'inc-42-checkout-down',
  headerTs: '1.000001',
  isDrill: false,
  drillPlan: null,
  updatedAt: new Date('2026-01-01T00:05:00Z'),
  resolvedAt: null,
  closedAt: null,
  ...over,
});
