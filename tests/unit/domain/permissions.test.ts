import type { Incident } from '../../../src/domain/incident';
import { canPerform, type GuardedAction } from '../../../src/domain/permissions';

const incident = (commander: string | null) =>
  ({ roles: { commander, comms: null, scribe: null } }) as unknown as Incident;
const ACTIONS: GuardedAction[] = ['resolve', 'close', 'cancel', 'reassign_commander'];

describe.each(ACTIONS)('%s', (action) => {
  test('the commander may', () =>
    expect(canPerform({ id: 'UALICE', isAdmin: false }, action, incident('UALICE')).ok).toBe(true));
  test('an admin may', () =>
    expect(canPerform({ id: 'UBOB', isAdmin: true }, action, incident('UALICE')).ok).toBe(true));
  test('anyone may when there is no commander', () =>
    expect(canPerform({ id: 'UBOB', isAdmin: false }, action, incident(null)).ok).toBe(true));
  test('someone else may not, and is told who can', () =>
    expect(canPerform({ id: 'UBOB', isAdmin: false }, action, incident('UALICE'))).toEqual({
      ok: false,
      error: { kind: 'not_permitted', action, commander: 'UALICE' },
    }));
});
