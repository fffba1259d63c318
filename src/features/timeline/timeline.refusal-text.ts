import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { TimelineRefusal } from './timeline.refusals';

export const timelineRefusalText = refusalTextWith<TimelineRefusal>({
  message_not_recorded: () =>
    'That message was posted before Firebreak was recording this channel, so it cannot be added to the timeline. Use `/incident note <text>` instead.',
});
