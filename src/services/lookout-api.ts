import {
  CreateDatasetCommand,
  CreateModelCommand,
  CreateProjectCommand,
  DeleteDatasetCommand,
  DeleteModelCommand,
  DeleteProjectCommand,
  DescribeDatasetCommand,
  DescribeModelCommand,
  DescribeProjectCommand,
  DetectAnomaliesCommand,
  type DetectAnomaliesCommandInput,
  ListProjectsCommand,
  ListTagsForResourceCommand,
  LookoutVisionClient,
  StartModelCommand,
  StopModelCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateDatasetEntriesCommand,
  ListDatasetEntriesCommand,
  paginateListModels,
  paginateListProjects,
  type DatasetDescription,
  type DatasetMetadata,
  type DatasetStatus,
  type DetectAnomalyResult,
  type ModelDescription,
  type ModelHostingStatus,
  type ModelMetadata,
  type ProjectDescription,
  type ProjectMetadata,
  type Tag,
} from '@aws-sdk/client-lookoutvision';
import type { MiddlewareStack } from '@smithy/types';
import type { ArrivingBytes } from '../util/read-bounded';
import { withPayloadHash } from './known-payload-hash';
import { StreamedPayloads, streamedDetectAnomalies } from './streamed-payload';
import { toGraphQLError } from './lookout-errors';

export type ImageContentType = 'image/png' | 'image/jpeg';

/** An image to detect on: whole, with its SHA-256 if known; or still arriving. */
export type DetectionImage = { bytes: Buffer; sha256Hex?: string } | { arriving: ArrivingBytes };

/** How long each kind of Lookout call may take in all, retries included, before it is UPSTREAM_UNAVAILABLE. */
export interface UpstreamTimeouts {
  readMs: number;
  changeMs: number;
  detectMs: number;
}

/**
 * Every call the gateway makes to Lookout, over the SDK client it is given.
 * Lists are drained through every NextToken; every SDK failure leaves here
 * already turned into a coded GraphQL error.
 */
export class LookoutApi {
  private readonly streamed: StreamedPayloads;

  /**
   * @param onChange hears of the project after every write this API sends
   *   (the gateway drops its shared reads of it: see SharedReadCache)
   */
  constructor(
    private readonly client: LookoutVisionClient,
    private readonly timeouts: UpstreamTimeouts,
    private readonly onChange?: (project: string) => void,
  ) {
    this.streamed = new StreamedPayloads(client.middlewareStack as unknown as MiddlewareStack<object, object>);
  }

  /** Succeeds when the endpoint answers an authenticated read within a few seconds. */
  ping(): Promise<void> {
    return this.call(async () => {
      await this.client.send(new ListProjectsCommand({ MaxResults: 1 }), { abortSignal: AbortSignal.timeout(Math.min(3_000, this.timeouts.readMs)) });
    });
  }

  listProjects(): Promise<ProjectMetadata[]> {
    return this.call(async () => {
      const projects: ProjectMetadata[] = [];
      for await (const page of paginateListProjects({ client: this.client }, {}, this.deadline('readMs'))) projects.push(...(page.Projects ?? []));
      return projects;
    });
  }

  describeProject(projectName: string): Promise<ProjectDescription> {
    return this.call(async () => {
      const out = await this.client.send(new DescribeProjectCommand({ ProjectName: projectName }), this.deadline('readMs'));
      return out.ProjectDescription ?? {};
    });
  }

