/** The buttons that mark a follow-up done; the Home tab's own is the home feature's. */
export const FOLLOWUP_DONE_BUTTON = 'firebreak_followup_done';
/** The same, in the DM its owner gets when it is assigned: scoped to the clicker's own follow-ups. */
export const FOLLOWUP_DM_DONE_BUTTON = 'firebreak_dm_followup_done';
