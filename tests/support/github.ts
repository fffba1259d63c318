import { FakeGitHub } from '@firebreak/service-fakes';
import type { TicketsPolicy } from '../../src/domain/integrations';

export type GitHubTickets = Extract<TicketsPolicy, { kind: 'github' }>;

export const GITHUB_TOKEN = 'ghp_f1rebreakTestToken0000000000000000';
export const GITHUB_REPO = 'acme/ops';

/** The policy's `tickets` for GitHub Issues, pointed at a fake's URL. */
export const githubTickets = (apiUrl: string, over: Partial<GitHubTickets> = {}): GitHubTickets => ({
  kind: 'github',
  repo: GITHUB_REPO,
  tokenEnv: 'GITHUB_TOKEN',
  apiUrl,
  labels: ['incident-followup'],
  webhookSecretEnv: 'GITHUB_WEBHOOK_SECRET',
  reconcileEvery: 15 * 60_000,
  includePrivate: false,
  ...over,
});

/**
 * A GitHub fake (not started) holding the repository and the token the policy names. A test wanting the webhook
 * points it at the bot: `github.setHook({ url: <bot>/hooks/tickets/github, secret })`.
 */
export const gitHubFake = (): FakeGitHub =>
  new FakeGitHub().addRepo(GITHUB_REPO).addToken(GITHUB_TOKEN, 'firebreak-bot');
