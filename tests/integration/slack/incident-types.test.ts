import { sql } from 'kysely';
import { DECLARE_FIELDS as F } from '../../../src/features/incidents/incidents.ids';
import { UPDATE_FIELDS as U } from '../../../src/features/updates/updates.ids';
import { parsePolicy } from '../../../src/kernel/config/policy-file';
import { HEADER_ROLE_BUTTON, ROLE_FIELDS, DECLARE_TYPE as TYPE_SELECT } from '../../../src/kernel/slack/ids';
import {
  BOT_TOKEN,
  declare,
  declareValues,
  formAnswer,
  type Harness,
  openDeclare,
  run,
  startHarness,
  submitRaw,
} from '../../support/harness';

// Incident types and custom fields (issue 19): the declare form's Type select redraws the form with the type's fields
// (views.update with the view's hash), its values are checked against the policy and stored beside the incident.

const POLICY = parsePolicy(`
categories: [Availability, Security]
roles:
  comms: { duties: Tell customers every 30 minutes. }
  security-lead: { duties: You own the forensics and the evidence. }
types:
  security:
    private: true
    severities:
      SEV1: { updateEvery: 10m }
    fields:
      vector:
        label: Attack vector
        kind: select
        options: [phishing, malware, insider]
        required: true
      systems:
        label: Systems touched
        kind: multi_select
        options: [api, db, vpn]
      owner:
        label: Security owner
        kind: user
  customer-facing:
    fields:
      customers:
        label: Customers affected
        kind: number
        required: true
      notes:
        label: Customer notes
        kind: text
  internal:
    announcementChannel: null
`);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy: POLICY });
});
afterAll(() => h?.stop());

const ws = () => h.emulator.workspace;
const labels = (viewId: string) => (ws().views.get(viewId)!.view.blocks ?? []).map((b) => b.label?.text ?? b.type);
/** The declare form with no type chosen: Type first, then the fields every incident has. */
const UNTYPED_FORM = ['Type', 'Title', 'Severity', 'Category', 'Summary', 'Private incident', 'Commander'];
const incidentCount = async () =>
  Number((await sql<{ n: string }>`select count(*) as n from incidents`.execute(h.db)).rows[0].n);

/** Opens the declare form and picks `type` in it, as Slack sends a dispatched select; returns the view id. */
async function openWithType(type: string, title = 'Typed incident') {
  const view = await openDeclare(h, 'UALICE', 'CGENERAL', title);
  const res = await h.emulator.selectInView({
    user: 'UALICE',
    viewId: view.id,
    actionId: TYPE_SELECT.action,
    value: type,
  });
  expect(res.status).toBe(200);
  await h.bot.idle();
  return view.id;
}

test('the declare form shows Type first, dispatching, and no fields until a type is chosen', async () => {
  const view = await openDeclare(h, 'UALICE', 'CGENERAL', 'Anything');
  const blocks = view.view.blocks ?? [];
  expect(labels(view.id)).toEqual(UNTYPED_FORM);
  expect(blocks[0]).toMatchObject({ block_id: TYPE_SELECT.block, dispatch_action: true, optional: true });
  expect(blocks[0].element?.options?.map((o) => o.value)).toEqual(['security', 'customer-facing', 'internal']);
});

