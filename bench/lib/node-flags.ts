/** The flags a script gives `node` before it runs dist/src/cli/start.js (package.json's start script). */
export function nodeFlagsOf(startScript: string): string[] {
  const m = /\bnode((?:\s+--\S+)*)\s+dist\/src\/cli\/start\.js/.exec(startScript);
  if (!m) throw new Error(`the start script does not run dist/src/cli/start.js: ${startScript}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}