  describeDataset(projectName: string, datasetType: 'train' | 'test'): Promise<DatasetDescription> {
    return this.call(async () => {
      const out = await this.client.send(new DescribeDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }), this.deadline('readMs'));
      return out.DatasetDescription ?? {};
    });
  }

  listModels(projectName: string): Promise<ModelMetadata[]> {
    return this.call(async () => {
      const models: ModelMetadata[] = [];
      for await (const page of paginateListModels({ client: this.client }, { ProjectName: projectName }, this.deadline('readMs'))) models.push(...(page.Models ?? []));
      return models;
    });
  }

  describeModel(projectName: string, modelVersion: string): Promise<ModelDescription> {
    return this.call(async () => {
      const out = await this.client.send(new DescribeModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }), this.deadline('readMs'));
      return out.ModelDescription ?? {};
    });
  }

  startModel(input: { projectName: string; modelVersion: string; minInferenceUnits: number; maxInferenceUnits?: number; clientToken?: string }): Promise<ModelHostingStatus | undefined> {
    return this.change(input.projectName, async () => {
      const out = await this.client.send(
        new StartModelCommand({
          ProjectName: input.projectName,
          ModelVersion: input.modelVersion,
          MinInferenceUnits: input.minInferenceUnits,
          MaxInferenceUnits: input.maxInferenceUnits,
          ClientToken: input.clientToken,
        }),
        this.deadline('changeMs'),
      );
      return out.Status;
    });
  }

  stopModel(input: { projectName: string; modelVersion: string; clientToken?: string }): Promise<ModelHostingStatus | undefined> {
    return this.change(input.projectName, async () => {
      const out = await this.client.send(
        new StopModelCommand({ ProjectName: input.projectName, ModelVersion: input.modelVersion, ClientToken: input.clientToken }),
        this.deadline('changeMs'),
      );
      return out.Status;
    });
  }

  /** Whether detections' images may be streamed to the endpoint while they arrive (see StreamedPayloads). */
  get streamsImages(): boolean {
    return this.streamed.available;
  }

  /**
   * An image whole is sent with its SHA-256, `sha256Hex` when the caller
   * hashed it as it arrived (the signer then does not hash it again). An
   * image still arriving is streamed, only to an endpoint that takes that
   * (`streamsImages`): a failed upload aborts the call. One offered as
   * arriving that has all come by the time of the call is sent whole
   * (the signer hashes it): one write with its length costs the gateway
   * about a millisecond less than chunks signed one by one, and a small
   * image has usually all come by then (BENCHMARKS.md; measured on 4 and
   * 21 KB images: a large one that has all come goes whole too, hashed
   * before its first byte goes out, which was not measured).
   */
  detectAnomalies(projectName: string, modelVersion: string, image: DetectionImage, contentType: ImageContentType): Promise<DetectAnomalyResult> {
    const input = { ProjectName: projectName, ModelVersion: modelVersion, ContentType: contentType };
    if (!('arriving' in image)) return this.detectWhole(input, image.bytes, image.sha256Hex);
    const arrived = image.arriving.wholeIfArrived;
    return arrived ? this.detectWhole(input, arrived, undefined) : this.detectStreamed(input, image.arriving);
  }

  private detectWhole(input: Omit<DetectAnomaliesCommandInput, 'Body'>, bytes: Buffer, sha256Hex: string | undefined): Promise<DetectAnomalyResult> {
    return this.call(async () => {
      const out = await this.client.send(withPayloadHash(new DetectAnomaliesCommand({ ...input, Body: bytes }), sha256Hex), this.deadline('detectMs'));
      return out.DetectAnomalyResult ?? {};
    });
  }

  private detectStreamed(input: Omit<DetectAnomaliesCommandInput, 'Body'>, arriving: ArrivingBytes): Promise<DetectAnomalyResult> {
    return this.call(async () => {
      const deadline = this.deadlineOnceArrived(arriving, 'detectMs');
      try {
        // No SDK requestTimeout: the call lasts as long as the client takes to upload (bounded by REQUEST_TIMEOUT_MS), then
        // the deadline; the SDK's would only log a warning that a long upload had outlived it.
        const out = await this.client.send(streamedDetectAnomalies(input, arriving), { abortSignal: AbortSignal.any([deadline.signal, arriving.failed]), requestTimeout: 0 });
        return out.DetectAnomalyResult ?? {};
      } finally {
        deadline.clear();
      }
    });
  }

  /**
   * The call's deadline, counted from when the last byte of the image has
   * arrived: the time a slow client takes to upload is not the endpoint's
   * (the gateway's own request limits bound that).
   */
  private deadlineOnceArrived(arriving: ArrivingBytes, kind: keyof UpstreamTimeouts): { signal: AbortSignal; clear(): void } {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let cleared = false;
    arriving.whole.then(
      () => {
        if (!cleared) timer = setTimeout(() => controller.abort(new DOMException('The upstream call took longer than its deadline.', 'TimeoutError')), this.timeouts[kind]);
      },
      () => {},
    );
    return {
      signal: controller.signal,
      clear: () => {
        cleared = true;
        clearTimeout(timer);
      },
    };
  }

  /** Takes this API's middleware off the client (at gateway stop). */
  detach(): void {
    this.streamed.detach();
  }

  /**
   * One deadline over a call and the SDK's retries (jittered backoff on
   * throttling, 5xx and network errors): a stalled endpoint costs a client
   * seconds, not minutes. Start and stop carry a client token (the SDK makes
   * one when the caller gives none), so their retries are safe.
   */
  listTags(resourceArn: string): Promise<Tag[]> {
    return this.call(async () => {
      const out = await this.client.send(new ListTagsForResourceCommand({ ResourceArn: resourceArn }), this.deadline('readMs'));
      return out.Tags ?? [];
    });
  }

  /** Adds or overwrites tags; removes `removeKeys`. Two calls, as Lookout has no single one. */
  changeTags(resourceArn: string, tags: Tag[], removeKeys: string[]): Promise<void> {
    return this.change(projectOfArn(resourceArn), async () => {
      if (tags.length > 0) await this.client.send(new TagResourceCommand({ ResourceArn: resourceArn, Tags: tags }), this.deadline('changeMs'));
      if (removeKeys.length > 0) await this.client.send(new UntagResourceCommand({ ResourceArn: resourceArn, TagKeys: removeKeys }), this.deadline('changeMs'));
    });
  }

  createProject(projectName: string): Promise<ProjectMetadata> {
    return this.change(projectName, async () => {
      const out = await this.client.send(new CreateProjectCommand({ ProjectName: projectName }), this.deadline('changeMs'));
      return out.ProjectMetadata ?? {};
    });
  }

  deleteProject(projectName: string): Promise<void> {
    return this.change(projectName, async () => {
      await this.client.send(new DeleteProjectCommand({ ProjectName: projectName }), this.deadline('changeMs'));
    });
  }

  /** A dataset from a Ground Truth manifest in S3 (or empty without one). */
  createDataset(projectName: string, datasetType: 'train' | 'test', manifest: { bucket: string; key: string } | null): Promise<DatasetMetadata> {
    return this.change(projectName, async () => {
      const out = await this.client.send(
        new CreateDatasetCommand({
          ProjectName: projectName,
          DatasetType: datasetType,
          DatasetSource: manifest ? { GroundTruthManifest: { S3Object: { Bucket: manifest.bucket, Key: manifest.key } } } : undefined,
        }),
        this.deadline('changeMs'),
      );
      return out.DatasetMetadata ?? {};
    });
  }

  deleteDataset(projectName: string, datasetType: 'train' | 'test'): Promise<void> {
    return this.change(projectName, async () => {
      await this.client.send(new DeleteDatasetCommand({ ProjectName: projectName, DatasetType: datasetType }), this.deadline('changeMs'));
    });
  }

  /** One page of a dataset's entries (manifest lines), after `nextToken`. */
  listDatasetEntries(
    projectName: string,
    datasetType: 'train' | 'test',
    filter: { labeled?: boolean; anomalyClass?: 'normal' | 'anomaly'; sourceRefContains?: string; after?: Date; before?: Date },
    page: { maxResults: number; nextToken?: string },
  ): Promise<{ entries: string[]; nextToken: string | undefined }> {
    return this.call(async () => {
      const out = await this.client.send(
        new ListDatasetEntriesCommand({
          ProjectName: projectName,
          DatasetType: datasetType,
          Labeled: filter.labeled,
          AnomalyClass: filter.anomalyClass,
          SourceRefContains: filter.sourceRefContains,
          AfterCreationDate: filter.after,
          BeforeCreationDate: filter.before,
          MaxResults: page.maxResults,
          NextToken: page.nextToken,
        }),
        this.deadline('readMs'),
      );
      return { entries: out.DatasetEntries ?? [], nextToken: out.NextToken };
    });
  }

  /** Adds or replaces entries by source-ref (JSON lines); answers the dataset's status (UPDATE_IN_PROGRESS). */
  updateDatasetEntries(projectName: string, datasetType: 'train' | 'test', lines: string[]): Promise<DatasetStatus | undefined> {
    return this.change(projectName, async () => {
      const out = await this.client.send(
        new UpdateDatasetEntriesCommand({ ProjectName: projectName, DatasetType: datasetType, Changes: Buffer.from(lines.join('\n') + '\n', 'utf8') }),
        this.deadline('changeMs'),
      );
      return out.Status;
    });
  }

  createModel(input: { projectName: string; description?: string; outputBucket: string; outputPrefix: string; clientToken?: string }): Promise<ModelMetadata> {
    return this.change(input.projectName, async () => {
      const out = await this.client.send(
        new CreateModelCommand({
          ProjectName: input.projectName,
          Description: input.description,
          OutputConfig: { S3Location: { Bucket: input.outputBucket, Prefix: input.outputPrefix } },
          ClientToken: input.clientToken,
        }),
        this.deadline('changeMs'),
      );
      return out.ModelMetadata ?? {};
    });
  }

  deleteModel(projectName: string, modelVersion: string): Promise<void> {
    return this.change(projectName, async () => {
      await this.client.send(new DeleteModelCommand({ ProjectName: projectName, ModelVersion: modelVersion }), this.deadline('changeMs'));
    });
  }

  private deadline(kind: keyof UpstreamTimeouts): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.timeouts[kind]) };
  }

  /** A write: after it (whatever its outcome, it may have changed something), `onChange` hears of its project. */
  private async change<T>(project: string, send: () => Promise<T>): Promise<T> {
    try {
      return await this.call(send);
    } finally {
      this.onChange?.(project);
    }
  }

  private async call<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw toGraphQLError(error);
    }
  }
}

/** The project a Lookout ARN names: `...:project/<name>` or `...:model/<name>/<version>`; the whole ARN otherwise. */
export function projectOfArn(arn: string): string {
  const match = /:(?:project|model)\/([^/]+)/.exec(arn);
  return match ? match[1] : arn;
}