test('choosing a type updates the form with views.update and the view hash, keeping what was typed', async () => {
  const view = await openDeclare(h, 'UALICE', 'CGENERAL', 'Phishing wave');
  const before = ws().views.get(view.id)!.hash;
  await h.emulator.selectInView({
    user: 'UALICE',
    viewId: view.id,
    actionId: TYPE_SELECT.action,
    value: 'security',
    values: { [F.summary.action]: 'Mails with a fake login page' },
  });
  await h.bot.idle();
  const updates = ws()
    .callsTo('views.update')
    .filter((c) => c.args.view_id === view.id);
  expect(updates).toHaveLength(1);
  expect(updates[0].args.hash).toBe(before);
  const rec = ws().views.get(view.id)!;
  expect(rec.hash).not.toBe(before);
  expect(labels(view.id)).toEqual([
    'Type',
    'Attack vector',
    'Systems touched',
    'Security owner',
    ...UNTYPED_FORM.slice(1),
  ]);
  const blocks = rec.view.blocks ?? [];
  expect(blocks[0].element?.initial_option?.value).toBe('security');
  expect(blocks[1]).toMatchObject({ optional: false });
  expect(blocks[1].element?.options?.map((o) => o.value)).toEqual(['phishing', 'malware', 'insider']);
  // Security is private by default: the box comes ticked.
  expect(blocks.find((b) => b.block_id === F.private.block)?.element?.initial_options).toHaveLength(1);
  expect(blocks.find((b) => b.block_id === F.summary.block)?.element?.initial_value).toBe(
    'Mails with a fake login page',
  );
  expect(blocks.find((b) => b.block_id === F.title.block)?.element?.initial_value).toBe('Phishing wave');

  // Another type: that type's fields instead.
  await h.emulator.selectInView({ user: 'UALICE', viewId: view.id, actionId: TYPE_SELECT.action, value: 'internal' });
  await h.bot.idle();
  expect(labels(view.id)).toEqual(UNTYPED_FORM);
});

test('a form changed meanwhile is not overwritten: a stale hash is refused with hash_conflict', async () => {
  const view = await openDeclare(h, 'UALICE', 'CGENERAL', 'Race');
  const stale = ws().views.get(view.id)!.hash;
  await h.emulator.selectInView({ user: 'UALICE', viewId: view.id, actionId: TYPE_SELECT.action, value: 'security' });
  await h.bot.idle();
  const res = await fetch(`${h.emulator.apiUrl}views.update`, {
    method: 'POST',
    headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ view_id: view.id, hash: stale, view: ws().views.get(view.id)!.view }),
  });
  expect(await res.json()).toMatchObject({ ok: false, error: 'hash_conflict' });
});

test('a required field left empty is a field error and nothing is created', async () => {
  const viewId = await openWithType('security', 'No vector given');
  const count = await incidentCount();
  // Slack's client holds back an empty required input; the server checks again all the same.
  const res = await submitRaw(h, 'UALICE', viewId, { ...declareValues({ title: 'No vector given' }) });
  expect(res.body).toEqual({
    response_action: 'errors',
    errors: { declare_field_vector: expect.stringContaining('Attack vector is required') },
  });
  expect(await incidentCount()).toBe(count);
});

test('a typed incident stores its type and checked fields, takes the type defaults and shows them', async () => {
  const viewId = await openWithType('security', 'Credential stuffing');
  const res = await h.emulator.submitView({
    user: 'UALICE',
    viewId,
    values: {
      ...declareValues({ title: 'Credential stuffing', severity: 'SEV1', private: false, commander: 'UALICE' }),
      field_vector: 'phishing',
      field_systems: ['api', 'vpn'],
      field_owner: 'UBOB',
    },
  });
  expect(formAnswer(res)).toContain('is declared');
  await h.bot.idle();
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', viewId)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({ incident_type: 'security', is_private: true });
  expect(row.fields).toEqual({
    vector: { label: 'Attack vector', kind: 'select', value: 'phishing' },
    systems: { label: 'Systems touched', kind: 'multi_select', value: ['api', 'vpn'] },
    owner: { label: 'Security owner', kind: 'user', value: 'UBOB' },
  });
  // Private by its type: no announcement anywhere.
  expect(
    ws()
      .messagesIn('CINCIDENTS')
      .some((m) => m.text.includes('Credential stuffing')),
  ).toBe(false);
  const header = ws()
    .messagesIn(row.channel_id!)
    .find((m) => m.ts === row.header_ts)!;
  const text = JSON.stringify(header.blocks);
  expect(text).toContain('*Type*\\nsecurity');
  expect(text).toContain('*Attack vector*\\nphishing');
  expect(text).toContain('*Systems touched*\\napi, vpn');
  expect(text).toContain('*Security owner*\\n<@UBOB>');
  // In the type's order, not the stored JSON's.
  const at = (label: string) => text.indexOf(`*${label}*`);
  expect(at('Type')).toBeLessThan(at('Attack vector'));
  expect(at('Attack vector')).toBeLessThan(at('Systems touched'));
  expect(at('Systems touched')).toBeLessThan(at('Security owner'));
});

