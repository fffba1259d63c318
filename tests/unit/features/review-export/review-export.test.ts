import { wikiLane, wikiPageTitle, withReviewExport } from '../../../../src/features/review-export/review-export';
import { wikiRefusalOf } from '../../../../src/features/review-export/review-export.delivery';
import { ServiceCallError } from '../../../../src/kernel/outbound/service-call';
import type { Notice } from '../../../../src/kernel/outbox/notice';
import type { OutboxRepository } from '../../../../src/kernel/outbox/outbox.ports';

describe("the wiki page's title", () => {
  test('names the incident, its review and the workspace; a drill says so first', () => {
    expect(wikiPageTitle('T0123', { number: 12, title: 'Checkout  down\n', isDrill: false })).toBe(
      'INC-12 review: Checkout down (Slack T0123)',
    );
    expect(wikiPageTitle('T0123', { number: 12, title: 'Failover', isDrill: true })).toBe(
      '[DRILL] INC-12 review: Failover (Slack T0123)',
    );
  });

  test("fits Confluence's 255 characters, keeping the number and the workspace", () => {
    const title = wikiPageTitle('T0123', { number: 123456, title: 'x'.repeat(1000), isDrill: true });
    expect(title).toHaveLength(255);
    expect(title).toMatch(/^\[DRILL\] INC-123456 review: x+ \(Slack T0123\)$/);
  });
});

test("Confluence's refusals read as a line: v2 errors, v1 message, or the status alone", () => {
  const refusal = (status: number, body: string) =>
    wikiRefusalOf(new ServiceCallError('confluence', { transient: false, code: `http_${status}` }, status, body));
  expect(
    refusal(400, JSON.stringify({ errors: [{ status: 400, code: 'INVALID', title: 'Title taken', detail: null }] })),
  ).toBe('Title taken (HTTP 400)');
  expect(refusal(401, JSON.stringify({ code: 401, message: 'Unauthorized' }))).toBe('Unauthorized (HTTP 401)');
  expect(refusal(403, '<html>Forbidden</html>')).toBe('HTTP 403');
});

describe('a published review is owed to the wiki in the same write', () => {
  const incident = { id: 7 } as Extract<Notice, { type: 'review_submitted' }>['incident'];
  const submitted: Notice = { type: 'review_submitted', incident, document: '# Review', actor: 'U1', actionItems: 0 };
  const written = (policy: Parameters<typeof withReviewExport>[1], notice: Notice | Notice[]) => {
    const sent: (Notice | readonly Notice[])[] = [];
    const inner = { notify: async (_tx: unknown, n: Notice | readonly Notice[]) => void sent.push(n) };
    const tx = { outbox: {} as OutboxRepository };
    return withReviewExport(inner, policy)
      .notify(tx, notice)
      .then(() => sent);
  };
  const policy = {
    kind: 'confluence' as const,
    baseUrl: 'https://x.atlassian.net/wiki',
    spaceId: '1',
    parentId: null,
    emailEnv: 'E',
    tokenEnv: 'T',
  };

  test('with a wiki configured: the review, then its export in its own lane', async () => {
    expect(await written(policy, submitted)).toEqual([
      [submitted, { type: 'review_exported', lane: wikiLane(7), incident, document: '# Review' }],
    ]);
    expect(wikiLane(7)).toBe('wiki:confluence:incident:7');
  });

  test('without one, or for other notices, nothing is added', async () => {
    expect(await written(null, submitted)).toEqual([submitted]);
    const other: Notice = { type: 'step_ticked', incident: incident as never };
    expect(await written(policy, other)).toEqual([other]);
  });
});
