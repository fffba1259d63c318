import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import { FOLLOWUP_DM_DONE_BUTTON, FOLLOWUP_DONE_BUTTON } from '../../kernel/slack/ids';
import type { Listeners } from '../../kernel/slack/listener-router';
import { refusalText } from '../../kernel/slack/refusal-text';
import type { RemindersNeed } from '../updates/reminders.ports';
import { completeFollowup, followupsForChannel } from './followups';
import { followupsMessage } from './followups.view';
import { followupDoneDm } from './team-notices.view';

/** "Done" on a follow-up: in the channel's list, or in the DM its owner got. */
export function registerFollowupButtons(app: Listeners, deps: SlackDeps<RemindersNeed>): void {
  app.action<BlockAction<ButtonAction>>(FOLLOWUP_DONE_BUTTON, async ({ ack, body, action, respond }) => {
    await ack();
    deps.inflight.afterAck(async () => {
      try {
        const done = await completeFollowup(deps, {
          id: Number(action.value),
          user: body.user.id,
          scope: { channelId: body.channel?.id ?? '' },
        });
        if (!done.ok)
          return void (await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: refusalText(done.error),
          }));
        // Redraw the list the button was in, so it shows what is left.
        const list = await followupsForChannel(deps.uow, body.channel?.id ?? '');
        if (list.ok)
          await respond({
            replace_original: true,
            ...followupsMessage(list.value.incidentNumber, list.value.followups),
          });
      } catch (e) {
        deps.log.error('follow-up update failed', { error: e });
        await respond({ response_type: 'ephemeral', replace_original: false, text: failureText(e) }).catch(
          () => undefined,
        );
      }
    });
  });

  // From the owner's DM: only their own follow-ups, and the DM then says it is done (no more button).
  app.action<BlockAction<ButtonAction>>(FOLLOWUP_DM_DONE_BUTTON, async ({ ack, body, action, respond }) => {
    await ack();
    deps.inflight.afterAck(async () => {
      try {
        const done = await completeFollowup(deps, {
          id: Number(action.value),
          user: body.user.id,
          scope: { owner: body.user.id },
        });
        if (!done.ok)
          return void (await respond({
            response_type: 'ephemeral',
            replace_original: false,
            text: refusalText(done.error),
          }));
        await respond({
          replace_original: true,
          ...followupDoneDm(done.value, (await deps.uow.incidents.findById(done.value.incidentId)) ?? null),
        });
      } catch (e) {
        deps.log.error('follow-up from its DM failed', { error: e });
        await respond({ response_type: 'ephemeral', replace_original: false, text: failureText(e) }).catch(
          () => undefined,
        );
      }
    });
  });
}
