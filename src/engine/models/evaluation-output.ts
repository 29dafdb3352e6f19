import type { ImageEvaluation, TrainingImage, TrainingInput, TrainingResult } from '../detector/trainer';
import { TrainingFailure } from '../engine-errors';
import type { S3Mapping } from '../s3-mapping';
import { writeFileAtomic } from '../store/atomic-file';
import type { ModelRow } from '../store/model-store';

/**
 * A training image together with the dataset entry it came from: its line of
 * the dataset's manifest as the engine stores it (JSON). The evaluation
 * manifest repeats that line for each evaluated image. Built in
 * operations/training-input.ts; the extra member travels with the image to
 * the training worker and back to writeEvaluation.
 */
export type SourcedTrainingImage = TrainingImage & { manifestLine: string };

/** Where a model's evaluation files go: object keys (for DescribeModel) and the files they map to. */
export interface EvaluationOutput {
  project: string;
  modelVersion: number;
  modelArn: string;
  keys: { manifest: string; result: string };
  files: { manifest: string; result: string };
}

/**
 * An object key under an S3 prefix, joined as S3 keys are: exactly one `/`
 * between a non-empty prefix and the name (`out` and `out/` both give
 * `out/name`); no prefix gives the bare name.
 */
export function keyUnderPrefix(prefix: string | null | undefined, name: string): string {
  const folder = (prefix ?? '').replace(/\/+$/, '');
  return folder === '' ? name : `${folder}/${name}`;
}

/** The names Amazon Lookout gave a model's evaluation objects, directly under the OutputConfig prefix. */
export function evaluationKeys(project: string, version: number, prefix: string | null | undefined): { manifest: string; result: string } {
  return {
    manifest: keyUnderPrefix(prefix, `EvaluationManifest-${project}-${version}.json`),
    result: keyUnderPrefix(prefix, `EvaluationResult-${project}-${version}.json`),
  };
}

/** The longest file name the engine's store holds (NAME_MAX): an object's last key segment is a file name. */
const MAX_NAME_BYTES = 255;

/**
 * Why the engine cannot store a model's evaluation files, or null when it
 * can: Lookout's names grow with the project's name, and a name of more than
 * 255 bytes is no file name (the S3 API refuses such a key segment too).
 */
export function evaluationKeysProblem(project: string, version: number): string | null {
  const longest = `EvaluationManifest-${project}-${version}.json`;
  const excess = Buffer.byteLength(longest) - MAX_NAME_BYTES;
  if (excess <= 0) return null;
  return (
    `The project name is too long for the model's evaluation files: EvaluationManifest-<project>-<version>.json would be a name of ${longest.length} characters, ` +
    `and the engine stores names of at most ${MAX_NAME_BYTES}. Use a project name of at most ${project.length - excess} characters.`
  );
}

/**
 * The evaluation objects under the model's OutputConfig location, where
 * Lookout wrote them; TrainingFailure (the message for the user) when the
 * engine cannot store them (evaluationKeysProblem).
 */
export function evaluationOutput(model: Pick<ModelRow, 'project' | 'version' | 'arn' | 'output_bucket' | 'output_prefix'>, s3: S3Mapping): EvaluationOutput {
  const problem = evaluationKeysProblem(model.project, model.version);
  if (problem) throw new TrainingFailure(problem);
  const keys = evaluationKeys(model.project, model.version, model.output_prefix);
  const bucket = model.output_bucket;
  return {
    project: model.project,
    modelVersion: model.version,
    modelArn: model.arn,
    keys,
    files: { manifest: s3.pathOf({ bucket, key: keys.manifest }), result: s3.pathOf({ bucket, key: keys.result }) },
  };
}

/**
 * Writes a training run's evaluation as Amazon Lookout did.
 *
 * The result (`EvaluationResult-<project>-<version>.json`) has Lookout's
 * members, `Version`, `EvaluationDetails` and
 * `AggregatedEvaluationResults.Metrics`, and two of the engine's own at the
 * top level, which Lookout's file lacked: `Threshold` (the image score above
 * which an image is anomalous) and `ConfusionMatrix` (the counts Precision,
 * Recall and F1 come from).
 *
 * The manifest (`EvaluationManifest-<project>-<version>.json`, JSON lines)
 * has one line per evaluated image: the test dataset's images, or without a
 * test dataset the held-out training images. Each line is the image's own
 * dataset line with the prediction added, `anomaly-label-detected` and its
 * metadata. `images` are the training input, whose images carry their lines
 * (SourcedTrainingImage); an image without one gets only its `source-ref`.
 */
export function writeEvaluation(output: EvaluationOutput, result: TrainingResult, images: Pick<TrainingInput, 'train' | 'test'>, now = new Date()): void {
  const { manifest } = result.artifact;
  const { summary } = result;
  // Test images last: a source-ref in both datasets was evaluated as a test image when there is a test dataset.
  const lines = new Map([...images.train, ...images.test].map((image) => [image.name, (image as Partial<SourcedTrainingImage>).manifestLine]));
  writeFileAtomic(output.files.manifest, result.evaluation.map((e) => evaluationLine(output, e, lines.get(e.image), now)).join(''));
  writeFileAtomic(
    output.files.result,
    JSON.stringify(
      {
        Version: 1,
        EvaluationDetails: {
          ModelArn: output.modelArn,
          EvaluationEndTimestamp: now.toISOString(),
          NumberOfTrainingImages: manifest.training.normal + manifest.training.anomaly,
          NumberOfTestingImages: summary.imagesTested,
        },
        AggregatedEvaluationResults: {
          Metrics: {
            ROCAUC: summary.rocAuc,
            AveragePrecision: summary.averagePrecision,
            Precision: manifest.performance.Precision,
            Recall: manifest.performance.Recall,
            F1Score: manifest.performance.F1Score,
          },
        },
        Threshold: manifest.threshold,
        ConfusionMatrix: {
          TruePositives: summary.confusion.tp,
          FalsePositives: summary.confusion.fp,
          TrueNegatives: summary.confusion.tn,
          FalseNegatives: summary.confusion.fn,
        },
      },
      null,
      2,
    ),
  );
}

/** One line of the evaluation manifest: the image's dataset line and the model's verdict, as Lookout wrote it. */
function evaluationLine(output: EvaluationOutput, evaluated: ImageEvaluation, manifestLine: string | undefined, now: Date): string {
  const original = manifestLine === undefined ? { 'source-ref': evaluated.image } : (JSON.parse(manifestLine) as Record<string, unknown>);
  const line = {
    ...original,
    'anomaly-label-detected': evaluated.predicted === 'anomaly' ? 1 : 0,
    'anomaly-label-detected-metadata': {
      'class-name': evaluated.predicted,
      // The confidence in this verdict, as DetectAnomalies answers it; not an anomaly score.
      confidence: evaluated.confidence,
      type: 'groundtruth/image-classification',
      'human-annotated': 'no',
      'creation-date': now.toISOString(),
      'job-name': 'training-job/anomaly-detection',
      'model-arn': output.modelArn,
      'project-name': output.project,
      'model-version': String(output.modelVersion),
    },
  };
  return `${JSON.stringify(line)}\n`;
}
