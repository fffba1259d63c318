import { cut } from '../../domain/text';
import type { View } from '@slack/types';
import { MAX_SUMMARY, MAX_TITLE } from '../../domain/incident';
import { SEVERITIES, SEVERITY_MEANING } from '../../domain/severity';
import { DECLARE_FIELDS as F, DECLARE_MODAL, PRIVATE_OPTION_VALUE } from '../ids';

export interface DeclareModalInput {
  title: string;
  declarer: string;
  categories: readonly string[];
  /** Where the command was typed and its response_url, so the confirmation finds the declarer. */
  privateMetadata: string;
}

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });

export function declareModal(input: DeclareModalInput): View {
  const title = cut(input.title, MAX_TITLE);
  return {
    type: 'modal',
    callback_id: DECLARE_MODAL,
    private_metadata: input.privateMetadata,
    title: plain('Declare an incident'),
    submit: plain('Declare'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: F.title.block,
        label: plain(F.title.label),
        element: {
          type: 'plain_text_input',
          action_id: F.title.action,
          max_length: MAX_TITLE,
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
