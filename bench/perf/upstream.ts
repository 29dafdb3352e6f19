import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  DetectAnomaliesCommand,
  LookoutVisionClient,
  type ModelDescription,
} from '@aws-sdk/client-lookoutvision';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/types';
import type { EngineCredentials } from './processes';

const REGION = 'us-east-1';

/** A request the SDK built and signed, ready to be replayed by the load generator. */
export interface SignedRequest {
  path: string;
  method: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: Buffer;
}

class Captured extends Error {
  constructor(readonly request: HttpRequest) {
    super('captured');
  }
}

/** A request handler that keeps the final, signed request instead of sending it. */
const capturing = {
  handle: (request: HttpRequest) => Promise.reject(new Captured(request)),
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
};

/** The engine seen through the AWS SDK: setting up projects and models, and the requests the direct side replays. */
export class Upstream {
  readonly lookout: LookoutVisionClient;
  readonly s3: S3Client;
  private readonly capturingLookout: LookoutVisionClient;
  private readonly capturingS3: S3Client;

  constructor(
    readonly url: string,
    credentials: EngineCredentials,
  ) {
    this.lookout = new LookoutVisionClient({ endpoint: url, region: REGION, credentials });
    this.s3 = new S3Client({ endpoint: url, region: REGION, credentials, forcePathStyle: true });
    this.capturingLookout = new LookoutVisionClient({ endpoint: url, region: REGION, credentials, maxAttempts: 1, requestHandler: capturing });
    this.capturingS3 = new S3Client({ endpoint: url, region: REGION, credentials, forcePathStyle: true, maxAttempts: 1, requestHandler: capturing });
  }

  async bucket(name: string): Promise<void> {
    await this.s3.send(new CreateBucketCommand({ Bucket: name })).catch((error: { name?: string }) => {
      if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
    });
  }

  put(bucket: string, key: string, body: Buffer | string, contentType: string): Promise<unknown> {
    return this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }

  /** A project with a train dataset of `images` (put in `bucket` first), and a trained model; resolves with the version. */
  async train(project: string, bucket: string, images: { image: Buffer; anomaly: boolean }[]): Promise<string> {
    await this.lookout.send(new CreateProjectCommand({ ProjectName: project }));
    const lines: string[] = [];
    for (const [i, { image, anomaly }] of images.entries()) {
      const key = `${project}/train/${i}.jpg`;
      await this.put(bucket, key, image, 'image/jpeg');
      const kind = anomaly ? 'anomaly' : 'normal';
      lines.push(
        JSON.stringify({
          'source-ref': `s3://${bucket}/${key}`,
          'anomaly-label': anomaly ? 1 : 0,
          'anomaly-label-metadata': { 'class-name': kind, 'creation-date': new Date().toISOString(), 'human-annotated': 'yes', 'job-name': 'bench', type: 'groundtruth/image-classification' },
        }),
      );
    }
    await this.put(bucket, `${project}/train.manifest`, lines.join('\n') + '\n', 'application/jsonl');
    await this.lookout.send(
      new CreateDatasetCommand({ ProjectName: project, DatasetType: 'train', DatasetSource: { GroundTruthManifest: { S3Object: { Bucket: bucket, Key: `${project}/train.manifest` } } } }),
    );
    const dataset = await until(
      () => this.lookout.send(new DescribeDatasetCommand({ ProjectName: project, DatasetType: 'train' })).then((o) => o.DatasetDescription!),
      (d) => !String(d.Status).endsWith('IN_PROGRESS'),
    );
    if (dataset.Status !== 'CREATE_COMPLETE') throw new Error(`the dataset of ${project} ended ${dataset.Status}: ${dataset.StatusMessage}`);
    const created = await this.lookout.send(new CreateModelCommand({ ProjectName: project, OutputConfig: { S3Location: { Bucket: bucket, Prefix: `${project}/output/` } } }));
    return created.ModelMetadata!.ModelVersion!;
  }

  describeModel(project: string, version: string): Promise<ModelDescription> {
    return this.lookout.send(new DescribeModelCommand({ ProjectName: project, ModelVersion: version })).then((o) => o.ModelDescription!);
  }

  /** Waits until the model leaves TRAINING, and checks it is TRAINED. */
  async trained(project: string, version: string, timeoutMs = 600_000): Promise<void> {
    const model = await until(() => this.describeModel(project, version), (m) => m.Status !== 'TRAINING', timeoutMs, 250);
    if (model.Status !== 'TRAINED') throw new Error(`model ${project}/${version} ended ${model.Status}: ${model.StatusMessage}`);
  }

  /** DetectAnomalies as the SDK builds and signs it (valid for replay for the 15 minutes the engine allows). */
  async signedDetect(project: string, version: string, image: Buffer, contentType: 'image/png' | 'image/jpeg'): Promise<SignedRequest> {
    return replayable(await captureFrom(() => this.capturingLookout.send(new DetectAnomaliesCommand({ ProjectName: project, ModelVersion: version, Body: image, ContentType: contentType }))), image);
  }

  /** PutObject as the SDK builds and signs it. */
  async signedPut(bucket: string, key: string, body: Buffer, contentType: string): Promise<SignedRequest> {
    return replayable(await captureFrom(() => this.capturingS3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }))), body);
  }

  /** Checks that a signed DetectAnomalies is answered as the SDK would be answered. */
  detect(project: string, version: string, image: Buffer, contentType: 'image/png' | 'image/jpeg') {
    return this.lookout.send(new DetectAnomaliesCommand({ ProjectName: project, ModelVersion: version, Body: image, ContentType: contentType }));
  }
}

async function captureFrom(send: () => Promise<unknown>): Promise<HttpRequest> {
  try {
    await send();
  } catch (error) {
    if (error instanceof Captured) return error.request;
    throw error;
  }
  throw new Error('the SDK sent nothing');
}

function replayable(request: HttpRequest, body: Buffer): SignedRequest {
  const pairs: [string, string][] = Object.entries(request.query ?? {}).flatMap(([k, v]): [string, string][] => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v ?? '']]));
  const query = new URLSearchParams(pairs).toString();
  // The load generator writes Content-Length (the same value) and Connection itself; it cannot wait for
  // a 100 Continue, so the S3 client's `Expect: 100-continue` (not signed) is left out and the body sent at once.
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['content-length', 'transfer-encoding', 'connection', 'expect'].includes(name.toLowerCase())));
  const sent = request.body as unknown;
  // The body as the SDK would send it (the same bytes for a Buffer; anything else would not replay).
  if (!(sent instanceof Uint8Array) || sent.byteLength !== body.byteLength) throw new Error(`the SDK would send a body the bench cannot replay (${typeof sent})`);
  return { path: request.path + (query ? `?${query}` : ''), method: request.method as 'POST' | 'PUT', headers, body: Buffer.from(sent.buffer, sent.byteOffset, sent.byteLength) };
}

export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 120_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still not done after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
