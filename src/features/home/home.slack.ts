import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { SlackDeps } from '../../kernel/slack/deps';
import type { Listeners } from '../../kernel/slack/listener-router';
import { SECTION_TEXT_MAX, truncate } from '../../kernel/slack/mrkdwn';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import type { FollowupRepositories } from '../followups/followups.ports';
import { homeFor } from './home';
import { HOME_DECLARE_BUTTON, HOME_FOLLOWUP_DONE_BUTTON } from './home.ids';
import type { HomeParts } from './home.ports';
import { homeView } from './home.view';

async function publishHome(
  client: WebClient,
  deps: SlackDeps<FollowupRepositories> & { home: HomeParts },
  user: string,
): Promise<void> {
  const now = deps.clock.now();
  const [home, sections] = await Promise.all([
    homeFor(deps.uow, deps.policy, user),
    deps.home.statsSections(user, now),
  ]);
  // The same figures as `/incident stats 30d`, for this viewer (private incidents only if they may see them).
  const figures: KnownBlock[] = sections.map((text) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(text, SECTION_TEXT_MAX) },
  }));
  await client.views.publish({ user_id: user, view: homeView(home, now, figures) });
}

/** The Home tab is drawn fresh each time it is opened, so it never shows a stale incident. */
export function registerAppHome(app: Listeners, deps: SlackDeps<FollowupRepositories> & { home: HomeParts }): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    deps.inflight.afterAck(() =>
      publishHome(client, deps, event.user).catch((error) =>
        deps.log.error('could not publish the Home tab', { error: error }),
      ),
    );
  });

  app.action<BlockAction<ButtonAction>>(HOME_DECLARE_BUTTON, async ({ ack, body, client }) => {
    await ack();
    const user = body.user.id;
    try {
      // No channel and no response_url here: the declarer hears back in the new incident's channel, or by DM.
      await client.views.open({ trigger_id: body.trigger_id, view: deps.home.declareModal(user) });
    } catch (e) {
      deps.log.warn('could not open the declare modal from the Home tab', { code: slackErrorCode(e) });
      await client.chat
        .postMessage({
          channel: user,
          text: `:warning: Slack would not open the declare form (\`${slackErrorCode(e)}\`). Try again, or run \`/incident declare\`.`,
        })
        .catch(() => undefined);
    }
  });

  app.action<BlockAction<ButtonAction>>(HOME_FOLLOWUP_DONE_BUTTON, async ({ ack, body, action, client }) => {
    const user = body.user.id;
    await deps.inflight.commitThenAck(
      ack,
      () => deps.home.completeOwnFollowup(Number(action.value), user),
      async (outcome) => {
        try {
          if (!outcome.ok) throw outcome.error;
          // No response_url on a Home tab: a refusal goes to the person as a DM.
          if (outcome.value) await client.chat.postMessage({ channel: user, text: outcome.value });
          else await publishHome(client, deps, user);
        } catch (e) {
          deps.log.error('follow-up from the Home tab failed', { error: e });
        }
      },
    );
  });
}
