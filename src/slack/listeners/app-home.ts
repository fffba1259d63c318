import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { completeFollowup } from '../../app/followups';
import { homeFor } from '../../app/home';
import type { SlackDeps } from '../deps';
import { HOME_FOLLOWUP_DONE_BUTTON } from '../ids';
import { refusalText } from '../refusal-text';
import { homeView } from '../views/app-home.view';

async function publishHome(client: WebClient, deps: SlackDeps, user: string): Promise<void> {
  const home = await homeFor(deps.uow, deps.policy, user);
  await client.views.publish({ user_id: user, view: homeView(home, deps.clock.now()) });
}

/** The Home tab is drawn fresh each time it is opened, so it never shows a stale incident. */
export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    void deps.inflight.track(publishHome(client, deps, event.user).catch((e) => deps.log.error('could not publish the Home tab', { error: e })));
  });

  app.action<BlockAction<ButtonAction>>(HOME_FOLLOWUP_DONE_BUTTON, async ({ ack, body, action, client }) => {
    await ack();
    void deps.inflight.track(
      (async () => {
        const user = body.user.id;
        try {
          const done = await completeFollowup(deps, { id: Number(action.value), user });
          if (!done.ok) {
            // No response_url on a Home tab: the refusal goes to the person as a DM.
            await client.chat.postMessage({ channel: user, text: refusalText(done.error) });
            return;
          }
          await publishHome(client, deps, user);
        } catch (e) {
          deps.log.error('follow-up from the Home tab failed', { error: e });
        }
      })(),
    );
  });
}
