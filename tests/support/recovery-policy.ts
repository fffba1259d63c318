/** A DR plan and a category whose SEV1/SEV2 incidents get it, with a runbook: what recovery guides are tested with. */
export const PLAN = {
  id: 'db-failover',
  title: 'Database failover',
  url: 'https://wiki.example.com/dr/db',
  steps: ['Freeze writes', 'Promote the replica', 'Point the app at the new primary'],
  owners: ['UBOB'],
};

export const GUIDED_POLICY = {
  plans: [PLAN],
  recovery: {
    Data: { runbook: { title: 'Data runbook', url: 'https://wiki.example.com/runbooks/data' }, plan: 'db-failover' },
  },
};
