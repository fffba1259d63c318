import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import type { Listeners } from '../../kernel/slack/listener-router';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { type ClickedOn, dismissPrompt, type PromptRefusal, promptToDeclare } from './alert-prompts';
import { ALERT_DECLARE_BUTTON, ALERT_DISMISS_BUTTON } from './alerts.ids';
import type { AlertDeclareForm, AlertRepositories } from './alerts.ports';
import { alertDismissedMessage, alertOpenText, promptDecidedText } from './alerts.view';

export type AlertsSlackDeps = SlackDeps<AlertRepositories> & { alertDeclareForm: AlertDeclareForm };

const refusalText = (refusal: PromptRefusal): string =>
  refusal.kind === 'no_prompt'
    ? ':warning: This alert is not one Firebreak posted.'
    : refusal.kind === 'open_incident'
      ? alertOpenText
      : promptDecidedText(refusal.state);

const idIn = (value: string | undefined): number => {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : 0;
};

const clickedOn = (body: BlockAction): ClickedOn => ({
  channel: body.channel?.id,
  ts: body.message?.ts ?? body.container?.message_ts,
});

/** The two buttons on an alert posted to be decided (declare: ask). */
export function registerAlertPrompts(app: Listeners, deps: AlertsSlackDeps): void {
  // Declare incident only opens the form (the declaration is the form's): ack first, while the trigger is fresh.
  app.action<BlockAction<ButtonAction>>(ALERT_DECLARE_BUTTON, async ({ ack, body, action, client, respond }) => {
    await ack();
    const tell = (text: string) =>
      respond({ response_type: 'ephemeral', replace_original: false, text }).catch(() => undefined);
    deps.inflight.afterAck(async () => {
      try {
        const found = await promptToDeclare(deps, idIn(action.value), clickedOn(body));
        if (!found.ok) return void (await tell(refusalText(found.refusal)));
        const { prompt } = found;
        // The form is the incidents feature's own, prefilled; its submission declares and links the group.
        await client.views.open({
          trigger_id: body.trigger_id,
          view: deps.alertDeclareForm(prompt.draft, body.user.id, { origin: prompt.draft.origin, group: prompt.group }),
        });
      } catch (e) {
        deps.log.warn('could not open the declare form for an alert', { code: slackErrorCode(e), error: e });
        await tell(failureText(e));
      }
    });
  });

  // Dismiss changes something: Slack hears it was received once the decision is committed.
  app.action<BlockAction<ButtonAction>>(ALERT_DISMISS_BUTTON, async ({ ack, body, action, respond }) => {
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    await deps.inflight.commitThenAck(
      ack,
      () => dismissPrompt(deps, idIn(action.value), body.user.id, clickedOn(body)),
      async (outcome) => {
        if (!outcome.ok) {
          deps.log.error('dismissing an alert failed', { error: outcome.error });
          return void (await say(failureText(outcome.error)).catch(() => undefined));
        }
        const done = outcome.value;
        if (!done.ok) return void (await say(refusalText(done.refusal)));
        await respond({ replace_original: true, ...alertDismissedMessage(done.prompt, body.user.id) }).catch(
          (error: unknown) => deps.log.warn('could not redraw a dismissed alert', { error }),
        );
      },
    );
  });
}
