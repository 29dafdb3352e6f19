import type { DatasetRow } from '../store/dataset-store';
import type { ProjectRow } from '../store/project-store';

/* Store rows to the API's JSON shapes. */

export const projectMetadata = (p: ProjectRow) => ({ ProjectArn: p.arn, ProjectName: p.name, CreationTimestamp: p.created_at });

export const datasetMetadata = (d: DatasetRow) => ({
  DatasetType: d.type,
  CreationTimestamp: d.created_at,
  Status: d.status,
  StatusMessage: d.status_message ?? undefined,
});
