import type { Incident } from '../../../../src/domain/incident';
import { declareModal } from '../../../../src/features/incidents/declare-modal.view';
import { incidentList } from '../../../../src/features/incidents/incident-list.view';
import {
  changeMessage,
  declaredAnnouncement,
  declarePendingText,
  roughly,
} from '../../../../src/kernel/outbox/notices.view';
import { headerMessage, topicText } from '../../../../src/kernel/slack/incident-card.view';
import { escapeMrkdwn } from '../../../../src/kernel/slack/mrkdwn';

const incident: Incident = {
  id: 1,
  number: 42,
  title: '<!channel> & <@U999> broke *prod*',
  summary: 'x'.repeat(5000),
  severity: 'SEV1',
  category: 'Availability',
  status: 'investigating',
  isPrivate: false,
  roles: { commander: 'UALICE', comms: null, scribe: 'UBOB' },
  declaredBy: 'UBOB',
  declaredAt: new Date('2026-01-01T00:00:00Z'),
  channelId: 'C42',
  channelName: 'inc-42-channel-broke-prod',
  headerTs: '1.000001',
  isDrill: false,
  drillPlan: null,
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  resolvedAt: null,
  closedAt: null,
};

test("escaping is exactly Slack's three characters", () => {
  expect(escapeMrkdwn('<!channel> & >')).toBe('&lt;!channel&gt; &amp; &gt;');
});

/** Every string Slack parses as mrkdwn: message fallback text and mrkdwn objects (plain_text never pings). */
function mrkdwnStrings(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) mrkdwnStrings(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    if (Array.isArray(o.blocks) && typeof o.text === 'string') out.push(o.text);
    for (const v of Object.values(o)) mrkdwnStrings(v, out);
  }
  return out;
}

test('user text can never ping: no raw <! or <@ from the title in any mrkdwn', () => {
  const rendered = mrkdwnStrings([
    headerMessage(incident),
    declaredAnnouncement(incident),
    incidentList([incident]),
  ]).join('\n');
  expect(rendered).not.toContain('<!channel>');
  expect(rendered).not.toContain('<@U999>');
  expect(rendered).toContain('&lt;!channel&gt;');
});

test('header fits Slack limits even with huge text', () => {
  const h = headerMessage({ ...incident, title: 'y'.repeat(5000) });
  const header = h.blocks[0] as { text: { text: string } };
  expect(header.text.text.length).toBeLessThanOrEqual(150);
  for (const b of h.blocks) {
    const t = (b as { text?: { text: string } }).text?.text ?? '';
    expect(t.length).toBeLessThanOrEqual(3000);
  }
});

test('topic shows status, severity and commander', () => {
  expect(topicText(incident)).toBe('Investigating · SEV1 · Commander <@UALICE>');
  expect(topicText({ ...incident, severity: null, roles: { ...incident.roles, commander: null } })).toBe(
    'Investigating · no severity · Commander no commander',
  );
});

test('change messages say who did what', () => {
  const m = changeMessage(incident, {
    change: { kind: 'status', from: 'triage', to: 'investigating', message: '<!here> look' },
    actor: 'UBOB',
    at: new Date(),
  });
  expect(m.text).toContain('<@UBOB>');
  expect(m.text).toContain('*Triage* to *Investigating*');
  expect(m.text).toContain('&lt;!here&gt; look');
});

test('declare modal has the contract labels and the declarer as default commander', () => {
  const view = declareModal({
    title: 'x'.repeat(4000),
    declarer: 'UALICE',
    categories: ['A', 'B'],
    privateMetadata: '{}',
  });
  const labels = (view.blocks as { label?: { text: string } }[]).map((b) => b.label?.text);
  expect(labels).toEqual(['Title', 'Severity', 'Category', 'Summary', 'Private incident', 'Commander']);
  const json = JSON.stringify(view);
  expect(json).toContain('"initial_user":"UALICE"');
  const title = (view.blocks[0] as { element: { initial_value: string } }).element.initial_value;
  expect(title.length).toBe(3000);
});

test('list stays within 50 blocks', () => {
  const many = Array.from({ length: 120 }, (_, i) => ({ ...incident, id: i, number: i }));
  expect(incidentList(many).blocks.length).toBeLessThanOrEqual(50);
});

test('a declarer held back by Slack’s rate limit is told roughly when the channel will exist', () => {
  expect(declarePendingText(50, 'inc-50-checkout', 118_000)).toBe(
    ':hourglass_flowing_sand: INC-50 is logged. Slack is busy: its channel #inc-50-checkout should exist in about 2 minutes. Firebreak will invite you, post the header and announce it then. There is no need to declare it again.',
  );
  expect(declarePendingText(50, 'inc-50-checkout')).toContain('Slack is slow to create its channel');
  expect([4_000, 10_000, 10_001, 41_000, 89_000, 90_000, 150_000].map(roughly)).toEqual([
    'a few seconds',
    'a few seconds',
    'about 20 seconds',
    'about 50 seconds',
    'about 90 seconds',
    'about 2 minutes',
    'about 3 minutes',
  ]);
});
