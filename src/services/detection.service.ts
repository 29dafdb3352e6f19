import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { GraphQLError } from 'graphql';
import type { DetectAnomalyResult } from '../schema/detection.type';
import type { FileUpload } from '../schema/scalars';
import { ErrorCode } from './error-codes';
import { gatewayError, hasCode, projectNotFound } from './gateway-error';
import { IMAGE_CONTENT_TYPES, sniffImageFormat } from '../lookout/image-format';
import type { Loaders } from './loaders';
import type { DetectionImage, ImageContentType, LookoutApi } from './lookout-api';
import { toDetectAnomalyResult } from './mappers';
import { AdmissionRefused, type AdmissionGate } from '../util/admission-gate';
import type { HostingLedger } from '../runtime/hosting-ledger';
import type { ArrivingBytes } from '../util/read-bounded';
import { expectedSize } from '../util/expected-size';
import { receiveUpload, refusedUpload, uploadFailure } from './upload-reader';
import type { VersionResolver } from './version-resolver';

export interface DetectInput {
  project: string;
  version: string;
  file: Promise<FileUpload> | FileUpload;
}

/** Enough of an upload to tell its format (sniffImageFormat). */
const SNIFFED_BYTES = 8;
/** Room for what follows a file in a multipart request: the closing boundary (at most 70 characters) and its dashes and line breaks. */
const MULTIPART_END_BYTES = 1024;

/** What brings a model that is not hosted to HOSTED, by its status; a failed or deleting version has no way there. */
const NEXT_STEP: Partial<Record<string, string>> = {
  TRAINED: ' (start it with startModel)',
  HOSTING_FAILED: ' (start it with startModel)',
  STOPPING_HOSTING: ' (start it again with startModel once it is TRAINED)',
  STARTING_HOSTING: ' (it is starting; try again once it is HOSTED)',
  TRAINING: ' (start it with startModel once training has finished)',
  SYSTEM_UPDATING: ' (Lookout is updating it; try again shortly)',
};

export class DetectionService {
  constructor(
    private readonly api: LookoutApi,
    private readonly loaders: Loaders,
    private readonly maxUploadBytes: number,
    private readonly gate: AdmissionGate,
    private readonly ledger: Pick<HostingLedger, 'countDetection'>,
    private readonly resolver: VersionResolver,
  ) {}

  /**
   * Detections pass a gateway-wide gate first: a burst cannot hold more
   * uploads in memory, nor send more requests upstream, than it allows.
   */
  async detect(input: DetectInput): Promise<DetectAnomalyResult> {
    try {
      return await this.gate.run(() => this.detectNow(input));
    } catch (error) {
      if (error instanceof AdmissionRefused) {
        throw gatewayError(ErrorCode.THROTTLED, 'Too many detections are in progress on this gateway; retry shortly.', { retryAfterSeconds: 1 });
      }
      throw error;
    }
  }

  private async detectNow(input: DetectInput): Promise<DetectAnomalyResult> {
    const stream = await this.open(input.file);
    // An upload whose request has more left to come than the limit allows is read whole first:
    // it will most likely be refused, and Lookout is not called for it.
    const streaming = this.api.streamsImages && !((expectedSize(stream) ?? 0) > this.maxUploadBytes + MULTIPART_END_BYTES);
    // Sent whole, it is hashed chunk by chunk as it arrives: the request upstream signs that hash rather than hashing the image again.
    const hash = streaming ? undefined : createHash('sha256');
    const upload = receiveUpload(stream, this.maxUploadBytes, hash);
    const contentType = await this.contentTypeOf(upload);
    const image: DetectionImage = streaming ? { arriving: upload } : { bytes: await this.whole(upload), sha256Hex: hash!.digest('hex') };
    const detection = this.detectFollowingAlias(input, image, contentType).catch((error: unknown) => {
      // A stream the endpoint cut off before the upload had all come (its own request time limit, a
      // restart) says nothing about the image: it is sent again whole once it is in.
      if (streaming && upload.arrivedAt === undefined && (hasCode(error, ErrorCode.UPSTREAM_ERROR) || hasCode(error, ErrorCode.UPSTREAM_UNAVAILABLE))) {
        return upload.whole.then((bytes) => this.detectFollowingAlias(input, { bytes }, contentType));
      }
      throw error;
    });
    // A streamed upload that fails aborts the call: the upload's own error is the one to give.
    const [answer, arrived] = await Promise.allSettled([detection, upload.whole]);
    if (arrived.status === 'rejected') throw refusedUpload(arrived.reason, this.maxUploadBytes);
    if (answer.status === 'rejected') throw answer.reason;
    const { result, version } = answer.value;
    this.ledger.countDetection({ project: input.project, version }, result.isAnomalous);
    return result;
  }

