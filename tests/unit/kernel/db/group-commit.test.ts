import { GroupCommit } from '../../../../src/kernel/db/group-commit';

/** A statement the test finishes by hand, so what is in flight at each moment is known. */
function gate() {
  const statements: { items: number[]; finish: (fail?: Error) => void }[] = [];
  const many = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      statements.push({ items, finish: (fail) => (fail ? reject(fail) : resolve(items.map((i) => `many:${i}`))) });
    });
  const one = (item: number) =>
    new Promise<string>((resolve, reject) => {
      statements.push({ items: [item], finish: (fail) => (fail ? reject(fail) : resolve(`one:${item}`)) });
    });
  return { statements, many, one };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  test('an idle writer sends a call at once; calls arriving meanwhile go together in the next statement', async () => {
    const g = gate();
    const gc = new GroupCommit(g.many, g.one);
    const first = gc.run(1);
    expect(g.statements.map((s) => s.items)).toEqual([[1]]);
    const rest = [gc.run(2), gc.run(3), gc.run(4)];
    await tick();
    expect(g.statements).toHaveLength(1);
    g.statements[0].finish();
    expect(await first).toBe('one:1');
    await tick();
    expect(g.statements.map((s) => s.items)).toEqual([[1], [2, 3, 4]]);
    g.statements[1].finish();
    expect(await Promise.all(rest)).toEqual(['many:2', 'many:3', 'many:4']);
  });

  test('no call resolves before its statement has finished', async () => {
    const g = gate();
    const gc = new GroupCommit(g.many, g.one);
    let done = false;
    void gc.run(1).then(() => {
      done = true;
    });
    await tick();
    expect(done).toBe(false);
    g.statements[0].finish();
    await tick();
    expect(done).toBe(true);
  });

  test('a combined statement that fails is retried call by call, so only the bad call fails', async () => {
    const g = gate();
    const gc = new GroupCommit(g.many, g.one);
    void gc.run(0);
    const calls = [gc.run(1), gc.run(2), gc.run(3)].map((p) =>
      p.then(
        (r) => r,
        (e: Error) => `failed:${e.message}`,
      ),
    );
    g.statements[0].finish();
    await tick();
    g.statements[1].finish(new Error('batch'));
    await tick();
    expect(g.statements.slice(2).map((s) => s.items)).toEqual([[1], [2], [3]]);
    g.statements[2].finish();
    g.statements[3].finish(new Error('bad 2'));
    g.statements[4].finish();
    expect(await Promise.all(calls)).toEqual(['one:1', 'failed:bad 2', 'one:3']);
  });

  test('a combined statement failing for a reason no call is at fault for fails every call, without retrying each', async () => {
    const g = gate();
    const gc = new GroupCommit(g.many, g.one, 1, 200, (e) => (e as Error).message !== 'statement timeout');
    void gc.run(0);
    const calls = [gc.run(1), gc.run(2)].map((p) =>
      p.then(
        (r) => r,
        (e: Error) => `failed:${e.message}`,
      ),
    );
    g.statements[0].finish();
    await tick();
    g.statements[1].finish(new Error('statement timeout'));
    await tick();
    expect(g.statements).toHaveLength(2);
    expect(await Promise.all(calls)).toEqual(['failed:statement timeout', 'failed:statement timeout']);
  });

  test('a batch holds at most maxBatch calls', async () => {
    const g = gate();
    const gc = new GroupCommit(g.many, g.one, 1, 2);
    const all = [1, 2, 3, 4, 5].map((i) => gc.run(i));
    for (let n = 0; n < 3; n++) {
      await tick();
      g.statements[n].finish();
    }
    expect(await Promise.all(all)).toEqual(['one:1', 'many:2', 'many:3', 'many:4', 'many:5']);
    expect(g.statements.map((s) => s.items)).toEqual([[1], [2, 3], [4, 5]]);
  });
});
