import { drillMark } from '../../domain/incident';
import { broadcast, type DeliveryDeps, type NoticeDeliveries } from '../../kernel/outbox/deliveries';
import { step } from '../../kernel/outbox/outbox';
import { uploadOnce } from '../../kernel/outbox/upload-once';
import type { ReviewRepositories } from './review.ports';
import { reviewAnnouncement, reviewPostedComment } from './review-notices.view';

/** A published review: uploaded to the channel once, then announced with the file's link. */
export function reviewDeliveries(deps: DeliveryDeps<ReviewRepositories>): Pick<NoticeDeliveries, 'review_submitted'> {
  const { client, uow, announcements } = deps;
  return {
    review_submitted: ({ incident, document, actor, actionItems }) => {
      const steps = [
        step('upload review', async (ctx) => {
          const ledger = {
            started: (key: string, id: string) => uow.reviews.startUpload(incident.id, key, id),
            find: () => uow.reviews.upload(incident.id),
          };
          const file = await uploadOnce(
            client,
            ledger,
            {
              channel: incident.channelId,
              filename: `INC-${incident.number}-review.md`,
              title: `${drillMark(incident)}INC-${incident.number} post-incident review`,
              content: document,
              initialComment: reviewPostedComment(incident, actor, actionItems),
            },
            ctx,
          );
          await uow.reviews.setFile(incident.id, file.id, file.permalink);
        }),
      ];
      if (broadcast(incident)) {
        steps.push(
          step('announce review', async (ctx) => {
            const permalink = (await uow.reviews.get(incident.id))?.filePermalink ?? null;
            await announcements.reply(incident, reviewAnnouncement(incident, permalink)).run(ctx);
          }),
        );
      }
      return steps;
    },
  };
}
