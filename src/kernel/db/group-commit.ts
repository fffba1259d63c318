/**
 * Group commit for one kind of write: while `maxInFlight` statements are running,
 * further calls wait and then go together in one statement (one round trip, one
 * commit) instead of one each. Nothing waits on a timer: an idle database gets
 * each call at once. Every call resolves only after the statement holding it has
 * committed. If a combined statement fails, its calls are retried one by one, so
 * one bad item fails alone instead of taking its neighbours with it; unless
 * `itemMayBeAtFault` says the failure is the database's (a timeout, a lock, a
 * read-only server), which every retry would meet again: then they all fail at once.
 */
export class GroupCommit<I, R> {
  private queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly many: (items: I[]) => Promise<R[]>,
    private readonly one: (item: I) => Promise<R>,
    // One statement at a time: with two, a statement finishing often found a single
    // call waiting and sent it alone, and the ingest bench stored fewer events per second.
    private readonly maxInFlight = 1,
    private readonly maxBatch = 200,
    private readonly itemMayBeAtFault: (e: unknown) => boolean = () => true,
  ) {}

  run(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.inFlight < this.maxInFlight) this.flush();
    });
  }

  private flush(): void {
    const batch = this.queue.splice(0, this.maxBatch);
    if (!batch.length) return;
    this.inFlight++;
    const items = batch.map((b) => b.item);
    const done = batch.length === 1 ? this.one(items[0]).then((r) => [r]) : this.many(items);
    done
      .then(
        (results) => {
          for (const [i, b] of batch.entries()) b.resolve(results[i]);
        },
        (error: unknown) => {
          const alone = batch.length > 1 && this.itemMayBeAtFault(error);
          for (const b of batch) {
            if (alone) this.one(b.item).then(b.resolve, b.reject);
            else b.reject(error);
          }
        },
      )
      .finally(() => {
        this.inFlight--;
        this.flush();
      });
  }
}
