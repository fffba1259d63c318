import { declare, type Harness, run, startHarness, TestClock } from '../../support/harness';

// /incident catchup and the card a late joiner gets once: computed from the stored record, to one person only.

let h: Harness;
const clock = new TestClock();
beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const cardsFor = (user: string, channel: string) =>
  ws()
    .ephemeralsFor(user)
    .filter((e) => e.channel === channel && e.text.startsWith('Catching up on'));
const cardText = (e: { text: string; blocks?: unknown }) => e.text + JSON.stringify(e.blocks ?? []);

test('/incident catchup: summary, status history with times, roles, latest update, key timeline, what is due', async () => {
  const row = await declare(h, 'UALICE', {
    title: 'Checkout errors',
    summary: 'Card payments fail for EU customers',
    severity: 'SEV2',
    commander: 'UALICE',
  });
  const ch = row.channel_id;
  clock.advance(60_000);
  await run(h, 'UALICE', ch, 'status investigating Looking at the payment gateway');
  await run(h, 'UALICE', ch, 'role scribe <@UBOB>');
  await run(h, 'UALICE', ch, 'note Gateway returns 502 since 09:00');
  await run(h, 'UALICE', ch, 'followup Add an alert on gateway 5xx <@UBOB> due 2026-12-01');

  const { replies } = await run(h, 'UALICE', ch, 'catchup');
  const card = replies.join('\n');
  expect(card).toContain(`Catching up on INC-${row.number}: Checkout errors`);
  expect(card).toContain('Card payments fail for EU customers');
  expect(card).toMatch(/Triage\*.*<@UALICE>/);
  expect(card).toContain('*Investigating*');
  expect(card).toContain('Commander <@UALICE>');
  expect(card).toContain('Scribe <@UBOB>');
  expect(card).toContain('Gateway returns 502 since 09:00');
  expect(card).toContain(
    'Add an alert on gateway 5xx (<@UBOB>, due <!date^1796126400^{date_short_pretty}|2026-12-01>)',
  );
  expect(card).toContain('Next update due');
  // Each reader sees times in their own zone: Slack's date token, with UTC only as the fallback.
  expect(card).toContain(`<!date^${Math.floor(row.declared_at.getTime() / 1000)}^{date_short_pretty} {time}|`);
  // Only the caller saw it: nothing was posted in the channel.
  expect(
    ws()
      .messagesIn(ch)
      .some((m) => m.text.includes('Catching up')),
  ).toBe(false);
});

test('outside an incident channel it says where it works', async () => {
  const { replies } = await run(h, 'UALICE', 'CGENERAL', 'catchup');
  expect(replies.join()).toContain('works inside an incident channel');
  expect((await run(h, 'UALICE', 'CGENERAL', 'catchup now')).replies.join()).toContain('Too much after the command');
});

test('a late joiner gets the card once, by ephemeral message; those who came with the declaration do not', async () => {
  const row = await declare(h, 'UALICE', { title: 'Search is slow', severity: 'SEV3', commander: 'UALICE' });
  const ch = row.channel_id;
  // Brought in with the declaration: they saw it start.
  await h.emulator.joinChannel({ user: 'UCAROL', channel: ch });
  await h.bot.idle();
  expect(cardsFor('UCAROL', ch)).toHaveLength(0);

  clock.advance(10 * 60_000);
  await run(h, 'UALICE', ch, 'note Index rebuild started');
  await h.emulator.joinChannel({ user: 'UDAVE', channel: ch });
  await h.bot.idle();
  const [card] = cardsFor('UDAVE', ch);
  expect(card).toBeDefined();
  expect(cardText(card)).toContain('Index rebuild started');
  expect(cardText(card)).toContain('running 10m');

  // Leaving and coming back, or Slack redelivering the join, sends nothing more.
  await h.emulator.leaveChannel({ user: 'UDAVE', channel: ch });
  await h.emulator.joinChannel({ user: 'UDAVE', channel: ch });
  await h.bot.idle();
  expect(cardsFor('UDAVE', ch)).toHaveLength(1);
  expect(
    ws()
      .messagesIn(ch)
      .some((m) => m.text.includes('Catching up')),
  ).toBe(false);
});
