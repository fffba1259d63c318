import { type DeliveryStep, StepGroupFailure } from './outbox';

/**
 * One recorded step made of calls that need not wait for each other: they run side by side, so the
 * group costs its slowest call rather than the sum. Each member gets its own key (`<group's key>.<i>`,
 * so the members must come in the same order on every try) and must be idempotent: a group retried for
 * one member's rate limit runs the others again, resumed, so a post looks for its key before posting.
 * A member that fails does not stop the others; the outbox reads their failures (StepGroupFailure).
 */
export function together(name: string, members: readonly DeliveryStep[]): DeliveryStep {
  return {
    name,
    async run(ctx) {
      const settled = await Promise.allSettled(members.map((m, i) => m.run({ ...ctx, key: `${ctx.key}.${i}` })));
      const failures = settled.flatMap((s, i) =>
        s.status === 'rejected' ? [{ name: members[i].name, error: s.reason as unknown }] : [],
      );
      if (failures.length) throw new StepGroupFailure(failures, members.length);
    },
  };
}
