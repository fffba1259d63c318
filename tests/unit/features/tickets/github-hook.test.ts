// GitHub's `issues` webhook as the tickets feature reads it: the signature (GitHub's published test vector, from
// ../shared/integration-specs/github-webhooks-issues/REFERENCE.md), then which deliveries close or reopen a ticket,
// read from GitHub's own example payloads (tests/fixtures/github, MIT).
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GitHubHookReader } from '../../../../src/features/tickets/github.hook';

const FIXTURES = path.join(__dirname, '../../../fixtures/github');
const example = (name: string) => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const reader = new GitHubHookReader('Codertocat/Hello-World');

describe('authentic', () => {
  const SECRET = "It's a Secret to Everybody";
  const PAYLOAD = 'Hello, World!';
  const VECTOR = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';

  test("GitHub's test vector is authentic, under the header's name in any case", () => {
    expect(reader.authentic({ 'x-hub-signature-256': VECTOR }, PAYLOAD, SECRET)).toBe(true);
    expect(reader.authentic({ 'X-Hub-Signature-256': VECTOR }, PAYLOAD, SECRET)).toBe(true);
    expect(
      reader.authentic({ 'x-hub-signature-256': VECTOR.toUpperCase().replace('SHA256=', 'sha256=') }, PAYLOAD, SECRET),
    ).toBe(true);
  });

  test.each([
    ['no signature header', {}, PAYLOAD, SECRET],
    ['only the SHA-1 header', { 'x-hub-signature': 'sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59' }, PAYLOAD, SECRET],
    ['another secret', { 'x-hub-signature-256': VECTOR }, PAYLOAD, "It's a secret to everybody"],
    ['a body changed by one character', { 'x-hub-signature-256': VECTOR }, 'Hello, World?', SECRET],
    ['a body with a trailing newline', { 'x-hub-signature-256': VECTOR }, `${PAYLOAD}\n`, SECRET],
    ['the digest without its sha256= prefix', { 'x-hub-signature-256': VECTOR.slice(7) }, PAYLOAD, SECRET],
    ['a sha1= prefix on the SHA-256 digest', { 'x-hub-signature-256': `sha1=${VECTOR.slice(7)}` }, PAYLOAD, SECRET],
    ['a digest cut short', { 'x-hub-signature-256': VECTOR.slice(0, -2) }, PAYLOAD, SECRET],
    ['a digest that is not hex', { 'x-hub-signature-256': `sha256=${'zz'.repeat(32)}` }, PAYLOAD, SECRET],
    ['an empty secret, signed with one', { 'x-hub-signature-256': sign('', PAYLOAD) }, PAYLOAD, ''],
  ])('%s is not authentic', (_name, headers, body, secret) => {
    expect(reader.authentic(headers, body, secret)).toBe(false);
  });

  test('UTF-8 bodies are signed as their bytes', () => {
    const body = JSON.stringify({ action: 'closed', title: 'Café ☕ 事故' });
    expect(reader.authentic({ 'x-hub-signature-256': sign('s3cret', body) }, body, 's3cret')).toBe(true);
  });
});

function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

describe('read', () => {
  const reopened = example('example-issues-reopened.payload.json');
  const closed = { ...reopened, action: 'closed', issue: { ...reopened.issue, state: 'closed' } };

  test('closed is done, reopened is not, with who did it', () => {
    expect(reader.read(closed)).toEqual({ id: '1', key: '#1', done: true, actor: 'Codertocat' });
    expect(reader.read(reopened)).toEqual({ id: '1', key: '#1', done: false, actor: 'Codertocat' });
    // Closed as not planned is closed all the same: the follow-up is no longer owed in the tracker.
    expect(reader.read({ ...closed, issue: { ...closed.issue, state_reason: 'not_planned' } })).toMatchObject({
      done: true,
    });
  });

  test('the repository is compared without case; an unknown sender leaves the actor out', () => {
    expect(new GitHubHookReader('codertocat/hello-world').read(closed)).toMatchObject({ id: '1' });
    expect(reader.read({ ...closed, sender: undefined })).toMatchObject({ actor: null });
  });

  test.each([
    ['opened', example('example-issues-opened.payload.json')],
    ['a ping', example('example-ping-payload.json')],
    ['edited', { ...reopened, action: 'edited', changes: {} }],
    [
      'another repository (an organization hook)',
      { ...closed, repository: { ...closed.repository, full_name: 'Codertocat/Other' } },
    ],
    ['no repository', { ...closed, repository: undefined }],
    ['an issue comment', { ...closed, action: 'closed', comment: { id: 1, body: 'x' } }],
    ['a pull request closed', { action: 'closed', pull_request: { number: 1 }, repository: closed.repository }],
    ['an issue that is a pull request', { ...closed, issue: { ...closed.issue, pull_request: { url: 'u' } } }],
    ['no issue number', { ...closed, issue: { ...closed.issue, number: 'one' } }],
    ['a fractional issue number', { ...closed, issue: { ...closed.issue, number: 1.5 } }],
    ['no issue', { ...closed, issue: null }],
    ['not an object', 'closed'],
    ['a list', [closed]],
    ['null', null],
  ])('%s is null', (_name, body) => {
    expect(reader.read(body)).toBeNull();
  });
});
