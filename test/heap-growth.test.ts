import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { heapGrowthFlag, tuneHeapGrowth } from '../src/util/heap-growth';

vi.mock('node:v8', () => ({ setFlagsFromString: vi.fn() }));

describe("a server process's heap growing factor", () => {
  afterEach(() => vi.mocked(setFlagsFromString).mockClear());

  it('is set to 100% unless the process was started with one of its own', () => {
    expect(heapGrowthFlag([])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=4096'])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--heap-growing-percent=50'])).toBeNull();
    expect(heapGrowthFlag(['--heap_growing_percent=0'])).toBeNull();
  });

  it('is given to V8 when the process has none of its own, and left alone when it has', () => {
    tuneHeapGrowth([]);
    expect(setFlagsFromString).toHaveBeenCalledExactlyOnceWith('--heap-growing-percent=100');
    vi.mocked(setFlagsFromString).mockClear();
    tuneHeapGrowth(['--heap-growing-percent=7']);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});
