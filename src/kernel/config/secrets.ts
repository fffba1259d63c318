import type { Policy } from '../../domain/policy';
import { EnvError } from './env';

/** One secret the policy names by environment variable. `key`: `<group>:<name>`; `usedBy`: who needs it, for the error. */
export interface WantedSecret {
  key: string;
  env: string;
  usedBy: string;
}

/** The groups of secrets a policy can name; each integration reads its own group. */
export type SecretGroup = 'alert' | 'paging' | 'webhook' | 'tickets' | 'statusPage' | 'reviewExport';

/**
 * Every secret the policy names, read once at start from `env`: a missing one stops the start, naming the variable
 * and what needs it (all of them at once), rather than failing every call to that service for a day before anyone
 * looks. The one reader of secrets, so every integration says the same thing the same way.
 */
export function readSecrets(
  wanted: readonly WantedSecret[],
  env: Readonly<Record<string, string | undefined>>,
): ReadonlyMap<string, string> {
  const secrets = new Map<string, string>();
  const missing: string[] = [];
  for (const w of wanted) {
    const value = env[w.env]?.trim();
    if (value) secrets.set(w.key, value);
    else missing.push(`  ${w.env}: not set; ${w.usedBy} needs the secret it holds`);
  }
  if (missing.length) throw new EnvError(`invalid environment:\n${missing.join('\n')}`);
  return secrets;
}

/** What the policy's integrations need from the environment, in `groups` (default all). */
export function policySecrets(
  policy: Pick<Policy, 'alertSources' | 'paging' | 'webhooks'> &
    Partial<Pick<Policy, 'tickets' | 'statusPage' | 'reviewExport'>>,
  groups: readonly SecretGroup[] = ['alert', 'paging', 'webhook', 'tickets', 'statusPage', 'reviewExport'],
): WantedSecret[] {
  const all: Record<SecretGroup, () => WantedSecret[]> = {
    alert: () =>
      policy.alertSources.map((s) => ({
        key: `alert:${s.name}`,
        env: s.secretEnv,
        usedBy: `alertSources.${s.name} (its secretEnv)`,
      })),
    paging: () =>
      policy.paging.services.map((s) =>
        s.kind === 'pagerduty'
          ? { key: `paging:${s.name}`, env: s.routingKeyEnv, usedBy: `paging service "${s.name}" (routingKeyEnv)` }
          : { key: `paging:${s.name}`, env: s.apiKeyEnv, usedBy: `paging service "${s.name}" (apiKeyEnv)` },
      ),
    webhook: () =>
      policy.webhooks.map((w) => ({
        key: `webhook:${w.name}`,
        env: w.secretEnv,
        usedBy: `webhook "${w.name}" (${w.url})`,
      })),
    // Keys: tickets:email (Jira), tickets:token, tickets:webhook; statusPage:apiKey; reviewExport:email, reviewExport:token.
    tickets: () => {
      const t = policy.tickets;
      if (!t) return [];
      const used = (key: string) => `tickets (${t.kind}, its ${key})`;
      return [
        ...(t.kind === 'jira' ? [{ key: 'tickets:email', env: t.emailEnv, usedBy: used('emailEnv') }] : []),
        { key: 'tickets:token', env: t.tokenEnv, usedBy: used('tokenEnv') },
        ...(t.webhookSecretEnv
          ? [{ key: 'tickets:webhook', env: t.webhookSecretEnv, usedBy: used('webhookSecretEnv') }]
          : []),
      ];
    },
    statusPage: () =>
      policy.statusPage
        ? [{ key: 'statusPage:apiKey', env: policy.statusPage.apiKeyEnv, usedBy: 'statusPage (its apiKeyEnv)' }]
        : [],
    reviewExport: () => {
      const r = policy.reviewExport;
      if (!r) return [];
      return [
        { key: 'reviewExport:email', env: r.emailEnv, usedBy: 'reviewExport (its emailEnv)' },
        { key: 'reviewExport:token', env: r.tokenEnv, usedBy: 'reviewExport (its tokenEnv)' },
      ];
    },
  };
  return groups.flatMap((g) => all[g]());
}

/** One group's secrets by name (`alert:prom` → `prom`). */
export function secretsOf(secrets: ReadonlyMap<string, string>, group: SecretGroup): Record<string, string> {
  const prefix = `${group}:`;
  const out: Record<string, string> = {};
  for (const [key, value] of secrets) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = value;
  return out;
}
