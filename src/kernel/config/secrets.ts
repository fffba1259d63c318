import { EnvError } from './env';

/**
 * Secrets the policy names by environment variable (a webhook's `secretEnv`…), read once at start:
 * a missing one stops the start, naming the variable and what needs it, rather than failing every
 * call to that service for a day before anyone looks. Keyed by `key`.
 */
export function secretsFrom(
  wanted: readonly { key: string; env: string; usedBy: string }[],
  env: Readonly<Record<string, string | undefined>>,
): ReadonlyMap<string, string> {
  const secrets = new Map<string, string>();
  for (const w of wanted) {
    const value = env[w.env]?.trim();
    if (!value) throw new EnvError(`${w.env}: not set; ${w.usedBy} needs the secret it holds`);
    secrets.set(w.key, value);
  }
  return secrets;
}
