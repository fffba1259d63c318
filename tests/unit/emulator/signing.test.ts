import { signature, signedHeaders } from '@firebreak/slack-emulator/client';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';

describe('request signing', () => {
  const secret = 'shhh-signing-secret';

  test('matches Slack’s documented example', () => {
    // From Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signature('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  test('Bolt’s own verifier accepts our headers', () => {
    const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';
    const h = signedHeaders(secret, body, 'application/x-www-form-urlencoded');
    expect(() =>
      verifySlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': h['x-slack-signature'],
          'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']),
        },
      }),
    ).not.toThrow();
  });

  test('Bolt’s verifier rejects a wrong secret and a changed body', () => {
    const body = '{"type":"event_callback"}';
    const h = signedHeaders(secret, body, 'application/json');
    const headers = {
      'x-slack-signature': h['x-slack-signature'],
      'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']),
    };
    expect(isValidSlackRequest({ signingSecret: 'other', body, headers })).toBe(false);
    expect(isValidSlackRequest({ signingSecret: secret, body: `${body} `, headers })).toBe(false);
    expect(isValidSlackRequest({ signingSecret: secret, body, headers })).toBe(true);
  });

  test('timestamp is real time even when the emulator clock is not', () => {
    const h = signedHeaders(secret, '', 'application/json');
    expect(Math.abs(Number(h['x-slack-request-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
  });
});
