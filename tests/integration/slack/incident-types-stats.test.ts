import { parsePolicy } from '../../../src/kernel/config/policy-file';
import { DECLARE_TYPE } from '../../../src/kernel/slack/ids';
import { declare, declareValues, type Harness, openDeclare, run, startHarness } from '../../support/harness';

// `/incident stats` filters by type and by a select field; `/incident list` shows an incident's type and fields.

const POLICY = parsePolicy(`
categories: [Availability, Security]
types:
  security:
    fields:
      vector: { label: Attack vector, kind: select, options: [phishing, malware], required: true }
      systems: { label: Systems, kind: multi_select, options: [api, db] }
  customer-facing:
    fields:
      tier: { label: Customer tier, kind: select, options: [gold, free] }
`);

let h: Harness;
let channel: string;

/** Declares through the form with `type` picked and `fields` filled; returns the incident's channel. */
async function declareTyped(title: string, type: string, fields: Record<string, unknown>, category = 'Security') {
  const view = await openDeclare(h, 'UALICE', 'CGENERAL', title);
  await h.emulator.selectInView({ user: 'UALICE', viewId: view.id, actionId: DECLARE_TYPE.action, value: type });
  await h.bot.idle();
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: view.id,
    values: { ...declareValues({ title, severity: 'SEV3', category }), ...fields },
  });
  await h.bot.idle();
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', view.id)
    .executeTakeFirstOrThrow();
  return row.channel_id!;
}

beforeAll(async () => {
  h = await startHarness({ policy: POLICY });
  channel = await declareTyped('Phish one', 'security', { field_vector: 'phishing', field_systems: ['api'] });
  await declareTyped('Malware one', 'security', { field_vector: 'malware', field_systems: ['api', 'db'] });
  await declareTyped('Gold outage', 'customer-facing', { field_tier: 'gold' }, 'Availability');
  await declare(h, 'UALICE', { title: 'Untyped thing', severity: 'SEV3', category: 'Availability' });
});
afterAll(() => h?.stop());

const stats = async (args: string) => (await run(h, 'UALICE', 'CGENERAL', `stats ${args}`.trim())).replies.join('\n');

test('stats without filters count every incident, as before', async () => {
  expect(await stats('')).toContain('(last 30 days)*: 4 incidents');
  expect(await stats('30d Security')).toContain('(last 30 days, Security)*: 2 incidents');
});

test('stats filter by type', async () => {
  expect(await stats('type:security')).toContain('(last 30 days, type security)*: 2 incidents');
  expect(await stats('7d type:customer-facing')).toContain('(last 7 days, type customer-facing)*: 1 incident');
  expect(await stats('all Availability type:customer-facing')).toContain('type customer-facing)*: 1 incident');
});

test('stats filter by a select field, and by a multi_select field holding the option', async () => {
  expect(await stats('vector:phishing')).toContain('(last 30 days, Attack vector: phishing)*: 1 incident');
  expect(await stats('type:security systems:api')).toContain('type security, Systems: api)*: 2 incidents');
  expect(await stats('systems:DB')).toContain('Systems: db)*: 1 incident');
  expect(await stats('tier:gold')).toContain('Customer tier: gold)*: 1 incident');
});

test('an unknown type, field or option is answered plainly', async () => {
  expect(await stats('type:nope')).toContain('There is no incident type `nope`. Types: `security`, `customer-facing`.');
  expect(await stats('colour:red')).toContain('No select field is called `colour`');
  expect(await stats('type:customer-facing vector:phishing')).toContain(
    'No customer-facing select field is called `vector`',
  );
  expect(await stats('vector:zero-day')).toContain(
    '`zero-day` is not an option of `vector`. Options: `phishing`, `malware`.',
  );
  expect(await stats('type:security type:customer-facing')).toContain('at most one type and one field');
});

test('/incident list shows each incident’s type and fields', async () => {
  const text = (await run(h, 'UALICE', channel, 'list')).replies.join('\n');
  expect(text).toContain('Type: security · Attack vector: phishing · Systems: api');
  expect(text).toContain('Type: customer-facing · Customer tier: gold');
});
