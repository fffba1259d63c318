import type { TicketsPolicy } from '../../domain/integrations';
import { GitHubHookReader } from './github.hook';
import { GitHubTracker } from './github.tracker';
import { jiraHookReader } from './jira.hook';
import { JiraTracker } from './jira.tracker';
import type { TicketHookReader, Tracker } from './tickets.ports';

/**
 * The one place a tracker kind is chosen: the adapter for the policy's `tickets`, built from the secrets read at
 * start (`tickets:email` for Jira, `tickets:token`), and the reader of its inbound webhook.
 */
export function createTracker(
  policy: TicketsPolicy,
  secrets: ReadonlyMap<string, string>,
  options: { timeoutMs?: number },
): Tracker {
  const secret = (key: string): string => {
    const value = secrets.get(key);
    // readSecrets refuses to start without every secret the policy names, so this is a wiring mistake.
    if (!value) throw new Error(`no secret ${key} for tickets`);
    return value;
  };
  switch (policy.kind) {
    case 'jira':
      return new JiraTracker({
        baseUrl: policy.baseUrl.replace(/\/+$/, ''),
        project: policy.project,
        issueType: policy.issueType,
        email: secret('tickets:email'),
        token: secret('tickets:token'),
        timeoutMs: options.timeoutMs,
      });
    case 'github':
      return new GitHubTracker(policy, secret('tickets:token'), { timeoutMs: options.timeoutMs });
  }
}

/** `POST /hooks/tickets/<kind>`: the reader of the configured tracker's webhook. */
export function hookReaderFor(policy: TicketsPolicy): TicketHookReader {
  return policy.kind === 'jira' ? jiraHookReader : new GitHubHookReader(policy.repo);
}
