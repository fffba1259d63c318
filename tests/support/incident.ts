import type { Incident } from '../../src/domain/incident';

/** An open SEV1 incident (INC-42, id 1) for unit tests of what is built from one; `over` changes what a test needs. */
export const anIncident = (over: Partial<Incident> = {}): Incident => ({
  id: 1,
  number: 42,
  title: 'Checkout down',
  summary: '',
  severity: 'SEV1',
  category: null,
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
