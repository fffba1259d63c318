import type { BlockAction, ButtonAction, Middleware, RespondFn, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Followup } from '../../domain/followup';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import type { Listeners } from '../../kernel/slack/listener-router';
import type { RemindersNeed, SyncsReminders } from '../updates/reminders.ports';
import { completeFollowup, type FollowupScope, followupsForChannel } from './followups';
import { FOLLOWUP_DM_DONE_BUTTON, FOLLOWUP_DONE_BUTTON } from './followups.ids';
import { followupRefusalText } from './followups.refusal-text';
import { followupsMessage } from './followups.view';
import { followupDoneDm } from './team-notices.view';

/** What a "Done" button does once its follow-up is marked done: redraw what the button was in. */
type AfterDone = (done: Followup, respond: RespondFn, body: BlockAction<ButtonAction>) => Promise<unknown>;

/**
 * One "Done" button: mark the follow-up done within `scope` after the ack, then redraw; a refusal
 * or a failure is told to the clicker alone.
 */
function doneButton(
  deps: SlackDeps<RemindersNeed> & SyncsReminders,
  failure: string,
  scopeOf: (body: BlockAction<ButtonAction>) => FollowupScope,
  afterDone: AfterDone,
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, respond }) => {
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await deps.inflight.commitThenAck(
      ack,
      () => completeFollowup(deps, { id: Number(action.value), user: body.user.id, scope: scopeOf(body) }),
      async (outcome) => {
        try {
          if (!outcome.ok) throw outcome.error;
          const done = outcome.value;
          if (!done.ok) return void (await tell(followupRefusalText(done.error)));
          await afterDone(done.value, respond, body);
        } catch (e) {
          deps.log.error(failure, { error: e });
          await tell(failureText(e)).catch(() => undefined);
        }
      },
    );
  };
}

/** "Done" on a follow-up: in the channel's list, or in the DM its owner got. */
export function registerFollowupButtons(app: Listeners, deps: SlackDeps<RemindersNeed> & SyncsReminders): void {
  const channelOf = (body: BlockAction<ButtonAction>) => body.channel?.id ?? '';
  app.action<BlockAction<ButtonAction>>(
    FOLLOWUP_DONE_BUTTON,
    doneButton(
      deps,
      'follow-up update failed',
      (body) => ({ channelId: channelOf(body) }),
      async (_done, respond, body) => {
        // Redraw the list the button was in, so it shows what is left.
        const list = await followupsForChannel(deps.uow, channelOf(body));
        if (list.ok)
          await respond({
            replace_original: true,
            ...followupsMessage(list.value.incidentNumber, list.value.followups),
          });
      },
    ),
  );
  // From the owner's DM: only their own follow-ups, and the DM then says it is done (no more button).
  app.action<BlockAction<ButtonAction>>(
    FOLLOWUP_DM_DONE_BUTTON,
    doneButton(
      deps,
      'follow-up from its DM failed',
      (body) => ({ owner: body.user.id }),
      async (done, respond) =>
        respond({
          replace_original: true,
          ...followupDoneDm(done, (await deps.uow.incidents.findById(done.incidentId)) ?? null),
        }),
    ),
  );
}
