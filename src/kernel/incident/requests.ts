import type { Repositories } from '../unit-of-work.ports';

/**
 * Claims a Slack request id (a command's trigger_id, a modal's view id) inside
 * the transaction that applies it: a replay of the same request finds the claim
 * and changes nothing twice, and a failed attempt leaves no claim behind.
 */
export async function claimRequest(tx: Repositories, requestKey: string | undefined, at: Date): Promise<boolean> {
  return !requestKey || tx.processedEvents.claim(`request:${requestKey}`, at);
}
