import type { WebhookEndpoint } from '../../../../src/domain/webhooks';
import { endpointHash } from '../../../../src/features/webhooks/webhook-endpoints';
import { eventsOf, webhookNoticesOf } from '../../../../src/features/webhooks/webhook-events';
import { webhookPayload } from '../../../../src/features/webhooks/webhook-payload';
import type { Notice } from '../../../../src/kernel/outbox/notice';
import { decodeNotice, encodeNotice } from '../../../../src/kernel/outbox/notice-codec';
import { anIncident } from './incident.fixture';

const at = new Date('2026-01-01T00:05:00Z');
const now = new Date('2026-01-01T00:06:00Z');
const incident = anIncident();
const changed = (change: Extract<Notice, { type: 'changed' }>['event']['change']): Notice => ({
  type: 'changed',
  incident,
  before: incident,
  event: { change, actor: 'UALICE', at },
});
const followup = { id: 3, text: 'Add a canary', owner: null, due: '2026-02-01' };

test.each<[string, Notice, string[]]>([
  ['declared', { type: 'declared', incident, reply: { user: 'UBOB' } }, ['incident.declared']],
  [
    'a status change',
    changed({ kind: 'status', from: 'triage', to: 'investigating', message: null }),
    ['incident.status_changed'],
  ],
  [
    'resolving',
    changed({ kind: 'status', from: 'monitoring', to: 'resolved', message: 'Fixed' }),
    ['incident.status_changed', 'incident.resolved'],
  ],
  [
    'closing',
    changed({ kind: 'status', from: 'resolved', to: 'closed', message: null }),
    ['incident.status_changed', 'incident.closed'],
  ],
  [
    'cancelling',
    changed({ kind: 'status', from: 'triage', to: 'cancelled', message: null }),
    ['incident.status_changed', 'incident.cancelled'],
  ],
  ['a severity change', changed({ kind: 'severity', from: null, to: 'SEV1' }), ['incident.severity_changed']],
  ['a role', changed({ kind: 'role', role: 'comms', from: null, to: 'UBOB' }), ['incident.role_assigned']],
  ['an invitation', changed({ kind: 'invited', users: ['UBOB'] }), []],
  [
    'an update',
    { type: 'update_posted', incident, text: 'Rolled back', actor: 'UALICE', nextUpdateDue: at, subscribers: [] },
    ['incident.updated'],
  ],
  [
    'a review',
    { type: 'review_submitted', incident, document: '# Review', actor: 'UALICE', actionItems: 2 },
    ['review.published'],
  ],
  [
    'a follow-up',
    { type: 'followup_added', incident, followup, actor: 'UALICE', ownerOnly: true },
    ['followup.created'],
  ],
  ['a follow-up done', { type: 'followup_done', incident, followup, actor: 'UALICE' }, ['followup.done']],
  ['a key mark', { type: 'key_marked', incident, ts: '1.2' }, []],
  ['a declaration still pending', { type: 'declare_pending', incident, channelName: 'x', reply: { user: 'U' } }, []],
])('%s: its webhook events, in order', (_, notice, types) => {
  expect(eventsOf(notice, now).map((e) => e.type)).toEqual(types);
});

const endpoint = (name: string, more: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  name,
  url: `https://${name}.example.com/hook`,
  secretEnv: 'S',
  events: '*',
  includePrivate: false,
  ...more,
});
const resolved = changed({ kind: 'status', from: 'monitoring', to: 'resolved', message: null });

test('one notice per endpoint per event it wants, each endpoint in its own lane for the incident', () => {
  const owed = webhookNoticesOf(resolved, [endpoint('all'), endpoint('ends', { events: ['incident.resolved'] })], now);
  expect(owed.map((n) => [n.endpoint, n.lane, n.event.type])).toEqual([
    ['all', 'webhook:all:incident:7', 'incident.status_changed'],
    ['all', 'webhook:all:incident:7', 'incident.resolved'],
    ['ends', 'webhook:ends:incident:7', 'incident.resolved'],
  ]);
  // Each survives the outbox's round trip as it was written.
  for (const n of owed) expect(decodeNotice(encodeNotice(n))).toEqual(n);
});

test('a private incident is owed only to endpoints that opted in; a drill to none', () => {
  const secret = { ...resolved, incident: { ...incident, isPrivate: true } } as Notice;
  const both = [endpoint('public'), endpoint('trusted', { includePrivate: true })];
  expect(new Set(webhookNoticesOf(secret, both, now).map((n) => n.endpoint))).toEqual(new Set(['trusted']));
  const drill = { ...resolved, incident: { ...incident, isDrill: true } } as Notice;
  expect(webhookNoticesOf(drill, both, now)).toEqual([]);
});

test('the payload: type, when it happened, the versioned incident and what changed', () => {
  const [event] = eventsOf(changed({ kind: 'role', role: 'comms', from: null, to: 'UBOB' }), now);
  expect(webhookPayload(incident, event)).toEqual({
    type: 'incident.role_assigned',
    timestamp: '2026-01-01T00:05:00.000Z',
    data: {
      incident: {
        version: 1,
        id: 7,
        number: 42,
        reference: 'INC-42',
        title: 'Checkout down',
        summary: 'Orders fail',
        status: 'investigating',
        severity: 'SEV2',
        category: 'Availability',
        private: false,
        roles: { commander: 'UALICE', comms: null, scribe: null },
        declaredBy: 'UBOB',
        declaredAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:05:00.000Z',
        resolvedAt: null,
        closedAt: null,
        channel: { id: 'C42', name: 'inc-42-checkout-down', url: 'https://slack.com/app_redirect?channel=C42' },
      },
      actor: 'UALICE',
      change: { field: 'role', role: 'comms', from: null, to: 'UBOB' },
    },
  });
});

test('a long review document is cut to stay a small payload, and says so', () => {
  const [event] = eventsOf(
    { type: 'review_submitted', incident, document: 'x'.repeat(40_000), actor: 'U', actionItems: 0 },
    now,
  );
  const review = (webhookPayload(incident, event).data as { review: { document: string; truncated: boolean } }).review;
  expect([review.document.length, review.truncated]).toEqual([16_000, true]);
});

test('an endpoint policy hash changes with what the entry says, not with its name', () => {
  const base = endpoint('a');
  expect(endpointHash({ ...base, name: 'b' })).toBe(endpointHash(base));
  for (const change of [
    { url: 'https://x.example.com' },
    { events: ['incident.declared' as const] },
    { includePrivate: true },
  ])
    expect(endpointHash({ ...base, ...change })).not.toBe(endpointHash(base));
});
