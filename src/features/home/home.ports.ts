import type { View } from '@slack/types';

/**
 * What the Home tab shows and does on behalf of other features, wired by main.ts: ports, so the tab
 * gathers them without importing those features' internals.
 */
export interface HomeParts {
  /** The figures of `/incident stats 30d` for this viewer, one mrkdwn section each (the stats feature). */
  statsSections(viewer: string, now: Date): Promise<string[]>;
  /** The declare form with nothing typed yet (the incidents feature). */
  declareModal(declarer: string): View;
  /**
   * Marks the viewer's own follow-up done (the followups feature); when it may not be, the sentence that says why,
   * in that feature's words.
   */
  completeOwnFollowup(id: number, user: string): Promise<string | undefined>;
}
