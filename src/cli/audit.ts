import { incidentRef, parseIncidentRef } from '../domain/incident';
import { EnvError } from '../kernel/config/env';
import { createDatabase } from '../kernel/db/connect';
import { createUnitOfWork } from '../kernel/db/unit-of-work';
import { databaseFromEnv } from './database-from-env';
import { ReviewCliError as CliError } from './review';
import { forTerminal } from './terminal-text';

/** One JSON object per state change: actor, time, what changed, and the incident before and after. */
export async function auditLines(databaseUrl: string, ref: string): Promise<string[]> {
  const number = parseIncidentRef(ref);
  if (number === undefined) throw new CliError(`"${ref}" is not an incident; write it like INC-42`);
  const database = createDatabase(databaseUrl, { max: 1 });
  try {
    const uow = createUnitOfWork(database.db);
    const incident = await uow.incidents.findByNumber(number);
    if (!incident) throw new CliError(`${incidentRef(number)} does not exist`);
    const log = await uow.incidents.auditLog(incident.id);
    return log.map((error) =>
      JSON.stringify({
        incident: incidentRef(number),
        at: error.at.toISOString(),
        actor: error.actor,
        change: error.kind,
        data: error.data,
        before: error.before,
        after: error.after,
      }),
    );
  } finally {
    await database.close();
  }
}

/**
 * `npm run audit -- INC-42` (in the Docker image: `node dist/src/cli/audit.js INC-42`). JSON
 * escapes C0 controls but not DEL or C1 ones, which some terminals obey: those are dropped.
 */
export async function auditCli(args: string[], env: NodeJS.ProcessEnv, write: (text: string) => void): Promise<void> {
  const ref = args[0];
  if (!ref) throw new CliError('usage: npm run audit -- INC-42');
  const { url, stop } = await databaseFromEnv(env);
  try {
    for (const line of await auditLines(url, ref)) write(`${forTerminal(line)}\n`);
  } finally {
    await stop();
  }
}

if (require.main === module) {
  auditCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text)).catch((error) => {
    process.stderr.write(
      `${error instanceof CliError || error instanceof EnvError ? error.message : ((error as Error).stack ?? String(error))}\n`,
    );
    process.exit(1);
  });
}
