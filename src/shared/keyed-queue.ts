/**
 * Runs tasks one at a time per key, in arrival order; tasks of different keys run side by side.
 * The write path queues commands by stream, so two commands on one stream in this process never
 * race each other to the same revision. A key is forgotten once its last task settles, whether it
 * succeeded or threw, so streams that go idle cost nothing.
 */
export class KeyedQueue {
  /** The last task queued for each key; a task starts once the one before it has settled. */
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task) : task();
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
