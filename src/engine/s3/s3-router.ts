import type { S3Call } from './s3-call';
import { S3Error } from './s3-error';
import type { S3Target } from './s3-target';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './operations/bucket-operations';
import { deleteObjects } from './operations/delete-objects';
import { listObjects, listObjectsV2 } from './operations/list-objects';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
  uploadPartCopy,
} from './operations/multipart-operations';
import { copyObject, deleteObject, getObject, headObject, putObject } from './operations/object-operations';

export interface S3Route {
  /** The S3 operation name, as in S3's API reference. */
  name: string;
  run(call: S3Call): Promise<void>;
}

/**
 * Query parameters that select S3 features this engine does not have (ACLs,
 * policies, versioning, tagging, ...): refused with NotImplemented rather
 * than answered as the plain operation, which a client would take for success.
 */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle',
  'logging', 'metadataTable', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policy', 'policyStatus', 'publicAccessBlock',
  'replication', 'requestPayment', 'restore', 'retention', 'select', 'session', 'tagging', 'torrent', 'versioning', 'versions', 'website',
];

const route = (name: string, run: (call: S3Call) => Promise<void>): S3Route => ({ name, run });

/** The operation a request names, by method, bucket, key, and the query's sub-resources (`?uploads`, `?delete`, ...). */
export function routeS3(method: string, target: S3Target, copySource: boolean): S3Route {
  const { bucket, key, query } = target;
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
  if (unsupported) throw new S3Error('NotImplemented', 501, `The ${unsupported} sub-resource is not implemented by this engine.`);
  if (bucket === undefined) {
    if (method === 'GET') return route('ListBuckets', listBuckets);
  } else if (key === undefined) {
    switch (method) {
      case 'GET':
        if (query.has('location')) return route('GetBucketLocation', getBucketLocation);
        if (query.has('uploads')) return route('ListMultipartUploads', listMultipartUploads);
        return query.get('list-type') === '2' ? route('ListObjectsV2', listObjectsV2) : route('ListObjects', listObjects);
      case 'HEAD':
        return route('HeadBucket', headBucket);
      case 'PUT':
        return route('CreateBucket', createBucket);
      case 'DELETE':
        return route('DeleteBucket', deleteBucket);
      case 'POST':
        if (query.has('delete')) return route('DeleteObjects', deleteObjects);
    }
  } else {
    const multipart = query.has('uploadId');
    switch (method) {
      case 'GET':
        return multipart ? route('ListParts', listParts) : route('GetObject', getObject);
      case 'HEAD':
        return route('HeadObject', headObject);
      case 'PUT':
        if (multipart || query.has('partNumber')) return copySource ? route('UploadPartCopy', uploadPartCopy) : route('UploadPart', uploadPart);
        return copySource ? route('CopyObject', copyObject) : route('PutObject', putObject);
      case 'DELETE':
        return multipart ? route('AbortMultipartUpload', abortMultipartUpload) : route('DeleteObject', deleteObject);
      case 'POST':
        if (query.has('uploads')) return route('CreateMultipartUpload', createMultipartUpload);
        if (multipart) return route('CompleteMultipartUpload', completeMultipartUpload);
    }
  }
  throw new S3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', { Method: method.slice(0, 20), ResourceType: key === undefined ? 'BUCKET' : 'OBJECT' });
}
