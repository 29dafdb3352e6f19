import type {
  DatasetDescription,
  DatasetMetadata,
  DetectAnomalyResult as SdkDetectAnomalyResult,
  ModelDescription,
  ModelMetadata,
  ModelPerformance as SdkModelPerformance,
  ProjectDescription,
  ProjectMetadata,
} from '@aws-sdk/client-lookoutvision';
import { Dataset, DatasetImageStats } from '../schema/dataset.type';
import { DetectAnomalyResult } from '../schema/detection.type';
import { DatasetType, ModelStatus } from '../schema/enums';
import { ModelPerformance, ModelVersion } from '../schema/model.type';
import { Project } from '../schema/project.type';
import { globalId } from '../schema/global-id';
import type { UnknownModelStatusListener } from './unknown-model-status';

/*
 * SDK shapes (PascalCase, everything optional) to the gateway's schema types.
 * Only this file knows both vocabularies.
 */

const EPOCH = new Date(0);

export function toProject(p: ProjectMetadata | ProjectDescription): Project {
  const arn = p.ProjectArn ?? '';
  const project: Project = { id: arn, name: p.ProjectName ?? '', arn, createdAt: p.CreationTimestamp ?? EPOCH };
  if ('Datasets' in p && p.Datasets) project.datasets = p.Datasets.map((d) => toDataset(project.name, d));
  return project;
}

export function toDataset(projectName: string, d: DatasetMetadata): Dataset {
  const type = toDatasetType(d.DatasetType);
  return {
    id: datasetId(projectName, type),
    projectName,
    type,
    status: d.Status ?? 'UNKNOWN',
    statusMessage: d.StatusMessage ?? null,
    createdAt: d.CreationTimestamp ?? EPOCH,
  };
}

export function toImageStats(d: DatasetDescription): DatasetImageStats | null {
  const s = d.ImageStats;
  if (!s) return null;
  return { total: s.Total ?? 0, labeled: s.Labeled ?? 0, normal: s.Normal ?? 0, anomaly: s.Anomaly ?? 0 };
}

export function toDatasetType(t: string | undefined): DatasetType {
  return t === 'test' ? DatasetType.TEST : DatasetType.TRAIN;
}

export function datasetId(project: string, type: DatasetType): string {
  return globalId('Dataset', `${project}/${fromDatasetType(type)}`);
}

export function fromDatasetType(t: DatasetType): 'train' | 'test' {
  return t === DatasetType.TEST ? 'test' : 'train';
}

/**
 * A version from ListModels. Its inference units are left undefined (not
 * null) so the field resolver knows it still has to describe the model.
 */
export function toModelVersion(project: string, m: ModelMetadata | ModelDescription, onUnknownStatus: UnknownModelStatusListener): ModelVersion {
  const status = toModelStatus(m.Status, onUnknownStatus);
  const version: ModelVersion = {
    id: m.ModelArn ?? '',
    project,
    version: m.ModelVersion ?? '',
    arn: m.ModelArn ?? '',
    description: m.Description ?? null,
    status,
    statusMessage: status === ModelStatus.UNKNOWN ? unknownStatusMessage(m.Status, m.StatusMessage) : (m.StatusMessage ?? null),
    createdAt: m.CreationTimestamp ?? EPOCH,
    performance: toPerformance(m.Performance),
  };
  return version;
}

/** A version from DescribeModel, which also knows its inference units. */
export function toDescribedModelVersion(project: string, d: ModelDescription, onUnknownStatus: UnknownModelStatusListener): ModelVersion {
  return { ...toModelVersion(project, d, onUnknownStatus), minInferenceUnits: d.MinInferenceUnits ?? null, maxInferenceUnits: d.MaxInferenceUnits ?? null };
}

const LOOKOUT_MODEL_STATUSES = new Set<string>(Object.values(ModelStatus).filter((s) => s !== ModelStatus.UNKNOWN));

/**
 * Lookout's status, or UNKNOWN for one this gateway has no value for. Passing
 * it off as a known status would tell clients something Lookout did not say.
 */
export function toModelStatus(s: string | undefined, onUnknownStatus: UnknownModelStatusListener): ModelStatus {
  if (s !== undefined && LOOKOUT_MODEL_STATUSES.has(s)) return s as ModelStatus;
  onUnknownStatus(s);
  return ModelStatus.UNKNOWN;
}

/** The statusMessage of an UNKNOWN status: the raw status first, then Lookout's own message. */
function unknownStatusMessage(status: string | undefined, lookoutMessage: string | undefined): string {
  const reported = status === undefined ? 'Lookout reported no status' : `Lookout reported the status "${status}", which this gateway does not know`;
  return lookoutMessage ? `${reported}: ${lookoutMessage}` : `${reported}.`;
}

function toPerformance(p: SdkModelPerformance | undefined): ModelPerformance | null {
  if (!p) return null;
  return { f1Score: p.F1Score ?? null, precision: p.Precision ?? null, recall: p.Recall ?? null };
}

export function toDetectAnomalyResult(r: SdkDetectAnomalyResult, version: string): DetectAnomalyResult {
  return {
    version,
    isAnomalous: r.IsAnomalous ?? false,
    confidence: r.Confidence ?? 0,
    source: { type: r.Source?.Type ?? 'direct' },
    anomalies: (r.Anomalies ?? []).map((a) => ({
      name: a.Name ?? '',
      pixelAnomaly: a.PixelAnomaly
        ? { totalPercentageArea: a.PixelAnomaly.TotalPercentageArea ?? 0, color: a.PixelAnomaly.Color ?? '' }
        : null,
    })),
    anomalyMask: r.AnomalyMask && r.AnomalyMask.length > 0 ? Buffer.from(r.AnomalyMask).toString('base64') : null,
  };
}
