import { LOOKOUT_LIMITS } from '../../lookout/constraints';
import { ImportError } from './import-error';

/** One line of a SageMaker Ground Truth manifest, as Lookout reads it. */
export interface ManifestEntry {
  line: number;
  json: Record<string, unknown>;
  sourceRef: string;
  label: 'normal' | 'anomaly' | null;
  maskRef: string | null;
}

const MAX_ENTRY_CHARS = LOOKOUT_LIMITS.maxDatasetEntryChars;

/**
 * Parses one manifest line with Lookout's rules: a `source-ref`, an
 * `anomaly-label` 1 (anomaly) or 0 (normal) when labelled, and for
 * segmentation an `anomaly-mask-ref` with its `internal-color-map`. A blank
 * line is no entry (null). Errors name the 1-based line; that a source-ref
 * appears only once is the staging table's to check (store/import-staging.ts).
 */
export function parseManifestLine(raw: string, line: number): ManifestEntry | null {
  if (raw.trim() === '') return null;
  const fail = (message: string): never => {
    throw new ImportError(`Manifest line ${line}: ${message}`);
  };
  if (raw.length > MAX_ENTRY_CHARS) fail(`the entry is longer than ${MAX_ENTRY_CHARS} characters.`);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    fail('not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('not a JSON object.');
  const entry = json as Record<string, unknown>;
  const sourceRef = entry['source-ref'];
  if (typeof sourceRef !== 'string' || sourceRef.trim() === '') return fail('"source-ref" is missing.');
  return { line, json: entry, sourceRef, label: labelOf(entry, fail), maskRef: maskRefOf(entry, fail) };
}

function labelOf(entry: Record<string, unknown>, fail: (m: string) => never): 'normal' | 'anomaly' | null {
  const label = entry['anomaly-label'];
  if (label === undefined) return null;
  if (label !== 0 && label !== 1) fail('"anomaly-label" must be 1 (anomaly) or 0 (normal).');
  const className = (entry['anomaly-label-metadata'] as { 'class-name'?: unknown } | undefined)?.['class-name'];
  const expected = label === 1 ? 'anomaly' : 'normal';
  if (className !== undefined && className !== expected) fail(`"anomaly-label" ${label} contradicts class-name "${String(className)}".`);
  return expected;
}

function maskRefOf(entry: Record<string, unknown>, fail: (m: string) => never): string | null {
  const maskRef = entry['anomaly-mask-ref'];
  if (maskRef === undefined) return null;
  if (typeof maskRef !== 'string' || maskRef.trim() === '') fail('"anomaly-mask-ref" must be a string.');
  const colorMap = (entry['anomaly-mask-ref-metadata'] as { 'internal-color-map'?: unknown } | undefined)?.['internal-color-map'];
  if (typeof colorMap !== 'object' || colorMap === null) fail('"anomaly-mask-ref-metadata" needs an "internal-color-map".');
  for (const value of Object.values(colorMap as Record<string, unknown>)) {
    const v = value as { 'class-name'?: unknown; 'hex-color'?: unknown };
    if (typeof v?.['class-name'] !== 'string' || typeof v?.['hex-color'] !== 'string' || !/^#[0-9a-fA-F]{6}$/.test(v['hex-color'])) {
      fail('every "internal-color-map" entry needs a "class-name" and a "hex-color" like #23A436.');
    }
  }
  return maskRef as string;
}
