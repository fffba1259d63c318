import type { Worker } from 'node:worker_threads';

/** Asks a bench worker to close its sockets and exit; terminates it if it has not within 2 s. */
export async function closeWorker(worker: Worker): Promise<void> {
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.postMessage({ type: 'close' });
  const timer = setTimeout(() => void worker.terminate(), 2000);
  await exited;
  clearTimeout(timer);
}
