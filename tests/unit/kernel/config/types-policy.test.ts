import { PolicyError, parsePolicy } from '../../../../src/kernel/config/policy-file';

// Policy key `types`: named incident types with their defaults and custom fields, validated strictly.

const FILE = `
severities:
  SEV2: { updateEvery: 2h }
types:
  security:
    private: true
    announcementChannel: "#sec-incidents"
    severities:
      SEV1: { updateEvery: 10m, reviewRequired: true }
    fields:
      vector: { label: Attack vector, kind: select, options: [phishing, malware], required: true }
      systems: { label: Systems, kind: multi_select, options: [api, db] }
      owner: { label: Owner, kind: user }
      customers: { label: Customers, kind: number }
      notes: { label: Notes, kind: text }
  internal:
    announcementChannel: null
`;

test('types are parsed with their defaults, fields in order, severity overrides merged over the policy', () => {
  const { types, severities } = parsePolicy(FILE);
  expect(types.map((t) => t.name)).toEqual(['security', 'internal']);
  const [security, internal] = types;
  expect(security.private).toBe(true);
  expect(security.announcementChannel).toBe('#sec-incidents');
  expect(security.severities.SEV1.updateEvery).toBe(10 * 60_000);
  expect(security.severities.SEV2).toEqual(severities.SEV2);
  expect(security.severities.SEV2.updateEvery).toBe(2 * 3600_000);
  expect(security.fields).toEqual([
    { key: 'vector', label: 'Attack vector', kind: 'select', required: true, options: ['phishing', 'malware'] },
    { key: 'systems', label: 'Systems', kind: 'multi_select', required: false, options: ['api', 'db'] },
    { key: 'owner', label: 'Owner', kind: 'user', required: false, options: [] },
    { key: 'customers', label: 'Customers', kind: 'number', required: false, options: [] },
    { key: 'notes', label: 'Notes', kind: 'text', required: false, options: [] },
  ]);
  expect(internal).toMatchObject({ private: false, announcementChannel: null, fields: [] });
  expect('announcementChannel' in parsePolicy('types: { a: {} }').types[0]).toBe(false);
});

test('no types key: no types', () => {
  expect(parsePolicy('categories: [A]').types).toEqual([]);
});

test.each([
  ['a field kind not known', 'types: { a: { fields: { f: { label: F, kind: date } } } }', /types\.a\.fields\.f\.kind/],
  [
    'a select without options',
    'types: { a: { fields: { f: { label: F, kind: select } } } }',
    /types\.a\.fields\.f\.options: a select field needs options/,
  ],
  [
    'options on a text field',
    'types: { a: { fields: { f: { label: F, kind: text, options: [x] } } } }',
    /only select and multi_select/,
  ],
  [
    'options twice',
    'types: { a: { fields: { f: { label: F, kind: select, options: [x, x] } } } }',
    /options must differ/,
  ],
  ['a field without a label', 'types: { a: { fields: { f: { kind: text } } } }', /types\.a\.fields\.f\.label/],
  ['an unknown key in a type', 'types: { a: { colour: red } }', /types\.a: unknown key\(s\) colour/],
  [
    'an unknown key in a field',
    'types: { a: { fields: { f: { label: F, kind: text, min: 1 } } } }',
    /types\.a\.fields\.f: unknown key\(s\) min/,
  ],
  ['a type name with capitals', 'types: { Security: {} }', /types\.Security/],
  [
    'a field key with a dash',
    'types: { a: { fields: { my-field: { label: F, kind: text } } } }',
    /types\.a\.fields\.my-field/,
  ],
  [
    'required not a boolean',
    'types: { a: { fields: { f: { label: F, kind: text, required: yes please } } } }',
    /types\.a\.fields\.f\.required/,
  ],
  ['a bad announcement channel', 'types: { a: { announcementChannel: incidents } }', /types\.a\.announcementChannel/],
  [
    'a severity override with an unknown key',
    'types: { a: { severities: { SEV1: { every: 1h } } } }',
    /types\.a\.severities\.SEV1/,
  ],
  ['an empty types map', 'types: {}', /types: between 1 and 50 types/],
])('refuses %s, naming the key', (_what, file, message) => {
  expect(() => parsePolicy(file)).toThrow(PolicyError);
  expect(() => parsePolicy(file)).toThrow(message);
});

describe('roles', () => {
  test('commander, comms and scribe stay first; the policy may reword their duties and add roles', () => {
    const { roles } = parsePolicy(`
roles:
  security-lead: { duties: Own the forensics. }
  comms: { duties: Tell customers. }
`);
    expect(roles.map((r) => r.name)).toEqual(['commander', 'comms', 'scribe', 'security-lead']);
    expect(roles[1].duties).toBe('Tell customers.');
    expect(roles[0].duties).toContain('You lead the response');
    expect(roles[3].duties).toBe('Own the forensics.');
  });

  test('no roles key: the three built in', () => {
    expect(parsePolicy('').roles.map((r) => r.name)).toEqual(['commander', 'comms', 'scribe']);
  });

  test.each([
    ['a role without duties', 'roles: { lead: {} }', /roles\.lead\.duties/],
    ['a role name with spaces', 'roles: { "team lead": { duties: x } }', /roles\.team lead/],
    ['an unknown key', 'roles: { lead: { duties: x, pager: y } }', /roles\.lead: unknown key\(s\) pager/],
  ])('refuses %s, naming the key', (_what, file, message) => {
    expect(() => parsePolicy(file)).toThrow(message);
  });
});