test('a type with announcementChannel null is not announced; a number field takes a number', async () => {
  const internal = await declare(h, 'UALICE', { title: 'Internal wiki slow' });
  expect(
    ws()
      .messagesIn('CINCIDENTS')
      .some((m) => m.text.includes('Internal wiki slow')),
  ).toBe(true);

  const viewId = await openWithType('internal', 'Build farm down');
  await h.emulator.submitView({ user: 'UALICE', viewId, values: declareValues({ title: 'Build farm down' }) });
  await h.bot.idle();
  const row = await h.db
    .selectFrom('incidents')
    .selectAll()
    .where('declare_key', '=', viewId)
    .executeTakeFirstOrThrow();
  expect(row.incident_type).toBe('internal');
  expect(
    ws()
      .messagesIn('CINCIDENTS')
      .some((m) => m.text.includes('Build farm down')),
  ).toBe(false);
  expect(internal.incident_type).toBeNull();

  const cf = await openWithType('customer-facing', 'Checkout errors for some');
  const bad = await h.emulator.submitView({
    user: 'UALICE',
    viewId: cf,
    values: { ...declareValues({ title: 'Checkout errors for some' }), field_customers: 'many' },
  });
  expect(bad.body).toEqual({
    response_action: 'errors',
    errors: { declare_field_customers: 'Enter a number.' },
  });
  await h.emulator.submitView({
    user: 'UALICE',
    viewId: cf,
    values: { ...declareValues({ title: 'Checkout errors for some' }), field_customers: '42' },
  });
  await h.bot.idle();
  const typed = await h.db.selectFrom('incidents').selectAll().where('declare_key', '=', cf).executeTakeFirstOrThrow();
  expect(typed.fields).toEqual({ customers: { label: 'Customers affected', kind: 'number', value: 42 } });
  const { replies } = await run(h, 'UALICE', typed.channel_id!, 'status');
  expect(replies.join('\n')).toContain('*Customers affected*\\n42');
});

test('a field the policy has since dropped stays readable with its stored label', async () => {
  const row = await declare(h, 'UALICE', { title: 'Old typed incident' });
  await h.db
    .updateTable('incidents')
    .set({
      incident_type: 'customer-facing',
      fields: JSON.stringify({
        customers: { label: 'Customers affected', kind: 'number', value: 3 },
        region: { label: 'Region (retired)', kind: 'select', value: 'eu-west' },
      }),
    })
    .where('id', '=', row.id)
    .execute();
  const { replies } = await run(h, 'UALICE', row.channel_id, 'status');
  const text = replies.join('\n');
  expect(text).toContain('*Region (retired)*\\neu-west');
  expect(text).toContain('*Customers affected*\\n3');
});

