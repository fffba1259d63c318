import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_PAGING } from '../../../../src/domain/paging';
import type { Policy } from '../../../../src/domain/policy';
import { EnvError } from '../../../../src/kernel/config/env';
import { parsePolicy } from '../../../../src/kernel/config/policy-file';
import { policySecrets, readSecrets, secretsOf } from '../../../../src/kernel/config/secrets';

describe('alertSources in the policy file', () => {
  test('each source takes the defaults it leaves out; severities add to and override the default map', () => {
    const policy = parsePolicy(`
alertSources:
  prometheus:
    kind: alertmanager
    secretEnv: ALERTMANAGER_SECRET
  grafana:
    kind: grafana
    secretEnv: GRAFANA_SECRET
    severityLabel: priority
    severities: { P1: SEV1, Warning: SEV2 }
    categoryLabel: category
    declare: auto
`);
    expect(policy.alertSources).toEqual([
      {
        name: 'prometheus',
        kind: 'alertmanager',
        secretEnv: 'ALERTMANAGER_SECRET',
        severityLabel: 'severity',
        severities: { critical: 'SEV1', high: 'SEV2', error: 'SEV2', warning: 'SEV3' },
        categoryLabel: null,
        declare: 'ask',
      },
      {
        name: 'grafana',
        kind: 'grafana',
        secretEnv: 'GRAFANA_SECRET',
        severityLabel: 'priority',
        severities: { critical: 'SEV1', high: 'SEV2', error: 'SEV2', warning: 'SEV2', p1: 'SEV1' },
        categoryLabel: 'category',
        declare: 'auto',
      },
    ]);
  });

  test.each([
    ['an unknown kind', 'kind: nagios\n    secretEnv: S', 'alertSources.x.kind'],
    ['no secretEnv', 'kind: generic', 'alertSources.x.secretEnv'],
    ['a secretEnv that is not a variable name', 'kind: generic\n    secretEnv: my secret', 'alertSources.x.secretEnv'],
    ['an unknown declare', 'kind: generic\n    secretEnv: S\n    declare: always', 'alertSources.x.declare'],
    [
      'a severity that is not one',
      'kind: generic\n    secretEnv: S\n    severities: { p1: SEV9 }',
      'alertSources.x.severities.p1',
    ],
    ['an unknown key', 'kind: generic\n    secretEnv: S\n    token: abc', 'unknown key(s) token'],
  ])('%s is refused, naming the key', (_, entry, named) => {
    expect(() => parsePolicy(`alertSources:\n  x:\n    ${entry}\n`)).toThrow(named);
  });

  test('the shipped example has none configured (each needs its secret in the environment)', () => {
    const policy = parsePolicy(readFileSync(join(__dirname, '../../../../config.example.yml'), 'utf8'));
    expect(policy.alertSources).toEqual([]);
  });
});

describe("alert sources' secrets", () => {
  const alertSources = [
    { name: 'prometheus', secretEnv: 'ALERTMANAGER_SECRET' },
    { name: 'checks', secretEnv: 'CHECKS_SECRET' },
  ];
  const read = (env: Record<string, string | undefined>) =>
    secretsOf(
      readSecrets(
        policySecrets({ alertSources: alertSources as Policy['alertSources'], paging: NO_PAGING, webhooks: [] }),
        env,
      ),
      'alert',
    );

  test("reads each source's variable, by source name", () => {
    expect(read({ ALERTMANAGER_SECRET: ' s3cret ', CHECKS_SECRET: 'whsec_abc' })).toEqual({
      prometheus: 's3cret',
      checks: 'whsec_abc',
    });
  });

  test.each([{}, { CHECKS_SECRET: '' }])('an unset or empty variable stops the start, naming it (%p)', (env) => {
    expect(() => read({ ALERTMANAGER_SECRET: 'x', ...env })).toThrow(
      new EnvError(
        'invalid environment:\n  CHECKS_SECRET: not set; alertSources.checks (its secretEnv) needs the secret it holds',
      ),
    );
  });
});
