import { MAX_SUMMARY } from '../../domain/incident';
import { isSeverity, type Severity } from '../../domain/severity';
import { isStatus, type Status } from '../../domain/status';
import { UPDATE_FIELDS as F } from '../../kernel/slack/ids';

type Values = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

export interface UpdateForm {
  status: Status;
  severity: Severity | null;
  text: string;
  nextUpdateInMs: number;
}

/** Pure: the update modal's state to a form, or field errors keyed by block id. */
export function readUpdateForm(
  state: { values?: Values } | undefined,
): { ok: true; form: UpdateForm } | { ok: false; errors: Record<string, string> } {
  const v = state?.values ?? {};
  const errors: Record<string, string> = {};
  const status = v[F.status.block]?.[F.status.action]?.selected_option?.value;
  const severity = v[F.severity.block]?.[F.severity.action]?.selected_option?.value ?? null;
  const text = (v[F.text.block]?.[F.text.action]?.value ?? '').trim();
  const next = Number(v[F.next.block]?.[F.next.action]?.selected_option?.value);
  if (!isStatus(status)) errors[F.status.block] = 'Pick a status.';
  if (severity !== null && !isSeverity(severity)) errors[F.severity.block] = 'Pick one of SEV1 to SEV4.';
  if (!text) errors[F.text.block] = 'Say what changed or what you know, even "still investigating, next step X".';
  else if (text.length > MAX_SUMMARY) errors[F.text.block] = `Keep it under ${MAX_SUMMARY} characters.`;
  if (!Number.isInteger(next) || next <= 0) errors[F.next.block] = 'Pick when the next update is due.';
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    form: { status: status as Status, severity: severity as Severity | null, text, nextUpdateInMs: next },
  };
}