  /**
   * Detects with the version asked for; an alias is read now, once the
   * upload has begun, so the version it names at the moment of the call is
   * used. A promotion may move the alias and stop the version it named
   * between that read and the call, and Lookout then answers Conflict: the
   * alias is read again and, if it has moved, followed once (a streamed
   * image is sent again from its first byte).
   */
  private async detectFollowingAlias(input: DetectInput, image: DetectionImage, contentType: ImageContentType): Promise<{ result: DetectAnomalyResult; version: string }> {
    // "latest" is sent as the number it stands for, so the answer, the ledger and the metrics all name the version that judged.
    let version = await this.numberOf(input.project, await this.resolver.resolve(input.project, input.version));
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.api.detectAnomalies(input.project, version, image, contentType);
        return { result: toDetectAnomalyResult(result, version), version };
      } catch (error) {
        if (!hasCode(error, ErrorCode.CONFLICT)) throw error;
        const moved = attempt === 1 ? await this.resolver.movedFrom(input.project, input.version, version) : null;
        if (moved === null) throw await this.notReady(input.project, version, error);
        version = moved;
      }
    }
  }

  /** The version number "latest" stands for (one DescribeModel, cached for the request); numbers as they are. */
  private async numberOf(project: string, version: string): Promise<string> {
    if (version !== 'latest') return version;
    const model = await this.loaders.model.load({ project, version });
    if (model?.ModelVersion) return model.ModelVersion;
    if (!(await this.loaders.project.load(project))) throw projectNotFound(project);
    throw gatewayError(ErrorCode.NOT_FOUND, `Project ${project} has no model version yet.`, { resourceId: `${project}/latest`, resourceType: 'MODEL' });
  }

  private async open(file: DetectInput['file']): Promise<Readable> {
    try {
      return (await file).createReadStream();
    } catch (error) {
      throw uploadFailure(error, this.maxUploadBytes);
    }
  }

  /** The image's type, from its first bytes (a detection can start before the rest has come); an empty file or another format is refused. */
  private async contentTypeOf(upload: ArrivingBytes): Promise<ImageContentType> {
    const head = await upload.atLeast(SNIFFED_BYTES).catch((error: unknown) => {
      throw refusedUpload(error, this.maxUploadBytes);
    });
    if (head.length === 0) throw gatewayError(ErrorCode.BAD_USER_INPUT, 'The uploaded file is empty.', { argument: 'file' });
    const format = sniffImageFormat(head);
    if (!format) throw gatewayError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The file is neither a PNG nor a JPEG image.', { argument: 'file' });
    return IMAGE_CONTENT_TYPES[format];
  }

  private async whole(upload: ArrivingBytes): Promise<Buffer> {
    try {
      return await upload.whole;
    } catch (error) {
      throw refusedUpload(error, this.maxUploadBytes);
    }
  }

  /** Lookout answers Conflict for a model that is not HOSTED; say which state it is in. */
  private async notReady(project: string, version: string, conflict: GraphQLError): Promise<GraphQLError> {
    const model = await this.loaders.model.load({ project, version }).catch(() => null);
    const status = model?.Status;
    const message = status ? `Model version ${version} of project ${project} is ${status}; it must be HOSTED to detect anomalies${NEXT_STEP[status] ?? ''}.` : conflict.message;
    return gatewayError(ErrorCode.MODEL_NOT_READY, message, {
      status,
      resourceId: conflict.extensions.resourceId,
      resourceType: conflict.extensions.resourceType,
      upstreamRequestId: conflict.extensions.upstreamRequestId,
    });
  }
}
