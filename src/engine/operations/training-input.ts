import { join } from 'node:path';
import type { TrainingInput } from '../detector/trainer';
import type { EngineContext } from '../engine-context';
import { validation } from '../http/aws-error';
import type { SourcedTrainingImage } from '../models/evaluation-output';
import type { DatasetType, EntryRow } from '../store/dataset-store';

/** Dataset states a model may be trained from. */
const COMPLETE = new Set(['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'UPDATE_FAILED_ROLLBACK_COMPLETE']);

/** The labelled images to train on, checked against Lookout's minimums. */
export function trainingInput(engine: EngineContext, project: string): TrainingInput {
  const labelled = (type: DatasetType): SizedImage[] | null => {
    const dataset = engine.stores.datasets.get(project, type);
    if (!dataset) return null;
    if (!COMPLETE.has(dataset.status)) {
      throw validation(`The ${type} dataset of ${project} is ${dataset.status}; it must be complete before training.`);
    }
    return engine.stores.datasets.allEntries(project, type).filter((e) => e.label !== null).map((e) => toTrainingImage(engine, e));
  };
  const train = labelled('train');
  if (!train) throw validation(`Project ${project} has no train dataset.`);
  const test = labelled('test');
  const count = (images: SizedImage[], label: string) => images.filter((i) => i.label === label).length;
  if (test) {
    if (count(train, 'normal') < 10) throw validation(`The train dataset needs at least 10 labelled normal images; it has ${count(train, 'normal')}.`);
    if (count(test, 'normal') < 10 || count(test, 'anomaly') < 10) {
      throw validation(`The test dataset needs at least 10 normal and 10 anomalous labelled images; it has ${count(test, 'normal')} and ${count(test, 'anomaly')}.`);
    }
  } else if (count(train, 'normal') < 20 || count(train, 'anomaly') < 10) {
    throw validation(
      `Without a test dataset, the train dataset needs at least 20 normal and 10 anomalous labelled images; it has ${count(train, 'normal')} and ${count(train, 'anomaly')}.`,
    );
  }
  const sizes = new Set([...train, ...(test ?? [])].map((i) => i.size));
  if (sizes.size > 1) throw validation(`The train and test images must all have one size; they have ${[...sizes].join(', ')}.`);
  // Only evaluated images need their line (the evaluation manifest repeats it): with a test
  // dataset, the training images' lines would only be copied into the worker for nothing.
  return { train: test ? train.map(({ manifestLine: _unused, ...image }) => image) : train, test: test ?? [] };
}

/** `manifestLine`: the entry as stored, which the evaluation manifest repeats (see writeEvaluation). */
type SizedImage = Omit<SourcedTrainingImage, 'manifestLine'> & { size: string; manifestLine?: string };

function toTrainingImage(engine: EngineContext, e: EntryRow): SizedImage {
  const entry = JSON.parse(e.entry) as Record<string, unknown>;
  const colors = (entry['anomaly-mask-ref-metadata'] as { 'internal-color-map'?: Record<string, { 'class-name': string; 'hex-color': string }> } | undefined)?.[
    'internal-color-map'
  ];
  return {
    file: join(engine.dataDir, e.image_file),
    name: e.source_ref,
    label: e.label!,
    maskFile: e.mask_file ? join(engine.dataDir, e.mask_file) : null,
    colorMap: colors ? Object.fromEntries(Object.values(colors).map((c) => [c['hex-color'].toUpperCase(), c['class-name']])) : undefined,
    size: `${e.width}x${e.height}`,
    manifestLine: e.entry,
  };
}

