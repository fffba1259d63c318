import type { BlockAction, ButtonAction } from '@slack/bolt';
import { z } from 'zod';
import { parseIncidentRef } from '../../domain/incident';
import { err } from '../../domain/result';
import { failureText } from '../../kernel/slack/failure-text';
import type { Listeners } from '../../kernel/slack/listener-router';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { type DeclareForm, declareModal } from './declare-modal.view';
import { joinSimilarIncident, similarOpenIncidents } from './duplicate-declarations';
import { DECLARE_JOIN_BUTTON, DECLARE_MODAL } from './incidents.ids';
import type { IncidentsSlackDeps } from './incidents.ports';
import { incidentRefusalText } from './incidents.refusal-text';
import type { IncidentRefusal } from './incidents.refusals';
import { joinedView, refusedJoinView, type ShownView, similarNotice } from './similar-incidents.view';

/** Bounds what a form carries of the incidents it offered (private_metadata holds 3,000 characters). */
const MAX_OFFERED = 50;

/** The declare form's metadata field listing the incidents it offered to join. */
export const offeredField = z.array(z.number().int().positive()).max(MAX_OFFERED).optional();

function offeredBy(privateMetadata: string | undefined): number[] {
  try {
    return z.object({ offered: offeredField }).parse(JSON.parse(privateMetadata || '{}')).offered ?? [];
  } catch {
    return [];
  }
}

/**
 * Before a declaration is made: when open incidents look the same, the form is handed
 * back (nothing created) with them shown above the fields the person filled in, each
 * with its *Join* button, and *Declare anyway* as the submit button. Declaring anyway
 * is therefore an ordinary submission of the same view: the values are validated again
 * as any submission's are (none rides in private_metadata, whose 3,000 characters a long
 * summary would overflow), and the view id stays the idempotency key, so a double click
 * makes one incident. The offered numbers go into the metadata so the second submission
 * does not ask again about them; forging that list only skips the question for oneself.
 * Undefined: nothing looks the same, declare.
 */
export async function offerSimilarIncidents(
  deps: IncidentsSlackDeps,
  params: { form: DeclareForm; declarer: string; viewId: string; origin: { drill?: boolean; offered?: number[] } },
) {
  const { form, origin } = params;
  const drill = !!origin.drill;
  const offered = origin.offered ?? [];
  const matches = await similarOpenIncidents(
    deps,
    { title: form.title, category: form.category, drill, declarer: params.declarer, declareKey: params.viewId },
    offered,
  );
  if (!matches.length) return undefined;
  // The newest offers are kept when the list is full: those are the ones whose Join can be clicked.
  const fresh = matches.slice(0, MAX_OFFERED).map((i) => i.number);
  const metadata = { ...origin, offered: [...offered, ...fresh].slice(-MAX_OFFERED) };
  return {
    response_action: 'update' as const,
    view: declareModal({
      title: form.title,
      declarer: params.declarer,
      categories: deps.policy.categories,
      types: deps.policy.types,
      privateMetadata: JSON.stringify(metadata),
      drillPlans: drill ? deps.policy.plans : undefined,
      again: { form, notice: similarNotice(matches, deps.clock.now()), submit: 'Declare anyway' },
    }),
  };
}

/** *Join INC-n* on the declare form: the person joins that incident's channel instead of declaring. */
export function registerSimilarIncidentJoin(app: Listeners, deps: IncidentsSlackDeps): void {
  app.action<BlockAction<ButtonAction>>(DECLARE_JOIN_BUTTON, async ({ ack, body, action, client }) => {
    const view = body.view as (ShownView & { id: string; hash: string }) | undefined;
    if (!view || view.callback_id !== DECLARE_MODAL) return ack();
    const update = (next: ReturnType<typeof joinedView>) =>
      client.views.update({ view_id: view.id, hash: view.hash, view: next });
    const number = parseIncidentRef(action.value ?? '');
    await deps.inflight.commitThenAck(
      ack,
      async () => {
        // Only an incident this form offered: a button's value can be forged to name any.
        if (number === undefined || !offeredBy(view.private_metadata).includes(number))
          return err<IncidentRefusal>({ kind: 'not_visible' });
        return joinSimilarIncident(deps, { number, user: body.user.id, requestKey: `join:${view.id}:${number}` });
      },
      async (outcome) => {
        try {
          if (!outcome.ok) throw outcome.error;
          const joined = outcome.value;
          await update(joined.ok ? joinedView(joined.value) : refusedJoinView(view, incidentRefusalText(joined.error)));
        } catch (e) {
          deps.log.warn('join from the declare form failed', { code: slackErrorCode(e), error: e });
          await update(refusedJoinView(view, failureText(e))).catch(() => undefined);
        }
      },
    );
  });
}
