import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { FollowupRefusal } from './followups.refusals';

export const followupRefusalText = refusalTextWith<FollowupRefusal>({
  // One answer for gone, elsewhere and private: a forged id learns nothing about the follow-up it names.
  followup_not_found: () =>
    'That follow-up is not one you can mark done here, or it no longer exists. Nothing was changed.',
});
