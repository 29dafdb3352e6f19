import { join } from 'node:path';
import type { Db } from '../store/database';
import { MultipartUploads } from './multipart-uploads';
import { ObjectFiles } from './object-files';
import { ObjectMetadataStore } from './object-metadata';
import { ObjectStore } from './object-store';
import type { S3Limits } from './s3-limits';

/** What the S3 API works on: the objects of `<data>/s3`, the uploads in progress, and the limits. */
export interface S3Storage {
  objects: ObjectStore;
  uploads: MultipartUploads;
  limits: S3Limits;
}

export function openS3Storage(db: Db, dataDir: string, limits: S3Limits, now: () => number): S3Storage {
  const files = new ObjectFiles(join(dataDir, 's3'));
  const metadata = new ObjectMetadataStore(db);
  return {
    objects: new ObjectStore(files, metadata),
    uploads: new MultipartUploads(db, join(dataDir, 's3-uploads'), files, metadata, limits, now),
    limits,
  };
}
