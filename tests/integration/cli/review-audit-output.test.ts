import { auditCli } from '../../../src/cli/audit';
import { reviewCli } from '../../../src/cli/review';
import { createTestDatabase, type TestDatabase } from '../../support/database';
import { HOSTILE_SHOWN, seedHostileReview, TERMINAL_CONTROL } from '../../support/hostile-review';

let t: TestDatabase;
let ref: string;
beforeAll(async () => {
  t = await createTestDatabase();
  ref = await seedHostileReview(t.pool, 4242);
});
afterAll(() => t?.drop());

const printed = async (cli: typeof reviewCli) => {
  let out = '';
  await cli([ref], { DATABASE_URL: t.url }, (text) => {
    out += text;
  });
  return out;
};

test('npm run review prints the document without the control characters people typed, keeping tabs and newlines', async () => {
  const out = await printed(reviewCli);
  expect(out).not.toMatch(TERMINAL_CONTROL);
  expect(out).toBe(`# INC-4242: ${HOSTILE_SHOWN}\n\nRoot cause:\t${HOSTILE_SHOWN}\n`);
});

test('npm run audit prints JSON lines without control characters, the typed text still readable', async () => {
  const out = await printed(auditCli);
  expect(out).not.toMatch(TERMINAL_CONTROL);
  const lines = out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ incident: 'INC-4242', actor: 'UALICE', change: 'status' });
  expect(lines[0].data.message).toMatch(/^Disk full.*on db-1/);
});
