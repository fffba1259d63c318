import type pg from 'pg';

/** Typed in Slack, aimed at whoever prints it: clears the screen, writes the clipboard (OSC 52), rings, returns the carriage, sends C1 CSI and DEL. */
export const HOSTILE = 'Disk full\u001b[2J\u001b]52;c;cHduZWQ=\u0007 on db-1\u0007\r\u0001\u007f\u009b\u0085';
/** What a terminal may show of it. */
export const HOSTILE_SHOWN = 'Disk full on db-1';
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** An incident whose published review and audit log carry HOSTILE; returns its reference (INC-n). */
export async function seedHostileReview(db: pg.Pool | pg.Client, number: number): Promise<string> {
  const at = new Date('2026-11-26T09:00:00Z');
  const { rows } = await db.query(
    `insert into incidents (number, title, status, is_private, declared_by, declared_at, channel_id, channel_name, updated_at)
     values ($1, $2, 'resolved', false, 'UALICE', $3, $4, $5, $3) returning id`,
    [number, HOSTILE, at, `CHOSTILE${number}`, `inc-${number}-hostile`],
  );
  const id = Number(rows[0].id);
  await db.query(
    `insert into incident_events (incident_id, kind, actor, at, data) values ($1, 'status', 'UALICE', $2, $3)`,
    [id, at, JSON.stringify({ message: HOSTILE })],
  );
  await db.query(
    `insert into reviews (incident_id, answers, status, document, updated_by, updated_at, submitted_at)
     values ($1, '{}', 'submitted', $2, 'UALICE', $3, $3)`,
    [id, `# INC-${number}: ${HOSTILE}\n\nRoot cause:\t${HOSTILE}\n`, at],
  );
  return `INC-${number}`;
}
