import type { Args } from './types';

/**
 * A Slack Web API refusal. Thrown by rules and method handlers and turned by
 * the transport into HTTP 200 `{ ok: false, error }`, as Slack answers.
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    /** Goes to response_metadata.messages, Slack's place for the "why". */
    readonly messages?: string[],
    readonly extra?: Record<string, unknown>,
  ) {
    super(messages?.length ? `${code}: ${messages.join('; ')}` : code);
  }
}

// Form bodies carry everything as strings; JSON bodies carry real types.
// These helpers accept both so handlers need not care which one arrived.

export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function int(args: Args, key: string, fallback: number): number {
  const v = Number(args[key]);
  return Number.isFinite(v) && args[key] !== undefined && args[key] !== '' ? Math.trunc(v) : fallback;
}

/** Comma list as Slack takes it: 'U1,U2' (arrays from JSON bodies accepted too). */
export function list(args: Args, key: string): string[] {
  const v = args[key];
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v !== 'string') return [];
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
