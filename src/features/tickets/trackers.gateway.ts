import type { TicketsPolicy } from '../../domain/integrations';
import { jiraHookReader } from './jira.hook';
import { JiraTracker } from './jira.tracker';
import type { TicketHookReader, Tracker } from './tickets.ports';

/**
 * The one place a tracker kind is chosen: the adapter for the policy's `tickets`, built from the secrets read at
 * start (`tickets:email`, `tickets:token`), and the reader of each kind's inbound webhook.
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
      throw new Error('GitHub tracker not wired yet');
  }
}

/** `POST /hooks/tickets/<kind>`: the reader of that kind's webhook; null for a kind no tracker has. */
export function hookReaderFor(kind: string): TicketHookReader | null {
  if (kind === 'jira') return jiraHookReader;
  if (kind === 'github') throw new Error('GitHub tracker not wired yet');
  return null;
}
