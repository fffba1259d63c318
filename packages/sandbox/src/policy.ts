import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy';

const DAY = 24 * 60 * 60_000;

/**
 * What the sandbox runs with when no CONFIG_FILE is given: the defaults, plus one
 * disaster-recovery plan and a drill schedule for it, so a first try of
 * `/incident drill` shows the Plan select and, once picked, the plan's checklist.
 * Its owner is the sandbox's first person, who gets the drill reminders.
 */
export const SANDBOX_POLICY: Policy = {
  ...DEFAULT_POLICY,
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
};
