import type { UnitOfWork } from '../../kernel/unit-of-work.ports';
import type { ReminderSync, RemindersNeed } from '../updates/reminders.ports';

export interface MembershipDeps {
  uow: UnitOfWork<RemindersNeed>;
  reminderSync: ReminderSync;
}

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
export async function membershipChanged(deps: MembershipDeps, change: MembershipChange): Promise<void> {
  await deps.uow.members.record(change.channelId, change.user, change.inChannel, change.eventTs);
  if (!change.inChannel) await commanderLeft(deps, { channelId: change.channelId, user: change.user });
}

/** The commander left the channel: the no-commander nudge starts. */
async function commanderLeft(deps: MembershipDeps, params: { channelId: string; user: string }): Promise<void> {
  await deps.uow.transaction(async (tx) => {
    const incident = await tx.incidents.findByChannel(params.channelId, { forUpdate: true });
    if (!incident || incident.roles.commander !== params.user) return;
    await tx.incidents.setCommanderPresent(incident.id, false);
    await deps.reminderSync.incident(tx, incident);
  });
}
