import type { KnownBlock, View } from '@slack/types';
import { z } from 'zod';
import { type IncidentDraft, incidentRef, MAX_SUMMARY, MAX_TITLE } from '../../domain/incident';
import type { IncidentType } from '../../domain/policy';
import { isSeverity, SEVERITIES, SEVERITY_MEANING, type Severity } from '../../domain/severity';
import { channelName } from '../../domain/slug';
import { cut } from '../../domain/text';
import { declaredConfirmation, declarePendingText } from '../../kernel/outbox/notices.view';
import { answerView } from '../../kernel/slack/already-done.view';
import { channelLink, PLAIN_INPUT_MAX } from '../../kernel/slack/mrkdwn';
import {
  enteredFields,
  fieldBlocks,
  rawValues,
  readTypeAndFields,
  typeSelectBlock,
} from '../../kernel/slack/type-fields.view';
import type { Declared } from './declare-incident';
import { DECLARE_MODAL, DECLARE_FIELDS as F, PRIVATE_OPTION_VALUE } from './incidents.ids';

export interface DeclareModalInput {
  title: string;
  declarer: string;
  categories: readonly string[];
  /** Where the command was typed and its response_url, so the confirmation finds the declarer. */
  privateMetadata: string;
  /** Present on the drill form: the plans it may exercise (the Plan select is shown when there are any). */
  drillPlans?: readonly { id: string; title: string }[];
  /** The form as submitted, shown again (with `notice` above it) when it is handed back before declaring. */
  again?: { form: DeclareForm; notice: KnownBlock[]; submit: string };
  /** The policy's incident types: *Type* is shown first, then the chosen type's fields. */
  types?: readonly IncidentType[];
}

export const declareFormTitle = (drill: boolean): string => (drill ? 'Declare a drill' : 'Declare an incident');

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

const severityOption = (severity: Severity) => ({
  text: plain(`${severity}: ${SEVERITY_MEANING[severity]}`.slice(0, 75)),
  value: severity,
});
const categoryOption = (category: string) => ({ text: plain(category), value: category });
const planOption = (plan: { id: string; title: string }) => ({ text: plain(cut(plan.title, 75)), value: plan.id });
const PRIVATE_OPTION = {
  text: plain('Private incident'),
  description: plain('Private channel, no announcement (security, HR, customer data)'),
  value: PRIVATE_OPTION_VALUE,
};
/** A select's initial option, when there is one (Slack refuses a null). */
const preset = <O>(option: O | null | undefined | '') => (option ? { initial_option: option } : {});

