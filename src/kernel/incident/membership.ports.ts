import type { Ties } from '../../domain/visibility';

/** Who is tied to each incident, and how: the facts src/domain/visibility.ts decides from. */
export interface MembershipRepository {
  /** A membership event for an incident's channel; false when the channel is no incident's or a newer event already moved them. */
  record(channelId: string, user: string, inChannel: boolean, eventTs: string): Promise<boolean>;
  /** Someone pinned a message of the incident's channel or marked it with :pushpin: (kept once per person). */
  recordMarker(incidentId: number, user: string, at: Date): Promise<void>;
  /** Every incident asked for is in the map, with empty ties when nobody is known. */
  ties(incidentIds: number[]): Promise<Map<number, Ties>>;
}
