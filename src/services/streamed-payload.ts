import { createHash } from 'node:crypto';
import { Transform, pipeline, type Readable, type TransformCallback } from 'node:stream';
import { DetectAnomaliesCommand, type DetectAnomaliesCommandInput, type DetectAnomaliesCommandOutput } from '@aws-sdk/client-lookoutvision';
import { SMITHY_CONTEXT_KEY, type FinalizeHandler, type FinalizeHandlerArguments, type HandlerExecutionContext, type MiddlewareStack } from '@smithy/types';
import { ChunkSigningChain, type SeedSignature } from '../lookout/chunk-signing';
import { AWS_CHUNKED, STREAMED_PAYLOADS_HEADER, STREAMING_SIGNED_PAYLOAD } from '../lookout/streamed-payload';

let learners = 0;

/**
 * Whether the endpoint takes a detection's image aws-chunked
 * (src/lookout/streamed-payload.ts), as its latest answer said: learned from
 * every successful call's response headers, so a gateway pointed at this
 * project's engine streams from its first status poll on, and one pointed
 * at AWS (or at an engine that stops saying so) sends each image whole, with
 * its SHA-256, as Lookout requires.
 */
export class StreamedPayloads {
  private accepted = false;
  private readonly name = `streamedPayloadsLearned${++learners}`;

  constructor(private readonly stack: MiddlewareStack<object, object>) {
    stack.add(
      (next) => async (args) => {
        const result = await next(args);
        const headers = (result.response as { headers?: Record<string, string | undefined> }).headers;
        if (headers) this.accepted = headers[STREAMED_PAYLOADS_HEADER]?.split(',').some((p) => p.trim() === AWS_CHUNKED) === true;
        return result;
      },
      { step: 'deserialize', name: this.name },
    );
  }

  get available(): boolean {
    return this.accepted;
  }

  /** Takes the learning middleware off the client again (at gateway stop: tests build several gateways over one client). */
  detach(): void {
    this.stack.remove(this.name);
  }
}

/** An image that can be read again from its first byte, while it is still arriving too (ArrivingBytes). */
export interface ReplayableImage {
  replay(): Readable;
}

/**
 * DetectAnomalies with `image` sent aws-chunked, every chunk signed
 * (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): the signature chain covers the
 * image's bytes and their end as the request's own signature covers its
 * headers, so a captured request cannot carry another image, over plain
 * HTTP too. No Content-Length: the image may still be arriving (Node sends
 * the request chunked).
 *
 * The SDK retries throttling and network errors, but never a body that is a
 * stream (it cannot rewind one): the command's own Body is the image object
 * (the metrics read its size from it), and each attempt makes its stream
 * afresh, from the first byte, after the retries. Two steps, around the
 * signer: the headers before it (it signs them), the body after it (the
 * chain starts from its signature). A body that fails does not end the call:
 * abort it (LookoutApi aborts it when the upload fails).
 */
export function streamedDetectAnomalies(input: Omit<DetectAnomaliesCommandInput, 'Body'>, image: ReplayableImage): DetectAnomaliesCommand {
  const command = new DetectAnomaliesCommand({ ...input, Body: image as unknown as Uint8Array });
  command.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<DetectAnomaliesCommandInput, DetectAnomaliesCommandOutput>) => (args: FinalizeHandlerArguments<DetectAnomaliesCommandInput>) => {
      const request = args.request as { headers?: Record<string, string> };
      if (!request.headers) return next(args);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) if (name.toLowerCase() !== 'content-length') headers[name] = value;
      headers['content-encoding'] = AWS_CHUNKED;
      headers['x-amz-content-sha256'] = STREAMING_SIGNED_PAYLOAD;
      // A copy: the retry strategy looks at the request it holds.
      return next({ ...args, request: { ...request, headers } });
    },
    { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'streamedPayloadHeaders' },
  );
  command.middlewareStack.addRelativeTo(
    (next: FinalizeHandler<DetectAnomaliesCommandInput, DetectAnomaliesCommandOutput>, context: HandlerExecutionContext) =>
      (args: FinalizeHandlerArguments<DetectAnomaliesCommandInput>) => {
        const request = args.request as { headers: Record<string, string> };
        const body = pipeline(image.replay(), new SignedChunks(new ChunkSigningChain(seedOf(request.headers, context))), () => {});
        return next({ ...args, request: { ...request, body } });
      },
    { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'streamedPayloadBody' },
  );
  return command;
}

/** What the signer has just signed the request with: its headers, and the credentials it chose (the Smithy context's). */
function seedOf(headers: Record<string, string>, context: HandlerExecutionContext): SeedSignature {
  const authorization = headers.authorization ?? headers.Authorization ?? '';
  const scope = /Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(authorization);
  const signature = /Signature=([0-9a-f]{64})/.exec(authorization)?.[1];
  const secretAccessKey = (context[SMITHY_CONTEXT_KEY]?.selectedHttpAuthScheme?.identity as { secretAccessKey?: string } | undefined)?.secretAccessKey;
  const amzDate = headers['x-amz-date'] ?? headers['X-Amz-Date'];
  if (!scope || !signature || !secretAccessKey || !amzDate) throw new Error('The request was not signed with SigV4 credentials: its image cannot be streamed.');
  return { secretAccessKey, amzDate, region: scope[1], service: scope[2], signature };
}

/** The image as signed chunks: `<hex size>;chunk-signature=<sig>\r\n<data>\r\n`, closed by a signed empty chunk. */
class SignedChunks extends Transform {
  constructor(private readonly chain: ChunkSigningChain) {
    super();
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (data.length === 0) return done();
    const signature = this.chain.chunk(createHash('sha256').update(data).digest('hex'));
    this.push(`${data.length.toString(16)};chunk-signature=${signature}\r\n`);
    this.push(data);
    done(null, '\r\n');
  }

  override _flush(done: TransformCallback): void {
    done(null, `0;chunk-signature=${this.chain.chunk(EMPTY_SHA256)}\r\n\r\n`);
  }
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');
