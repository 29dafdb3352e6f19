import type { TrainingResult } from '../detector/trainer';
import type { S3Mapping } from '../s3-mapping';
import { writeFileAtomic } from '../store/atomic-file';
import type { ModelRow } from '../store/model-store';

/** Where a model's evaluation files go: object keys (for DescribeModel) and the files they map to. */
export interface EvaluationOutput {
  modelVersion: number;
  modelArn: string;
  keys: { manifest: string; result: string };
  files: { manifest: string; result: string };
}

/** The evaluation objects under the model's OutputConfig location, as Lookout writes them to S3. */
export function evaluationOutput(model: Pick<ModelRow, 'project' | 'version' | 'arn' | 'output_bucket' | 'output_prefix'>, s3: S3Mapping): EvaluationOutput {
  const prefix = `${model.output_prefix ?? ''}${model.project}/model-${model.version}/`;
  const keys = { manifest: `${prefix}evaluation-manifest.jsonl`, result: `${prefix}evaluation-result.json` };
  const bucket = model.output_bucket;
  return {
    modelVersion: model.version,
    modelArn: model.arn,
    keys,
    files: { manifest: s3.pathOf({ bucket, key: keys.manifest }), result: s3.pathOf({ bucket, key: keys.result }) },
  };
}

/**
 * Writes the per-image verdicts and the summary of a training run. The
 * summary has the members Lookout's own evaluation result had (`Version`,
 * `EvaluationDetails`, `AggregatedEvaluationResults.Metrics`), so tools
 * written for Lookout read it, plus what the engine knows besides: the
 * threshold, the confusion counts (`ConfusionMatrix`) and F1.
 */
export function writeEvaluation(output: EvaluationOutput, result: TrainingResult, now = new Date()): void {
  const { manifest } = result.artifact;
  const { summary } = result;
  writeFileAtomic(output.files.manifest, result.evaluation.map((e) => JSON.stringify(e)).join('\n') + '\n');
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
          ConfusionMatrix: {
            TruePositives: summary.confusion.tp,
            FalsePositives: summary.confusion.fp,
            TrueNegatives: summary.confusion.tn,
            FalseNegatives: summary.confusion.fn,
          },
        },
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
