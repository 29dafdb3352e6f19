import { CreateProjectCommand, LookoutVisionClient, type DetectAnomaliesCommandInput, type DetectAnomaliesCommandOutput } from '@aws-sdk/client-lookoutvision';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FinalizeHandler, FinalizeHandlerArguments, MetadataBearer } from '@smithy/types';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256Checksum } from '../../src/engine/http/sha256-checksum';
import { ChunkSigningChain } from '../../src/lookout/chunk-signing';
import { IMAGE_RULES } from '../../src/lookout/constraints';
import { STREAMED_PAYLOADS_HEADER } from '../../src/lookout/streamed-payload';
import { streamedDetectAnomalies } from '../../src/services/streamed-payload';
import { ArrivingBytes } from '../../src/util/read-bounded';
import { startEngine, type RunningEngine } from '../support/engine-harness';
import { makeImage } from '../support/images';

// DetectAnomalies with its image aws-chunked (src/lookout/streamed-payload.ts),
// through the real SDK client with the gateway's middleware and as raw signed
// requests, against the real engine checking signatures. There is no model 1:
// ResourceNotFoundException means the body passed every check before it.
const GOOD = { accessKeyId: 'AKIASTREAM', secretAccessKey: 'stream-secret' };
const PROJECT = 'streamed';
const PATH = `/2020-11-20/projects/${PROJECT}/models/1/detect`;

let e: RunningEngine;
let png: Buffer;

beforeAll(async () => {
  e = await startEngine({ credentials: new Map([[GOOD.accessKeyId, GOOD.secretAccessKey]]) });
  await e.client.send(new CreateProjectCommand({ ProjectName: PROJECT }));
  png = await makeImage('png', 128, 128);
});
afterAll(() => e?.close());

/** The image arriving in pieces, as an upload does. */
function arriving(bytes: Buffer): ArrivingBytes {
  const pieces: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += 1000) pieces.push(bytes.subarray(at, at + 1000));
  return new ArrivingBytes(Readable.from(pieces, { objectMode: false }), IMAGE_RULES.maxBytes);
}

const streamedDetect = (image: ArrivingBytes) => streamedDetectAnomalies({ ProjectName: PROJECT, ModelVersion: '1', ContentType: 'image/png' }, image);

describe('an image sent aws-chunked through the SDK', () => {
  it('passes the request\'s signature and every chunk\'s, and the engine says it takes it', async () => {
    const error = await e.client.send(streamedDetect(arriving(png))).catch((err) => err);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException' });
    expect((error as MetadataBearer & { $response?: { headers: Record<string, string> } }).$response?.headers[STREAMED_PAYLOADS_HEADER]).toBe('aws-chunked');
  });

  it('sends the image again from its first byte when the SDK retries an attempt cut off mid-body', async () => {
    const client = new LookoutVisionClient({ endpoint: e.url, region: 'us-east-1', credentials: GOOD, maxAttempts: 2 });
    const bodies: Readable[] = [];
    const command = streamedDetect(arriving(png));
    command.middlewareStack.addRelativeTo(
      (next: FinalizeHandler<DetectAnomaliesCommandInput, DetectAnomaliesCommandOutput>) => async (args: FinalizeHandlerArguments<DetectAnomaliesCommandInput>) => {
        const body = (args.request as { body: Readable }).body;
        bodies.push(body);
        if (bodies.length > 1) return next(args);
        // The first attempt reads part of the body, then its connection resets.
        await new Promise((resolve) => body.once('readable', resolve));
        body.read();
        throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      { relation: 'after', toMiddleware: 'streamedPayloadBody', name: 'cutFirstAttempt' },
    );
    await expect(client.send(command)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).not.toBe(bodies[0]);
  });
});

/** A raw DetectAnomalies to `engine` whose headers the test chooses, signed like the SDK signs, with any body (made from the signed headers). */
async function send(engine: RunningEngine, headers: Record<string, string>, body: (signed: Record<string, string>) => Buffer): Promise<{ status: number; type: string | null; message: string }> {
  const url = new URL(engine.url);
  const signer = new SignatureV4({ credentials: GOOD, region: 'us-east-1', service: 'lookoutvision', sha256: Sha256Checksum, uriEscapePath: true });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: PATH,
    query: {},
    headers: { host: url.host, 'content-type': 'image/png', ...headers },
  });
  const { host: _host, ...sent } = signed.headers;
  const res = await fetch(`${engine.url}${PATH}`, { method: 'POST', headers: sent, body: body(sent) });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), message: ((await res.json()) as { message: string }).message };
}

