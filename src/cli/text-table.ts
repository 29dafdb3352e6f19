/**
 * Rows as a plain-text table: a header, a rule, and columns padded to their
 * widest cell (numbers right-aligned), for a terminal or a log.
 *
 * @example
 *   textTable(['file', 'confidence'], [['a.png', '0.93']], { right: [1] })
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], { right = [] as readonly number[] } = {}): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
