import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { closeWorker } from './close-worker';

/**
 * Where Firebreak's answers to the measured `/incident status` requests go: a
 * response_url server on its own thread. Slack's end of response_url is not in
 * the bot's process; answering it from the emulator on the main thread charged
 * Slack's work (parsing, storing, validating blocks) to Firebreak's ack latency.
 * The one sanity request before the blocks still goes through the emulator, so
 * the answer's content is checked there.
 */
export class ResponseSink {
  private readonly worker = new Worker(path.join(__dirname, 'response-sink-worker.js'));
  private base = '';
  private seq = 0;

  async start(marker: string): Promise<void> {
    const port = await this.ask<{ port: number }>({ type: 'start', marker }, 'started');
    this.base = `http://127.0.0.1:${port.port}/response/`;
  }

  url(): string {
    return `${this.base}${++this.seq}`;
  }

  /** POSTs received so far, and how many of them carried the marker. */
  count(): Promise<{ received: number; marked: number }> {
    return this.ask({ type: 'count' }, 'count');
  }

  close(): Promise<void> {
    return closeWorker(this.worker);
  }

  private ask<T>(msg: object, answer: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const onMessage = (m: { type: string }) => {
        if (m.type !== answer) return;
        this.worker.off('message', onMessage);
        this.worker.off('error', reject);
        resolve(m as T);
      };
      this.worker.on('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage(msg);
    });
  }
}
