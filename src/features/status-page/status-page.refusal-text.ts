import { refusalTextWith } from '../../kernel/slack/refusal-text';
import type { StatusPageRefusal } from './status-page.refusals';

export const statusPageRefusalText = refusalTextWith<StatusPageRefusal>({
  not_public: () =>
    'This incident has nothing on the status page: it is private, a drill, or no status page is configured. Nothing was changed.',
  no_public_incident: () =>
    'Nothing was posted on the status page for this incident, so there is nothing to resolve. Nothing was changed.',
  public_resolved: () =>
    'The status page incident is resolved already (or its resolving post is on its way). Nothing was changed.',
});
