import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SLACK_RATE_LIMITS } from '@firebreak/slack-emulator';
import { WebClient } from '@slack/web-api';
import { bucketsFor, SLACK_METHOD_LIMITS } from '../../../../src/kernel/slack/rate-limits';

const SRC = path.join(__dirname, '../../../../src');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );

/** Every Web API method src/ calls as `….chat.postMessage(` (across line breaks), checked against a real WebClient. */
function methodsCalled(): Set<string> {
  const client = new WebClient() as unknown as Record<string, Record<string, unknown>>;
  const isMethod = (path: string[]) =>
    typeof path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], client) === 'function';
  const found = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    // A lookahead, so `this.client.chat.update(` is tried at `.chat` as well as at `.client`.
    for (const m of text.matchAll(/(?=\.\s*([a-z]+)\s*\.\s*([a-zA-Z]+)(?:\s*\.\s*([a-zA-Z]+))?\s*\()/g)) {
      const path = [m[1], m[2], m[3]].filter((p): p is string => !!p);
      if (isMethod(path)) found.add(path.join('.'));
    }
    // The upload helper makes these two calls itself.
    if (text.includes('.filesUploadV2(')) {
      found.add('files.getUploadURLExternal');
      found.add('files.completeUploadExternal');
    }
  }
  return found;
}

describe("Firebreak's table of Slack's rate limits", () => {
  test('names every Web API method Firebreak calls', () => {
    const called = [...methodsCalled()];
    // The scan itself must see the calls it is meant to: a broken regex would pass vacuously.
    expect(called).toEqual(
      expect.arrayContaining(['chat.postMessage', 'conversations.create', 'views.open', 'auth.test']),
    );
    expect(called.filter((m) => !(m in SLACK_METHOD_LIMITS))).toEqual([]);
  });

  test("agrees with the emulator's, bucket for bucket, for every method in it", () => {
    for (const [method, ours] of Object.entries(SLACK_METHOD_LIMITS)) {
      const theirs = SLACK_RATE_LIMITS[method];
      expect({
        method,
        limits: theirs?.map(({ scope, perMinute, capacity }) => ({ scope, perMinute, capacity })),
      }).toEqual({
        method,
        limits: ours,
      });
      // One rule for the refill on both sides: the per-minute figure spread over the minute.
      for (const limit of theirs) expect(limit.refillPerSecond).toBeCloseTo(limit.perMinute / 60, 9);
    }
  });

  test('a post spends from its channel and from the workspace; other methods from the workspace alone', () => {
    expect(bucketsFor('T1', 'chat.postMessage', { channel: 'C9', text: 'x' }).map((b) => b.key)).toEqual([
      'T1:chat.postMessage:C9',
      'T1:chat.postMessage',
    ]);
    expect(bucketsFor('T1', 'conversations.create', { name: 'inc-1' })).toEqual([
      { key: 'T1:conversations.create', scope: 'workspace', perMinute: 20, capacity: 20 },
    ]);
    // A method nobody looked up is still paced, as the middle tier.
    expect(bucketsFor('T1', 'stars.add', {})).toEqual([
      { key: 'T1:stars.add', scope: 'workspace', perMinute: 50, capacity: 50 },
    ]);
  });
});
