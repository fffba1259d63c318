import { createDatabase } from '../db/connect';
import { PgUnitOfWork } from '../db/unit-of-work';
import { incidentRef, parseIncidentRef } from '../domain/incident';
import { databaseFromEnv } from './database-from-env';
import { ReviewCliError as CliError } from './review';

/** One JSON object per state change: actor, time, what changed, and the incident before and after. */
export async function auditLines(databaseUrl: string, ref: string): Promise<string[]> {
  const number = parseIncidentRef(ref);
  if (number === undefined) throw new CliError(`"${ref}" is not an incident; write it like INC-42`);
  const database = createDatabase(databaseUrl, { max: 1 });
  try {
    const uow = new PgUnitOfWork(database.db);
    const incident = await uow.incidents.findByNumber(number);
    if (!incident) throw new CliError(`${incidentRef(number)} does not exist`);
    const log = await uow.incidents.auditLog(incident.id);
    return log.map((e) => JSON.stringify({ incident: incidentRef(number), at: e.at.toISOString(), actor: e.actor, change: e.kind, data: e.data, before: e.before, after: e.after }));
  } finally {
    await database.close();
  }
}

/** `npm run audit -- INC-42` */
async function main(): Promise<void> {
  const ref = process.argv[2];
  if (!ref) throw new CliError('usage: npm run audit -- INC-42');
  const { url, stop } = await databaseFromEnv(process.env);
  try {
    for (const line of await auditLines(url, ref)) process.stdout.write(`${line}\n`);
  } finally {
    await stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`${e instanceof CliError ? e.message : ((e as Error).stack ?? String(e))}\n`);
    process.exit(1);
  });
}
