/**
 * Runs tasks of one key one at a time, in the order they arrive; tasks of
 * different keys run side by side. A task starts when the one before it has
 * settled, whether it succeeded or failed.
 *
 *     const serial = new SerialByKey();
 *     serial.run('demo/production', () => moveAlias(...));
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
