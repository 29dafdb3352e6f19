import type { EngineContext } from '../engine-context';
import { notFound, quotaExceeded, validation } from '../http/aws-error';
import type { IdempotentOperation, Operation, PlainOperation } from '../http/operation';
import { IMAGE_RULES, LOOKOUT_LIMITS, LOOKOUT_RULES } from '../../lookout/constraints';
import { sniffImageFormat } from '../../lookout/image-format';
import { modelVersion, modelVersionNoLatest, optionalInteger, optionalString, outputBucket, projectName, requireObject } from '../http/validate';
import type { ModelRow } from '../store/model-store';
import { applyTransition, assertModelAllows } from '../models/model-lifecycle';
import { page, pageRequest } from './pagination';
import { requireProject } from './project-operations';
import { checkTagQuota, parseTags } from './tag-operations';
import { trainingInput } from './training-input';
import { keySegments } from '../s3/object-key';
import { S3Error } from '../s3/s3-error';
import { evaluationKeys, evaluationKeysProblem } from '../models/evaluation-output';

/** The evaluation files' keys must be objects the engine can store; refused now rather than as a failed training. */
function checkEvaluationKeys(project: string, version: number, prefix: string | undefined): void {
  const problem = evaluationKeysProblem(project, version);
  if (problem) throw validation(problem);
  const keys = evaluationKeys(project, version, prefix);
  try {
    keySegments(keys.manifest);
    keySegments(keys.result);
  } catch (error) {
    if (error instanceof S3Error) throw validation(`OutputConfig.S3Location cannot hold the evaluation files at ${keys.manifest}: ${error.message}`);
    throw error;
  }
}

/** The model a version (or "latest") names; ResourceNotFound when there is none. */
export function requireModel(engine: EngineContext, project: string, version: string): ModelRow {
  requireProject(engine, project);
  const model = version === 'latest' ? engine.stores.models.latest(project) : engine.stores.models.get(project, Number(version));
  if (!model) throw notFound('MODEL', `${project}/${version}`, `Model version ${version} of project ${project} does not exist.`);
  return model;
}

function modelMetadata(m: ModelRow) {
  return {
    CreationTimestamp: m.created_at,
    ModelVersion: String(m.version),
    ModelArn: m.arn,
    Description: m.description ?? undefined,
    Status: m.status,
    StatusMessage: m.status_message ?? undefined,
    Performance: m.performance ? JSON.parse(m.performance) : undefined,
  };
}

export const CreateModel: IdempotentOperation = {
  name: 'CreateModel',
  method: 'POST',
  path: '/projects/{ProjectName}/models',
  successStatus: 202,
  idempotent: true,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const description = optionalString(req.json.Description, 'Description', LOOKOUT_RULES.modelDescription);
    const kmsKeyId = optionalString(req.json.KmsKeyId, 'KmsKeyId', LOOKOUT_RULES.kmsKeyId);
    if (req.json.OutputConfig === undefined) throw validation('OutputConfig is required.');
    const location = requireObject(requireObject(req.json.OutputConfig, 'OutputConfig').S3Location, 'OutputConfig.S3Location');
    const bucket = outputBucket(location.Bucket, 'S3Location.Bucket');
    const prefix = optionalString(location.Prefix, 'S3Location.Prefix', LOOKOUT_RULES.s3Prefix);
    engine.s3.pathOf({ bucket, key: `${prefix ?? ''}x` });
    const tags = req.json.Tags === undefined ? [] : parseTags(req.json.Tags);
    requireProject(engine, project);
    const version = engine.stores.models.nextVersion(project);
    checkEvaluationKeys(project, version, prefix);
    const input = trainingInput(engine, project);

    const row: ModelRow = {
      project,
      version,
      arn: engine.arns.model(project, String(version)),
      description: description ?? null,
      status: 'TRAINING',
      status_message: engine.runtime.trainingMessage(),
      created_at: engine.now(),
      output_bucket: bucket,
      output_prefix: prefix ?? null,
      kms_key_id: kmsKeyId ?? null,
      performance: null,
      evaluation_manifest_key: null,
      evaluation_result_key: null,
      evaluation_end: null,
      min_inference_units: null,
      max_inference_units: null,
    };
    engine.stores.models.insert(row);
    checkTagQuota(engine, row.arn, tags);
    engine.stores.tags.put(row.arn, tags);
    req.afterCommit(() => engine.runtime.train(row, input));
    return { ModelMetadata: modelMetadata(row) };
  },
};

export const DescribeModel: PlainOperation = {
  name: 'DescribeModel',
  method: 'GET',
  path: '/projects/{ProjectName}/models/{ModelVersion}',
  successStatus: 200,
  handle(req, engine) {
    const m = requireModel(engine, projectName(req.params.ProjectName), modelVersion(req.params.ModelVersion));
    const object = (key: string | null) => (key ? { Bucket: m.output_bucket, Key: key } : undefined);
    return {
      ModelDescription: {
        ...modelMetadata(m),
        OutputConfig: { S3Location: { Bucket: m.output_bucket, Prefix: m.output_prefix ?? undefined } },
        EvaluationManifest: object(m.evaluation_manifest_key),
        EvaluationResult: object(m.evaluation_result_key),
        EvaluationEndTimestamp: m.evaluation_end ?? undefined,
        KmsKeyId: m.kms_key_id ?? undefined,
        MinInferenceUnits: m.min_inference_units ?? undefined,
        MaxInferenceUnits: m.max_inference_units ?? undefined,
      },
    };
  },
};

