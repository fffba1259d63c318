export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One line each, shown in the declare modal so a responder at 3 a.m. picks the right level. */
export const SEVERITY_MEANING: Record<Severity, string> = {
  SEV1: 'Critical: customer-facing outage or data loss, all hands',
  SEV2: 'Major: core feature degraded for many customers',
  SEV3: 'Minor: limited impact, workaround exists',
  SEV4: 'Low: no customer impact yet, needs tracking',
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Accepts `SEV2`, `sev2`, `2`. */
export function parseSeverity(text: string): Severity | undefined {
  const t = text.trim().toUpperCase();
  const candidate = /^[1-4]$/.test(t) ? `SEV${t}` : t;
  return isSeverity(candidate) ? candidate : undefined;
}
