import {
  CreateProjectCommand,
  DeleteProjectCommand,
  DetectAnomaliesCommand,
  ListDatasetEntriesCommand,
  ListProjectsCommand,
  ListTagsForResourceCommand,
  LookoutVisionClient,
  StopModelCommand,
  TagResourceCommand,
  UntagResourceCommand,
  type LookoutVisionClientConfig,
} from '@aws-sdk/client-lookoutvision';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedEngine } from '../../src/cli/embedded-engine';
import { parseCredentials } from '../../src/engine/http/credentials-file';
import { checkListenAddress } from '../../src/engine/http/listen-policy';
import { isLoopbackHost } from '../../src/util/loopback';
import { Sha256Checksum } from '../../src/engine/http/sha256-checksum';
import { createLookoutClient } from '../../src/server/lookout-client';
import { ConfigError } from '../../src/util/config-values';
import { withPayloadHash } from '../../src/services/known-payload-hash';
import { ProjectsDocument } from '../../src/client/generated/graphql';
import { HAVE_BUILD, runCli, startChildEngine } from '../support/child-engine';
import { makeImage } from '../support/images';
import { sdkClient, startEngine, tempDataDir, type RunningEngine } from '../support/engine-harness';
import { startGateway } from '../support/gateway-harness';

const GOOD = { accessKeyId: 'AKIAGOOD', secretAccessKey: 'good-secret' };
const MISMATCH = /^The request signature we calculated does not match the signature you provided/;

let e: RunningEngine;

function client(credentials = GOOD, config: Partial<LookoutVisionClientConfig> = {}): LookoutVisionClient {
  return new LookoutVisionClient({ endpoint: e.url, region: 'us-east-1', credentials, maxAttempts: 1, ...config });
}

const projectNames = async () => ((await e.client.send(new ListProjectsCommand({}))).Projects ?? []).map((p) => p.ProjectName);

/** An Authorization header of the right form that no secret produced. */
function unsignedAuthorization(accessKeyId: string): Record<string, string> {
  const amzDate = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return {
    'x-amz-date': amzDate,
    authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/lookoutvision/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
  };
}

/** Signs a CreateProject body with @smithy/signature-v4 directly, so the test can send other bytes under that signature. */
async function signedCreateProject(body: string, options: { signBodyHash: boolean; service?: string }): Promise<Record<string, string>> {
  const url = new URL(e.url);
  const signer = new SignatureV4({ credentials: GOOD, region: 'us-east-1', service: options.service ?? 'lookoutvision', sha256: Sha256Checksum, applyChecksum: options.signBodyHash });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/2020-11-20/projects',
    query: {},
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  const { host: _host, ...headers } = signed.headers;
  return headers;
}

const postProject = (headers: Record<string, string>, body: string) => fetch(`${e.url}/2020-11-20/projects`, { method: 'POST', headers, body });

