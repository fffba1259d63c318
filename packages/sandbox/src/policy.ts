const DAY = 24 * 60 * 60_000;

/** The shape of Firebreak's policy keys `plans` and `drills` (a package cannot import the product's types). */
export interface SandboxPlans {
  plans: { id: string; title: string; url: string; steps: string[]; owners: string[] }[];
  drills: { plan: string; every: number }[];
}

/**
 * What the sandbox runs with when no CONFIG_FILE is given: Firebreak's defaults (passed
 * in: the package does not import the product), plus one disaster-recovery plan and a
 * drill schedule for it, so a first try of `/incident drill` shows the Plan select and,
 * once picked, the plan's checklist. Its owner is the sandbox's first person, who gets
 * the drill reminders.
 */
export const sandboxPolicy = <Policy extends SandboxPlans>(defaults: Policy): Policy => ({
  ...defaults,
  plans: [
    {
      id: 'db-failover',
      title: 'Fail the primary database over to the replica',
      url: 'https://example.com/runbooks/db-failover',
      steps: [
        'Freeze writes: put the app in maintenance mode',
        'Check the replica is caught up (replication lag under 1 s)',
        'Promote the replica and point the app at it',
        'Lift maintenance mode and watch error rates for 15 minutes',
      ],
      owners: ['UALICE'],
    },
  ],
  drills: [{ plan: 'db-failover', every: 90 * DAY }],
});
