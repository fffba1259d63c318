import { incidentRef, parseIncidentRef } from '../domain/incident';
import { reviewRepositories } from '../features/review/review.repository';
import { EnvError } from '../kernel/config/env';
import { createDatabase } from '../kernel/db/connect';
import { createUnitOfWork } from '../kernel/db/unit-of-work';
import { databaseFromEnv } from './database-from-env';
import { forTerminal } from './terminal-text';

export class ReviewCliError extends Error {}

/** The stored review document of one incident, exactly as it was published. */
export async function reviewDocument(databaseUrl: string, ref: string): Promise<string> {
  const number = parseIncidentRef(ref);
  if (number === undefined) throw new ReviewCliError(`"${ref}" is not an incident; write it like INC-42`);
  const database = createDatabase(databaseUrl, { max: 1 });
  try {
    const uow = createUnitOfWork(database.db, reviewRepositories);
    const incident = await uow.incidents.findByNumber(number);
    if (!incident) throw new ReviewCliError(`${incidentRef(number)} does not exist`);
    const review = await uow.reviews.get(incident.id);
    if (!review?.document) {
      throw new ReviewCliError(
        `${incidentRef(number)} has no published review yet${review ? ' (only a draft)' : ''}; write it with /incident review`,
      );
    }
    return review.document;
  } finally {
    await database.close();
  }
}

/**
 * `npm run review -- INC-42` (in the Docker image: `node dist/src/cli/review.js INC-42`): uses
 * DATABASE_URL, or the embedded database `npm start` keeps under DATA_DIR. The document holds
 * what people typed in Slack, so it is printed without control characters.
 */
export async function reviewCli(args: string[], env: NodeJS.ProcessEnv, write: (text: string) => void): Promise<void> {
  const ref = args[0];
  if (!ref) throw new ReviewCliError('usage: npm run review -- INC-42');
  const { url, stop } = await databaseFromEnv(env);
  try {
    write(forTerminal(await reviewDocument(url, ref)));
  } finally {
    await stop();
  }
}

if (require.main === module) {
  reviewCli(process.argv.slice(2), process.env, (text) => process.stdout.write(text)).catch((error) => {
    process.stderr.write(
      `${error instanceof ReviewCliError || error instanceof EnvError ? error.message : ((error as Error).stack ?? String(error))}\n`,
    );
    process.exit(1);
  });
}
