import { z } from 'zod';
import { FIELD_KINDS, type FieldValue, type StoredFields } from '../../domain/incident';
import { typeOf } from '../../domain/incident-types';
import type { CustomField, IncidentType, Policy } from '../../domain/policy';

// Custom field values are checked with zod against the policy's incident type at every write, and read back
// leniently: a stored value the policy no longer describes is still shown, never a failure.

export const MAX_TEXT_FIELD = 2000;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

const valueSchema = (field: CustomField): z.ZodType<FieldValue> => {
  switch (field.kind) {
    case 'text':
      return z.string().trim().min(1, 'Fill this in.').max(MAX_TEXT_FIELD, `Keep it to ${MAX_TEXT_FIELD} characters.`);
    case 'select':
      return z.string().refine((v) => field.options.includes(v), 'Pick one of the options offered.');
    case 'multi_select':
      return z
        .array(z.string())
        .min(1, 'Pick at least one.')
        .refine((vs) => vs.every((v) => field.options.includes(v)), 'Pick only options offered.')
        .transform((vs) => [...new Set(vs)]);
    case 'user':
      return z.string().regex(USER_ID, 'Pick a person.');
    case 'number':
      return z.number({ error: 'Enter a number.' }).finite('Enter a number.');
  }
};

/**
 * The values a type's fields are given, checked against the policy: an unknown key, a value of the wrong kind, an
 * option not offered or a required field left empty is refused, each error keyed by field. Empty values (`null`,
 * `''`, `[]`) count as left empty.
 */
export function checkFieldValues(
  type: IncidentType,
  given: Record<string, unknown>,
): { ok: true; fields: StoredFields } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const fields: StoredFields = {};
  for (const key of Object.keys(given))
    if (!type.fields.some((f) => f.key === key)) errors[key] = `The type ${type.name} has no field "${key}".`;
  for (const field of type.fields) {
    const raw = given[field.key];
    if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
      if (field.required) errors[field.key] = `${field.label} is required for ${type.name} incidents.`;
      continue;
    }
    const parsed = valueSchema(field).safeParse(raw);
    if (!parsed.success) errors[field.key] = parsed.error.issues[0]?.message ?? 'Not a valid value.';
    else fields[field.key] = { label: field.label, kind: field.kind, value: parsed.data };
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, fields };
}

/**
 * Values about to be written for an incident of type `name`, checked again against the policy (a form may be older
 * than the policy it is read with); `kept`: values of fields the type no longer has, left as they were stored.
 */
export function recheckFields(
  policy: Pick<Policy, 'types'>,
  name: string | null | undefined,
  fields: StoredFields | undefined,
  kept: StoredFields = {},
): { ok: true; fields: StoredFields } | { ok: false; message: string } {
  const given = Object.fromEntries(Object.entries(fields ?? {}).map(([k, f]) => [k, f.value]));
  if (!name)
    return Object.keys(given).length ? { ok: false, message: 'Fields need a type.' } : { ok: true, fields: {} };
  const type = typeOf(policy, name);
  if (!type) return { ok: false, message: `There is no incident type "${name}".` };
  const checked = checkFieldValues(type, given);
  if (!checked.ok) return { ok: false, message: Object.values(checked.errors).join(' ') };
  const dropped = Object.fromEntries(Object.entries(kept).filter(([k]) => !type.fields.some((f) => f.key === k)));
  return { ok: true, fields: { ...dropped, ...checked.fields } };
}

/** A stored field's JSON (the outbox's codec reads incidents with it too). */
export const storedField = z.object({
  label: z.string(),
  kind: z.enum(FIELD_KINDS),
  value: z.union([z.string(), z.array(z.string()), z.number()]),
});

/** Stored JSON read back; an entry that is not a stored field is left out rather than failing the incident. */
export function readStoredFields(raw: unknown): StoredFields {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const out: StoredFields = {};
  for (const [key, value] of Object.entries(raw)) {
    const parsed = storedField.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
  }
  return out;
}
