import type { Followup } from '../../domain/followup';

export interface FollowupRepository {
  add(f: Omit<Followup, 'id' | 'status' | 'doneBy' | 'doneAt'>): Promise<Followup | undefined>;
  forIncident(incidentId: number): Promise<Followup[]>;
  get(id: number): Promise<Followup | undefined>;
  getMany(ids: number[]): Promise<Map<number, Followup>>;
  markDone(id: number, user: string, at: Date): Promise<Followup | undefined>;
  /** Open follow-ups owned by `user` across incidents, soonest due first (undated last). */
  openOwnedBy(user: string): Promise<Followup[]>;
}

/** What this feature adds to the unit of work (src/kernel/unit-of-work.ports.ts). */
export interface FollowupRepositories {
  followups: FollowupRepository;
}
