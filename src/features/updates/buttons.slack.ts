import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import { formatDuration } from '../../domain/duration';
import { SNOOZE } from '../../domain/reminders';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import { HEADER_UPDATE_BUTTON } from '../../kernel/slack/ids';
import type { Listeners } from '../../kernel/slack/listener-router';
import { openUpdateModal } from './open-update-modal.slack';
import { snoozeUpdateNudge } from './post-update';
import type { RemindersNeed } from './reminders.ports';
import { nudgeOverText } from './reminders.view';
import { POST_UPDATE_BUTTON, SNOOZE_BUTTON } from './updates.ids';
import { updatesRefusalText } from './updates.refusal-text';

/** Nudges name their incident in the button's value; older ones (no value) mean the channel's. */
function namedIncident(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * A *Post update* button opens the update modal for the incident its value names. A nudge's (`nudge`)
 * stops working once the incident is resolved; the header's names its incident always (0 when it cannot be read).
 */
function openUpdate(
  deps: SlackDeps<RemindersNeed>,
  { nudge }: { nudge: boolean },
): Middleware<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>> {
  return async ({ ack, body, action, client, respond }) => {
    await ack();
    const channelId = body.channel?.id;
    if (!channelId) return;
    const named = namedIncident(action.value);
    deps.inflight.afterAck(() =>
      openUpdateModal(client, deps, {
        triggerId: body.trigger_id,
        channelId,
        text: '',
        user: body.user.id,
        respond,
        ...(nudge ? { incidentNumber: named, nudge: true } : { incidentNumber: named ?? 0 }),
      }),
    );
  };
}

/** The update nudge's buttons (post an update, snooze the reminder) and the incident header's *Post update*. */
export function registerButtons(app: Listeners, deps: SlackDeps<RemindersNeed>): void {
  app.action<BlockAction<ButtonAction>>(POST_UPDATE_BUTTON, openUpdate(deps, { nudge: true }));

  app.action<BlockAction<ButtonAction>>(SNOOZE_BUTTON, async ({ ack, body, action, respond }) => {
    const channelId = body.channel?.id;
    if (!channelId) return ack();
    const tell = (response_type: 'ephemeral' | 'in_channel', text: string) =>
      respond({ response_type, replace_original: false, text });
    await deps.inflight.commitThenAck(
      ack,
      () =>
        snoozeUpdateNudge(deps, {
          channelId,
          incidentNumber: namedIncident(action.value),
          until: new Date(deps.clock.now().getTime() + SNOOZE),
          user: body.user.id,
        }),
      async (outcome) => {
        try {
          if (!outcome.ok) throw outcome.error;
          const snoozed = outcome.value;
          // A refusal is for the clicker alone; a snooze is news to the whole channel.
          if (!snoozed.ok)
            return void (await tell(
              'ephemeral',
              snoozed.error.kind === 'incident_finished'
                ? nudgeOverText(snoozed.error.status)
                : updatesRefusalText(snoozed.error),
            ));
          await tell(
            'in_channel',
            `:zzz: <@${body.user.id}> snoozed the update reminder for ${formatDuration(SNOOZE)}.`,
          );
        } catch (e) {
          deps.log.error('snooze failed', { error: e });
          await tell('ephemeral', failureText(e)).catch(() => undefined);
        }
      },
    );
  });

  // Unlike a nudge's, the header's button also serves a resolved incident: an update may reopen it.
  app.action<BlockAction<ButtonAction>>(HEADER_UPDATE_BUTTON, openUpdate(deps, { nudge: false }));
}
