import type { Incident } from '../../domain/incident';
import type { Clock } from '../../kernel/clock';
import { type Notice, serviceLane } from '../../kernel/outbox/notice';
import type { Notifier, OutboxRepository } from '../../kernel/outbox/outbox.ports';

/** The kinds that change what the canvas shows: the incident itself, its updates, key timeline, follow-ups, review. */
const REDRAWN_BY: ReadonlySet<Notice['type']> = new Set<Notice['type']>([
  'declared',
  'changed',
  'update_posted',
  'note_added',
  'key_marked',
  'followup_added',
  'followup_done',
  'review_submitted',
  'recovery_offered',
  'alert_resolved',
]);

/** The incidents whose canvas a batch of notices changes, each once. */
export function incidentsRedrawnBy(notices: readonly Notice[]): Incident[] {
  const byId = new Map<number, Incident>();
  for (const n of notices)
    if (REDRAWN_BY.has(n.type) && 'incident' in n) byId.set(n.incident.id, n.incident as Incident);
  return [...byId.values()];
}

/**
 * The use cases' notifier: whatever they owe, plus a redraw of each changed incident's canvas, in the same
 * transaction. One redraw waits at a time per incident: changes made while it waits are drawn by it (it reads the
 * record when delivered), so a burst of changes is one edit. `coalesceMs`: how long a redraw waits for more.
 */
export class CanvasNotifier implements Notifier {
  constructor(
    private readonly inner: Notifier,
    private readonly clock: Clock,
    private readonly coalesceMs: number,
  ) {}

  async notify(tx: { outbox: OutboxRepository }, notice: Notice | readonly Notice[]): Promise<void> {
    const all = ([] as Notice[]).concat(notice as Notice | Notice[]);
    await this.inner.notify(tx, notice);
    const now = this.clock.now();
    const due = new Date(now.getTime() + this.coalesceMs);
    for (const incident of incidentsRedrawnBy(all))
      await tx.outbox.enqueueCoalesced(
        { type: 'canvas_refresh', lane: serviceLane('canvas', incident.id), incident },
        due,
        now,
      );
  }
}
