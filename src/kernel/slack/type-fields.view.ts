import type { KnownBlock } from '@slack/types';
import type { StoredFields } from '../../domain/incident';
import { typeOf } from '../../domain/incident-types';
import type { CustomField, IncidentType } from '../../domain/policy';
import { cut } from '../../domain/text';
import { checkFieldValues, MAX_TEXT_FIELD } from '../incident/field-values';
import { DECLARE_TYPE } from './ids';

// The *Type* select and a type's custom fields, on the declare form (and its fields on the update form). A field's
// block id is `<form>_field_<key>`, its action id `field_<key>`, so a submission names the field it fills.

const TYPE_SELECT = DECLARE_TYPE;

const plain = (text: string) => ({ type: 'plain_text' as const, text, emoji: true });
const option = (value: string) => ({ text: plain(cut(value, 75)), value });
const FIELD_ACTION = 'field_';
const fieldBlock = (form: string, key: string) => `${form}_field_${key}`;

/** The Type select, its choice preset; a change redraws the form. */
export function typeSelectBlock(types: readonly IncidentType[], chosen: string | null | undefined): KnownBlock {
  const picked = types.find((t) => t.name === chosen);
  return {
    type: 'input',
    block_id: TYPE_SELECT.block,
    optional: true,
    dispatch_action: true,
    label: plain(TYPE_SELECT.label),
    hint: plain('Each type has its own fields and defaults.'),
    element: {
      type: 'static_select',
      action_id: TYPE_SELECT.action,
      placeholder: plain('What kind of incident is it?'),
      options: types.slice(0, 100).map((t) => option(t.name)),
      ...(picked ? { initial_option: option(picked.name) } : {}),
    },
  };
}

/** A type's fields as inputs, each showing its current value. */
export function fieldBlocks(form: string, type: IncidentType | undefined, current: StoredFields = {}): KnownBlock[] {
  return (type?.fields ?? []).map((field) => fieldInput(form, field, current[field.key]?.value));
}

function fieldInput(form: string, field: CustomField, value: unknown): KnownBlock {
  const action_id = FIELD_ACTION + field.key;
  const offered = (v: unknown) => typeof v === 'string' && field.options.includes(v);
  const element = (() => {
    switch (field.kind) {
      case 'text':
        return {
          type: 'plain_text_input' as const,
          action_id,
          multiline: true,
          max_length: MAX_TEXT_FIELD,
          ...(typeof value === 'string' && value ? { initial_value: value } : {}),
        };
      case 'number':
        return {
          type: 'number_input' as const,
          action_id,
          is_decimal_allowed: true,
          ...(typeof value === 'number' ? { initial_value: String(value) } : {}),
        };
      case 'user':
        return {
          type: 'users_select' as const,
          action_id,
          ...(typeof value === 'string' ? { initial_user: value } : {}),
        };
      case 'select':
        return {
          type: 'static_select' as const,
          action_id,
          options: field.options.map(option),
          ...(offered(value) ? { initial_option: option(value as string) } : {}),
        };
      case 'multi_select': {
        const chosen = Array.isArray(value) ? value.filter(offered) : [];
        return {
          type: 'multi_static_select' as const,
          action_id,
          options: field.options.map(option),
          ...(chosen.length ? { initial_options: chosen.map((v) => option(v as string)) } : {}),
        };
      }
    }
  })();
  return {
    type: 'input',
    block_id: fieldBlock(form, field.key),
    optional: !field.required,
    label: plain(field.label),
    element,
  } as KnownBlock;
}

type StateEntry = {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
  selected_user?: string | null;
};

/** A view state's values as sent, including blocks a fixed schema does not name (a type's field inputs). */
export function rawValues(viewState: unknown): Record<string, Record<string, StateEntry>> {
  const values = (viewState as { values?: unknown } | null | undefined)?.values;
  return (values && typeof values === 'object' ? values : {}) as Record<string, Record<string, StateEntry>>;
}

/** The Type select's value in a view state (null when absent or empty). */
export function typeIn(values: Record<string, Record<string, StateEntry>>): string | null {
  return values[TYPE_SELECT.block]?.[TYPE_SELECT.action]?.selected_option?.value ?? null;
}

/** Every field input of the form in a view state, as raw values keyed by field key (numbers parsed). */
function fieldValuesIn(form: string, values: Record<string, Record<string, StateEntry>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const prefix = `${form}_field_`;
  for (const [block, actions] of Object.entries(values)) {
    if (!block.startsWith(prefix)) continue;
    const entry = Object.values(actions ?? {})[0] ?? {};
    const key = block.slice(prefix.length);
    if ('selected_options' in entry) out[key] = (entry.selected_options ?? []).map((o) => o.value);
    else if ('selected_option' in entry) out[key] = entry.selected_option?.value ?? null;
    else if ('selected_user' in entry) out[key] = entry.selected_user ?? null;
    else out[key] = asNumberIfNumeric(entry.value ?? null);
  }
  return out;
}

/** A number input arrives as text; it is a number only when it reads as one (else the check refuses it). */
function asNumberIfNumeric(value: string | null): unknown {
  if (value === null || value.trim() === '') return value;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : value;
}

/**
 * The type and field values a submitted form names, checked against the policy: errors keyed by block id (a field
 * the type does not have is reported on `elsewhere`, the Type select by default, the form having no block for it).
 * `fixedType`: the type the form was drawn for (the update form has no Type select).
 */
export function readTypeAndFields(
  form: string,
  values: Record<string, Record<string, StateEntry>>,
  types: readonly IncidentType[],
  fixedType?: string | null,
  elsewhere: string = TYPE_SELECT.block,
):
  | { ok: true; type: string | null; fields: StoredFields }
  | { ok: false; errors: Record<string, string>; type: string | null } {
  const name = fixedType === undefined ? typeIn(values) : fixedType;
  const given = fieldValuesIn(form, values);
  if (name === null) {
    if (Object.keys(given).length)
      return { ok: false, type: null, errors: { [elsewhere]: 'Pick a type before filling its fields.' } };
    return { ok: true, type: null, fields: {} };
  }
  const type = typeOf({ types: [...types] }, name);
  if (!type) return { ok: false, type: null, errors: { [elsewhere]: 'Pick a type from the list.' } };
  const checked = checkFieldValues(type, given);
  if (checked.ok) return { ok: true, type: type.name, fields: checked.fields };
  const errors: Record<string, string> = {};
  for (const [key, message] of Object.entries(checked.errors)) {
    const own = type.fields.some((f) => f.key === key);
    errors[own ? fieldBlock(form, key) : elsewhere] = message;
  }
  return { ok: false, type: type.name, errors };
}

/** What the person had entered in the fields, kept (unchecked) when the form is redrawn. */
export function enteredFields(
  form: string,
  values: Record<string, Record<string, StateEntry>>,
  type: IncidentType | undefined,
): StoredFields {
  const given = fieldValuesIn(form, values);
  const kept: StoredFields = {};
  for (const field of type?.fields ?? []) {
    const v = given[field.key];
    if (typeof v === 'string' || typeof v === 'number' || Array.isArray(v))
      kept[field.key] = { label: field.label, kind: field.kind, value: v as string | number | string[] };
  }
  return kept;
}
