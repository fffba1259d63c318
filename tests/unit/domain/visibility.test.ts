import { canSee, NO_TIES, participantsOf, peopleOf, type Ties } from '../../../src/domain/visibility';

const incident = (isPrivate: boolean) => ({
  isPrivate,
  declaredBy: 'UDECL',
  roles: { commander: 'UCMD', comms: null, scribe: null },
});
const ties = (t: Partial<Ties>): Ties => ({ ...NO_TIES, ...t });

describe('participantsOf: who is asked for feedback and named in the review', () => {
  test.each([
    ['invited, still in', true, ties({ recorded: ['UBOB'] }), ['UBOB']],
    ['joined by themselves and posted', true, ties({ inChannel: ['UERIN'], posted: ['UERIN'] }), ['UERIN']],
    ['joined and never posted', true, ties({ inChannel: ['UERIN'] }), []],
    ['invited then removed, private', true, ties({ recorded: ['UBOB'], posted: ['UBOB'], departed: ['UBOB'] }), []],
    [
      'invited then left, public: took part all the same',
      false,
      ties({ recorded: ['UBOB'], departed: ['UBOB'] }),
      ['UBOB'],
    ],
    ['recorded and posted: named once', false, ties({ recorded: ['UBOB'], posted: ['UBOB'] }), ['UBOB']],
  ])('%s', (_, isPrivate, t, expected) => {
    expect(participantsOf(incident(isPrivate), t)).toEqual(expected);
  });
});

describe('canSee: a private incident follows its channel', () => {
  test.each([
    ['anyone, public incident', false, 'USTRANGER', NO_TIES, true],
    ['a stranger, private incident', true, 'USTRANGER', NO_TIES, false],
    ['the declarer', true, 'UDECL', NO_TIES, true],
    ['the commander', true, 'UCMD', NO_TIES, true],
    ['someone added to the channel from Slack', true, 'UERIN', ties({ inChannel: ['UERIN'] }), true],
    ['an invitee who was removed', true, 'UBOB', ties({ recorded: ['UBOB'], departed: ['UBOB'] }), false],
    ['a declarer who left', true, 'UDECL', ties({ departed: ['UDECL'] }), false],
    ['a commander who left', true, 'UCMD', ties({ departed: ['UCMD'] }), false],
  ])('%s', (_, isPrivate, user, t, expected) => {
    expect(canSee(incident(isPrivate), user, t)).toBe(expected);
  });

  test('peopleOf lists each person once, without those who left', () => {
    expect(
      peopleOf(
        incident(true),
        ties({ recorded: ['UDECL', 'UBOB'], posted: ['UBOB'], inChannel: ['UERIN'], departed: ['UCMD'] }),
      ),
    ).toEqual(['UDECL', 'UBOB', 'UERIN']);
  });
});
