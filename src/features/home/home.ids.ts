/** Marks a follow-up done from the App Home tab: no response_url there, so the tab is republished instead. */
export const HOME_FOLLOWUP_DONE_BUTTON = 'firebreak_home_followup_done';
/** The App Home tab's way to declare without typing a command. */
export const HOME_DECLARE_BUTTON = 'firebreak_home_declare';
