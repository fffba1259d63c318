import { spawn } from 'node:child_process';
import path from 'node:path';
import type { MixedReport } from './mixed';

/**
 * Runs part 7 as `node dist/bench/mixed-main.js` in a fresh process, with the same
 * environment, and reads back its MIXED_JSON line; its progress goes to our stderr.
 * Run in the bench's own process, the load started on a heap the earlier parts had
 * grown, and its scavenges (2-4 ms each) landed on acks of whichever app allocates
 * more: from one run to the next the same code measured 0.9x or 1.65x bare Bolt.
 * A fresh process gives both apps the heap a deployed bot has.
 */
export function mixedLoadInChild(): Promise<{ report: MixedReport; load: [number, number] }> {
  const script = path.join(__dirname, 'mixed-main.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const json = out.split('\n').find((l) => l.startsWith('MIXED_JSON '));
      if (code !== 0 || !json)
        return reject(
          new Error(
            `mixed load child exited with ${code}${json ? '' : ' and printed no MIXED_JSON line'}: ${out.slice(-500)}`,
          ),
        );
      try {
        const { load, ...report } = JSON.parse(json.slice('MIXED_JSON '.length)) as MixedReport & {
          load: [number, number];
        };
        resolve({ report: report as MixedReport, load });
      } catch (e) {
        reject(new Error(`mixed load child printed bad JSON: ${String(e)}`));
      }
    });
  });
}
