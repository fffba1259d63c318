import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The README promises `npm ci && npm test` on a machine with only Node and npm:
// npm test must never reach a file that needs a browser, a build or a package install.

const REPO = path.resolve(__dirname, '..', '..');
const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
const scripts = (
  JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
).scripts;

/** The files an npm script's jest command would run, relative to tests/. */
function listed(script: string): string[] {
  const command = scripts[script];
  const m = /^jest((?:\s+[\w:-]+)*)$/.exec(command ?? '');
  if (!m) throw new Error(`npm script "${script}" is "${command}"; this test expects a plain jest command`);
  const res = spawnSync(process.execPath, [JEST, ...m[1].trim().split(/\s+/), '--listTests'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`jest --listTests for ${script} exited ${res.status}:\n${res.stderr}`);
  return res.stdout
    .split('\n')
    .filter((l) => l.endsWith('.test.ts'))
    .map((l) => path.relative(path.join(REPO, 'tests'), l))
    .sort();
}

function testFiles(folder: string): string[] {
  return (readdirSync(path.join(REPO, 'tests', folder), { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(folder, f))
    .sort();
}

describe('test tiers', () => {
  test('npm test runs every unit and integration file and no e2e or packaging file', () => {
    const files = listed('test');
    expect(files.filter((f) => !/^(unit|integration)\//.test(f))).toEqual([]);
    expect(files).toEqual([...testFiles('unit'), ...testFiles('integration')].sort());
  });

  test('npm run test:e2e runs the browser journeys and npm run test:packaging the build and install tests', () => {
    expect(listed('test:e2e')).toEqual(testFiles('e2e'));
    expect(listed('test:packaging')).toEqual(testFiles('packaging'));
    expect(testFiles('packaging')).toEqual(['packaging/dockerfile.test.ts', 'packaging/npm-start.test.ts']);
  });

  test('nothing npm test runs drives a browser', () => {
    const browserImport = /from '(playwright-core|puppeteer-core)'|from '[./]*\/e2e\//;
    const offenders = listed('test').filter((f) =>
      browserImport.test(readFileSync(path.join(REPO, 'tests', f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  test('every test file under tests/ belongs to a tier', () => {
    // A file outside the four tier folders would match no project and never run anywhere.
    const all = testFiles('.').map((f) => path.normalize(f));
    const tiered = ['unit', 'integration', 'e2e', 'packaging'].flatMap(testFiles);
    expect(all.filter((f) => !tiered.includes(f))).toEqual([]);
  });

  test('.ci/run runs every tier', () => {
    const ci = readFileSync(path.join(REPO, '.ci', 'run'), 'utf8');
    for (const command of ['npm test', 'npm run test:e2e', 'npm run test:packaging'])
      expect({ command, inCi: ci.includes(command) }).toEqual({ command, inCi: true });
  });
});
