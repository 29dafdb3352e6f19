import type { TrainingResult } from '../detector/trainer';
import type { S3Mapping } from '../s3-mapping';
import { writeFileAtomic } from '../store/atomic-file';
import type { ModelRow } from '../store/model-store';

/** Where a model's evaluation files go: object keys (for DescribeModel) and the files they map to. */
export interface EvaluationOutput {
  modelVersion: number;
  keys: { manifest: string; result: string };
  files: { manifest: string; result: string };
}

/** The evaluation objects under the model's OutputConfig location, as Lookout writes them to S3. */
export function evaluationOutput(model: Pick<ModelRow, 'project' | 'version' | 'output_bucket' | 'output_prefix'>, s3: S3Mapping): EvaluationOutput {
  const prefix = `${model.output_prefix ?? ''}${model.project}/model-${model.version}/`;
  const keys = { manifest: `${prefix}evaluation-manifest.jsonl`, result: `${prefix}evaluation-result.json` };
  const bucket = model.output_bucket;
  return {
    modelVersion: model.version,
    keys,
    files: { manifest: s3.pathOf({ bucket, key: keys.manifest }), result: s3.pathOf({ bucket, key: keys.result }) },
  };
}

/** Writes the per-image verdicts and the summary of a training run. */
export function writeEvaluation(output: EvaluationOutput, result: TrainingResult): void {
  const { manifest } = result.artifact;
  writeFileAtomic(output.files.manifest, result.evaluation.map((e) => JSON.stringify(e)).join('\n') + '\n');
  writeFileAtomic(
    output.files.result,
    JSON.stringify(
      {
        ModelVersion: String(output.modelVersion),
        Performance: manifest.performance,
        Threshold: manifest.threshold,
        ImageSize: { Width: manifest.imageWidth, Height: manifest.imageHeight },
        Segmentation: manifest.segmentation ? manifest.segmentation.classes.map((c) => ({ Name: c.name, Color: c.color })) : null,
        Training: manifest.training,
      },
      null,
      2,
    ),
  );
}
