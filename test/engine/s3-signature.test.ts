import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateProjectCommand, ListProjectsCommand } from '@aws-sdk/client-lookoutvision';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, createHmac } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256Checksum } from '../../src/engine/http/sha256-checksum';
import { rawRequest, type RawAnswer } from '../support/raw-http';
import { startEngine, type RunningEngine } from '../support/engine-harness';

/*
 * S3's signing rules on the engine's port: the payload modes of
 * x-amz-content-sha256 (a hash, UNSIGNED-PAYLOAD, aws-chunked with every
 * chunk signed, aws-chunked with a checksum trailer), presigned URLs, S3's
 * XML errors, and how one port tells S3 from Lookout.
 */

const KEY = { accessKeyId: 'AKIAS3SIGTEST', secretAccessKey: 's3-signature-secret' };
const BUCKET = 'signed-bucket';
const EMPTY_SHA256 = createHash('sha256').digest('hex');

let engine: RunningEngine;
let s3: S3Client;

beforeAll(async () => {
  engine = await startEngine({ credentials: new Map([[KEY.accessKeyId, KEY.secretAccessKey]]) });
  s3 = new S3Client({ endpoint: engine.url, forcePathStyle: true, region: 'us-east-1', credentials: KEY, maxAttempts: 1 });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(() => engine?.close());

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** Signs a request as S3 clients do (path not encoded again), with the given payload declaration. */
async function signS3(method: string, path: string, payloadHash: string, headers: Record<string, string> = {}, secret = KEY.secretAccessKey): Promise<Record<string, string>> {
  const url = new URL(engine.url);
  const signer = new SignatureV4({ credentials: { ...KEY, secretAccessKey: secret }, region: 'us-east-1', service: 's3', sha256: Sha256Checksum, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.sign({
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path,
    query: {},
    headers: { host: url.host, 'x-amz-content-sha256': payloadHash, ...headers },
  });
  return signed.headers;
}

/**
 * An aws-chunked body whose chunks are signed in a chain from the request's
 * signature, as the Java SDK and others send `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`;
 * with `trailer`, a checksum trailer signed at the end of the chain.
 */
function signedChunks(headers: Record<string, string>, chunks: Buffer[], trailer?: string, secret = KEY.secretAccessKey): Buffer {
  const amzDate = headers['x-amz-date'];
  const scope = `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`;
  let key: Buffer = hmac(`AWS4${secret}`, amzDate.slice(0, 8));
  for (const part of ['us-east-1', 's3', 'aws4_request']) key = hmac(key, part);
  let previous = /Signature=([0-9a-f]{64})/.exec(headers.authorization)![1];
  const parts: Buffer[] = [];
  for (const chunk of [...chunks, Buffer.alloc(0)]) {
    previous = hmac(key, ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, EMPTY_SHA256, sha256(chunk)].join('\n')).toString('hex');
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${previous}\r\n`), chunk);
    if (chunk.length > 0) parts.push(Buffer.from('\r\n'));
  }
  if (trailer !== undefined) {
    const signature = hmac(key, ['AWS4-HMAC-SHA256-TRAILER', amzDate, scope, previous, sha256(`${trailer}\n`)].join('\n')).toString('hex');
    parts.push(Buffer.from(`${trailer}\r\nx-amz-trailer-signature:${signature}\r\n\r\n`));
  } else {
    parts.push(Buffer.from('\r\n'));
  }
  return Buffer.concat(parts);
}

const crc32Base64 = (data: Buffer) => {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(crc32(data));
  return bytes.toString('base64');
};

const send = (method: string, target: string, headers: Record<string, string>, body?: Buffer | string) =>
  rawRequest(engine.url, { method, target, headers: Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'host')), body });

/** The `<Code>` of an S3 error document, or null. */
const codeOf = (answer: RawAnswer) => /<Code>([^<]+)<\/Code>/.exec(answer.body)?.[1] ?? null;

async function objectBody(key: string): Promise<string | null> {
  try {
    const got = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await got.Body!.transformToString()) ?? null;
  } catch {
    return null;
  }
}

/** No temporary file of a refused upload is left in the bucket. */
const leftovers = () => readdirSync(join(engine.dataDir, 's3', BUCKET)).filter((name) => name.startsWith('.tmp-'));

const CHUNKS = [Buffer.alloc(8192, 'a'), Buffer.alloc(8192, 'b'), Buffer.from('end')];
const DECODED = Buffer.concat(CHUNKS);

function streamingHeaders(mode: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(DECODED.length), ...extra };
}

describe('S3 payload signing modes', () => {
  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD: stores the decoded bytes when every chunk signature holds', async () => {
    const path = `/${BUCKET}/chunked/ok.bin`;
    const headers = await signS3('PUT', path, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', streamingHeaders('signed'));
    const answer = await send('PUT', path, headers, signedChunks(headers, CHUNKS));
    expect(answer.status, answer.body).toBe(200);
    expect(answer.headers.etag).toBe(`"${createHash('md5').update(DECODED).digest('hex')}"`);
    expect(await objectBody('chunked/ok.bin')).toBe(DECODED.toString());
  });

  it.each([
    ['a byte of a chunk changed', (body: Buffer) => Buffer.from(body.toString('latin1').replace('bbbb', 'bbbc'), 'latin1')],
    ['a chunk signature from another chain', (body: Buffer) => Buffer.from(body.toString('latin1').replace(/chunk-signature=[0-9a-f]{4}/, 'chunk-signature=0000'), 'latin1')],
    ['the body cut after the first chunk', (body: Buffer) => body.subarray(0, body.indexOf('\r\n', 100) + 2 + 8192 + 2)],
  ])('refuses the upload, keeping nothing, with %s', async (_what, tamper) => {
    const path = `/${BUCKET}/chunked/tampered.bin`;
    const headers = await signS3('PUT', path, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', streamingHeaders('signed'));
    const answer = await send('PUT', path, headers, tamper(signedChunks(headers, CHUNKS)));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(['SignatureDoesNotMatch', 'IncompleteBody']).toContain(codeOf(answer));
    expect(await objectBody('chunked/tampered.bin')).toBeNull();
    expect(leftovers()).toEqual([]);
  });

  it('STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER: verifies the signed checksum trailer', async () => {
    const path = `/${BUCKET}/chunked/trailer.bin`;
    const extra = streamingHeaders('signed', { 'x-amz-trailer': 'x-amz-checksum-crc32' });
    const headers = await signS3('PUT', path, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', extra);
    const good = await send('PUT', path, headers, signedChunks(headers, CHUNKS, `x-amz-checksum-crc32:${crc32Base64(DECODED)}`));
    expect(good.status, good.body).toBe(200);
    expect(good.headers['x-amz-checksum-crc32']).toBe(crc32Base64(DECODED));

    const again = await signS3('PUT', `/${BUCKET}/chunked/trailer-forged.bin`, 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER', extra);
    const body = signedChunks(again, CHUNKS, `x-amz-checksum-crc32:${crc32Base64(DECODED)}`);
    const forged = Buffer.from(body.toString('latin1').replace(crc32Base64(DECODED), 'AAAAAA=='), 'latin1');
    const refused = await send('PUT', `/${BUCKET}/chunked/trailer-forged.bin`, again, forged);
    expect({ status: refused.status, code: codeOf(refused) }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    expect(await objectBody('chunked/trailer-forged.bin')).toBeNull();
  });

  it('STREAMING-UNSIGNED-PAYLOAD-TRAILER: verifies the CRC32 trailer (BadDigest when it differs)', async () => {
    const unsignedChunked = (checksum: string) =>
      Buffer.concat([...CHUNKS.flatMap((c) => [Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]), Buffer.from(`0\r\nx-amz-checksum-crc32:${checksum}\r\n\r\n`)]);
    const extra = streamingHeaders('unsigned', { 'x-amz-trailer': 'x-amz-checksum-crc32' });
    const path = `/${BUCKET}/chunked/crc.bin`;
    const good = await send('PUT', path, await signS3('PUT', path, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', extra), unsignedChunked(crc32Base64(DECODED)));
    expect(good.status, good.body).toBe(200);
    const badPath = `/${BUCKET}/chunked/crc-bad.bin`;
    const bad = await send('PUT', badPath, await signS3('PUT', badPath, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER', extra), unsignedChunked('AAAAAA=='));
    expect({ status: bad.status, code: codeOf(bad) }).toEqual({ status: 400, code: 'BadDigest' });
    expect(await objectBody('chunked/crc-bad.bin')).toBeNull();
  });

  it('a signed body hash: refuses other bytes (XAmzContentSHA256Mismatch), a wrong Content-MD5 (BadDigest); takes UNSIGNED-PAYLOAD', async () => {
    const path = `/${BUCKET}/plain/hash.txt`;
    const mismatch = await send('PUT', path, await signS3('PUT', path, sha256('the signed bytes')), 'other bytes');
    expect({ status: mismatch.status, code: codeOf(mismatch) }).toEqual({ status: 400, code: 'XAmzContentSHA256Mismatch' });
    const md5 = await send('PUT', path, await signS3('PUT', path, sha256('x'), { 'content-md5': createHash('md5').update('y').digest('base64') }), 'x');
    expect({ status: md5.status, code: codeOf(md5) }).toEqual({ status: 400, code: 'BadDigest' });
    expect(await objectBody('plain/hash.txt')).toBeNull();
    const unsigned = await send('PUT', path, await signS3('PUT', path, 'UNSIGNED-PAYLOAD'), 'any bytes');
    expect(unsigned.status).toBe(200);
    expect(await objectBody('plain/hash.txt')).toBe('any bytes');
    expect(leftovers()).toEqual([]);
  });

  it('answers S3 error documents with a request id: no signature, a wrong secret, a missing payload hash', async () => {
    const none = await rawRequest(engine.url, { target: `/${BUCKET}` });
    expect({ status: none.status, code: codeOf(none) }).toEqual({ status: 403, code: 'AccessDenied' });
    expect(none.headers['content-type']).toBe('application/xml');
    expect(none.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(none.body).toContain(`<RequestId>${none.headers['x-amz-request-id']}</RequestId>`);
    const wrong = await send('GET', `/${BUCKET}`, await signS3('GET', `/${BUCKET}`, EMPTY_SHA256, {}, 'guessed'));
    expect({ status: wrong.status, code: codeOf(wrong) }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const url = new URL(engine.url);
    const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 's3', sha256: Sha256Checksum, uriEscapePath: false, applyChecksum: false });
    const noHash = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, path: `/${BUCKET}`, query: {}, headers: { host: url.host } });
    const missing = await send('GET', `/${BUCKET}`, noHash.headers);
    expect({ status: missing.status, code: codeOf(missing) }).toEqual({ status: 400, code: 'InvalidRequest' });
  });
});

/**
 * A presigned URL as @aws-sdk/s3-request-presigner makes one: the signature in
 * the query, the payload UNSIGNED-PAYLOAD (`aws s3 presign` is in aws-cli.test.ts).
 */
async function presign(method: string, key: string, expiresIn: number, signingDate = new Date()): Promise<string> {
  const url = new URL(engine.url);
  const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 's3', sha256: Sha256Checksum, uriEscapePath: false, applyChecksum: false });
  const signed = await signer.presign(
    { method, protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: `/${BUCKET}/${key}`, query: {}, headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    { expiresIn, signingDate, unsignableHeaders: new Set(['x-amz-content-sha256']), unhoistableHeaders: new Set(['x-amz-content-sha256']) },
  );
  const query = Object.entries(signed.query ?? {}).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  return `${engine.url}/${BUCKET}/${key}?${query.join('&')}`;
}

describe('presigned URLs', () => {
  it('serves a GET and a PUT signed in the query, and refuses one altered or expired', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'shared/report.txt', Body: 'shared text' }));
    const getUrl = await presign('GET', 'shared/report.txt', 60);
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('shared text');

    expect((await fetch(await presign('PUT', 'shared/upload.txt', 60), { method: 'PUT', body: 'uploaded via URL' })).status).toBe(200);
    expect(await objectBody('shared/upload.txt')).toBe('uploaded via URL');

    const altered = await fetch(getUrl.replace('shared/report.txt', 'shared/upload.txt'));
    expect({ status: altered.status, code: /<Code>([^<]+)/.exec(await altered.text())?.[1] }).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const expired = await fetch(await presign('GET', 'shared/report.txt', 60, new Date(Date.now() - 120_000)));
    const text = await expired.text();
    expect({ status: expired.status, code: /<Code>([^<]+)/.exec(text)?.[1] }).toEqual({ status: 403, code: 'RequestTimeTooSkewed' });
    expect(text).toContain('Request has expired');
  });
});

describe('one port for both APIs', () => {
  it('routes by the signature service: lookoutvision to Lookout, s3 to S3, whatever the path', async () => {
    await engine.client.send(new CreateProjectCommand({ ProjectName: 'both-apis' }));
    expect((await engine.client.send(new ListProjectsCommand({}))).Projects?.map((p) => p.ProjectName)).toEqual(['both-apis']);
    // Signed for S3, a Lookout path is an S3 path: bucket 2020-11-20, which does not exist.
    const s3Path = '/2020-11-20/projects';
    const asS3 = await send('GET', s3Path, await signS3('GET', s3Path, EMPTY_SHA256));
    expect({ status: asS3.status, code: codeOf(asS3) }).toEqual({ status: 404, code: 'NoSuchBucket' });
    // Signed for Lookout, / is no Lookout operation.
    const url = new URL(engine.url);
    const lookoutSigner = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 'lookoutvision', sha256: Sha256Checksum });
    const root = await lookoutSigner.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, path: '/', query: {}, headers: { host: url.host } });
    const asLookout = await send('GET', '/', root.headers);
    expect({ status: asLookout.status, type: asLookout.headers['x-amzn-errortype'] }).toEqual({ status: 404, type: 'UnknownOperationException' });
  });

  it('refuses a request from a web page (an Origin header) before reading it', async () => {
    const path = `/${BUCKET}/from-browser.txt`;
    const answer = await send('PUT', path, { ...(await signS3('PUT', path, sha256('x'))), origin: 'https://evil.example' }, 'x');
    expect({ status: answer.status, code: codeOf(answer) }).toEqual({ status: 403, code: 'AccessDenied' });
    expect(await objectBody('from-browser.txt')).toBeNull();
  });
});

describe('an engine without credentials', () => {
  let open: RunningEngine;
  beforeAll(async () => {
    open = await startEngine();
  });
  afterAll(() => open?.close());

  it('routes unsigned requests by path: /2020-11-20/... to Lookout, anything else to S3 (GET / lists buckets)', async () => {
    const lookout = await rawRequest(open.url, { target: '/2020-11-20/projects' });
    expect({ status: lookout.status, json: JSON.parse(lookout.body) }).toEqual({ status: 200, json: { Projects: [] } });
    const buckets = await rawRequest(open.url, { target: '/' });
    expect(buckets.status).toBe(200);
    expect(buckets.body).toContain('<ListAllMyBucketsResult');
    const other = await rawRequest(open.url, { target: '/2020-11-21/projects' });
    expect({ status: other.status, code: codeOf(other) }).toEqual({ status: 404, code: 'NoSuchBucket' });
  });

  it('answers loopback names only, a bucket under localhost included (virtual-hosted style)', async () => {
    const port = new URL(open.url).port;
    expect((await rawRequest(open.url, { method: 'PUT', target: '/vhost-bucket', headers: { host: `localhost:${port}` } })).status).toBe(200);
    const vhost = await rawRequest(open.url, { method: 'PUT', target: '/file.txt', headers: { host: `vhost-bucket.localhost:${port}` }, body: 'via host' });
    expect(vhost.status, vhost.body).toBe(200);
    expect(existsSync(join(open.dataDir, 's3', 'vhost-bucket', 'file.txt'))).toBe(true);
    const rebinding = await rawRequest(open.url, { target: '/vhost-bucket', headers: { host: `attacker.example:${port}` } });
    expect({ status: rebinding.status, code: codeOf(rebinding) }).toEqual({ status: 403, code: 'AccessDenied' });
    const disguised = await rawRequest(open.url, { target: '/', headers: { host: `vhost-bucket.attacker.example:${port}` } });
    expect(disguised.status).toBe(403);
  });
});
