/**
 * Every callback, block and action id in one place: views, listeners, tests and the
 * emulator agree on them, and renaming one cannot silently break a handler.
 */
export const COMMAND = '/incident';

export const DECLARE_MODAL = 'firebreak_declare';

export const DECLARE_FIELDS = {
  title: { block: 'declare_title', action: 'title', label: 'Title' },
  severity: { block: 'declare_severity', action: 'severity', label: 'Severity' },
  category: { block: 'declare_category', action: 'category', label: 'Category' },
  summary: { block: 'declare_summary', action: 'summary', label: 'Summary' },
  private: { block: 'declare_private', action: 'private', label: 'Private incident' },
  commander: { block: 'declare_commander', action: 'commander', label: 'Commander' },
} as const;

export const PRIVATE_OPTION_VALUE = 'private';
