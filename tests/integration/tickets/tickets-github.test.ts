import type { FakeGitHub } from '@firebreak/service-fakes';
import { GITHUB_REPO, GITHUB_TOKEN, gitHubFake, githubTickets } from '../../support/github';
import { declare, type Harness, run, startHarness } from '../../support/harness';
import { doneFromHome, followupRow, markerOf } from '../../support/tickets';

// The tickets feature with `kind: github`: the same flows as Jira's, through GitHub's adapter and webhook reader.

const HOOK_SECRET = 'github-hook-secret';
let h: Harness;
let github: FakeGitHub;
beforeAll(async () => {
  github = gitHubFake();
  await github.start();
  h = await startHarness({
    policy: { tickets: githubTickets(github.url) },
    env: { GITHUB_TOKEN, GITHUB_WEBHOOK_SECRET: HOOK_SECRET },
  });
  github.setHook({ url: `http://127.0.0.1:${h.bot.port}/hooks/tickets/github`, secret: HOOK_SECRET });
});
afterAll(async () => {
  await h?.stop();
  await github?.stop();
});

const ws = () => h.emulator.workspace;
const followupOf = (incidentId: number, text: string) => followupRow(h, incidentId, text);
const issueOf = (followupId: number) =>
  github.issuesOf(GITHUB_REPO).find((i) => i.labels.includes(markerOf(followupId)));

test('a follow-up becomes one GitHub issue, linked as #<number>; closed on GitHub, the follow-up is done', async () => {
  const row = await declare(h, 'UALICE', { title: 'API errors', severity: 'SEV3', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'followup Add an error budget <@UALICE>');
  const f = await followupOf(row.id, 'Add an error budget');
  const issue = issueOf(f.id)!;
  expect(issue).toMatchObject({ title: 'Add an error budget', state: 'open' });
  expect(issue.labels).toEqual(expect.arrayContaining(['firebreak', `firebreak-T0001-INC-${row.number}`]));
  const link = `<https://github.com/${GITHUB_REPO}/issues/${issue.number}|#${issue.number}>`;
  expect(
    ws()
      .messagesIn(row.channel_id)
      .map((m) => m.text),
  ).toContain(`:ticket: Follow-up Add an error budget is tracked in GitHub as ${link}.`);
  expect((await run(h, 'UALICE', row.channel_id, 'followups')).replies.join()).toContain(link);

  const delivery = await github.closeOnGitHub(GITHUB_REPO, issue.number, { by: 'octocat' });
  expect(delivery?.status).toBe(200);
  expect((await followupOf(row.id, 'Add an error budget')).status).toBe('done');
  await h.bot.idle();
  expect(
    ws()
      .messagesIn(row.channel_id)
      .map((m) => m.text),
  ).toContain(`:white_check_mark: Follow-up done: Add an error budget. ${link} was closed in GitHub by octocat.`);
});

test('Done in Slack closes the issue', async () => {
  const row = await declare(h, 'UALICE', { title: 'Slow builds', severity: 'SEV3', commander: 'UALICE' });
  await run(h, 'UALICE', row.channel_id, 'followup Cache the dependencies <@UALICE>');
  const f = await followupOf(row.id, 'Cache the dependencies');
  await doneFromHome(h, 'UALICE', f.id);
  expect(issueOf(f.id)).toMatchObject({ state: 'closed' });
});
