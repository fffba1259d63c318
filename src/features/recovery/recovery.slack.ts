import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import type { Listeners } from '../../kernel/slack/listener-router';
import { mention, slackDate } from '../../kernel/slack/mrkdwn';
import { completeRecoveryStep } from './recovery';
import { RECOVERY_STEP_BUTTON } from './recovery.ids';
import type { RecoveryRepositories } from './recovery.ports';
import { recoveryRefusalText } from './recovery.refusal-text';

/** A "Done" click on a recovery checklist step; the message itself is redrawn through the outbox. */
export function registerRecoveryStep(app: Listeners, deps: SlackDeps<RecoveryRepositories>): void {
  app.action<BlockAction<ButtonAction>>(RECOVERY_STEP_BUTTON, async ({ ack, body, action, respond }) => {
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await deps.inflight.commitThenAck(
      ack,
      () =>
        completeRecoveryStep(deps, {
          channelId: body.channel?.id ?? '',
          step: Number(action.value),
          user: body.user.id,
        }),
      async (outcome) => {
        if (!outcome.ok) {
          deps.log.error('recovery step failed', { error: outcome.error });
          return void (await say(failureText(outcome.error)).catch(() => undefined));
        }
        const completed = outcome.value;
        if (!completed.ok) return void (await say(recoveryRefusalText(completed.error)));
        const { done, fresh } = completed.value;
        if (!fresh)
          await say(
            `Step ${done.step} was already ticked by ${mention(done.by)} at ${slackDate(done.at)}. Nothing was changed.`,
          );
      },
    );
  });
}