describe('the update form', () => {
  /** Declares a security incident with its vector, returns its row. */
  async function declareSecurity(title: string, severity = 'SEV2') {
    const viewId = await openWithType('security', title);
    await h.emulator.submitView({
      user: 'UALICE',
      viewId,
      values: { ...declareValues({ title, severity, commander: 'UALICE' }), field_vector: 'malware' },
    });
    await h.bot.idle();
    return h.db.selectFrom('incidents').selectAll().where('declare_key', '=', viewId).executeTakeFirstOrThrow();
  }
  async function openUpdate(channel: string) {
    const before = new Set(
      ws()
        .openViews('UALICE')
        .map((v) => v.id),
    );
    await h.emulator.command({ user: 'UALICE', channel, text: 'update' });
    await h.bot.idle();
    return ws()
      .openViews('UALICE')
      .find((v) => !before.has(v.id))!;
  }

  test('shows the type’s fields with their values and changes them with the update; the header follows', async () => {
    const row = await declareSecurity('Ransomware note found');
    const form = await openUpdate(row.channel_id!);
    const blocks = form.view.blocks ?? [];
    expect(blocks.map((b) => b.label?.text).slice(-3)).toEqual(['Attack vector', 'Systems touched', 'Security owner']);
    expect(blocks.find((b) => b.block_id === 'update_field_vector')?.element?.initial_option?.value).toBe('malware');
    // A value a policy change dropped is kept as it was.
    await h.db
      .updateTable('incidents')
      .set({
        fields: JSON.stringify({
          ...(row.fields as object),
          retired: { label: 'Retired field', kind: 'text', value: 'kept' },
        }),
      })
      .where('id', '=', row.id)
      .execute();
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: form.id,
      values: { [U.text.action]: 'Contained on two hosts', field_vector: 'phishing', field_systems: ['db'] },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    const after = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.fields).toEqual({
      vector: { label: 'Attack vector', kind: 'select', value: 'phishing' },
      systems: { label: 'Systems touched', kind: 'multi_select', value: ['db'] },
      retired: { label: 'Retired field', kind: 'text', value: 'kept' },
    });
    const header = ws().findMessage(row.channel_id!, row.header_ts!)!;
    expect(JSON.stringify(header.blocks)).toContain('*Attack vector*\\nphishing');
    expect(JSON.stringify(header.blocks)).toContain('*Retired field*\\nkept');
    // The change is on the timeline and in the audit log, with what each field was and became.
    const [changed] = await h.db
      .selectFrom('incident_events')
      .select(['data', 'actor', 'before', 'after'])
      .where('incident_id', '=', row.id)
      .where('kind', '=', 'fields_changed')
      .execute();
    expect(changed.actor).toBe('UALICE');
    expect(changed.data).toEqual({
      changes: [
        { label: 'Attack vector', from: 'malware', to: 'phishing' },
        { label: 'Systems touched', from: null, to: 'db' },
      ],
    });
    expect(changed.before).not.toBeNull();
    const timeline = await run(h, 'UALICE', row.channel_id!, 'timeline');
    expect(timeline.replies.join()).toContain('Fields: Attack vector malware → phishing');
  });

  test('the type’s severity policy sets the update cadence the form offers', async () => {
    const row = await declareSecurity('Fast cadence', 'SEV1');
    const form = await openUpdate(row.channel_id!);
    const next = (form.view.blocks ?? []).find((b) => b.block_id === U.next.block)!;
    // security overrides SEV1's updateEvery to 10m (the default policy's is 30m).
    expect(next.element?.initial_option?.value).toBe(String(10 * 60_000));
    const untyped = await declare(h, 'UALICE', { title: 'Default cadence', severity: 'SEV1', commander: 'UALICE' });
    const other = await openUpdate(untyped.channel_id);
    expect((other.view.blocks ?? []).find((b) => b.block_id === U.next.block)!.element?.initial_option?.value).toBe(
      String(30 * 60_000),
    );
  });

  test('a required field emptied on the update form is a field error and changes nothing', async () => {
    const row = await declareSecurity('Suspicious login');
    const form = await openUpdate(row.channel_id!);
    const notes = await h.db.selectFrom('timeline_entries').select('id').where('incident_id', '=', row.id).execute();
    const res = await submitRaw(h, 'UALICE', form.id, { [U.text.action]: 'Update', field_vector: null });
    expect(res.body).toEqual({
      response_action: 'errors',
      errors: { update_field_vector: expect.stringContaining('Attack vector is required') },
    });
    const after = await h.db.selectFrom('incidents').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    expect(after.fields).toEqual(row.fields);
    expect(
      await h.db.selectFrom('timeline_entries').select('id').where('incident_id', '=', row.id).execute(),
    ).toHaveLength(notes.length);
  });
});