describe('SigV4 verification against a credentials list', () => {
  beforeAll(async () => {
    e = await startEngine({ credentials: new Map([[GOOD.accessKeyId, GOOD.secretAccessKey]]) });
  });
  afterAll(() => e?.close());

  it('serves correctly signed requests of every kind', async () => {
    const c = client();
    await c.send(new CreateProjectCommand({ ProjectName: 'signed' }));
    // The ARN travels percent-encoded in the path: %3A and %2F, encoded again in the canonical request.
    const arn = 'arn:aws:lookoutvision:us-east-1:000000000000:project/signed';
    await c.send(new TagResourceCommand({ ResourceArn: arn, Tags: ['a', 'b', 'c'].map((Key) => ({ Key, Value: Key })) }));
    await c.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'b'] }));
    expect((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags).toEqual([{ Key: 'c', Value: 'c' }]);
    expect((await c.send(new ListProjectsCommand({ MaxResults: 5 }))).Projects?.map((p) => p.ProjectName)).toEqual(['signed']);
    // Query values with a space, a plus, a slash and a percent sign; a POST without a body; a raw image body.
    await expect(c.send(new ListDatasetEntriesCommand({ ProjectName: 'signed', DatasetType: 'train', Labeled: true, SourceRefContains: 'a b+c/%' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(c.send(new StopModelCommand({ ProjectName: 'signed', ModelVersion: '1' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const png = await makeImage('png');
    await expect(c.send(new DetectAnomaliesCommand({ ProjectName: 'signed', ModelVersion: '1', ContentType: 'image/png', Body: png }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await c.send(new DeleteProjectCommand({ ProjectName: 'signed' }));
    expect(await projectNames()).toEqual([]);
  });

  it('refuses a wrong secret, and acts on nothing', async () => {
    const error = await client({ ...GOOD, secretAccessKey: 'guessed' })
      .send(new CreateProjectCommand({ ProjectName: 'intruder' }))
      .catch((err) => err);
    expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
    expect(error.message).toMatch(MISMATCH);
    expect(await projectNames()).not.toContain('intruder');
  });

  it('refuses an unknown key id, a bare Credential, no Authorization, and a signature of the right form that no secret made', async () => {
    await expect(client({ accessKeyId: 'AKIAOTHER', secretAccessKey: 'good-secret' }).send(new ListProjectsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: 'The security token included in the request is invalid.',
    });
    const cases: [Record<string, string>, RegExp][] = [
      [{ authorization: 'AWS4-HMAC-SHA256 Credential=AKIAGOOD/' }, /^Authorization header requires/],
      [{}, /^Missing Authentication Token$/],
      [unsignedAuthorization('AKIAGOOD'), MISMATCH],
    ];
    for (const [headers, message] of cases) {
      const res = await fetch(`${e.url}/2020-11-20/projects`, { headers });
      expect(res.status).toBe(403);
      expect(res.headers.get('x-amzn-errortype')).toBe('AccessDeniedException');
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
  });

  it('refuses a request time more than 15 minutes from the engine clock, either way', async () => {
    const minutes = (n: number) => n * 60_000;
    await expect(client(GOOD, { systemClockOffset: -minutes(20) }).send(new ListProjectsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/),
    });
    await expect(client(GOOD, { systemClockOffset: minutes(20) }).send(new ListProjectsCommand({}))).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringMatching(/^Signature not yet current/),
    });
    expect((await client(GOOD, { systemClockOffset: -minutes(10) }).send(new ListProjectsCommand({}))).Projects).toBeDefined();
  });

  it.each([
    ['the body itself (as botocore signs)', false],
    ['x-amz-content-sha256 (as the JS SDK signs)', true],
  ])('refuses a body changed after signing, whether the signature covers %s', async (_how, signBodyHash) => {
    const name = signBodyHash ? 'hashed' : 'plain';
    const headers = await signedCreateProject(JSON.stringify({ ProjectName: name }), { signBodyHash });
    const forged = await postProject(headers, JSON.stringify({ ProjectName: 'forged' }));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { message: string }).message).toMatch(MISMATCH);
    // The same headers with the bytes they were made for pass: the body made the difference.
    expect((await postProject(headers, JSON.stringify({ ProjectName: name }))).status).toBe(200);
    expect(await projectNames()).not.toContain('forged');
  });

  it('checks a DetectAnomalies image against the x-amz-content-sha256 its sender worked out and signed, refusing a wrong one as AccessDenied', async () => {
    const c = client();
    await c.send(new CreateProjectCommand({ ProjectName: 'declared' }));
    const png = await makeImage('png', 128, 128);
    const detect = (sha256: string) => c.send(withPayloadHash(new DetectAnomaliesCommand({ ProjectName: 'declared', ModelVersion: '1', ContentType: 'image/png', Body: png }), sha256));
    // The image's own hash passes the signature check: the operation answers (there is no model 1).
    await expect(detect(createHash('sha256').update(png).digest('hex'))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    for (const wrong of [createHash('sha256').update('another image').digest('hex'), 'UNSIGNED-PAYLOAD']) {
      const error = await detect(wrong).catch((err) => err);
      expect(error).toMatchObject({ name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
      expect(error.message).toMatch(MISMATCH);
    }
    await c.send(new DeleteProjectCommand({ ProjectName: 'declared' }));
  });

  it('refuses a signature scoped to another service', async () => {
    const body = JSON.stringify({ ProjectName: 'elsewhere' });
    // Not s3: a request signed for S3 is one for the S3 API on the same port (s3-signature.test.ts).
    const res = await postProject(await signedCreateProject(body, { signBodyHash: true, service: 'execute-api' }), body);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe("Credential should be scoped to correct service: 'lookoutvision'.");
  });

  it('refuses an unknown key id before reading the body: it answers while most of the body is unsent', async () => {
    for (const declared of [512 * 1024, 50 * 1024 * 1024]) {
      const answer = await postWithoutFinishing(declared, unsignedAuthorization('AKIAUNKNOWN'));
      expect(answer).toEqual({ status: 403, type: 'AccessDeniedException', connection: 'close' });
    }
  });
});

/** POSTs headers declaring `declaredBytes` but sends only 16 KiB of them, and resolves with the answer. */
function postWithoutFinishing(declaredBytes: number, headers: Record<string, string>): Promise<{ status?: number; type?: string | string[]; connection?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${e.url}/2020-11-20/projects`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(declaredBytes), ...headers },
    });
    const timer = setTimeout(() => reject(new Error('no answer before the body was complete')), 5_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve({ status: res.statusCode, type: res.headers['x-amzn-errortype'], connection: res.headers.connection });
      req.destroy();
    });
    // The engine closes the connection mid-upload; that is the point.
    req.on('error', () => {});
    req.write(Buffer.alloc(16 * 1024, 'x'));
  });
}

/** Answers a GET of ListProjects sent with these exact headers (Host included, which fetch would not let us set). */
function rawGet(url: string, headers: Record<string, string>): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    http.get(`${url}/2020-11-20/projects`, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

describe('without a credentials file', () => {
  it('serves unsigned requests and any key from this machine, but not web pages or other host names', async () => {
    const open = await startEngine();
    try {
      expect(await (await fetch(`${open.url}/2020-11-20/projects`)).json()).toEqual({ Projects: [] });
      expect((await sdkClient(open.url, 'anyone', 'anything').send(new ListProjectsCommand({}))).Projects).toEqual([]);
      // A DNS-rebinding page reaches 127.0.0.1 under its own name; a page's POST carries Origin.
      expect(await rawGet(open.url, { host: 'attacker.example' })).toBe(403);
      expect(await rawGet(open.url, { host: new URL(open.url).host, origin: 'https://attacker.example' })).toBe(403);
      expect(await rawGet(open.url, { host: `localhost:${new URL(open.url).port}` })).toBe(200);
    } finally {
      await open.close();
    }
  });

  it('listens on a non-loopback address only with credentials', () => {
    for (const host of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '::ffff:10.0.0.5', 'example.com', '']) expect(isLoopbackHost(host), host).toBe(false);
    expect(() => checkListenAddress('0.0.0.0', false)).toThrow(ConfigError);
    expect(() => checkListenAddress('0.0.0.0', true)).not.toThrow();
    expect(() => checkListenAddress('127.0.0.1', false)).not.toThrow();
  });

  it.skipIf(!HAVE_BUILD)('the CLI refuses --host 0.0.0.0 without --credentials (exit 2), before creating the data directory', async () => {
    const dataDir = join(tmpdir(), `lookout-refused-${process.pid}`);
    const { code, output } = await runCli(['engine', '--host', '0.0.0.0', '--port', '0', '--data', dataDir]);
    expect(code).toBe(2);
    expect(output).toMatch(/--host 0\.0\.0\.0 is not a loopback address.*Pass --credentials FILE/s);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('credentials files', () => {
  it('reads ACCESS_KEY_ID:SECRET lines, with comments, blank lines, CRLF and colons in secrets', () => {
    const text = '# engine users\r\n\nAKIAONE:secret/one+x\r\n  # indented comment\nlocal-dev:has:colons\n';
    expect([...parseCredentials(text, 'creds')]).toEqual([
      ['AKIAONE', 'secret/one+x'],
      ['local-dev', 'has:colons'],
    ]);
  });

  it.each([
    ['a line without a colon', 'AKIAONE hunter2', /creds line 1: expected ACCESS_KEY_ID:SECRET_ACCESS_KEY/],
    ['an empty secret', 'AKIAONE:', /creds line 1: expected/],
    ['a space in the secret', '# x\nAKIAONE:hunter2 hunter2', /creds line 2: expected/],
    ['a key id listed twice', 'AKIAONE:hunter1\nAKIAONE:hunter2', /creds line 2: access key id AKIAONE is listed twice/],
    ['no credentials at all', '# nothing\n\n', /creds lists no credentials/],
  ])('refuses %s with a ConfigError that does not repeat the secret', (_what, text, message) => {
    let error: unknown;
    try {
      parseCredentials(text, 'creds');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/hunter/);
  });

  it.skipIf(!HAVE_BUILD)('the CLI exits 2 on a malformed file, and with a good one serves only its signers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lookout-creds-'));
    try {
      writeFileSync(join(dir, 'bad'), 'AKIAGOOD good-secret\n');
      const refused = await runCli(['engine', '--port', '0', '--data', join(dir, 'data'), '--credentials', join(dir, 'bad')]);
      expect(refused.code).toBe(2);
      expect(refused.output).toMatch(/line 1: expected ACCESS_KEY_ID:SECRET_ACCESS_KEY/);
      expect(refused.output).not.toContain('good-secret');

      writeFileSync(join(dir, 'good'), `# test\n${GOOD.accessKeyId}:${GOOD.secretAccessKey}\n`);
      const child = await startChildEngine(join(dir, 'data'), ['--credentials', join(dir, 'good')]);
      try {
        expect((await sdkClient(child.url, GOOD.accessKeyId, GOOD.secretAccessKey).send(new ListProjectsCommand({}))).Projects).toEqual([]);
        expect((await fetch(`${child.url}/2020-11-20/projects`)).status).toBe(403);
      } finally {
        child.process.kill('SIGTERM');
        await child.exited;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the embedded engine', () => {
  it('serves the gateway with its own fresh credentials and refuses everyone else', async () => {
    const dataDir = tempDataDir();
    const engine = await startEmbeddedEngine(dataDir, 'us-east-1');
    const gateway = await startGateway(createLookoutClient({ region: 'us-east-1', endpoint: engine.url, credentials: engine.credentials }));
    try {
      const answer = await gateway.client.request(ProjectsDocument);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.projects).toEqual([]);

      expect((await fetch(`${engine.url}/2020-11-20/projects`)).status).toBe(403);
      for (const [id, secret] of [['local', 'local'], [engine.credentials.accessKeyId, 'guessed']]) {
        await expect(sdkClient(engine.url, id, secret).send(new ListProjectsCommand({}))).rejects.toMatchObject({ name: 'AccessDeniedException' });
      }
      const anotherDir = tempDataDir();
      const another = await startEmbeddedEngine(anotherDir, 'us-east-1');
      expect(another.credentials.secretAccessKey).not.toBe(engine.credentials.secretAccessKey);
      await another.stop();
      rmSync(anotherDir, { recursive: true, force: true });
      expect(filesUnder(dataDir).some((file) => readFileSync(file).includes(engine.credentials.secretAccessKey))).toBe(false);
    } finally {
      await gateway.close();
      await engine.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
