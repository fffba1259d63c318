import { DEFAULT_POLICY } from '../../../../src/domain/policy';
import { PolicyError, parsePolicy } from '../../../../src/kernel/config/policy-file';
import { readSecrets } from '../../../../src/kernel/config/secrets';

test('webhooks: names default from the url, events "*" anywhere in the list means all, includePrivate defaults false', () => {
  const p = parsePolicy(`
webhooks:
  - url: https://Hooks.Example.com/firebreak/in
    secretEnv: HOOK_SECRET
    events: [incident.declared, "*"]
  - name: status
    url: http://127.0.0.1:8080/hook
    secretEnv: STATUS_SECRET
    events: [incident.resolved, followup.done]
    includePrivate: true
`);
  expect(p.webhooks).toEqual([
    {
      name: 'hooks-example-com-firebreak-in',
      url: 'https://Hooks.Example.com/firebreak/in',
      secretEnv: 'HOOK_SECRET',
      events: '*',
      includePrivate: false,
    },
    {
      name: 'status',
      url: 'http://127.0.0.1:8080/hook',
      secretEnv: 'STATUS_SECRET',
      events: ['incident.resolved', 'followup.done'],
      includePrivate: true,
    },
  ]);
  expect(parsePolicy('').webhooks).toEqual(DEFAULT_POLICY.webhooks);
});

test.each([
  ['an unknown event type', 'events: [incident.exploded]', /webhooks\.0\.events/],
  ['no events', 'events: []', /webhooks\.0\.events/],
  ['a name with a colon', 'events: "*"\n    name: "a:b"', /webhooks\.0\.name/],
  ['a secretEnv that is not a variable name', 'events: "*"\n    secretEnv: "my secret"', /secretEnv/],
  ['an unknown key', 'events: "*"\n    retries: 3', /unknown key\(s\) retries/],
])('a webhook with %s is refused, naming the key', (_, extra, message) => {
  const yaml = `webhooks:\n  - url: https://a.example.com/h\n    secretEnv: S\n    ${extra}\n`;
  expect(() => parsePolicy(yaml)).toThrow(PolicyError);
  expect(() => parsePolicy(yaml)).toThrow(message);
});

test('a url that is not http(s) is refused', () => {
  expect(() => parsePolicy('webhooks:\n  - { url: "ftp://x.example.com", secretEnv: S, events: "*" }\n')).toThrow(
    /webhooks\.0\.url: must be an http\(s\) URL/,
  );
});

test('two webhooks of one name are refused', () => {
  const entry = (url: string) => `  - { name: same, url: ${url}, secretEnv: S, events: "*" }\n`;
  expect(() => parsePolicy(`webhooks:\n${entry('https://a.example.com')}${entry('https://b.example.com')}`)).toThrow(
    /webhooks\.1\.name: two webhooks are named "same"/,
  );
});

test('a secret the policy names must be set: the start stops, naming the variable and who needs it', () => {
  const wanted = [
    { key: 'webhook:ops', env: 'OPS_SECRET', usedBy: 'webhook "ops"' },
    { key: 'webhook:audit', env: 'AUDIT_SECRET', usedBy: 'webhook "audit"' },
  ];
  expect(readSecrets(wanted, { OPS_SECRET: ' whsec_abc ', AUDIT_SECRET: 'x' }).get('webhook:ops')).toBe('whsec_abc');
  // Every missing one at once: a deployment is fixed in one go, not one restart per variable.
  expect(() => readSecrets(wanted, {})).toThrow(/OPS_SECRET: not set[\s\S]*AUDIT_SECRET: not set/);
  expect(() => readSecrets(wanted, {})).toThrow('OPS_SECRET: not set; webhook "ops" needs the secret it holds');
  expect(() => readSecrets(wanted, { OPS_SECRET: '  ' })).toThrow(/OPS_SECRET/);
});
