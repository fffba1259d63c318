import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { webhookPayload } from '../../../../src/features/webhooks/webhook-payload';
import { anIncident } from './incident.fixture';

const schema = JSON.parse(readFileSync(join(__dirname, '../../../../docs/webhooks.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const incident = anIncident({ severity: null, category: null, status: 'triage', headerTs: null });
const at = new Date('2026-01-01T00:01:00Z');
const declared = webhookPayload(incident, { type: 'incident.declared', at, actor: 'UBOB' });

test('the schema reads a payload as the bot builds it', () => {
  expect(validate(declared)).toBe(true);
});

test.each<[string, unknown]>([
  [
    'another version of the incident',
    { ...declared, data: { ...(declared.data as object), incident: { version: 2 } } },
  ],
  ['a status change without its change', webhookPayload(incident, { type: 'incident.status_changed', at, actor: 'U' })],
  ['an unknown type', { ...declared, type: 'incident.exploded' }],
  ['a field nobody documented', { ...declared, extra: true }],
])('the schema refuses %s', (_, payload) => {
  expect(validate(payload)).toBe(false);
});
