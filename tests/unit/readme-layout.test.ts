import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The README's layout block is how a newcomer finds a behaviour in one step; it is only worth that while it
// matches the tree. Every folder of the product (src/**) and every workspace package must have its line, and
// every path the block names must exist.

const REPO = path.resolve(__dirname, '..', '..');

function layoutBlock(): string[] {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const development = readme.slice(readme.indexOf('\n## Development'));
  const block = /```\n(src\/main\.ts[\s\S]*?)```/.exec(development);
  if (!block)
    throw new Error('README.md: no layout block (a fenced block starting with src/main.ts) under Development');
  return block[1].split('\n').filter((line) => line.trim() !== '');
}

/** The paths a line names before its description: `tests/e2e/, tests/packaging/  the sandbox…` names two. */
function namedPaths(line: string): string[] {
  const [paths] = line.split(/\s{2,}/);
  return paths.split(',').map((p) => p.trim());
}

function foldersUnder(dir: string): string[] {
  return readdirSync(path.join(REPO, dir))
    .map((name) => `${dir}/${name}`)
    .filter((rel) => statSync(path.join(REPO, rel)).isDirectory())
    .flatMap((rel) => [`${rel}/`, ...foldersUnder(rel)]);
}

describe("the README's layout section", () => {
  const named = layoutBlock().flatMap(namedPaths);

  test('names only paths that exist', () => {
    expect(named.filter((p) => !existsSync(path.join(REPO, p)))).toEqual([]);
  });

  test('has a line for every folder of src and every workspace package', () => {
    const folders = [...foldersUnder('src'), ...readdirSync(path.join(REPO, 'packages')).map((p) => `packages/${p}/`)];
    expect(folders.filter((folder) => !named.includes(folder))).toEqual([]);
  });
});