describe('roles from the policy', () => {
  test('a configured role is assigned with /incident role, stored, shown and its duties sent by DM', async () => {
    const row = await declare(h, 'UALICE', { title: 'Roles from the policy', commander: 'UALICE' });
    const dmsBefore = ws().dmsTo('UBOB').length;
    const { replies } = await run(h, 'UALICE', row.channel_id, 'role security-lead <@UBOB>');
    expect(replies).toEqual([]);
    // On the timeline like the built-in roles.
    expect((await run(h, 'UALICE', row.channel_id, 'timeline')).replies.join()).toContain('security-lead: <@UBOB>');
    expect(
      await h.db.selectFrom('incident_roles').select(['role', 'user_id']).where('incident_id', '=', row.id).execute(),
    ).toEqual([{ role: 'security-lead', user_id: 'UBOB' }]);
    const dm = ws()
      .dmsTo('UBOB')
      .slice(dmsBefore)
      .map((m) => m.text)
      .join('\n');
    expect(dm).toContain('the *security-lead*');
    expect(dm).toContain('You own the forensics and the evidence.');
    expect(
      ws()
        .messagesIn(row.channel_id)
        .some((m) => m.text.includes('made <@UBOB> the *security-lead*')),
    ).toBe(true);
    expect(ws().isMember(row.channel_id, 'UBOB')).toBe(true);
    const header = ws().findMessage(row.channel_id, row.header_ts!)!;
    expect(JSON.stringify(header.blocks)).toContain('*Security-lead*\\n<@UBOB>');
    const status = (await run(h, 'UALICE', row.channel_id, 'status')).replies.join('\n');
    expect(status).toContain('*Security-lead*\\n<@UBOB>');

    // The built-in roles keep working, with the duties the policy words.
    const carolDms = ws().dmsTo('UCAROL').length;
    await run(h, 'UALICE', row.channel_id, 'role comms <@UCAROL>');
    expect(
      ws()
        .dmsTo('UCAROL')
        .slice(carolDms)
        .map((m) => m.text)
        .join('\n'),
    ).toContain('Tell customers every 30 minutes.');
  });

  test('a role the policy does not have is answered with the roles it has, and nothing is stored', async () => {
    const row = await declare(h, 'UALICE', { title: 'Unknown role', commander: 'UALICE' });
    const { ack } = await run(h, 'UALICE', row.channel_id, 'role janitor <@UBOB>');
    expect((ack as { text: string }).text).toContain(
      "I don't understand `janitor`. Usage: `/incident role <commander|comms|scribe|security-lead> @user`",
    );
    expect(await h.db.selectFrom('incident_roles').selectAll().where('incident_id', '=', row.id).execute()).toEqual([]);
  });

  test('the Assign role form offers the configured roles and assigns one', async () => {
    const row = await declare(h, 'UALICE', { title: 'Role from the form', commander: 'UALICE' });
    const before = new Set(
      ws()
        .openViews('UALICE')
        .map((v) => v.id),
    );
    await h.emulator.clickButton({
      user: 'UALICE',
      channel: row.channel_id,
      messageTs: row.header_ts!,
      actionId: HEADER_ROLE_BUTTON,
      value: String(row.number),
    });
    await h.bot.idle();
    const form = ws()
      .openViews('UALICE')
      .find((v) => !before.has(v.id))!;
    const roleBlock = (form.view.blocks ?? []).find((b) => b.block_id === ROLE_FIELDS.role.block)!;
    expect(roleBlock.element?.options?.map((o) => o.value)).toEqual(['commander', 'comms', 'scribe', 'security-lead']);
    const res = await h.emulator.submitView({
      user: 'UALICE',
      viewId: form.id,
      values: { [ROLE_FIELDS.role.action]: 'security-lead', [ROLE_FIELDS.user.action]: 'UCAROL' },
    });
    expect(res.body).toBe('');
    await h.bot.idle();
    expect(
      await h.db.selectFrom('incident_roles').select(['role', 'user_id']).where('incident_id', '=', row.id).execute(),
    ).toEqual([{ role: 'security-lead', user_id: 'UCAROL' }]);
  });
});
