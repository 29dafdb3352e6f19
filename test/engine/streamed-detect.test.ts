import { CreateProjectCommand, LookoutVisionClient, type DetectAnomaliesCommandInput, type DetectAnomaliesCommandOutput } from '@aws-sdk/client-lookoutvision';
import { SignatureV4 } from '@smithy/signature-v4';
import type { FinalizeHandler, FinalizeHandlerArguments, MetadataBearer } from '@smithy/types';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256Checksum } from '../../src/engine/http/sha256-checksum';
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
  it('passes the signature, the encoding and the CRC32 trailer, and the engine says it takes it', async () => {
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
      { relation: 'after', toMiddleware: 'streamedPayload', name: 'cutFirstAttempt' },
    );
    await expect(client.send(command)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).not.toBe(bodies[0]);
  });
});

/** A raw DetectAnomalies whose headers the test chooses, signed like the SDK signs, with any body. */
async function send(body: Buffer | string, headers: Record<string, string>): Promise<{ status: number; type: string | null; message: string }> {
  const url = new URL(e.url);
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
  const res = await fetch(`${e.url}${PATH}`, { method: 'POST', headers: sent, body });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), message: ((await res.json()) as { message: string }).message };
}

const STREAMING = { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'x-amz-trailer': 'x-amz-checksum-crc32' };
const crc32 = (bytes: Buffer) => {
  const value = Buffer.alloc(4);
  value.writeUInt32BE(zlib.crc32(bytes) >>> 0);
  return value.toString('base64');
};
/** The aws-chunked encoding of `bytes` in two chunks, then the trailer lines given. */
const chunkedBody = (bytes: Buffer, trailer: string) => {
  const half = Math.floor(bytes.length / 2);
  const chunk = (part: Buffer) => Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]);
  return Buffer.concat([chunk(bytes.subarray(0, half)), chunk(bytes.subarray(half)), Buffer.from(`0\r\n${trailer}\r\n`)]);
};

describe.skipIf(typeof zlib.crc32 !== 'function')('an aws-chunked image the engine refuses, as Lookout errors', () => {
  it('takes the encoding written by hand', async () => {
    expect(await send(chunkedBody(png, `x-amz-checksum-crc32:${crc32(png)}\r\n`), STREAMING)).toMatchObject({ status: 404, type: 'ResourceNotFoundException' });
  });

  it.each([
    ['a checksum that is not the image\'s', () => chunkedBody(png, `x-amz-checksum-crc32:${crc32(Buffer.from('another image'))}\r\n`), STREAMING, 400, 'ValidationException', /changed or cut on the way/],
    ['no trailer where x-amz-trailer announced one', () => chunkedBody(png, ''), STREAMING, 400, 'ValidationException', /was not sent/],
    ['an unsigned stream without a checksum trailer', () => chunkedBody(png, ''), { ...STREAMING, 'x-amz-trailer': '' }, 400, 'ValidationException', /needs a checksum trailer/],
    ['a body cut off inside a chunk', () => chunkedBody(png, `x-amz-checksum-crc32:${crc32(png)}\r\n`).subarray(0, 500), STREAMING, 400, 'ValidationException', /ended before/],
    ['a chunk longer than it says', () => Buffer.concat([Buffer.from('10\r\n'), png.subarray(0, 40), Buffer.from('\r\n0\r\n\r\n')]), STREAMING, 400, 'ValidationException', /malformed/],
    ['a STREAMING- mode without Content-Encoding: aws-chunked', () => chunkedBody(png, `x-amz-checksum-crc32:${crc32(png)}\r\n`), { ...STREAMING, 'content-encoding': 'identity' }, 400, 'ValidationException', /aws-chunked/],
    ['a declared length over the image limit', () => chunkedBody(png, `x-amz-checksum-crc32:${crc32(png)}\r\n`), { ...STREAMING, 'x-amz-decoded-content-length': String(IMAGE_RULES.maxBytes + 1) }, 400, 'ValidationException', /exceeds/],
    ['a declared length the body does not have', () => chunkedBody(png, `x-amz-checksum-crc32:${crc32(png)}\r\n`), () => ({ ...STREAMING, 'x-amz-decoded-content-length': String(png.length + 1) }), 400, 'ValidationException', /x-amz-decoded-content-length/],
    ['a checksum this engine does not verify', () => chunkedBody(png, ''), { ...STREAMING, 'x-amz-trailer': 'x-amz-checksum-md5' }, 400, 'ValidationException', /not a checksum this engine verifies/],
    ['signed chunks with signatures nobody made', () => Buffer.from(chunkedBody(png, '').toString('latin1').replace(/^([0-9a-f]+)\r\n/gm, `$1;chunk-signature=${'0'.repeat(64)}\r\n`), 'latin1'), { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' }, 403, 'AccessDeniedException', /chunk signature/],
  ] as [string, () => Buffer | string, Record<string, string> | (() => Record<string, string>), number, string, RegExp][])('refuses %s', async (_what, body, headers, status, type, message) => {
    const answer = await send(body(), typeof headers === 'function' ? headers() : headers);
    expect(answer).toMatchObject({ status, type });
    expect(answer.message).toMatch(message);
  });

  it('refuses an image over the limit sent as endless chunks, once the limit is passed', async () => {
    const chunk = Buffer.concat([Buffer.from(`100000\r\n`), Buffer.alloc(0x100000, 1), Buffer.from('\r\n')]);
    const body = Buffer.concat([Buffer.from(`8\r\n`), png.subarray(0, 8), Buffer.from('\r\n'), ...Array.from({ length: 9 }, () => chunk), Buffer.from('0\r\n\r\n')]);
    expect(await send(body, STREAMING)).toMatchObject({ status: 400, type: 'ValidationException', message: expect.stringMatching(/exceeds/) });
  });
});
