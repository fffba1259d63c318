// The people directory against the emulator's users.list: every page is read, and
// a name is matched on the username, display name or full name, case and spaces aside.

import { SlackEmulator } from '@firebreak/slack-emulator';
import { WebClient } from '@slack/web-api';
import { createLogger } from '../../../src/kernel/log';
import { SlackPeopleDirectory } from '../../../src/kernel/slack/people';

const TOKEN = 'xoxb-test-token';
let emu: SlackEmulator;
let client: WebClient;
let clock: { t: number };

beforeEach(async () => {
  emu = new SlackEmulator({ signingSecret: 'secret', botToken: TOKEN });
  await emu.start();
  client = new WebClient(TOKEN, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
  clock = { t: 1_000_000 };
});
afterEach(() => emu.stop());

const directory = () => new SlackPeopleDirectory(client, createLogger('silent'), () => clock.t);
const listCalls = () => emu.workspace.calls.filter((c) => c.method === 'users.list').length;

test('names resolve across every page of users.list; bots and unknown names match no one', async () => {
  for (let i = 0; i < 450; i++)
    emu.workspace.addUser({ id: `UMANY${i}`, name: `member${i}`, realName: `Member Number ${i}` });
  emu.workspace.addUser({ id: 'UBOB2', name: 'bobby', realName: 'Bob Baker' });
  const found = await directory().byName(['member449', 'BOB', 'MemberNumber3', 'firebreak', 'nobody', 'bobbaker']);
  expect(found).toEqual({
    member449: [{ id: 'UMANY449', name: 'member449' }],
    BOB: [{ id: 'UBOB', name: 'bob' }],
    MemberNumber3: [{ id: 'UMANY3', name: 'member3' }],
    firebreak: [],
    nobody: [],
    // Two people share the full name: both are offered, so the caller can refuse to guess.
    bobbaker: [
      { id: 'UBOB', name: 'bob' },
      { id: 'UBOB2', name: 'bobby' },
    ],
  });
  expect(listCalls()).toBe(3);
});

test('the member list is cached; a name not in it is looked for again once the list is a minute old', async () => {
  const people = directory();
  expect(await people.byName(['carol'])).toEqual({ carol: [{ id: 'UCAROL', name: 'carol' }] });
  expect(await people.byName(['dave', 'alice'])).toEqual({
    dave: [{ id: 'UDAVE', name: 'dave' }],
    alice: [{ id: 'UALICE', name: 'alice' }],
  });
  expect(listCalls()).toBe(1);

  emu.workspace.addUser({ id: 'UERIN', name: 'erin' });
  expect(await people.byName(['erin'])).toEqual({ erin: [] });
  expect(listCalls()).toBe(1);
  clock.t += 60_000;
  expect(await people.byName(['erin'])).toEqual({ erin: [{ id: 'UERIN', name: 'erin' }] });
  expect(listCalls()).toBe(2);
});

test('a person is remembered for minutes; a stranger or a failed lookup is asked again', async () => {
  const people = directory();
  const infoCalls = () => emu.workspace.callsTo('users.info').map((c) => c.args.user);
  expect(await people.notPeople(['UBOB', 'UNEWCOMER'])).toEqual(['UNEWCOMER']);
  expect(await people.notPeople(['UBOB', 'UNEWCOMER'])).toEqual(['UNEWCOMER']);
  expect(infoCalls().sort()).toEqual(['UBOB', 'UNEWCOMER', 'UNEWCOMER']);

  // Someone who joins since is a person at once: the earlier "no" was not kept.
  emu.workspace.addUser({ id: 'UNEWCOMER', name: 'newcomer' });
  expect(await people.notPeople(['UNEWCOMER'])).toEqual([]);

  // Slack unreachable: not refused, and not remembered either.
  emu.failNext('users.info', { status: 500 });
  expect(await people.notPeople(['UCAROL'])).toEqual([]);
  expect(await people.notPeople(['UCAROL'])).toEqual([]);
  expect(infoCalls().filter((u) => u === 'UCAROL')).toHaveLength(2);

  const before = infoCalls().length;
  expect(await people.notPeople(['UBOB', 'UCAROL', 'UNEWCOMER'])).toEqual([]);
  expect(infoCalls()).toHaveLength(before);
  clock.t += 5 * 60_000;
  expect(await people.notPeople(['UBOB'])).toEqual([]);
  expect(infoCalls()).toHaveLength(before + 1);
});
