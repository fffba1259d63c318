import { adfProblem, FakeJira } from '@firebreak/service-fakes';
import type { TicketsPolicy } from '../../../../src/domain/integrations';
import type { ActionItem } from '../../../../src/domain/review';
import { renderReviewDocument } from '../../../../src/domain/review-document';
import { jiraHookReader } from '../../../../src/features/tickets/jira.hook';
import { adfOf, jiraLabel } from '../../../../src/features/tickets/jira.tracker';
import { ticketNoticesOf } from '../../../../src/features/tickets/tickets';
import type { Notice } from '../../../../src/kernel/outbox/notice';
import { decodeNotice, encodeNotice } from '../../../../src/kernel/outbox/notice-codec';
import { anIncident } from '../../../support/incident';
import { largeIncident } from '../../../support/review-data';

const reviewData = (over: { actionItems: ActionItem[] }) => ({ ...largeIncident(5), ...over });

const JIRA: TicketsPolicy = {
  kind: 'jira',
  baseUrl: 'https://example.atlassian.net',
  project: 'OPS',
  issueType: 'Task',
  emailEnv: 'E',
  tokenEnv: 'T',
  labels: [],
  webhookSecretEnv: 'S',
  reconcileEvery: 900_000,
  includePrivate: false,
};
const followup = { id: 3, text: 'Add a canary', owner: 'UBOB', due: '2026-12-24' };

describe('which follow-ups the tracker is owed', () => {
  const added = (over: Parameters<typeof anIncident>[0] = {}, ownerOnly?: boolean): Notice => ({
    type: 'followup_added',
    incident: anIncident({ id: 7, ...over }),
    followup,
    actor: 'UALICE',
    ...(ownerOnly ? { ownerOnly } : {}),
  });

  test('an added follow-up becomes a ticket in the incident’s tickets lane; one done in Slack closes it', () => {
    expect(ticketNoticesOf(JIRA, added())).toEqual([
      expect.objectContaining({ type: 'ticket_create', lane: 'tickets:jira:incident:7', fromReview: false, followup }),
    ]);
    expect(ticketNoticesOf(JIRA, added({}, true))).toEqual([expect.objectContaining({ fromReview: true })]);
    const done: Notice = { type: 'followup_done', incident: anIncident({ id: 7 }), followup, actor: 'UBOB' };
    expect(ticketNoticesOf(JIRA, done)).toEqual([
      expect.objectContaining({
        type: 'ticket_close',
        lane: 'tickets:jira:incident:7',
        followup: { id: 3, text: 'Add a canary' },
      }),
    ]);
  });

  test('nothing without tickets, for a private incident unless includePrivate, for a drill, or for other notices', () => {
    expect(ticketNoticesOf(null, added())).toEqual([]);
    expect(ticketNoticesOf(JIRA, added({ isPrivate: true }))).toEqual([]);
    expect(ticketNoticesOf({ ...JIRA, includePrivate: true }, added({ isPrivate: true }))).toHaveLength(1);
    expect(ticketNoticesOf(JIRA, added({ isDrill: true }))).toEqual([]);
    expect(ticketNoticesOf(JIRA, { type: 'key_marked', incident: anIncident(), ts: '1.2' })).toEqual([]);
  });

  test('the tickets’ notices read back from the outbox as written', () => {
    for (const notice of [
      ...ticketNoticesOf(JIRA, added()),
      {
        type: 'ticket_closed',
        incident: anIncident(),
        followup: { id: 3, text: 'Add a canary' },
        ticket: { key: 'OPS-1', url: 'https://example.atlassian.net/browse/OPS-1' },
        tracker: 'Jira',
        by: null,
      } satisfies Notice,
    ])
      expect(decodeNotice(encodeNotice(notice))).toEqual(notice);
  });
});

