import type { Clock } from '../../kernel/clock';
import type { UnitOfWork } from '../../kernel/unit-of-work.ports';

/**
 * Slack deleted an incident's channel (channel_deleted / group_deleted): recorded
 * once, so the incident says so wherever it is listed and its channel reminders
 * end (dueAt) instead of each failing against a channel that is not there.
 * Returns the incident's number when this changed one.
 */
export async function channelDeleted(
  deps: { uow: UnitOfWork; clock: Clock },
  channelId: string,
): Promise<number | undefined> {
  return deps.uow.transaction(async (tx) => {
    const incident = await tx.incidents.findByChannel(channelId);
    if (!incident) return undefined;
    return (await tx.incidents.markChannelGone(incident.id, deps.clock.now())) ? incident.number : undefined;
  });
}
