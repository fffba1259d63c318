import { commanderLeft, type UpdateDeps } from '../updates/post-update';

export interface MembershipChange {
  channelId: string;
  user: string;
  /** true for member_joined_channel, false for member_left_channel (a leave or a removal: Slack sends the same event). */
  inChannel: boolean;
  /** Slack's event_ts: orders the events, so a late one does not undo a newer one. */
  eventTs: string;
}

/**
 * Keeps who is in an incident's channel true as Slack reports joins, leaves and
 * removals: a private incident's people follow it from the next read on. A
 * commander who leaves also stops commanding (the no-commander nudge).
 */
export async function membershipChanged(deps: UpdateDeps, change: MembershipChange): Promise<void> {
  await deps.uow.members.record(change.channelId, change.user, change.inChannel, change.eventTs);
  if (!change.inChannel) await commanderLeft(deps, { channelId: change.channelId, user: change.user });
}
