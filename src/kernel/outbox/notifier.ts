import { ServiceCallError } from '../outbound/service-call';
import { isPaced } from '../slack/pacer';
import { isTransient, refusedUnprocessed, retryAfterMs, slackErrorCode } from '../slack/web-api-errors';
import type { NoticeDeliveries } from './deliveries';
import type { Notice } from './notice';
import type { DeliveryStep, Failure, NoticeDelivery } from './outbox';

/**
 * The outbox's Slack side: each notice's steps come from the feature that owns its kind (assembled by main.ts),
 * and a failed call is read the one way the outbox knows (transient or not, and Retry-After).
 */
export class SlackNoticeDelivery implements NoticeDelivery {
  constructor(private readonly deliveries: NoticeDeliveries) {}

  classify(error: unknown): Failure {
    // A step that calls another service (a page, a webhook) has read its answer already.
    if (error instanceof ServiceCallError) return error.failure;
    const code = slackErrorCode(error);
    if (!isTransient(code)) return { transient: false, code };
    return {
      transient: true,
      code,
      retryAfterMs: retryAfterMs(error),
      untouched: refusedUnprocessed(code),
      ...(isPaced(error) ? { paced: true } : {}),
    };
  }

  steps(notice: Notice): DeliveryStep[] {
    // The registry pairs each kind with its own notice's shape; TypeScript cannot follow that pairing through a lookup.
    const deliver = this.deliveries[notice.type] as (notice: Notice) => DeliveryStep[];
    return deliver(notice);
  }
}
