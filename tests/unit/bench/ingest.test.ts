import { isValidSlackRequest } from '@slack/bolt';
import { messageEventBody, signedHeaders } from '../../../bench/signed-request';

const target = { teamId: 'T1', appId: 'A1', botUserId: 'UBOT', channelId: 'CINC', userId: 'UALICE' };

describe('bench message events', () => {
  it('is an event_callback message that Bolt accepts as signed JSON', () => {
    const now = Date.now();
    const body = messageEventBody(target, 7, now);
    const h = signedHeaders('secret', body, now, 'application/json');
    expect(h['content-type']).toBe('application/json');
    const ok = isValidSlackRequest({
      signingSecret: 'secret',
      body,
      headers: {
        'x-slack-signature': h['x-slack-signature'],
        'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']),
      },
    });
    expect(ok).toBe(true);
    const env = JSON.parse(body);
    expect(env).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      event: { type: 'message', channel: 'CINC', user: 'UALICE' },
    });
  });

  // Firebreak stores each event_id once and each message ts once per incident: a repeat would be a 200 without a row.
  it('gives every sequence number its own event_id and ts, even within one second', () => {
    const now = Date.now();
    const envs = [1, 2, 10, 999_999, 1_000_000].map((i) => JSON.parse(messageEventBody(target, i, now)));
    expect(new Set(envs.map((e) => e.event_id)).size).toBe(envs.length);
    expect(new Set(envs.map((e) => e.event.ts)).size).toBe(envs.length);
  });
});
