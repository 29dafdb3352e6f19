import { describe, expect, it, vi } from 'vitest';
import { heapGrowthFlag, tuneHeapGrowth } from '../src/util/heap-growth';

describe("a server process's heap growing factor", () => {
  it('is set to 100% unless the process was started with one of its own', () => {
    expect(heapGrowthFlag([])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=4096'])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--heap-growing-percent=50'])).toBeNull();
    expect(heapGrowthFlag(['--heap_growing_percent=0'])).toBeNull();
  });

  it('is given to V8 when the process has none of its own, and left alone when it has', () => {
    // A spy stands in for V8's setter: the flag is process-wide, and the test must not change the test runner's heap.
    const setFlags = vi.fn();
    tuneHeapGrowth([], setFlags);
    expect(setFlags).toHaveBeenCalledExactlyOnceWith('--heap-growing-percent=100');
    setFlags.mockClear();
    tuneHeapGrowth(['--heap-growing-percent=7'], setFlags);
    expect(setFlags).not.toHaveBeenCalled();
  });
});
