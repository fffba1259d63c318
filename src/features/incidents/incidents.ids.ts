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

/** On the declare form when an open incident looks the same: the button's value is that incident's number. */
export const DECLARE_JOIN_BUTTON = 'firebreak_declare_join';
/** The block that says which incidents look the same; a refused *Join* replaces it with the reason. */
export const DECLARE_SIMILAR_BLOCK = 'declare_similar';
