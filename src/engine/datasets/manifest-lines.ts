import { LOOKOUT_LIMITS } from '../../lookout/constraints';
import { ImportError } from './import-error';

export interface ManifestLine {
  /** 1-based, counting blank lines too, as an editor does. */
  number: number;
  text: string;
}

const NEWLINE = 0x0a;

/**
 * Splits a stream of bytes into lines, holding at most one line of
 * `maxLineBytes` plus the chunk being split. Node's readline has no such
 * bound: a manifest that is one 100 MB "line" would be buffered whole. A
 * UTF-8 newline byte never occurs inside a multi-byte character, so lines are
 * cut on bytes and decoded whole.
 */
export async function* manifestLines(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, maxLineBytes: number): AsyncGenerator<ManifestLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const tooLong = (): never => {
    throw new ImportError(`Manifest line ${number + 1}: the entry is longer than ${LOOKOUT_LIMITS.maxDatasetEntryChars} characters.`);
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE, start); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      if (pendingBytes + end - start > maxLineBytes) tooLong();
      const text = decode([...pending, chunk.subarray(start, end)]);
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      yield { number: ++number, text };
    }
    if (start < chunk.length) {
      pendingBytes += chunk.length - start;
      if (pendingBytes > maxLineBytes) tooLong();
      pending.push(chunk.subarray(start));
    }
  }
  if (pendingBytes > 0) yield { number: ++number, text: decode(pending) };
}

/**
 * The lines of a buffer with something on them (a blank line is no entry), to
 * check a request's size before it is taken on. Buffer.indexOf scans natively;
 * a split would copy every line.
 */
export function countEntryLines(bytes: Buffer): number {
  let count = 0;
  for (let start = 0; start < bytes.length; ) {
    const end = bytes.indexOf(NEWLINE, start);
    const stop = end === -1 ? bytes.length : end;
    if (bytes.subarray(start, stop).some((byte) => byte > 0x20)) count++;
    start = stop + 1;
  }
  return count;
}

function decode(parts: Buffer[]): string {
  const text = (parts.length === 1 ? parts[0] : Buffer.concat(parts)).toString('utf8');
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
