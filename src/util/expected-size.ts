/**
 * How many bytes a stream will carry at most, told by whoever knows it (the
 * multipart parser knows how much of the request is left when a file
 * starts) to whoever reads the stream into memory, so that the reader sizes
 * its buffer once instead of growing it. Only a hint: a reader must still
 * cope with more or fewer bytes.
 */
const expected = new WeakMap<object, number>();

export function expectSize(stream: object, bytes: number): void {
  if (Number.isSafeInteger(bytes) && bytes > 0) expected.set(stream, bytes);
}

export function expectedSize(stream: object): number | undefined {
  return expected.get(stream);
}
