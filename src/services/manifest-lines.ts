import { ImageLabel, type AnomalyClass } from '../schema/dataset-entry.type';

/**
 * Lookout's dataset entries are SageMaker Ground Truth manifest lines: a JSON
 * object with `source-ref`, and when labelled `anomaly-label` (1 anomaly, 0
 * normal) with its metadata, and for segmentation `anomaly-mask-ref` with an
 * `internal-color-map` of classes. Only this file knows that format.
 */
type Line = Record<string, unknown>;

const JOB_NAME = 'lookout-gateway';

export interface EntryView {
  sourceRef: string;
  label: ImageLabel;
  maskRef: string | null;
  anomalyClasses: AnomalyClass[];
}

/** What a dataset entry says; null for a line that is not a manifest entry. */
export function readEntry(text: string): EntryView | null {
  let line: Line;
  try {
    line = JSON.parse(text) as Line;
  } catch {
    return null;
  }
  if (typeof line !== 'object' || line === null || typeof line['source-ref'] !== 'string') return null;
  const label = line['anomaly-label'] === 1 ? ImageLabel.ANOMALY : line['anomaly-label'] === 0 ? ImageLabel.NORMAL : ImageLabel.UNLABELED;
  const maskRef = typeof line['anomaly-mask-ref'] === 'string' && label === ImageLabel.ANOMALY ? line['anomaly-mask-ref'] : null;
  const colorMap = (line['anomaly-mask-ref-metadata'] as { 'internal-color-map'?: Record<string, { 'class-name'?: unknown; 'hex-color'?: unknown }> } | undefined)?.['internal-color-map'];
  const anomalyClasses = maskRef && colorMap
    ? Object.values(colorMap)
        .filter((c) => typeof c?.['class-name'] === 'string' && typeof c?.['hex-color'] === 'string')
        .map((c) => ({ name: String(c['class-name']), color: String(c['hex-color']).toUpperCase() }))
    : [];
  return { sourceRef: line['source-ref'], label, maskRef, anomalyClasses };
}

/** A new entry's line. */
export function entryLine(entry: { sourceRef: string; label: ImageLabel; maskRef?: string | null; anomalyClasses?: AnomalyClass[] }, at: Date): string {
  const line: Line = { 'source-ref': entry.sourceRef };
  setLabel(line, entry.label, at);
  if (entry.label === ImageLabel.ANOMALY && entry.maskRef) {
    line['anomaly-mask-ref'] = entry.maskRef;
    line['anomaly-mask-ref-metadata'] = {
      'internal-color-map': Object.fromEntries(
        // As Lookout's own manifests have it: the classes only; every other colour of the mask is background.
        (entry.anomalyClasses ?? []).map((c, i) => [String(i), { 'class-name': c.name, 'hex-color': c.color }]),
      ),
      type: 'groundtruth/semantic-segmentation',
      'human-annotated': 'yes',
      'creation-date': at.toISOString(),
      'job-name': JOB_NAME,
    };
  }
  return JSON.stringify(line);
}

/**
 * The same entry with another label. A mask outlines an anomaly, so an image
 * relabelled NORMAL or UNLABELED loses its mask reference (the mask object
 * itself stays where it is).
 */
export function relabelLine(text: string, label: ImageLabel, at: Date): string {
  const line = JSON.parse(text) as Line;
  setLabel(line, label, at);
  if (label !== ImageLabel.ANOMALY) {
    delete line['anomaly-mask-ref'];
    delete line['anomaly-mask-ref-metadata'];
  }
  return JSON.stringify(line);
}

function setLabel(line: Line, label: ImageLabel, at: Date): void {
  if (label === ImageLabel.UNLABELED) {
    delete line['anomaly-label'];
    delete line['anomaly-label-metadata'];
    return;
  }
  const anomalous = label === ImageLabel.ANOMALY;
  line['anomaly-label'] = anomalous ? 1 : 0;
  line['anomaly-label-metadata'] = {
    confidence: 1,
    'job-name': JOB_NAME,
    'class-name': anomalous ? 'anomaly' : 'normal',
    'human-annotated': 'yes',
    'creation-date': at.toISOString(),
    type: 'groundtruth/image-classification',
  };
}
