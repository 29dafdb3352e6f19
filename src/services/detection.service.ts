import { createHash } from 'node:crypto';
import type { GraphQLError } from 'graphql';
import type { DetectAnomalyResult } from '../schema/detection.type';
import type { FileUpload } from '../schema/scalars';
import { ErrorCode } from './error-codes';
import { gatewayError, hasCode } from './gateway-error';
import { IMAGE_CONTENT_TYPES, sniffImageFormat } from '../lookout/image-format';
import type { Loaders } from './loaders';
import type { ImageContentType, LookoutApi } from './lookout-api';
import { toDetectAnomalyResult } from './mappers';
import { AdmissionRefused, type AdmissionGate } from '../util/admission-gate';
import type { HostingLedger } from '../runtime/hosting-ledger';
import { readUpload, uploadFailure } from './upload-reader';
import type { VersionResolver } from './version-resolver';

export interface DetectInput {
  project: string;
  version: string;
  file: Promise<FileUpload> | FileUpload;
}

/** An upload to detect on: its bytes, their type, and their SHA-256 (hex). */
interface UploadedImage {
  bytes: Buffer;
  contentType: ImageContentType;
  sha256: string;
}

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
    const { bytes, sha256 } = await this.receive(input.file);
    const format = sniffImageFormat(bytes);
    if (!format) {
      throw gatewayError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The file is neither a PNG nor a JPEG image.', { argument: 'file' });
    }
    const { result, version } = await this.detectFollowingAlias(input, { bytes, contentType: IMAGE_CONTENT_TYPES[format], sha256 });
    this.ledger.countDetection({ project: input.project, version: await this.concreteVersion(input.project, version) }, result.isAnomalous);
    return result;
  }

  /**
   * Detects with the version asked for; an alias is read now, once the
   * upload is in, so the version it names at the moment of the call is
   * used. A promotion may move the alias and stop the version it named
   * between that read and the call, and Lookout then answers Conflict: the
   * alias is read again and, if it has moved, followed once.
   */
  private async detectFollowingAlias(input: DetectInput, image: UploadedImage): Promise<{ result: DetectAnomalyResult; version: string }> {
    let version = await this.resolver.resolve(input.project, input.version);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.api.detectAnomalies(input.project, version, image.bytes, image.contentType, image.sha256);
        return { result: toDetectAnomalyResult(result), version };
      } catch (error) {
        if (!hasCode(error, ErrorCode.CONFLICT)) throw error;
        const moved = attempt === 1 ? await this.resolver.movedFrom(input.project, input.version, version) : null;
        if (moved === null) throw await this.notReady(input.project, version, error);
        version = moved;
      }
    }
  }

  /** The version number "latest" stands for (one DescribeModel, cached for the request); numbers as they are. */
  private async concreteVersion(project: string, version: string): Promise<string> {
    if (version !== 'latest') return version;
    const model = await this.loaders.model.load({ project, version }).catch(() => null);
    return model?.ModelVersion ?? version;
  }

  /**
   * The uploaded bytes and their SHA-256 (hex), hashed chunk by chunk as they
   * arrive: the request upstream signs it rather than hashing the image again
   * once it is all in. A missing, incomplete, oversized or empty file is refused.
   */
  private async receive(file: DetectInput['file']): Promise<Omit<UploadedImage, 'contentType'>> {
    let stream;
    try {
      stream = (await file).createReadStream();
    } catch (error) {
      throw uploadFailure(error, this.maxUploadBytes);
    }
    const hash = createHash('sha256');
    const bytes = await readUpload(stream, this.maxUploadBytes, hash);
    if (bytes.length === 0) throw gatewayError(ErrorCode.BAD_USER_INPUT, 'The uploaded file is empty.', { argument: 'file' });
    return { bytes, sha256: hash.digest('hex') };
  }

  /** Lookout answers Conflict for a model that is not HOSTED; say which state it is in. */
  private async notReady(project: string, version: string, conflict: GraphQLError): Promise<GraphQLError> {
    const model = await this.loaders.model.load({ project, version }).catch(() => null);
    const status = model?.Status;
    const message = status
      ? `Model version ${version} of project ${project} is ${status}; it must be HOSTED to detect anomalies (start it with startModel).`
      : conflict.message;
    return gatewayError(ErrorCode.MODEL_NOT_READY, message, {
      status,
      resourceId: conflict.extensions.resourceId,
      resourceType: conflict.extensions.resourceType,
      upstreamRequestId: conflict.extensions.upstreamRequestId,
    });
  }
}
