import { closeSockets } from './lib/load';
import { type PartResult, RESULT_PREFIX } from './lib/part';
import { PARTS } from './parts';

/**
 * One part of the bench in a process of its own (forked by run.ts with
 * `--expose-gc`): `node dist/bench/child.js <part> [--quick]`, also handy alone under
 * `node --cpu-prof`. Prints its result as one `PART_JSON {...}` line; whatever the part
 * started is stopped in reverse order, also when it fails.
 */
const [name, ...flags] = process.argv.slice(2);
const quick = flags.includes('--quick');
const started = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`bench ${name} +${((performance.now() - started) / 1000).toFixed(1)} s: ${msg}\n`);
const cleanups: { what: string; fn: () => Promise<unknown> }[] = [];

async function main(): Promise<void> {
  const part = PARTS.find((p) => p.name === name);
  if (!part) throw new Error(`no part '${name}' (parts: ${PARTS.map((p) => p.name).join(', ')})`);
  const outcome = await part.run({ quick, progress, defer: (what, fn) => cleanups.push({ what, fn }) });
  const result: PartResult = { part: part.name, quick, ...outcome };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main()
  .catch((e: unknown) => {
    progress(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    closeSockets();
    for (const c of cleanups.splice(0).reverse())
      await c.fn().catch((e: unknown) => progress(`cleanup of ${c.what} failed: ${String(e)}`));
    // Explicitly: a stray keep-alive socket or timer must not keep a finished part alive.
    process.exit();
  });
