import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who is waiting for a Slack call: 0 a person (a declarer's channel, an ephemeral answer, a modal),
 * 1 the rest of an incident's notices, 2 digests and nudges. The outbox claims in this order, and the
 * pacer keeps part of each bucket back from priorities 1 and 2 (see ./slack/pacer.ts).
 */
export type CallPriority = 0 | 1 | 2;

export interface CallContext {
  priority: CallPriority;
  /** No person holds a 3-second window open: a call without a token is put off, not waited for. */
  background: boolean;
  /** Tokens to leave in the bucket for calls owed before this one (declarations ahead in the queue). */
  keep?: number;
}

const storage = new AsyncLocalStorage<CallContext>();

/** Outside any context a call is a person's request (Bolt listeners, the declaring request). */
const REQUEST: CallContext = { priority: 0, background: false };

export const callContext = (): CallContext => storage.getStore() ?? REQUEST;

/** Runs `work` with its Slack calls paced as `context` says (the outbox worker, around each notice). */
export const withCallContext = <T>(context: CallContext, work: () => Promise<T>): Promise<T> =>
  storage.run(context, work);
