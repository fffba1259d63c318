/**
 * Endpoints that answered 410 Gone, each with the hash of its policy entry then: it stays disabled
 * while the policy says the same, and a changed entry (a new url, events…) is tried again.
 */
export interface DisabledWebhooks {
  isDisabled(name: string, policyHash: string): Promise<boolean>;
  /** True when this call disabled it (not already disabled for this entry): the caller logs it once. */
  disable(name: string, policyHash: string, reason: string, at: Date): Promise<boolean>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface WebhookRepositories {
  disabledWebhooks: DisabledWebhooks;
}

/** Each endpoint's secret by endpoint name, read from the environment at start. */
export type WebhookSecrets = ReadonlyMap<string, string>;
