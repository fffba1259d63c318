import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { closeWorker } from './close-worker';
import type { IngestRequest, IngestResult, RunRequest, RunResult } from './load-worker';

/** The main thread's handle on the load worker: one run at a time, same sockets across runs. */
export class LoadGenerator {
  private readonly worker = new Worker(path.join(__dirname, 'load-worker.js'));

  run(r: Omit<RunRequest, 'type'>): Promise<RunResult> {
    return this.request<RunResult>({ type: 'run', ...r });
  }

  /** Closed-loop message events for `r.seconds`; see load-worker.ts. */
  ingest(r: Omit<IngestRequest, 'type'>): Promise<IngestResult> {
    return this.request<IngestResult>({ type: 'ingest', ...r });
  }

  private request<T>(req: RunRequest | IngestRequest): Promise<T> {
    return new Promise((resolve, reject) => {
      // Results are the worker's answer to `req`: one request at a time, so nothing else can arrive.
      const onMessage = (msg: { type: string; error?: string }) => {
        cleanup();
        if (msg.type === 'crash') reject(new Error(`load worker: ${msg.error}`));
        else resolve(msg as T);
      };
      const onError = (e: Error) => {
        cleanup();
        reject(e);
      };
      const cleanup = () => {
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage(req);
    });
  }

  /** Closes the worker's keep-alive sockets first, so the servers under test can stop at once. */
  close(): Promise<void> {
    return closeWorker(this.worker);
  }
}
