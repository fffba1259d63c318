import type { Followup } from '../../../../src/domain/followup';
import { DEFAULT_POLICY } from '../../../../src/domain/policy';
import type { TimelineEntry } from '../../../../src/domain/timeline';
import type { CanvasFacts } from '../../../../src/features/canvas/canvas';
import { recordLinks } from '../../../../src/features/canvas/canvas';
import { canvasMarkdown, linkMarkdown } from '../../../../src/features/canvas/canvas.view';
import { incidentsRedrawnBy } from '../../../../src/features/canvas/canvas-refresh';
import type { Notice } from '../../../../src/kernel/outbox/notice';
import { decodeNotice, encodeNotice } from '../../../../src/kernel/outbox/notice-codec';
import { anIncident } from '../../../support/incident';

const now = new Date('2026-11-26T10:05:00Z');
const entry = (text: string, at = '2026-11-26T09:10:00Z'): TimelineEntry => ({
  kind: 'message',
  at: new Date(at),
  author: 'UBOB',
  text,
  key: true,
  keyReason: 'pin',
  slackTs: null,
  threadTs: null,
  edited: false,
});
const followup = (text: string, over: Partial<Followup> = {}): Followup => ({
  id: 1,
  incidentId: 1,
  text,
  owner: 'UCAROL',
  due: '2026-12-01',
  status: 'open',
  source: 'command',
  createdBy: 'UALICE',
  createdAt: now,
  doneBy: null,
  doneAt: null,
  ...over,
});
const facts = (over: Partial<CanvasFacts> = {}): CanvasFacts => ({
  incident: anIncident({
    number: 42,
    title: 'Checkout errors',
    severity: 'SEV2',
    category: 'Payments',
    status: 'investigating',
    declaredAt: new Date('2026-11-26T09:00:00Z'),
    roles: { commander: 'UALICE', comms: null, scribe: 'UBOB' },
  }),
  now,
  runningMs: 65 * 60_000,
  latestUpdate: { text: 'Rolling back the gateway', at: new Date('2026-11-26T09:45:00Z') },
  nextUpdateDue: new Date('2026-11-26T10:15:00Z'),
  keyEntries: [entry('Gateway returns 502')],
  openFollowups: [followup('Alert on gateway 5xx')],
  links: [{ label: 'Runbook: Payments', url: 'https://runbooks.example/payments' }],
  types: [],
  ...over,
});