describe('Jira descriptions as ADF', () => {
  test('a paragraph per line, each address a link mark, typed markup kept as text; valid by the schema’s essentials', () => {
    const doc = adfOf(
      'A follow-up of INC-4: *bold* <b>x</b>\n\nIncident channel: https://slack.com/app_redirect?team=T&channel=C1 (open)',
    );
    expect(doc).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'A follow-up of INC-4: *bold* <b>x</b>' }] },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'Incident channel: ' },
            {
              type: 'text',
              text: 'https://slack.com/app_redirect?team=T&channel=C1',
              marks: [{ type: 'link', attrs: { href: 'https://slack.com/app_redirect?team=T&channel=C1' } }],
            },
            { type: 'text', text: ' (open)' },
          ],
        },
      ],
    });
    expect(adfProblem(doc)).toBeNull();
    expect(adfProblem(adfOf(''))).toBeNull();
  });

  test('the fake refuses what Jira would not read as ADF', () => {
    expect(adfProblem('plain text')).toMatch(/not an object/);
    expect(adfProblem({ type: 'doc', content: [] })).toMatch(/version/);
    expect(adfProblem({ type: 'doc', version: 1, content: [{ type: 'text', text: 'loose' }] })).toMatch(/block/);
    expect(
      adfProblem({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }),
    ).toMatch(/non-empty/);
    expect(
      adfProblem({
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'link' }] }] }],
      }),
    ).toMatch(/href/);
  });

  test('labels lose their spaces', () => {
    expect(jiraLabel(' from  incident ')).toBe('from-incident');
  });
});

describe("Jira's webhook", () => {
  const body = JSON.stringify({
    webhookEvent: 'jira:issue_updated',
    user: { displayName: 'Mia Krystof' },
    issue: { id: '10002', key: 'OPS-2', fields: { status: { statusCategory: { key: 'done' } } } },
    changelog: { items: [{ field: 'status' }] },
  });

  test('is authentic only with the HMAC-SHA256 of its raw body under the shared secret', () => {
    expect(jiraHookReader.authentic({ 'x-hub-signature': FakeJira.sign('s3cret', body) }, body, 's3cret')).toBe(true);
    expect(jiraHookReader.authentic({ 'x-hub-signature': FakeJira.sign('other', body) }, body, 's3cret')).toBe(false);
    expect(jiraHookReader.authentic({ 'x-hub-signature': FakeJira.sign('s3cret', `${body} `) }, body, 's3cret')).toBe(
      false,
    );
    expect(jiraHookReader.authentic({}, body, 's3cret')).toBe(false);
    expect(jiraHookReader.authentic({ 'x-hub-signature': 'sha1=abc' }, body, 's3cret')).toBe(false);
  });

  test('reads a status change as the ticket closing or reopening; anything else is nothing', () => {
    expect(jiraHookReader.read(JSON.parse(body))).toEqual({
      id: '10002',
      key: 'OPS-2',
      done: true,
      actor: 'Mia Krystof',
    });
    const reopened = JSON.parse(body);
    reopened.issue.fields.status.statusCategory.key = 'indeterminate';
    expect(jiraHookReader.read(reopened)).toMatchObject({ done: false });
    const edit = { ...JSON.parse(body), changelog: { items: [{ field: 'summary' }] } };
    expect(jiraHookReader.read(edit)).toBeNull();
    expect(jiraHookReader.read({ webhookEvent: 'jira:issue_created' })).toBeNull();
    expect(
      jiraHookReader.read({ webhookEvent: 'jira:issue_updated', changelog: { items: [{ field: 'status' }] } }),
    ).toBeNull();
  });
});

describe('the review document', () => {
  test('has a Ticket column, linked, only once an action item has a ticket', () => {
    const plain = renderReviewDocument(reviewData({ actionItems: [{ text: 'Add a canary', owner: null, due: null }] }));
    expect(plain).toContain('| Item | Owner | Due |\n');
    const ticketed = renderReviewDocument(
      reviewData({
        actionItems: [
          {
            text: 'Add a canary',
            owner: null,
            due: null,
            ticket: { key: 'OPS-1', url: 'https://x.atlassian.net/browse/OPS-1' },
          },
          { text: 'Write it down', owner: null, due: null },
          { text: 'Odd', owner: null, due: null, ticket: { key: 'OPS-[3]', url: 'javascript:alert(1)' } },
        ],
      }),
    );
    expect(ticketed).toContain('| Item | Owner | Due | Ticket |');
    expect(ticketed).toContain('| [OPS-1](https://x.atlassian.net/browse/OPS-1) |');
    // A link that is not http(s) stays text.
    expect(ticketed).not.toContain('javascript:');
  });
});
