import { DetectAnomaliesCommand, LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { HttpRequest } from '@smithy/types';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256Checksum } from '../../src/engine/http/sha256-checksum';
import { withPayloadHash } from '../../src/services/known-payload-hash';

// The middleware on real SDK clients, whose requests are signed and then
// caught before they leave: what the signer hashed, and what it signed.
const body = randomBytes(256 * 1024);
const sha256 = createHash('sha256').update(body).digest('hex');

/** The length of every piece of data the clients' signer hashed. */
const hashed: number[] = [];
class RecordingSha256 extends Sha256Checksum {
  override update(data: Uint8Array): void {
    hashed.push(data.byteLength);
    super.update(data);
  }
}

/** The signed requests, caught where the HTTP handler would send them. */
const signed: HttpRequest[] = [];
const requestHandler = {
  handle: async (request: HttpRequest) => {
    signed.push(request);
    throw new Error('caught before sending');
  },
  updateHttpClientConfig: () => {},
  httpHandlerConfigs: () => ({}),
};

const config = {
  region: 'us-east-1',
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
  maxAttempts: 1,
  sha256: RecordingSha256,
  requestHandler,
};
const lookout = new LookoutVisionClient(config);
const s3 = new S3Client({ ...config, forcePathStyle: true });

/** Each command through its own client, with the hash when one is given. */
const send = {
  DetectAnomalies: (hash?: string) =>
    lookout.send(withPayloadHash(new DetectAnomaliesCommand({ ProjectName: 'p', ModelVersion: '1', ContentType: 'image/png', Body: body }), hash)),
  PutObject: (hash?: string) => s3.send(withPayloadHash(new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body }), hash)),
};
const names = Object.keys(send) as (keyof typeof send)[];

/** The request `sending` signed, and whether the signer hashed the body to sign it. */
async function signedBy(sending: Promise<unknown>) {
  hashed.length = 0;
  signed.length = 0;
  await expect(sending).rejects.toThrow('caught before sending');
  const request = signed[0];
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(request.headers.authorization))?.[1].split(';');
  return { headers: request.headers, signedHeaders, hashedBody: hashed.includes(body.length) };
}

describe('withPayloadHash', () => {
  it.each(names)('has %s signed with the hash it is given, the body not hashed again', async (name) => {
    const request = await signedBy(send[name](sha256));
    expect(request.headers['x-amz-content-sha256']).toBe(sha256);
    expect(request.signedHeaders).toContain('x-amz-content-sha256');
    expect(request.hashedBody).toBe(false);
  });

  it.each(names)('leaves %s as it was without a hash: the signer hashes the body', async (name) => {
    const request = await signedBy(send[name](undefined));
    // The SDK sends the header anyway, worked out from the body.
    expect(request.headers['x-amz-content-sha256']).toBe(sha256);
    expect(request.hashedBody).toBe(true);
  });

  it('answers the command it was given, with one build step more only when there is a hash', () => {
    const command = new PutObjectCommand({ Bucket: 'b', Key: 'k', Body: body });
    expect(withPayloadHash(command, undefined)).toBe(command);
    expect(command.middlewareStack.identify()).toEqual([]);
    expect(withPayloadHash(command, sha256)).toBe(command);
    expect(command.middlewareStack.identify()).toEqual(['knownPayloadHash - build']);
  });
});
