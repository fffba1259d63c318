import { z } from 'zod';
import { type IncidentDraft, MAX_SUMMARY, MAX_TITLE } from '../../domain/incident';
import { isSeverity, type Severity } from '../../domain/severity';
import { DECLARE_FIELDS as F, PRIVATE_OPTION_VALUE } from '../../kernel/slack/ids';

export interface DeclareForm extends IncidentDraft {
  /** The Plan select of the drill form; null when absent or left empty. */
  plan: string | null;
}

const option = z.object({ value: z.string() }).nullish();
const state = z.object({
  values: z.object({
    [F.title.block]: z.object({ [F.title.action]: z.object({ value: z.string().nullish() }) }),
    [F.severity.block]: z.object({ [F.severity.action]: z.object({ selected_option: option }) }).optional(),
    [F.category.block]: z.object({ [F.category.action]: z.object({ selected_option: option }) }).optional(),
    [F.summary.block]: z.object({ [F.summary.action]: z.object({ value: z.string().nullish() }) }).optional(),
    [F.private.block]: z
      .object({
        [F.private.action]: z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }),
      })
      .optional(),
    [F.commander.block]: z
      .object({ [F.commander.action]: z.object({ selected_user: z.string().nullish() }) })
      .optional(),
    [F.plan.block]: z.object({ [F.plan.action]: z.object({ selected_option: option }) }).optional(),
  }),
});

export type FieldErrors = Record<string, string>;

/**
 * Pure: the submitted view state to a validated form, or errors keyed by block id
 * (what Slack's `response_action: errors` expects).
 */
export function readDeclareForm(
  viewState: unknown,
  rules: { categories: readonly string[]; botUserId: string; plans?: readonly string[] },
): { ok: true; form: DeclareForm } | { ok: false; errors: FieldErrors } {
  const parsed = state.safeParse(viewState);
  if (!parsed.success)
    return { ok: false, errors: { [F.title.block]: 'The form arrived incomplete; please submit it again.' } };
  const v = parsed.data.values;
  const errors: FieldErrors = {};

  const title = (v[F.title.block][F.title.action].value ?? '').trim();
  if (!title) errors[F.title.block] = 'Give the incident a title.';
  else if (title.length > MAX_TITLE)
    errors[F.title.block] = `Keep the title to ${MAX_TITLE} characters or fewer (this one has ${title.length}).`;

  const severityValue = v[F.severity.block]?.[F.severity.action].selected_option?.value ?? null;
  if (severityValue !== null && !isSeverity(severityValue)) errors[F.severity.block] = 'Pick one of SEV1 to SEV4.';

  const category = v[F.category.block]?.[F.category.action].selected_option?.value ?? null;
  if (category !== null && !rules.categories.includes(category))
    errors[F.category.block] = 'Pick a category from the list.';

  const summary = (v[F.summary.block]?.[F.summary.action].value ?? '').trim();
  if (summary.length > MAX_SUMMARY) errors[F.summary.block] = `Keep the summary under ${MAX_SUMMARY} characters.`;

  const commander = v[F.commander.block]?.[F.commander.action].selected_user ?? null;
  if (commander === rules.botUserId) errors[F.commander.block] = 'Pick a person as commander, not Firebreak.';

  const plan = v[F.plan.block]?.[F.plan.action].selected_option?.value ?? null;
  if (plan !== null && !(rules.plans ?? []).includes(plan)) errors[F.plan.block] = 'Pick a plan from the list.';

  const isPrivate = (v[F.private.block]?.[F.private.action].selected_options ?? []).some(
    (o) => o.value === PRIVATE_OPTION_VALUE,
  );

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    form: { title, summary, severity: severityValue as Severity | null, category, isPrivate, commander, plan },
  };
}
