// The product runs with the same Node flags however it is started (npm start, the Docker image), and the bench
// measures the bot with them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeFlagsOf } from '../../bench/lib/node-flags';

const repo = path.join(__dirname, '../..');
const startScript = (
  JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start;

test("npm start's flags are the Docker image's NODE_OPTIONS", () => {
  const flags = nodeFlagsOf(startScript);
  expect(flags).toContain('--max-semi-space-size=4');
  const dockerfile = readFileSync(path.join(repo, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  expect(/^ENV NODE_OPTIONS=(.*)$/m.exec(runtime)?.[1].split(/\s+/)).toEqual(flags);
});

test('the flags are read from a start script, and a script that runs something else is refused', () => {
  expect(nodeFlagsOf('npm run build --silent && exec node dist/src/cli/start.js')).toEqual([]);
  expect(nodeFlagsOf('exec node --a=1 --b dist/src/cli/start.js')).toEqual(['--a=1', '--b']);
  expect(() => nodeFlagsOf('node other.js')).toThrow('does not run dist/src/cli/start.js');
});
