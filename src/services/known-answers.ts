import type DataLoader from 'dataloader';

/**
 * A DataLoader's cache that can also hold answers known without a promise:
 * ones taken from the shared read cache, settled, when a resolver first asks
 * for the key. A later `load` of the key in the same request answers the
 * same (as a resolved promise), and `clear` forgets it as it forgets a
 * loaded key; a key loaded first is answered by its promise only, so one
 * request never sees two answers for a key.
 */
export class KnownAnswers<V> implements DataLoader.CacheMap<string, Promise<V>> {
  private readonly entries = new Map<string, { promise?: Promise<V>; answer?: { value: V } }>();

  get(key: string): Promise<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    return (entry.promise ??= Promise.resolve(entry.answer!.value));
  }

  set(key: string, promise: Promise<V>): void {
    this.entries.set(key, { promise });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The answer for `key` without a promise: the known one, else what `settled` has, if the key was not loaded first. */
  settled(key: string, settled: () => { value: V } | undefined): V | undefined {
    let entry = this.entries.get(key);
    if (!entry) {
      const answer = settled();
      if (!answer) return undefined;
      this.entries.set(key, (entry = { answer }));
    }
    return entry.answer?.value;
  }
}
