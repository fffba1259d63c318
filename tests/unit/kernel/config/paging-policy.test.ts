import { EnvError, readEnv } from '../../../../src/kernel/config/env';
import { PolicyError, parsePolicy } from '../../../../src/kernel/config/policy-file';
import { policySecrets, readSecrets, secretsOf } from '../../../../src/kernel/config/secrets';

const FILE = `
paging:
  services:
    payments: { kind: pagerduty, routingKeyEnv: PD_PAYMENTS_KEY }
    platform:
      kind: opsgenie
      apiKeyEnv: OPSGENIE_KEY
      responders: [{ type: team, name: platform }]
  rules:
    - { severities: [SEV1], page: [payments, platform] }
    - { severities: [SEV2], categories: [Availability], page: [payments] }
`;

test('paging services and rules read from the policy file', () => {
  expect(parsePolicy(FILE).paging).toEqual({
    services: [
      { name: 'payments', kind: 'pagerduty', routingKeyEnv: 'PD_PAYMENTS_KEY' },
      {
        name: 'platform',
        kind: 'opsgenie',
        apiKeyEnv: 'OPSGENIE_KEY',
        responders: [{ type: 'team', name: 'platform' }],
      },
    ],
    rules: [
      { severities: ['SEV1'], categories: null, page: ['payments', 'platform'] },
      { severities: ['SEV2'], categories: ['Availability'], page: ['payments'] },
    ],
  });
});

test.each([
  [
    'a rule naming no configured service',
    'paging.rules.0.page: no service "dba" in paging.services',
    `
paging:
  services: { payments: { kind: pagerduty, routingKeyEnv: PD } }
  rules: [{ severities: [SEV1], page: [dba] }]
`,
  ],
  [
    'an unknown category',
    'paging.rules.0.categories: "Nope" is not one of categories',
    `
paging:
  services: { payments: { kind: pagerduty, routingKeyEnv: PD } }
  rules: [{ severities: [SEV1], categories: [Nope], page: [payments] }]
`,
  ],
  [
    'a key written in the file',
    'paging.services.payments',
    `
paging:
  services: { payments: { kind: pagerduty, routingKey: abc } }
`,
  ],
])('%s stops the start, naming the key', (_name, message, file) => {
  expect(() => parsePolicy(file)).toThrow(PolicyError);
  expect(() => parsePolicy(file)).toThrow(message);
});

test('every service key must be in the environment; a missing one is named', () => {
  const policy = parsePolicy(FILE);
  const readPagingKeys = (env: Record<string, string>) =>
    secretsOf(readSecrets(policySecrets(policy, ['paging']), env), 'paging');
  expect(readPagingKeys({ PD_PAYMENTS_KEY: 'k1', OPSGENIE_KEY: 'k2' })).toEqual({
    payments: 'k1',
    platform: 'k2',
  });
  expect(() => readPagingKeys({ PD_PAYMENTS_KEY: 'k1' })).toThrow(EnvError);
  expect(() => readPagingKeys({ PD_PAYMENTS_KEY: 'k1', OPSGENIE_KEY: ' ' })).toThrow(
    'OPSGENIE_KEY: not set; paging service "platform" (apiKeyEnv) needs the secret it holds',
  );
});

test('the paging services default to the real ones, and can be pointed elsewhere', () => {
  expect(readEnv({}).paging).toEqual({
    pagerdutyEventsUrl: 'https://events.pagerduty.com',
    opsgenieApiUrl: 'https://api.opsgenie.com',
  });
  expect(
    readEnv({ PAGERDUTY_EVENTS_URL: 'http://127.0.0.1:4000/', OPSGENIE_API_URL: 'http://127.0.0.1:4001' }).paging,
  ).toEqual({
    pagerdutyEventsUrl: 'http://127.0.0.1:4000',
    opsgenieApiUrl: 'http://127.0.0.1:4001',
  });
  expect(() => readEnv({ PAGERDUTY_EVENTS_URL: 'not a url' })).toThrow('PAGERDUTY_EVENTS_URL');
});

test('the status page defaults to Statuspage, and can be pointed elsewhere', () => {
  expect(readEnv({}).statusPage).toEqual({ apiUrl: 'https://api.statuspage.io' });
  expect(readEnv({ STATUSPAGE_API_URL: 'http://127.0.0.1:4002/' }).statusPage).toEqual({
    apiUrl: 'http://127.0.0.1:4002',
  });
  expect(() => readEnv({ STATUSPAGE_API_URL: 'ftp://example.com' })).toThrow('STATUSPAGE_API_URL');
});
