import type { CliDetectAnomaliesMutation } from '../client/generated/graphql';
import { textTable } from './text-table';

type Verdict = NonNullable<CliDetectAnomaliesMutation['detectAnomalies']>;

/** One file's outcome: the model's verdict, or why there is none. */
export type Detection = ({ file: string; ok: true } & Verdict) | { file: string; ok: false; error: string };

export interface DetectionJson {
  project: string;
  version: string;
  summary: { total: number; anomalous: number; normal: number; failed: number };
  results: (
    | { file: string; ok: true; modelVersion: string; isAnomalous: boolean; confidence: number; classes: { name: string; area: number; color: string }[] }
    | { file: string; ok: false; error: string }
  )[];
}

/** The verdicts as `--json` prints them and as a table with a summary line. */
export function detectionReport(project: string, version: string, detections: readonly Detection[]): { json: DetectionJson; text: string } {
  const results: DetectionJson['results'] = detections.map((d) =>
    d.ok ? { file: d.file, ok: true, modelVersion: d.version, isAnomalous: d.isAnomalous, confidence: d.confidence, classes: classesOf(d) } : { file: d.file, ok: false, error: d.error },
  );
  const failed = results.filter((r) => !r.ok).length;
  const anomalous = results.filter((r) => r.ok && r.isAnomalous).length;
  const summary = { total: results.length, anomalous, normal: results.length - failed - anomalous, failed };
  const rows = results.map((r) =>
    r.ok
      ? [r.file, r.isAnomalous ? 'yes' : 'no', r.confidence.toFixed(3), r.classes.map((c) => `${c.name} ${(c.area * 100).toFixed(2)}%`).join(', ') || '-']
      : [r.file, 'FAILED', '-', r.error.replace(/\n/g, '; ')],
  );
  const table = textTable(['file', 'anomalous', 'confidence', 'classes'], rows, { right: [2] });
  // An alias or "latest" is followed by the number that judged the images (or the numbers, were the alias moved meanwhile).
  const judged = [...new Set(results.flatMap((r) => (r.ok ? [r.modelVersion] : [])))].filter((v) => v !== version);
  const named = judged.length > 0 ? `${version}, that is ${judged.join(' and ')}` : version;
  const line = `${summary.total} ${summary.total === 1 ? 'image' : 'images'}: ${summary.anomalous} anomalous, ${summary.normal} normal, ${summary.failed} failed (${project} version ${named})`;
  return { json: { project, version, summary, results }, text: `${table}\n\n${line}` };
}

/** A segmentation model's classes, without the background Lookout lists first. */
function classesOf(verdict: Verdict): { name: string; area: number; color: string }[] {
  return verdict.anomalies
    .filter((a) => a.name !== 'background' && a.pixelAnomaly)
    .map((a) => ({ name: a.name, area: a.pixelAnomaly!.totalPercentageArea, color: a.pixelAnomaly!.color }));
}
