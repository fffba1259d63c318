import type { Incident } from '../../../../src/domain/incident';
import { incidentList } from '../../../../src/features/incidents/incident-list.view';
import { statusCard } from '../../../../src/kernel/slack/incident-card.view';

const at = new Date('2026-03-01T10:00:00Z');
const gone: Incident = {
  ...{
    id: 7,
    number: 7,
    title: 'Queue stuck',
    summary: '',
    severity: 'SEV2',
    category: null,
    status: 'investigating',
    isPrivate: false,
  },
  ...{
    roles: { commander: 'UCAROL', comms: null, scribe: null },
    declaredBy: 'UCAROL',
    declaredAt: at,
    updatedAt: at,
    resolvedAt: null,
    closedAt: null,
  },
  ...{
    channelId: 'C0007',
    channelName: 'inc-7-queue-stuck',
    headerTs: null,
    isDrill: false,
    drillPlan: null,
    channelGoneAt: at,
  },
};
const text = (m: { blocks?: unknown[] }) => JSON.stringify(m.blocks);

test('a deleted channel is named and marked once in the list and the status card, never linked', () => {
  const list = text(incidentList([gone]));
  expect(list).toContain('#inc-7-queue-stuck (:warning: channel deleted)');
  expect(list).not.toContain('<#C0007>');
  const card = text(statusCard(gone, ['UCAROL'], at));
  expect(card.match(/channel deleted/g)).toHaveLength(1);

  const present = { ...gone, channelGoneAt: null };
  expect(text(incidentList([present]))).toContain('<#C0007>');
  expect(text(statusCard(present, ['UCAROL'], at))).not.toContain('channel deleted');
});
