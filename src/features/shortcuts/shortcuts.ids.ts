/** The Workflow Builder steps' callback ids: manifest.yml's `functions` keys, the listeners and the tests agree on them. */
export const DECLARE_STEP = 'declare_incident';
export const UPDATE_STEP = 'post_incident_update';
