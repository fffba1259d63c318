import type { KnownBlock, View } from '@slack/types';
import { MAX_SUMMARY, MAX_TITLE } from '../../domain/incident';
import { SEVERITIES, SEVERITY_MEANING } from '../../domain/severity';
import { cut } from '../../domain/text';
import { DECLARE_MODAL, DECLARE_FIELDS as F, PRIVATE_OPTION_VALUE } from '../../kernel/slack/ids';
import { PLAIN_INPUT_MAX } from '../../kernel/slack/mrkdwn';

export interface DeclareModalInput {
  title: string;
  declarer: string;
  categories: readonly string[];
  /** Where the command was typed and its response_url, so the confirmation finds the declarer. */
  privateMetadata: string;
  /** Present on the drill form: the plans it may exercise (the Plan select is shown when there are any). */
  drillPlans?: readonly { id: string; title: string }[];
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function declareModal(input: DeclareModalInput): View {
  // A longer title typed after the command is offered whole, not silently cut: Slack
  // refuses an initial value beyond max_length, so the field has none then and the
  // submission answers with a field error the person can act on.
  const title = cut(input.title, PLAIN_INPUT_MAX);
  return {
    type: 'modal',
    callback_id: DECLARE_MODAL,
    private_metadata: input.privateMetadata,
    title: plain(input.drillPlans ? 'Declare a drill' : 'Declare an incident'),
    submit: plain(input.drillPlans ? 'Start drill' : 'Declare'),
    close: plain('Cancel'),
    blocks: [
      ...(input.drillPlans ? drillBlocks(input.drillPlans) : []),
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
          options: SEVERITIES.map((s) => ({ text: plain(`${s}: ${SEVERITY_MEANING[s]}`.slice(0, 75)), value: s })),
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
          options: input.categories.slice(0, 100).map((c) => ({ text: plain(c), value: c })),
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
          options: [
            {
              text: plain('Private incident'),
              description: plain('Private channel, no announcement (security, HR, customer data)'),
              value: PRIVATE_OPTION_VALUE,
            },
          ],
        },
      },
      {
        type: 'input',
        block_id: F.commander.block,
        optional: true,
        label: plain(F.commander.label),
        element: { type: 'users_select', action_id: F.commander.action, initial_user: input.declarer },
      },
    ],
  };
}

/** The drill form says so first, and offers the plans to rehearse. */
function drillBlocks(plans: readonly { id: string; title: string }[]): KnownBlock[] {
  const notice: KnownBlock = {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: ':test_tube: *This is a drill*, not a real incident. It runs the same way, but it is marked as a drill everywhere, never announced and kept out of the metrics.',
    },
  };
  if (!plans.length) return [notice];
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
      options: plans.slice(0, 100).map((p) => ({ text: plain(cut(p.title, 75)), value: p.id })),
    },
  };
  return [notice, select];
}
