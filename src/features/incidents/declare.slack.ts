import type { BlockAction, StaticSelectAction } from '@slack/bolt';
import { z } from 'zod';
import { typeOf } from '../../domain/incident-types';
import { alreadyDoneView } from '../../kernel/slack/already-done.view';
import { failureText } from '../../kernel/slack/failure-text';
import { plainFieldErrors } from '../../kernel/slack/field-errors';
import { DECLARE_TYPE, DECLARE_TYPE_ACTION } from '../../kernel/slack/ids';
import type { Listeners } from '../../kernel/slack/listener-router';
import { isSlackResponseUrl } from '../../kernel/slack/response-url';
import { slackErrorCode } from '../../kernel/slack/web-api-errors';
import { declareIncident } from './declare-incident';
import {
  alreadyDeclaredText,
  declaredView,
  declareModal,
  enteredDeclareForm,
  readDeclareForm,
} from './declare-modal.view';
import { DECLARE_FIELDS, DECLARE_MODAL } from './incidents.ids';
import type { IncidentsSlackDeps } from './incidents.ports';
import { incidentRefusalText } from './incidents.refusal-text';
import { offeredField, offerSimilarIncidents } from './similar-incidents.slack';

const metadata = z
  .object({
    channel: z.string().optional(),
    responseUrl: z.string().url().optional(),
    drill: z.boolean().optional(),
    offered: offeredField,
    // Opened from an alert's *Declare incident* (the alerts feature): the incident records the alert and its group.
    alert: z
      .object({
        origin: z.object({ source: z.string(), alertName: z.string(), url: z.string().nullable() }),
        group: z.string(),
      })
      .optional(),
  })
  .catch({});

function readMetadata(raw: string | undefined) {
  try {
    return metadata.parse(JSON.parse(raw || '{}'));
  } catch {
    return {};
  }
}

/**
 * The modal stays open until the incident exists: a failure shows up as a field
 * error and the declarer's words are not lost. Once it exists the modal shows the
 * channel's link, before the channel's set-up (invites, header, announcement) is done.
 */
export function registerDeclareSubmission(app: Listeners, deps: IncidentsSlackDeps): void {
  app.view(DECLARE_MODAL, async ({ ack, view, body, client }) => {
    const read = readDeclareForm(view.state, {
      categories: deps.policy.categories,
      botUserId: deps.botUserId,
      plans: deps.policy.plans.map((p) => p.id),
      types: deps.policy.types,
    });
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    const origin = readMetadata(view.private_metadata);
    if (origin.responseUrl && !isSlackResponseUrl(origin.responseUrl, client.slackApiUrl)) {
      return ack({
        response_action: 'errors',
        errors: { [DECLARE_FIELDS.title.block]: 'This form is damaged; open it again with /incident declare.' },
      });
    }
    try {
      // Slack lets only people submit a form: the declarer as commander needs no users.info.
      const commander = read.form.commander;
      if (commander && commander !== body.user.id && (await deps.people.notPeople([commander])).length) {
        return ack({
          response_action: 'errors',
          errors: { [DECLARE_FIELDS.commander.block]: 'Pick a person of this workspace as commander.' },
        });
      }
      const similar = await offerSimilarIncidents(deps, {
        form: read.form,
        declarer: body.user.id,
        viewId: view.id,
        origin,
      });
      if (similar) return ack(similar);
      const { plan, ...form } = read.form;
      const result = await declareIncident(deps, {
        ...form,
        ...(origin.drill ? { drill: { plan } } : {}),
        ...(origin.alert && !origin.drill ? { alert: origin.alert } : {}),
        declarer: body.user.id,
        declareKey: view.id,
        reply: { user: body.user.id, channelId: origin.channel, responseUrl: origin.responseUrl },
      });
      if (!result.ok)
        return ack({
          response_action: 'errors',
          errors: await plainFieldErrors(
            { [DECLARE_FIELDS.title.block]: incidentRefusalText(result.error) },
            deps.people,
          ),
        });
      if (result.value.replay) return ack(alreadyDoneView('Declare an incident', alreadyDeclaredText(result.value)));
      await ack(declaredView(result.value, { title: form.title, drill: !!origin.drill }));
    } catch (e) {
      deps.log.error('declare failed', { error: e });
      await ack({
        response_action: 'errors',
        errors: await plainFieldErrors({ [DECLARE_FIELDS.title.block]: failureText(e) }, deps.people),
      });
    }
  });
}

/**
 * *Type* changed on the declare form: the form is drawn again with that type's fields and defaults, through
 * views.update with the view's hash (a form changed meanwhile is left as it is). What was typed is kept. A type the
 * form did not offer changes nothing but the notice above the form.
 */
export function registerDeclareTypeChange(app: Listeners, deps: IncidentsSlackDeps): void {
  app.action<BlockAction<StaticSelectAction>>(DECLARE_TYPE_ACTION, async ({ ack, body, action, client }) => {
    await ack();
    const view = body.view;
    if (!view || view.callback_id !== DECLARE_MODAL) return;
    const origin = readMetadata(view.private_metadata);
    const chosen = action.selected_option?.value ?? null;
    const type = typeOf(deps.policy, chosen);
    const form = enteredDeclareForm(view.state, type);
    const refused = chosen !== null && !type;
    const drillPlans = origin.drill ? deps.policy.plans : undefined;
    const redrawn = declareModal({
      title: form.title,
      declarer: body.user.id,
      categories: deps.policy.categories,
      privateMetadata: view.private_metadata,
      drillPlans,
      types: deps.policy.types,
      again: {
        // Only what the form offers is drawn again (Slack refuses an initial option it does not list).
        form: {
          ...form,
          category: form.category && deps.policy.categories.includes(form.category) ? form.category : null,
          plan: drillPlans?.some((p) => p.id === form.plan) ? form.plan : null,
        },
        notice: refused
          ? [
              {
                type: 'section',
                block_id: `${DECLARE_TYPE.block}_refused`,
                text: { type: 'mrkdwn', text: ':warning: Pick a type from the list.' },
              },
            ]
          : [],
        submit: view.submit?.text ?? (drillPlans ? 'Start drill' : 'Declare'),
      },
    });
    try {
      await client.views.update({ view_id: view.id, hash: view.hash, view: redrawn });
    } catch (e) {
      // hash_conflict: the form changed since this choice (a later choice redraws it); nothing to repair.
      deps.log.info('declare form not redrawn for its type', { code: slackErrorCode(e) });
    }
  });
}
