import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import type { Listeners } from '../../kernel/slack/listener-router';
import { resolvePublicIncident } from './status-page';
import { RESOLVE_PUBLIC_BUTTON } from './status-page.ids';
import type { StatusPageRepositories } from './status-page.ports';
import { statusPageRefusalText } from './status-page.refusal-text';
import { resolvingText } from './status-page.view';

/** *Resolve the status page incident*: committed before the ack; the clicker hears why when it is refused. */
export function registerStatusPageButtons(app: Listeners, deps: SlackDeps<StatusPageRepositories>): void {
  app.action<BlockAction<ButtonAction>>(RESOLVE_PUBLIC_BUTTON, async ({ ack, body, action, respond }) => {
    const tell = (response_type: 'ephemeral' | 'in_channel', text: string) =>
      respond({ response_type, replace_original: false, text });
    const n = Number(action.value);
    if (!Number.isSafeInteger(n) || n <= 0) {
      await ack();
      return void (await tell('ephemeral', statusPageRefusalText({ kind: 'not_visible' })));
    }
    await deps.inflight.commitThenAck(
      ack,
      () =>
        // No request key: the stored posts decide (a resolving post on its way refuses a second one).
        resolvePublicIncident(deps, { incidentNumber: n, actor: body.user.id }),
      async (outcome) => {
        try {
          if (!outcome.ok) throw outcome.error;
          const resolved = outcome.value;
          if (!resolved.ok) {
            return void (await tell('ephemeral', statusPageRefusalText(resolved.error)));
          }
          await tell('in_channel', resolvingText(body.user.id));
        } catch (e) {
          deps.log.error('resolving the status page incident failed', { error: e });
          await tell('ephemeral', failureText(e)).catch(() => undefined);
        }
      },
    );
  });
}
