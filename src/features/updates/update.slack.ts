import { z } from 'zod';
import { alreadyDoneView } from '../../kernel/slack/already-done.view';
import type { SlackDeps } from '../../kernel/slack/deps';
import { failureText } from '../../kernel/slack/failure-text';
import { plainFieldErrors } from '../../kernel/slack/field-errors';
import type { Listeners } from '../../kernel/slack/listener-router';
import { rawValues, readTypeAndFields } from '../../kernel/slack/type-fields.view';
import type { RequestPublicPost, StatusPageRepositories } from '../status-page/status-page.ports';
import { postUpdate } from './post-update';
import type { RemindersNeed } from './reminders.ports';
import { readUpdateForm } from './update-modal.view';
import { UPDATE_FIELDS as F, UPDATE_MODAL } from './updates.ids';
import { updatesRefusalText } from './updates.refusal-text';

const metadata = z.object({ incident: z.number().int().positive(), type: z.string().optional() });

export function registerUpdateSubmission(
  app: Listeners,
  deps: SlackDeps<RemindersNeed & StatusPageRepositories> & { requestPublicPost: RequestPublicPost },
): void {
  app.view(UPDATE_MODAL, async ({ ack, view, body }) => {
    const read = readUpdateForm(view.state as Parameters<typeof readUpdateForm>[0]);
    if (!read.ok) return ack({ response_action: 'errors', errors: read.errors });
    let incidentNumber: number;
    let formType: string | null;
    try {
      const meta = metadata.parse(JSON.parse(view.private_metadata || '{}'));
      incidentNumber = meta.incident;
      formType = meta.type ?? null;
    } catch {
      return ack({
        response_action: 'errors',
        errors: { [F.text.block]: 'This form is damaged; open it again with /incident update.' },
      });
    }
    // The type's fields drawn on the form (checked again against the incident's own type when written).
    const typed = readTypeAndFields('update', rawValues(view.state), deps.policy.types, formType, F.text.block);
    if (!typed.ok) return ack({ response_action: 'errors', errors: typed.errors });
    try {
      const posted = await postUpdate(deps, {
        incidentNumber,
        actor: body.user.id,
        ...read.form,
        requestKey: view.id,
        ...(typed.type ? { fields: { type: typed.type, values: typed.fields } } : {}),
      });
      if (!posted.ok && posted.error.refusal.kind === 'duplicate_request') {
        return ack(
          alreadyDoneView(
            'Post an update',
            `:information_source: This form was already sent: its update is posted in INC-${incidentNumber}. Nothing new was posted.`,
          ),
        );
      }
      if (!posted.ok)
        return ack({
          response_action: 'errors',
          errors: await plainFieldErrors(
            { [F[posted.error.field].block]: updatesRefusalText(posted.error.refusal) },
            deps.people,
          ),
        });
      await ack();
    } catch (e) {
      deps.log.error('update failed', { incident: incidentNumber, error: e });
      await ack({
        response_action: 'errors',
        errors: await plainFieldErrors({ [F.text.block]: failureText(e) }, deps.people),
      });
    }
  });
}