export function declareModal(input: DeclareModalInput): View {
  // A longer title typed after the command is offered whole, not silently cut: Slack
  // refuses an initial value beyond max_length, so the field has none then and the
  // submission answers with a field error the person can act on.
  const title = cut(input.again?.form.title ?? input.title, PLAIN_INPUT_MAX);
  const given = input.again?.form;
  const commander = given ? given.commander : input.declarer;
  return {
    type: 'modal',
    callback_id: DECLARE_MODAL,
    private_metadata: input.privateMetadata,
    title: plain(declareFormTitle(!!input.drillPlans)),
    submit: plain(input.again?.submit ?? (input.drillPlans ? 'Start drill' : 'Declare')),
    close: plain('Cancel'),
    blocks: [
      ...(input.again?.notice ?? []),
      ...(input.drillPlans ? drillBlocks(input.drillPlans, given?.plan) : []),
      ...(input.types?.length
        ? [
            typeSelectBlock(input.types, given?.type),
            ...fieldBlocks(
              'declare',
              input.types.find((t) => t.name === given?.type),
              given?.fields,
            ),
          ]
        : []),
      {
        type: 'input',
        block_id: F.title.block,
        label: plain(F.title.label),
        element: {
          type: 'plain_text_input',
          action_id: F.title.action,
          ...(title.length > MAX_TITLE ? {} : { max_length: MAX_TITLE }),
          placeholder: plain('What is broken, in a few words'),
          ...(title.trim() ? { initial_value: title } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.severity.block,
        optional: true,
        label: plain(F.severity.label),
        hint: plain('You can set it later; leaving triage needs one.'),
        element: {
          type: 'static_select',
          action_id: F.severity.action,
          placeholder: plain('How bad is it?'),
          options: SEVERITIES.map(severityOption),
          ...preset(given?.severity && severityOption(given.severity)),
        },
      },
      {
        type: 'input',
        block_id: F.category.block,
        optional: true,
        label: plain(F.category.label),
        element: {
          type: 'static_select',
          action_id: F.category.action,
          placeholder: plain('What kind of incident'),
          options: input.categories.slice(0, 100).map(categoryOption),
          ...preset(given?.category && categoryOption(given.category)),
        },
      },
      {
        type: 'input',
        block_id: F.summary.block,
        optional: true,
        label: plain(F.summary.label),
        element: {
          type: 'plain_text_input',
          action_id: F.summary.action,
          multiline: true,
          max_length: MAX_SUMMARY,
          placeholder: plain('What do we know so far? Who is affected?'),
          ...(given?.summary ? { initial_value: given.summary } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.private.block,
        optional: true,
        label: plain(F.private.label),
        element: {
          type: 'checkboxes',
          action_id: F.private.action,
          options: [PRIVATE_OPTION],
          ...(given?.isPrivate ? { initial_options: [PRIVATE_OPTION] } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.commander.block,
        optional: true,
        label: plain(F.commander.label),
        // Handed back, the form keeps the commander chosen, or none if it was cleared.
        element: {
          type: 'users_select',
          action_id: F.commander.action,
          ...(commander ? { initial_user: commander } : {}),
        },
      },
    ],
  };
}

/** The drill form says so first, and offers the plans to rehearse. */
function drillBlocks(plans: readonly { id: string; title: string }[], chosen?: string | null): KnownBlock[] {
  const notice: KnownBlock = {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: ':test_tube: *This is a drill*, not a real incident. It runs the same way, but it is marked as a drill everywhere, never announced and kept out of the metrics.',
    },
  };
  if (!plans.length) return [notice];
  const picked = plans.find((p) => p.id === chosen);
  const select: KnownBlock = {
    type: 'input',
    block_id: F.plan.block,
    optional: true,
    label: plain(F.plan.label),
    hint: plain('Its checklist is posted and bookmarked in the drill channel.'),
    element: {
      type: 'static_select',
      action_id: F.plan.action,
      placeholder: plain('Which recovery plan to rehearse'),
      options: plans.slice(0, 100).map(planOption),
      ...preset(picked && planOption(picked)),
    },
  };
  return [notice, select];
}

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
  rules: {
    categories: readonly string[];
    botUserId: string;
    plans?: readonly string[];
    types?: readonly IncidentType[];
  },
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

  const typed = readTypeAndFields('declare', rawValues(viewState), rules.types ?? []);
  if (!typed.ok) Object.assign(errors, typed.errors);

  if (!typed.ok || Object.keys(errors).length) return { ok: false, errors };
  const type = (rules.types ?? []).find((t) => t.name === typed.type);
  return {
    ok: true,
    form: {
      title,
      summary,
      severity: severityValue as Severity | null,
      category,
      // A type private by default (security) is never declared in the open, whatever the box said.
      isPrivate: isPrivate || !!type?.private,
      commander,
      plan,
      ...(typed.type ? { type: typed.type, fields: typed.fields } : {}),
    },
  };
}

/**
 * What the form shows now, unchecked, with `type` chosen: the form redrawn for another type keeps what was typed,
 * and ticks *Private* when the new type is private by default.
 */
export function enteredDeclareForm(viewState: unknown, type: IncidentType | undefined): DeclareForm {
  const v = rawValues(viewState) as Record<string, Record<string, Record<string, unknown>>>;
  const at = (f: { block: string; action: string }) => v[f.block]?.[f.action] ?? {};
  const text = (f: { block: string; action: string }) => {
    const value = at(f).value;
    return typeof value === 'string' ? value : '';
  };
  const choice = (f: { block: string; action: string }) =>
    ((at(f).selected_option as { value?: unknown } | null | undefined)?.value as string | undefined) ?? null;
  const severity = choice(F.severity);
  const ticked = (at(F.private).selected_options as { value?: unknown }[] | null | undefined) ?? [];
  const commander = at(F.commander).selected_user;
  return {
    title: text(F.title),
    summary: text(F.summary),
    severity: severity && isSeverity(severity) ? severity : null,
    category: choice(F.category),
    isPrivate: !!type?.private || ticked.some((o) => o.value === PRIVATE_OPTION_VALUE),
    commander: typeof commander === 'string' ? commander : null,
    plan: choice(F.plan),
    type: type?.name ?? null,
    fields: enteredFields('declare', v as never, type),
  };
}

export function alreadyDeclaredText(declared: Declared): string {
  if (declared.kind === 'pending')
    return `:information_source: This form was already sent: it declared *${incidentRef(declared.number)}*, whose channel is on its way. Nothing new was declared.`;
  const { number, channelId } = declared.incident;
  return `:information_source: This form was already sent: it declared *${incidentRef(number)}* → ${channelLink(channelId)}. Nothing new was declared.`;
}

/**
 * The form's answer once the incident is declared: the channel's link at once, while the channel is
 * still being set up, in the words of the confirmation the declarer also gets where they typed.
 */
export function declaredView(declared: Declared, form: { title: string; drill: boolean }) {
  const title = declareFormTitle(form.drill);
  if (declared.kind === 'open') return answerView(title, declaredConfirmation(declared.incident));
  const name = channelName(declared.number, form.drill ? `drill ${form.title}` : form.title, 1);
  return answerView(title, declarePendingText(declared.number, name, declared.etaMs));
}
