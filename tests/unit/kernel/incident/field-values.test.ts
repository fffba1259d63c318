import { incidentFieldLines, severityPolicyOf } from '../../../../src/domain/incident-types';
import { parsePolicy } from '../../../../src/kernel/config/policy-file';
import { checkFieldValues, readStoredFields, recheckFields } from '../../../../src/kernel/incident/field-values';

// Custom field values are checked against the policy's type at every write; stored ones read back leniently.

const policy = parsePolicy(`
types:
  security:
    severities: { SEV1: { updateEvery: 5m } }
    fields:
      vector: { label: Attack vector, kind: select, options: [phishing, malware], required: true }
      systems: { label: Systems, kind: multi_select, options: [api, db] }
      owner: { label: Owner, kind: user }
      customers: { label: Customers, kind: number }
      notes: { label: Notes, kind: text }
`);
const security = policy.types[0];

test('valid values are kept with their labels and kinds; empty optional ones are left out', () => {
  expect(
    checkFieldValues(security, {
      vector: 'phishing',
      systems: ['db', 'api', 'db'],
      owner: 'UBOB',
      customers: 12.5,
      notes: '  leaked  ',
      // Left empty: not stored.
    }),
  ).toEqual({
    ok: true,
    fields: {
      vector: { label: 'Attack vector', kind: 'select', value: 'phishing' },
      systems: { label: 'Systems', kind: 'multi_select', value: ['db', 'api'] },
      owner: { label: 'Owner', kind: 'user', value: 'UBOB' },
      customers: { label: 'Customers', kind: 'number', value: 12.5 },
      notes: { label: 'Notes', kind: 'text', value: 'leaked' },
    },
  });
  expect(checkFieldValues(security, { vector: 'malware', systems: [], notes: '' })).toEqual({
    ok: true,
    fields: { vector: { label: 'Attack vector', kind: 'select', value: 'malware' } },
  });
});

test.each([
  ['a required field left empty', { vector: null }, { vector: /Attack vector is required/ }],
  ['a select value not among the options', { vector: 'zero-day' }, { vector: /options offered/ }],
  [
    'a multi_select value not among the options',
    { vector: 'phishing', systems: ['api', 'mainframe'] },
    { systems: /only options offered/ },
  ],
  ['a number that is text', { vector: 'phishing', customers: 'many' }, { customers: /Enter a number/ }],
  [
    'a number that is not finite',
    { vector: 'phishing', customers: Number.POSITIVE_INFINITY },
    { customers: /Enter a number/ },
  ],
  ['a user that is not a user id', { vector: 'phishing', owner: '@bob' }, { owner: /Pick a person/ }],
  ['text that is a number', { vector: 'phishing', notes: 5 }, { notes: /.+/ }],
  ['a field the type does not have', { vector: 'phishing', region: 'eu' }, { region: /has no field "region"/ }],
])('refuses %s', (_what, given, errors) => {
  const checked = checkFieldValues(security, given as Record<string, unknown>);
  expect(checked.ok).toBe(false);
  if (!checked.ok)
    expect(checked.errors).toEqual(
      Object.fromEntries(Object.entries(errors).map(([k, re]) => [k, expect.stringMatching(re)])),
    );
});

test('a write re-checks against the policy and keeps values of fields the type no longer has', () => {
  const stored = { vector: { label: 'Attack vector', kind: 'select' as const, value: 'phishing' } };
  const kept = { region: { label: 'Region', kind: 'select' as const, value: 'eu' } };
  expect(recheckFields(policy, 'security', stored, kept)).toEqual({ ok: true, fields: { ...kept, ...stored } });
  expect(recheckFields(policy, 'gone', stored)).toEqual({ ok: false, message: expect.stringContaining('"gone"') });
  expect(recheckFields(policy, null, stored)).toMatchObject({ ok: false });
  expect(recheckFields(policy, null, {})).toEqual({ ok: true, fields: {} });
});

test('stored JSON is read leniently: what is not a stored field is left out', () => {
  expect(
    readStoredFields({
      a: { label: 'A', kind: 'text', value: 'x' },
      b: { label: 'B', kind: 'colour', value: 'red' },
      c: 'loose',
    }),
  ).toEqual({ a: { label: 'A', kind: 'text', value: 'x' } });
  expect(readStoredFields(null)).toEqual({});
  expect(readStoredFields([1])).toEqual({});
});

test('field lines: type first, the type order, then dropped fields with their stored labels or keys', () => {
  const lines = incidentFieldLines(
    {
      type: 'security',
      fields: {
        retired: { label: '', kind: 'text', value: 'old' },
        owner: { label: 'Owner', kind: 'user', value: 'UBOB' },
        vector: { label: 'Attack vector', kind: 'select', value: 'phishing' },
        systems: { label: 'Systems', kind: 'multi_select', value: ['api', 'db'] },
      },
    },
    policy,
  );
  expect(lines).toEqual([
    { label: 'Type', value: 'security' },
    { label: 'Attack vector', value: 'phishing' },
    { label: 'Systems', value: 'api, db' },
    { label: 'Owner', value: '<@UBOB>' },
    { label: 'retired', value: 'old' },
  ]);
  expect(incidentFieldLines({})).toEqual([]);
});

test('an incident follows its type’s severity policy while the type exists', () => {
  expect(severityPolicyOf(policy, { severity: 'SEV1', type: 'security' })?.updateEvery).toBe(5 * 60_000);
  expect(severityPolicyOf(policy, { severity: 'SEV1', type: 'gone' })).toEqual(policy.severities.SEV1);
  expect(severityPolicyOf(policy, { severity: null, type: 'security' })).toBeNull();
});
