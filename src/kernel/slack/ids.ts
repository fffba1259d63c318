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
  /** Only on the drill form, when the policy has plans. */
  plan: { block: 'declare_plan', action: 'plan', label: 'Plan' },
} as const;

export const PRIVATE_OPTION_VALUE = 'private';

export const REVIEW_MODAL = 'firebreak_review';
/** Review answers: block id = `review_<question>`, action id = the question key. */
export const reviewBlockId = (question: string) => `review_${question}`;
export const REVIEW_DRAFT = { block: 'review_draft', action: 'draft', label: 'Save as draft', value: 'draft' } as const;

export const REVIEW_BUTTON = 'firebreak_open_review';
export const FOLLOWUP_DONE_BUTTON = 'firebreak_followup_done';
/** The same, from the App Home tab: no response_url there, so the tab is republished instead. */
export const HOME_FOLLOWUP_DONE_BUTTON = 'firebreak_home_followup_done';
/** The same, in the DM its owner gets when it is assigned: scoped to the clicker's own follow-ups. */
export const FOLLOWUP_DM_DONE_BUTTON = 'firebreak_dm_followup_done';
export const TIMELINE_SHORTCUT = 'firebreak_add_to_timeline';

export const UPDATE_MODAL = 'firebreak_update';
export const UPDATE_FIELDS = {
  status: { block: 'update_status', action: 'status', label: 'Status' },
  severity: { block: 'update_severity', action: 'severity', label: 'Severity' },
  text: { block: 'update_text', action: 'text', label: 'What changed / what we know' },
  next: { block: 'update_next', action: 'next', label: 'Next update in' },
} as const;
export const POST_UPDATE_BUTTON = 'firebreak_post_update';
export const SNOOZE_BUTTON = 'firebreak_snooze';
/** A "Done" button on a recovery checklist step; its value is the step number (from 1). */
export const RECOVERY_STEP_BUTTON = 'firebreak_recovery_step';

export const FEEDBACK_BUTTON = 'firebreak_give_feedback';
export const FEEDBACK_MODAL = 'firebreak_feedback';
export const FEEDBACK_FIELDS = {
  rating: { block: 'feedback_rating', action: 'rating', label: 'How well did the incident process work?' },
  change: { block: 'feedback_change', action: 'change', label: 'What should change?' },
} as const;

/** Buttons on the pinned header; each value is the incident number. */
export const HEADER_UPDATE_BUTTON = 'firebreak_header_update';
export const HEADER_ROLE_BUTTON = 'firebreak_header_role';
export const HEADER_RESOLVE_BUTTON = 'firebreak_header_resolve';

export const ROLE_MODAL = 'firebreak_assign_role';
export const ROLE_FIELDS = {
  role: { block: 'role_role', action: 'role', label: 'Role' },
  user: { block: 'role_user', action: 'user', label: 'Person' },
} as const;

export const RESOLVE_MODAL = 'firebreak_resolve';
export const RESOLVE_FIELDS = {
  message: { block: 'resolve_message', action: 'message', label: 'Resolution note' },
} as const;

/** The App Home tab's way to declare without typing a command. */
export const HOME_DECLARE_BUTTON = 'firebreak_home_declare';
