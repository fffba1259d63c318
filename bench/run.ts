import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type PartResult, RESULT_PREFIX } from './lib/part';
import { PARTS } from './parts';

/**
 * `npm run bench [-- --quick] [-- <part>…]`: runs each part (bench/parts/*.ts) in a
 * child process of its own, one after another, prints every goal as PASS/FAIL and a
 * final `BENCH_JSON {...}` line, and writes the same JSON to bench-results.json
 * (BENCH_RESULTS overrides the path). Exit 0 even when a goal fails (this is a
 * measurement); non-zero only when a part itself broke.
 */

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const asked = args.filter((a) => !a.startsWith('--'));
const unknown = asked.filter((a) => !PARTS.some((p) => p.name === a));
if (unknown.length) {
  process.stderr.write(`bench: no part ${unknown.join(', ')}; parts: ${PARTS.map((p) => p.name).join(', ')}\n`);
  process.exit(2);
}
const parts = asked.length ? PARTS.filter((p) => asked.includes(p.name)) : PARTS;

function runChild(name: string): Promise<PartResult> {
  const script = path.join(__dirname, 'child.js');
  // --expose-gc: the keep part's heap figure needs a collected baseline.
  const child = spawn(process.execPath, ['--expose-gc', script, name, ...(quick ? ['--quick'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
  });
  return new Promise((resolve) => {
    const broke = (error: string): PartResult => ({ part: name, quick, goals: [], figures: {}, error });
    child.on('error', (e) => resolve(broke(e.message)));
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code !== 0 || !line) return resolve(broke(`exited with ${code}${line ? '' : ', no result line'}`));
      try {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as PartResult);
      } catch (e) {
        resolve(broke(`bad result line: ${String(e)}`));
      }
    });
  });
}

const fmt = (n: number) => (Number.isFinite(n) ? String(n) : '-');

async function main(): Promise<number> {
  const started = Date.now();
  const results: PartResult[] = [];
  for (const part of parts) {
    process.stderr.write(`bench: part ${part.name}${quick ? ' (quick)' : ''}…\n`);
    const t0 = Date.now();
    const r = await runChild(part.name);
    results.push(r);
    const lines = [`\n${part.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`];
    if (r.error) lines.push(`  ERROR  the part broke: ${r.error}`, ...part.goals.map((g) => `  -      ${g}`));
    for (const g of r.goals)
      lines.push(`  ${g.pass ? 'PASS' : 'FAIL'}  ${g.name}: ${fmt(g.value)} ${g.unit} (goal ${g.goal})`);
    if (!r.error && part.summary) lines.push(...part.summary(r.figures));
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  const json = {
    node: process.version,
    cpus: os.cpus().length,
    quick,
    seconds: Math.round((Date.now() - started) / 1000),
    loadAverage: os.loadavg()[0],
    parts: results,
    allPass: results.every((r) => !r.error && r.goals.every((g) => g.pass)),
  };
  const file = process.env.BENCH_RESULTS || 'bench-results.json';
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`\nbench: ${json.seconds} s, results in ${file}\nBENCH_JSON ${JSON.stringify(json)}\n`);
  return results.some((r) => r.error) ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`bench: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
