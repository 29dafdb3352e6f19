import type { EngineContext } from '../engine-context';
import { conflict, notFound, validation } from '../http/aws-error';
import type { IdempotentOperation, Operation, PlainOperation } from '../http/operation';
import { LOOKOUT_LIMITS, LOOKOUT_RULES } from '../../lookout/constraints';
import { datasetType, optionalBoolean, optionalString, optionalTimestamp, projectName, requireObject, requireString } from '../http/validate';
import type { S3Location } from '../s3-mapping';
import type { DatasetType } from '../store/dataset-store';
import { maxImagesOf } from '../datasets/dataset-limits';
import { countEntryLines } from '../datasets/manifest-lines';
import { page, pageRequest } from './pagination';
import { requireProject } from './project-operations';
import { datasetMetadata } from './views';

const MAX_CHANGES_BYTES = LOOKOUT_LIMITS.maxDatasetChangesBytes;

function requireDataset(engine: EngineContext, project: string, type: DatasetType) {
  requireProject(engine, project);
  const dataset = engine.stores.datasets.get(project, type);
  if (!dataset) throw notFound('DATASET', `${project}/${type}`, `Project ${project} has no ${type} dataset.`);
  return dataset;
}

function requireSettled(project: string, type: DatasetType, status: string): void {
  if (status.endsWith('IN_PROGRESS')) throw conflict('DATASET', `${project}/${type}`, `The ${type} dataset of ${project} is ${status}; wait for it to finish.`);
}

function manifestLocation(source: unknown): S3Location | undefined {
  if (source === undefined || source === null) return undefined;
  const manifest = requireObject(requireObject(source, 'DatasetSource').GroundTruthManifest ?? {}, 'DatasetSource.GroundTruthManifest');
  const s3 = requireObject(manifest.S3Object, 'DatasetSource.GroundTruthManifest.S3Object');
  return {
    bucket: requireString(s3.Bucket, 'S3Object.Bucket', LOOKOUT_RULES.s3Bucket),
    key: requireString(s3.Key, 'S3Object.Key', LOOKOUT_RULES.s3Key),
  };
}

export const CreateDataset: IdempotentOperation = {
  name: 'CreateDataset',
  method: 'POST',
  path: '/projects/{ProjectName}/datasets',
  successStatus: 202,
  idempotent: true,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const type = datasetType(req.json.DatasetType);
    const manifest = manifestLocation(req.json.DatasetSource);
    if (manifest) engine.s3.pathOf(manifest); // refuse an escaping key now, not in the background
    requireProject(engine, project);
    if (engine.stores.datasets.get(project, type)) throw conflict('DATASET', `${project}/${type}`, `Project ${project} already has a ${type} dataset.`);
    const now = engine.now();
    if (!manifest) {
      // Lookout: without a DatasetSource "an empty dataset is created and the operation synchronously returns".
      const empty = { project, type, status: 'CREATE_COMPLETE', status_message: 'Dataset created empty.', created_at: now, updated_at: now };
      engine.stores.datasets.insert(empty);
      return { DatasetMetadata: datasetMetadata(empty) };
    }
    const row = { project, type, status: 'CREATE_IN_PROGRESS', status_message: 'Importing the manifest.', created_at: now, updated_at: now };
    engine.stores.datasets.insert(row);
    req.afterCommit(() => engine.importer.scheduleCreate(project, type, manifest));
    return { DatasetMetadata: datasetMetadata(row) };
  },
};

export const DescribeDataset: PlainOperation = {
  name: 'DescribeDataset',
  method: 'GET',
  path: '/projects/{ProjectName}/datasets/{DatasetType}',
  successStatus: 200,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const type = datasetType(req.params.DatasetType);
    const d = requireDataset(engine, project, type);
    return {
      DatasetDescription: {
        ProjectName: project,
        DatasetType: type,
        CreationTimestamp: d.created_at,
        LastUpdatedTimestamp: d.updated_at,
        Status: d.status,
        StatusMessage: d.status_message ?? undefined,
        ImageStats: engine.stores.datasets.stats(project, type),
      },
    };
  },
};

export const DeleteDataset: IdempotentOperation = {
  name: 'DeleteDataset',
  method: 'DELETE',
  path: '/projects/{ProjectName}/datasets/{DatasetType}',
  successStatus: 202,
  idempotent: true,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const type = datasetType(req.params.DatasetType);
    const dataset = requireDataset(engine, project, type);
    requireSettled(project, type, dataset.status);
    engine.stores.datasets.delete(project, type);
    return {};
  },
};

export const ListDatasetEntries: PlainOperation = {
  name: 'ListDatasetEntries',
  method: 'GET',
  path: '/projects/{ProjectName}/datasets/{DatasetType}/entries',
  successStatus: 200,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const type = datasetType(req.params.DatasetType);
    const q = req.query;
    const filter = {
      labeled: optionalBoolean(q.get('labeled') ?? undefined, 'Labeled'),
      anomalyClass: optionalString(q.get('anomalyClass') ?? undefined, 'AnomalyClass', LOOKOUT_RULES.anomalyClassFilter) as
        | 'normal'
        | 'anomaly'
        | undefined,
      createdBefore: optionalTimestamp(q.get('createdBefore') ?? undefined, 'BeforeCreationDate'),
      createdAfter: optionalTimestamp(q.get('createdAfter') ?? undefined, 'AfterCreationDate'),
      sourceRefContains: optionalString(q.get('sourceRefContains') ?? undefined, 'SourceRefContains', LOOKOUT_RULES.sourceRefContains),
    };
    const listing = `ListDatasetEntries/${project}/${type}`;
    const { after, limit } = pageRequest<number>(q, 'number', listing);
    requireDataset(engine, project, type);
    const rows = engine.stores.datasets.entries(project, type, filter, after ?? 0, limit + 1);
    const { items, NextToken } = page(rows, limit, (r) => r.seq, listing);
    return { DatasetEntries: items.map((r) => r.entry), NextToken };
  },
};

export const UpdateDatasetEntries: IdempotentOperation = {
  name: 'UpdateDatasetEntries',
  method: 'PATCH',
  path: '/projects/{ProjectName}/datasets/{DatasetType}/entries',
  successStatus: 202,
  idempotent: true,
  maxBodyBytes: Math.ceil((MAX_CHANGES_BYTES * 4) / 3) + 1024,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const type = datasetType(req.params.DatasetType);
    const encoded = requireString(req.json.Changes, 'Changes', { min: 1 });
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) throw validation('Changes must be base64.');
    const changes = Buffer.from(encoded, 'base64');
    if (changes.length < 1 || changes.length > MAX_CHANGES_BYTES) throw validation(`Changes must be 1 to ${MAX_CHANGES_BYTES} bytes.`);
    const maxImages = maxImagesOf(engine.limits, type);
    if (countEntryLines(changes) > maxImages) throw validation(`Changes has more than ${maxImages} entries, the most a ${type} dataset holds.`);
    const dataset = requireDataset(engine, project, type);
    requireSettled(project, type, dataset.status);
    engine.stores.datasets.setStatus(project, type, 'UPDATE_IN_PROGRESS', 'Applying the changes.', engine.now());
    req.afterCommit(() => engine.importer.scheduleUpdate(project, type, changes));
    return { Status: 'UPDATE_IN_PROGRESS' };
  },
};

export const datasetOperations: Operation[] = [CreateDataset, DescribeDataset, DeleteDataset, ListDatasetEntries, UpdateDatasetEntries];
