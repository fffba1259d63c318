import { slackDate, slackDay } from '../../../../src/kernel/slack/mrkdwn';

// Every time Firebreak shows in Slack is Slack's date token: each reader sees their own zone, UTC only as fallback.

test('a moment: date and time in the reader’s zone, UTC as the fallback', () => {
  expect(slackDate(new Date('2026-12-08T03:04:59Z'))).toBe(
    '<!date^1796699099^{date_short_pretty} {time}|2026-12-08 03:04 UTC>',
  );
});

test('a calendar day points at its noon UTC, so readers from UTC-11 to UTC+11 see that same day', () => {
  const token = slackDay('2026-12-01');
  expect(token).toBe('<!date^1796126400^{date_short_pretty}|2026-12-01>');
  const at = Number(/\^(\d+)\^/.exec(token)?.[1]) * 1000;
  for (const offsetHours of [-11, 0, 11])
    expect(new Date(at + offsetHours * 3_600_000).toISOString().slice(0, 10)).toBe('2026-12-01');
});

test('anything but a day is shown as text, escaped', () => {
  expect(slackDay('<!here>')).toBe('&lt;!here&gt;');
});
