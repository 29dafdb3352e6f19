import type { ModelEvaluation } from '../schema/evaluation.type';
import type { ModelVersion } from '../schema/model.type';
import { ErrorCode } from './error-codes';
import { toModelEvaluation } from './evaluation-mapper';
import { gatewayError } from './gateway-error';
import type { Loaders } from './loaders';
import type { S3Api } from './s3-api';

/** An evaluation result is a page of JSON; anything far larger is not one. */
const MAX_RESULT_BYTES = 1024 * 1024;

/**
 * A model version's evaluation, for one GraphQL request: DescribeModel says
 * where its training wrote the result (`EvaluationResult`), S3 has the file.
 * Null for a version with no result yet (training, or failed). Each file is
 * read once per request.
 */
export class EvaluationService {
  private readonly read = new Map<string, Promise<ModelEvaluation>>();

  constructor(
    private readonly s3: S3Api,
    private readonly loaders: Loaders,
  ) {}

  async of(model: ModelVersion): Promise<ModelEvaluation | null> {
    const description = await this.loaders.model.load({ project: model.project, version: model.version });
    const { Bucket: bucket, Key: key } = description?.EvaluationResult ?? {};
    if (!bucket || !key) return null;
    const cacheKey = `${bucket}/${key}`;
    let evaluation = this.read.get(cacheKey);
    if (!evaluation) {
      const what = `the evaluation result of model version ${model.version} of project ${model.project}`;
      evaluation = this.s3.read({ bucket, key, what }, MAX_RESULT_BYTES).then((bytes) => toModelEvaluation(parseJson(bytes, what), description?.EvaluationEndTimestamp));
      this.read.set(cacheKey, evaluation);
    }
    return evaluation;
  }
}

function parseJson(bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw gatewayError(ErrorCode.UPSTREAM_ERROR, `What S3 has as ${what} is not JSON.`);
  }
}