const SIGNED = { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' };
const SIGNED_TRAILER = { ...SIGNED, 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' };
const UNSIGNED_TRAILER = { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' };
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const crc32 = (bytes: Buffer) => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(zlib.crc32(bytes) >>> 0);
  return value.toString('base64');
};
const halves = (bytes: Buffer) => [bytes.subarray(0, bytes.length >> 1), bytes.subarray(bytes.length >> 1)];

/** `chunks` aws-chunked, each signed in the chain the signed headers start (an AWS-checked signer: test/lookout-chunk-signing.test.ts), then `trailer` lines, signed too. */
function signedBody(signed: Record<string, string>, chunks: Buffer[], trailer?: string): Buffer {
  const chain = new ChunkSigningChain({
    secretAccessKey: GOOD.secretAccessKey,
    amzDate: signed['x-amz-date'],
    region: 'us-east-1',
    service: 'lookoutvision',
    signature: /Signature=([0-9a-f]{64})/.exec(signed.authorization)![1],
  });
  const parts = chunks.flatMap((chunk) => [Buffer.from(`${chunk.length.toString(16)};chunk-signature=${chain.chunk(sha256(chunk))}\r\n`), chunk, Buffer.from('\r\n')]);
  parts.push(Buffer.from(`0;chunk-signature=${chain.chunk(sha256(Buffer.alloc(0)))}\r\n`));
  parts.push(Buffer.from(trailer === undefined ? '\r\n' : `${trailer}\r\nx-amz-trailer-signature:${chain.trailer(`${trailer}\n`)}\r\n\r\n`));
  return Buffer.concat(parts);
}

/** `chunks` aws-chunked without signatures, then the trailer lines given. */
function unsignedBody(chunks: Buffer[], trailer: string): Buffer {
  const parts = chunks.flatMap((chunk) => [Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
  return Buffer.concat([...parts, Buffer.from(`0\r\n${trailer}\r\n`)]);
}

describe('an aws-chunked image written by hand, to an engine with credentials', () => {
  it('is taken with every chunk signed, and with a signed checksum trailer too', async () => {
    expect(await send(e, SIGNED, (h) => signedBody(h, halves(png)))).toMatchObject({ status: 404, type: 'ResourceNotFoundException' });
    expect(await send(e, SIGNED_TRAILER, (h) => signedBody(h, halves(png), `x-amz-checksum-crc32:${crc32(png)}`))).toMatchObject({ status: 404 });
  });

  it.each([
    ['a byte of the image changed after it was signed', SIGNED, (h: Record<string, string>) => {
      const body = signedBody(h, halves(png));
      // A byte of the first chunk's data, just after its header line.
      body[body.indexOf('\r\n') + 2 + 100] ^= 1;
      return body;
    }, 403, 'AccessDeniedException', /chunk signature/],
    ['chunk signatures nobody made', SIGNED, () => Buffer.from(unsignedBody(halves(png), '').toString('latin1').replace(/^([0-9a-f]+)\r\n/gm, `$1;chunk-signature=${'0'.repeat(64)}\r\n`), 'latin1'), 403, 'AccessDeniedException', /chunk signature/],
    ['an unsigned stream, even with the right checksum (anyone can compute one)', UNSIGNED_TRAILER, () => unsignedBody(halves(png), `x-amz-checksum-crc32:${crc32(png)}\r\n`), 403, 'AccessDeniedException', /must have its chunks signed/],
    ['a signed checksum that is not the image\'s', SIGNED_TRAILER, (h: Record<string, string>) => signedBody(h, halves(png), `x-amz-checksum-crc32:${crc32(Buffer.from('another image'))}`), 400, 'ValidationException', /changed or cut on the way/],
    ['a body cut off inside a chunk', SIGNED, (h: Record<string, string>) => signedBody(h, halves(png)).subarray(0, 500), 400, 'ValidationException', /ended before/],
    ['a chunk longer than it says', SIGNED, (h: Record<string, string>) => Buffer.from(signedBody(h, [png]).toString('latin1').replace(/^[0-9a-f]+;/, '10;'), 'latin1'), 400, 'ValidationException', /malformed/],
    ['a STREAMING- mode without Content-Encoding: aws-chunked', { ...SIGNED, 'content-encoding': 'identity' }, (h: Record<string, string>) => signedBody(h, halves(png)), 400, 'ValidationException', /aws-chunked/],
    ['a declared length over the image limit', { ...SIGNED, 'x-amz-decoded-content-length': String(IMAGE_RULES.maxBytes + 1) }, (h: Record<string, string>) => signedBody(h, halves(png)), 400, 'ValidationException', /exceeds/],
    ['a declared length the body does not have', { ...SIGNED, 'x-amz-decoded-content-length': '7' }, (h: Record<string, string>) => signedBody(h, halves(png)), 400, 'ValidationException', /x-amz-decoded-content-length/],
    ['a checksum this engine does not verify', { ...SIGNED_TRAILER, 'x-amz-trailer': 'x-amz-checksum-md5' }, (h: Record<string, string>) => signedBody(h, halves(png)), 400, 'ValidationException', /not a checksum this engine verifies/],
  ] as [string, Record<string, string>, (h: Record<string, string>) => Buffer, number, string, RegExp][])('refuses %s', async (_what, headers, body, status, type, message) => {
    const answer = await send(e, headers, body);
    expect(answer).toMatchObject({ status, type });
    expect(answer.message).toMatch(message);
  });

  it('refuses an image over the limit sent as endless signed chunks, once the limit is passed', async () => {
    const chunks = [png.subarray(0, 8), ...Array.from({ length: 9 }, () => Buffer.alloc(0x100000, 1))];
    expect(await send(e, SIGNED, (h) => signedBody(h, chunks))).toMatchObject({ status: 400, type: 'ValidationException', message: expect.stringMatching(/exceeds/) });
  });
});

describe.skipIf(typeof zlib.crc32 !== 'function')('an unsigned aws-chunked image, to an engine without credentials (local development)', () => {
  let open: RunningEngine;
  beforeAll(async () => {
    open = await startEngine();
    await open.client.send(new CreateProjectCommand({ ProjectName: PROJECT }));
  });
  afterAll(() => open?.close());

  it('is taken with a checksum trailer, which is checked, and refused without one', async () => {
    expect(await send(open, UNSIGNED_TRAILER, () => unsignedBody(halves(png), `x-amz-checksum-crc32:${crc32(png)}\r\n`))).toMatchObject({ status: 404 });
    expect(await send(open, UNSIGNED_TRAILER, () => unsignedBody(halves(png), `x-amz-checksum-crc32:${crc32(Buffer.from('x'))}\r\n`))).toMatchObject({ status: 400, message: expect.stringMatching(/changed or cut/) });
    expect(await send(open, UNSIGNED_TRAILER, () => unsignedBody(halves(png), ''))).toMatchObject({ status: 400, message: expect.stringMatching(/was not sent/) });
    expect(await send(open, { ...UNSIGNED_TRAILER, 'x-amz-trailer': '' }, () => unsignedBody(halves(png), ''))).toMatchObject({ status: 400, message: expect.stringMatching(/needs a checksum trailer/) });
  });
});