/** The Markdown block structure of each line that starts one: a heading, list item, quote, rule, fence, table row. */
const structure = (md: string) => md.split('\n').flatMap((l) => /^(#{1,6} |[-*+] |>|---|```|\|)/.exec(l)?.[1] ?? []);

describe('the canvas markdown', () => {
  test('shows title, status, severity, category, roles, running time, update, next due, key timeline, follow-ups, links', () => {
    const md = canvasMarkdown(facts());
    expect(md.split('\n')[0]).toBe('# INC-42: Checkout errors');
    expect(md).toContain(
      '**Status:** Investigating · **Severity:** SEV2 · **Category:** Payments · **Running:** 1h 5m',
    );
    expect(md).toContain('- Commander: ![](@UALICE)');
    expect(md).toContain('- Comms: _nobody_');
    expect(md).toContain('- Scribe: ![](@UBOB)');
    expect(md).toContain('Rolling back the gateway (2026-11-26 09:45 UTC)');
    expect(md).toContain('**Next update due:** 2026-11-26 10:15 UTC');
    expect(md).toContain('- 2026-11-26 09:10 UTC ![](@UBOB): Gateway returns 502');
    expect(md).toContain('- Alert on gateway 5xx (![](@UCAROL), due 2026-12-01)');
    expect(md).toContain('- [Runbook: Payments](https://runbooks.example/payments)');
  });

  test('a title, update, entry and follow-up made of markdown show as text and add no structure', () => {
    const hostile =
      '# Heading\n- item\n> quote [x](javascript:alert(1)) ![img](http://e/x.png) **b** `c` | t | <@U1> ---';
    const md = canvasMarkdown(
      facts({
        incident: { ...facts().incident, title: hostile, summary: hostile, category: hostile },
        latestUpdate: { text: hostile, at: now },
        keyEntries: [entry(hostile)],
        openFollowups: [followup(hostile, { owner: 'not an id', due: 'soon](http://x)' })],
        links: [],
      }),
    );
    const plain = canvasMarkdown(facts({ incident: { ...facts().incident, summary: 'plain' }, links: [] }));
    expect(structure(md)).toEqual(structure(plain));
    expect(md).not.toMatch(/(^|[^\\])\[x\]\(/);
    expect(md).not.toMatch(/(^|[^\\])!\[img\]/);
    expect(md).not.toMatch(/(^|[^\\])\*\*b\*\*/);
    expect(md).not.toContain('](@not');
    expect(md).not.toContain('due soon');
    // A mention typed in Slack shows as its text, not as a canvas mention.
    expect(md).not.toContain('![](@U1)');
    expect(md).toContain('\\# Heading - item \\> quote \\[x\\]');
  });

  test('a drill is marked as one; a private incident says so', () => {
    const drill = canvasMarkdown(facts({ incident: { ...facts().incident, isDrill: true } }));
    expect(drill.split('\n')[0]).toBe('# \\[DRILL\\] INC-42: Checkout errors');
    expect(drill).toContain('This is a drill');
    expect(canvasMarkdown(facts({ incident: { ...facts().incident, isPrivate: true } }))).toContain('Private incident');
  });

  test('only the last twenty key entries come in; empty parts say so', () => {
    const many = Array.from({ length: 20 }, (_, i) => entry(`entry ${i}`));
    const full = canvasMarkdown(facts({ keyEntries: many }));
    expect(full.match(/entry \d+/g)).toHaveLength(20);
    expect(full).toContain('`/incident timeline` has them all');
    expect(canvasMarkdown(facts())).not.toContain('has them all');
    const empty = canvasMarkdown(
      facts({ latestUpdate: null, nextUpdateDue: null, keyEntries: [], openFollowups: [], links: [] }),
    );
    expect(empty).toContain('_None yet._');
    expect(empty).toContain('_Nothing marked key yet._');
    expect(empty).toContain('_None open._');
    expect(empty).not.toContain('Next update due');
  });

  test("the incident's type, custom fields and the policy's other roles; people as mentions, text as text", () => {
    const base = facts().incident;
    const md = canvasMarkdown(
      facts({
        incident: {
          ...base,
          type: 'security',
          extraRoles: { 'security-lead': 'UDAVE' },
          fields: {
            owner: { label: 'Security owner', kind: 'user', value: 'UCAROL' },
            vector: { label: 'Attack vector', kind: 'select', value: 'phishing' },
            note: { label: 'Note', kind: 'text', value: '# not a heading [x](javascript:y)' },
          },
        },
      }),
    );
    expect(md).toContain('**Type:** security');
    expect(md).toContain('- security-lead: ![](@UDAVE)');
    expect(md).toContain('**Security owner:** ![](@UCAROL)');
    expect(md).toContain('**Attack vector:** phishing');
    // Escaped: neither a heading nor a link.
    expect(md).toContain('**Note:** \\# not a heading \\[x\\](javascript:y)');
  });

  test("an open follow-up's ticket is linked beside it (its key, the tracker's page)", () => {
    const md = canvasMarkdown(
      facts({
        openFollowups: [
          followup('Alert on gateway 5xx', {
            ticket: { key: 'OPS-12', url: 'https://acme.atlassian.net/browse/OPS-12' },
          }),
        ],
      }),
    );
    expect(md).toContain(
      '- Alert on gateway 5xx (![](@UCAROL), due 2026-12-01) · [OPS-12](https://acme.atlassian.net/browse/OPS-12)',
    );
  });

  test('many open follow-ups are listed up to fifty and counted beyond', () => {
    const md = canvasMarkdown(facts({ openFollowups: Array.from({ length: 60 }, (_, i) => followup(`f${i}`)) }));
    expect(md.match(/^- f\d+/gm)).toHaveLength(50);
    expect(md).toContain('…and 10 more');
  });
});

describe('links', () => {
  test.each([
    [
      { label: 'Alert', url: 'https://grafana.example/d/x?a=1&b=(2)' },
      '[Alert](https://grafana.example/d/x?a=1&b=%282%29)',
    ],
    [{ label: 'Bad ] label [', url: 'https://x.example/a b' }, '[Bad \\] label \\[](https://x.example/a%20b)'],
    [{ label: 'Script', url: 'javascript:alert(1)' }, 'Script: javascript:alert(1)'],
    [{ label: 'Typo', url: 'not a url' }, 'Typo: not a url'],
  ])('%j → %s', (link, expected) => {
    expect(linkMarkdown(link)).toBe(expected);
  });

  test('the record gives the runbook and DR plan of the recovery guide, the alert, and the review', () => {
    const policy = {
      ...DEFAULT_POLICY,
      recovery: { Payments: { runbook: { title: 'Payments', url: 'https://rb.example/p' }, plan: 'failover' } },
      plans: [{ id: 'failover', title: 'Region failover', url: 'https://dr.example/f', steps: ['a'], owners: [] }],
    };
    const incident = {
      ...facts().incident,
      origin: { source: 'alertmanager', alertName: 'HighErrorRate', url: 'https://am.example/a' },
    };
    expect(recordLinks(incident, policy, 'https://slack.example/files/review')).toEqual([
      { label: 'Runbook: Payments', url: 'https://rb.example/p' },
      { label: 'DR plan: Region failover', url: 'https://dr.example/f' },
      { label: 'Alert: HighErrorRate (alertmanager)', url: 'https://am.example/a' },
      { label: 'Post-incident review', url: 'https://slack.example/files/review' },
    ]);
  });
});

describe('which notices redraw the canvas', () => {
  test('each changed incident once; not digests, webhooks or pages', () => {
    const a = anIncident({ id: 1 });
    const b = anIncident({ id: 2 });
    const notices: Notice[] = [
      { type: 'declared', incident: a, reply: { user: 'UALICE' } },
      { type: 'note_added', incident: a, text: 'x', actor: 'UALICE', toStakeholders: false },
      { type: 'key_marked', incident: b, ts: '1.2' },
      { type: 'catchup_owed', incident: b, user: 'UBOB' },
    ];
    expect(incidentsRedrawnBy(notices).map((i) => i.id)).toEqual([1, 2]);
    expect(incidentsRedrawnBy([{ type: 'catchup_owed', incident: a, user: 'UBOB' }])).toEqual([]);
  });

  test('the notice reads back from the outbox as written', () => {
    const notice: Notice = { type: 'canvas_refresh', lane: 'canvas:incident:1', incident: anIncident({ id: 1 }) };
    expect(decodeNotice(JSON.parse(encodeNotice(notice)))).toEqual(notice);
  });
});
