import { describe, expect, it } from 'vitest';
import { heapGrowthFlag } from '../src/util/heap-growth';

describe("a server process's heap growing factor", () => {
  it('is set to 100% unless the process was started with one of its own', () => {
    expect(heapGrowthFlag([])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--enable-source-maps', '--max-old-space-size=4096'])).toBe('--heap-growing-percent=100');
    expect(heapGrowthFlag(['--heap-growing-percent=50'])).toBeNull();
    expect(heapGrowthFlag(['--heap_growing_percent=300'])).toBeNull();
  });
});
