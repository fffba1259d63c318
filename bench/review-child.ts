import { execFile } from 'node:child_process';
import path from 'node:path';

export interface ReviewGenerationResult {
  entries: number;
  /** Median render time. */
  ms: number;
  /** Largest heap growth over one render (see review-generation.ts). */
  extraHeapMb: number;
  /** Whether the child could collect before each render: without it the heap figure is only indicative. */
  gc: boolean;
}

/** Runs bench/review-generation-main.js in `node --expose-gc` and reads its JSON line. */
export function reviewGenerationInChild(entries: number): Promise<ReviewGenerationResult> {
  const script = path.join(__dirname, 'review-generation-main.js');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', script, String(entries)],
      { timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`review generation child: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ReviewGenerationResult);
        } catch {
          reject(new Error(`review generation child printed no JSON: ${stdout.slice(0, 300)}`));
        }
      },
    );
  });
}
