import { formFields } from '../../kernel/slack/ids';

/** The declare form's ids: its view, its listener, the tests and the emulator agree on them. */
export const DECLARE_MODAL = 'firebreak_declare';

export const DECLARE_FIELDS = formFields('declare', {
  title: 'Title',
  severity: 'Severity',
  category: 'Category',
  summary: 'Summary',
  private: 'Private incident',
  commander: 'Commander',
  /** Only on the drill form, when the policy has plans. */
  plan: 'Plan',
});

export const PRIVATE_OPTION_VALUE = 'private';
