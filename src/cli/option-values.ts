import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for a whole number in [min, max].
 *
 * @example
 *   command.option('--concurrency <n>', 'detections at once', intOption(1, 64), 4)
 */
export function intOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** A parser for one of a few words, case-insensitive; answers it in lower case. */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const lower = value.toLowerCase() as T;
    if (!choices.includes(lower)) throw new InvalidArgumentError(`must be ${choices.join(' or ')}.`);
    return lower;
  };
}

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
