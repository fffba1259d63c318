/**
 * The ids the kernel's own views and listeners use (the command, the pinned header's buttons and the forms they
 * open, the review button on the resolve notice); each feature keeps its own next to its views, in <feature>.ids.ts.
 */
export const COMMAND = '/incident';

/** Posted with the resolve notice, which the kernel's outbox renders; the review feature answers it. */
export const REVIEW_BUTTON = 'firebreak_open_review';

/** Buttons on the pinned header; each value is the incident number. */
export const HEADER_UPDATE_BUTTON = 'firebreak_header_update';
export const HEADER_ROLE_BUTTON = 'firebreak_header_role';
export const HEADER_RESOLVE_BUTTON = 'firebreak_header_resolve';

/** A form's fields, each with block id `<form>_<field>`, action id `<field>` and its label, typed as literals. */
type FormFields<Form extends string, Labels extends Record<string, string>> = {
  readonly [Field in keyof Labels & string]: {
    readonly block: `${Form}_${Field}`;
    readonly action: Field;
    readonly label: Labels[Field];
  };
};

export function formFields<const Form extends string, const Labels extends Record<string, string>>(
  form: Form,
  labels: Labels,
): FormFields<Form, Labels> {
  // Object.fromEntries loses the literal keys; the mapped type above restores what the entries hold.
  return Object.fromEntries(
    Object.entries(labels).map(([field, label]) => [field, { block: `${form}_${field}`, action: field, label }]),
  ) as FormFields<Form, Labels>;
}

/** The declare form's *Type* select (when the policy has types): a change redraws the form with that type's fields. */
export const DECLARE_TYPE_ACTION = 'firebreak_declare_type';
export const DECLARE_TYPE = { block: 'declare_type', action: DECLARE_TYPE_ACTION, label: 'Type' } as const;

export const ROLE_MODAL = 'firebreak_assign_role';
export const ROLE_FIELDS = formFields('role', { role: 'Role', user: 'Person' });

export const RESOLVE_MODAL = 'firebreak_resolve';
export const RESOLVE_FIELDS = formFields('resolve', { message: 'Resolution note' });