export const ListModels: PlainOperation = {
  name: 'ListModels',
  method: 'GET',
  path: '/projects/{ProjectName}/models',
  successStatus: 200,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const listing = `ListModels/${project}`;
    const { after, limit } = pageRequest<number>(req.query, 'number', listing);
    requireProject(engine, project);
    const { items, NextToken } = page(engine.stores.models.page(project, after ?? 0, limit + 1), limit, (m) => m.version, listing);
    return { Models: items.map(modelMetadata), NextToken };
  },
};

export const DeleteModel: IdempotentOperation = {
  name: 'DeleteModel',
  method: 'DELETE',
  path: '/projects/{ProjectName}/models/{ModelVersion}',
  successStatus: 202,
  idempotent: true,
  handle(req, engine) {
    const version = modelVersionNoLatest(req.params.ModelVersion);
    const m = requireModel(engine, projectName(req.params.ProjectName), version);
    assertModelAllows(m, 'delete');
    applyTransition(engine.stores.models, m, 'deleteRequested', 'Deleting the model.');
    engine.stores.tags.removeAll(m.arn);
    req.afterCommit(() => engine.runtime.delete(m));
    return { ModelArn: m.arn };
  },
};

export const StartModel: IdempotentOperation = {
  name: 'StartModel',
  method: 'POST',
  path: '/projects/{ProjectName}/models/{ModelVersion}/start',
  successStatus: 202,
  idempotent: true,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const version = modelVersion(req.params.ModelVersion);
    if (req.json.MinInferenceUnits === undefined) throw validation('MinInferenceUnits is required.');
    const min = optionalInteger(req.json.MinInferenceUnits, 'MinInferenceUnits', LOOKOUT_LIMITS.inferenceUnits)!;
    const max = optionalInteger(req.json.MaxInferenceUnits, 'MaxInferenceUnits', LOOKOUT_LIMITS.inferenceUnits) ?? min;
    if (max < min) throw validation('MaxInferenceUnits must not be smaller than MinInferenceUnits.');
    const m = requireModel(engine, project, version);
    // A model that cannot start now is a conflict whatever the units asked for (the quota comes after the state).
    assertModelAllows(m, 'start');
    if (max > engine.limits.maxInferenceUnits) {
      throw quotaExceeded(`A model can use at most ${engine.limits.maxInferenceUnits} inference units on this engine.`, 'L-INFERENCE-UNITS', 'MODEL', `${m.project}/${m.version}`);
    }
    checkEngineUnits(engine, min, `${m.project}/${m.version}`);
    applyTransition(engine.stores.models, m, 'startRequested', 'Loading the model.');
    engine.stores.models.update(m.project, m.version, { min_inference_units: min, max_inference_units: max });
    req.afterCommit(() => engine.runtime.host(m.project, m.version, { minUnits: min, maxUnits: max }));
    return { Status: 'STARTING_HOSTING' };
  },
};

/** The engine's cap on inference units of all models: MinInferenceUnits must fit in what is left. */
function checkEngineUnits(engine: EngineContext, min: number, resourceId: string): void {
  const cap = engine.limits.maxTotalInferenceUnits;
  const inUse = engine.runtime.inferenceUnitsInUse();
  if (inUse + min > cap) {
    throw quotaExceeded(
      `This engine runs at most ${cap} inference units for all models together; ${inUse} are in use, so ${min} more do not fit. Stop a model or ask for fewer units.`,
      'L-TOTAL-INFERENCE-UNITS',
      'MODEL',
      resourceId,
    );
  }
}

export const StopModel: IdempotentOperation = {
  name: 'StopModel',
  method: 'POST',
  path: '/projects/{ProjectName}/models/{ModelVersion}/stop',
  successStatus: 202,
  idempotent: true,
  handle(req, engine) {
    const m = requireModel(engine, projectName(req.params.ProjectName), modelVersion(req.params.ModelVersion));
    assertModelAllows(m, 'stop');
    applyTransition(engine.stores.models, m, 'stopRequested', 'Stopping the model.');
    req.afterCommit(() => engine.runtime.stop(m.project, m.version));
    return { Status: 'STOPPING_HOSTING' };
  },
};

export const DetectAnomalies: PlainOperation = {
  name: 'DetectAnomalies',
  method: 'POST',
  path: '/projects/{ProjectName}/models/{ModelVersion}/detect',
  successStatus: 200,
  rawBody: true,
  maxBodyBytes: IMAGE_RULES.maxBytes,
  async handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const version = modelVersion(req.params.ModelVersion);
    const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'image/png' && contentType !== 'image/jpeg') throw validation('ContentType must be image/png or image/jpeg.');
    if (req.body.length === 0) throw validation('The image is empty.');
    const format = sniffImageFormat(req.body);
    if ((contentType === 'image/png' && format !== 'png') || (contentType === 'image/jpeg' && format !== 'jpeg')) {
      throw validation(`The body is not a ${contentType === 'image/png' ? 'PNG' : 'JPEG'} image.`);
    }
    const m = requireModel(engine, project, version);
    assertModelAllows(m, 'detect');
    const result = await engine.runtime.detect(m.project, m.version, req.body, req.signal);
    return { DetectAnomalyResult: { ...result, AnomalyMask: result.AnomalyMask ? Buffer.from(result.AnomalyMask).toString('base64') : undefined } };
  },
};

export const modelOperations: Operation[] = [CreateModel, DescribeModel, ListModels, DeleteModel, StartModel, StopModel, DetectAnomalies];
