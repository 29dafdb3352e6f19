import { DescribeModelCommand } from '@aws-sdk/client-lookoutvision';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import { HAVE_BUILD, startChildEngine, type ChildEngine } from '../support/child-engine';
import { sdkClient, startEngine, tempDataDir, waitFor, type RunningEngine } from '../support/engine-harness';
import { COOKIE_BUCKET, HAVE_SAMPLES, SAMPLES_DIR, SAMPLES_MISSING } from '../support/samples';

// Users of the ended service are on the AWS CLI 2.9 of Debian (botocore 1.29),
// the last with the lookoutvision model. `.ci/run` installs it; elsewhere these skip.
const AWS = '/usr/bin/aws';
const HAVE_CLI = existsSync(AWS);
const SKIP_REASON = !HAVE_CLI ? 'skipped: /usr/bin/aws is not installed (apt-get install awscli)' : !HAVE_BUILD ? 'skipped: needs `npm run build`' : AWS;

// An engine started from the CLI with a credentials file: every call below is verified SigV4 as botocore signs it.
const KEY = { id: 'AKIACLITEST', secret: 'cli-secret/with+slash' };

interface Target {
  url: string;
  dataDir: string;
  credentials?: { id: string; secret: string };
}

let e: Target;

/** Runs `aws lookoutvision ...` against a target; resolves with exit code, parsed stdout and stderr. */
function awsAt(target: Target, args: string[]): Promise<{ code: number; json: Record<string, unknown>; stderr: string }> {
  const { id, secret } = target.credentials ?? { id: 'cli', secret: 'cli' };
  return new Promise((resolve) => {
    const child = spawn(AWS, ['lookoutvision', ...args, '--endpoint-url', target.url, '--output', 'json'], {
      env: { PATH: process.env.PATH, HOME: target.dataDir, AWS_ACCESS_KEY_ID: id, AWS_SECRET_ACCESS_KEY: secret, AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, json: stdout.trim() ? JSON.parse(stdout) : {}, stderr }));
  });
}

const aws = (...args: string[]) => awsAt(e, args);

/**
 * Waits for a model's status with the SDK, not `aws`: each `aws` run costs
 * about half a core-second, taken from the training or hosting waited for.
 */
function waitForModel(target: Target, version: string, status: string, timeoutMs: number): Promise<unknown> {
  const { id, secret } = target.credentials ?? { id: 'cli', secret: 'cli' };
  const client = sdkClient(target.url, id, secret);
  return waitFor(
    () => client.send(new DescribeModelCommand({ ProjectName: 'cli', ModelVersion: version })),
    (out) => out.ModelDescription?.Status === status,
    timeoutMs,
  ).finally(() => client.destroy());
}

/**
 * Runs `aws <args>` as a user would after `aws configure`: the key in
 * ~/.aws/credentials, the region in ~/.aws/config, nothing in the environment
 * but HOME; `--endpoint-url` is the engine. Resolves with exit code, stdout and stderr.
 */
function awsConfigured(target: Target, args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = join(target.dataDir, 'aws-home');
  const { id, secret } = target.credentials ?? { id: 'cli', secret: 'cli' };
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'credentials'), `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`);
  writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = us-east-1\noutput = json\n');
  return new Promise((resolve) => {
    const child = spawn(AWS, [...args, '--endpoint-url', target.url], { cwd, env: { PATH: process.env.PATH, HOME: home, AWS_PAGER: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** `aws s3 <command> ...`; the transfer commands without their progress lines. */
const awsS3 = (command: string, ...args: string[]) =>
  awsConfigured(e, ['s3', command, ...args, ...(['cp', 'sync', 'rm', 'mv'].includes(command) ? ['--only-show-errors'] : [])]);

describe.skipIf(!HAVE_CLI || !HAVE_BUILD)(`the AWS CLI against an engine with a credentials file (${SKIP_REASON})`, () => {
  let child: ChildEngine;
  beforeAll(async () => {
    const dataDir = tempDataDir();
    const file = join(dataDir, 'credentials');
    writeFileSync(file, `# the CLI's key\n${KEY.id}:${KEY.secret}\n`);
    child = await startChildEngine(dataDir, ['--credentials', file]);
    e = { url: child.url, dataDir, credentials: KEY };
  });
  afterAll(async () => {
    child?.process.kill('SIGTERM');
    await child?.exited;
    if (e) rmSync(e.dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong secret and an unknown key with AccessDeniedException', async () => {
    for (const credentials of [{ ...KEY, secret: 'guessed' }, { id: 'AKIAOTHER', secret: KEY.secret }]) {
      const denied = await awsAt({ ...e, credentials }, ['create-project', '--project-name', 'intruder']);
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toContain('(AccessDeniedException)');
    }
    expect((await aws('list-projects')).json).toEqual({ Projects: [] });
  });

  it('creates and lists projects, and reports a missing one as ResourceNotFoundException', async () => {
    const created = await aws('create-project', '--project-name', 'cli');
    expect(created.code, created.stderr).toBe(0);
    expect(created.json).toMatchObject({ ProjectMetadata: { ProjectName: 'cli', ProjectArn: 'arn:aws:lookoutvision:us-east-1:000000000000:project/cli' } });
    expect(((await aws('list-projects')).json.Projects as unknown[]).length).toBe(1);
    const missing = await aws('describe-project', '--project-name', 'nope');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('(ResourceNotFoundException)');
    const duplicate = await aws('create-project', '--project-name', 'cli');
    expect(duplicate.stderr).toContain('(ConflictException)');
  });

  it('imports a dataset, trains, hosts, detects, tags and stops a model', async () => {
    const manifest = await stageSyntheticSet(e.dataDir, { normal: 20, anomaly: 10, masks: false, prefix: 'cli' });
    const source = JSON.stringify({ GroundTruthManifest: { S3Object: { Bucket: manifest.bucket, Key: manifest.key } } });
    expect((await aws('create-dataset', '--project-name', 'cli', '--dataset-type', 'train', '--dataset-source', source)).json).toMatchObject({
      DatasetMetadata: { Status: 'CREATE_IN_PROGRESS' },
    });
    await waitFor(() => aws('describe-dataset', '--project-name', 'cli', '--dataset-type', 'train'), (r) => (r.json.DatasetDescription as { Status: string }).Status === 'CREATE_COMPLETE');
    const entries = await aws('list-dataset-entries', '--project-name', 'cli', '--dataset-type', 'train', '--anomaly-class', 'anomaly', '--labeled');
    expect((entries.json.DatasetEntries as string[]).length).toBe(10);

    const model = await aws('create-model', '--project-name', 'cli', '--output-config', JSON.stringify({ S3Location: { Bucket: 'cli-out' } }));
    expect(model.json).toMatchObject({ ModelMetadata: { ModelVersion: '1', Status: 'TRAINING' } });
    const arn = (model.json.ModelMetadata as { ModelArn: string }).ModelArn;
    await waitForModel(e, '1', 'TRAINED', 90_000);
    expect((await aws('describe-model', '--project-name', 'cli', '--model-version', '1')).json).toMatchObject({ ModelDescription: { Status: 'TRAINED', ModelArn: arn } });

    expect((await aws('tag-resource', '--resource-arn', arn, '--tags', 'Key=team,Value=qa')).code).toBe(0);
    expect((await aws('list-tags-for-resource', '--resource-arn', arn)).json).toEqual({ Tags: [{ Key: 'team', Value: 'qa' }] });
    expect((await aws('untag-resource', '--resource-arn', arn, '--tag-keys', 'team')).code).toBe(0);

    expect((await aws('start-model', '--project-name', 'cli', '--model-version', '1', '--min-inference-units', '1')).json).toEqual({ Status: 'STARTING_HOSTING' });
    await waitForModel(e, '1', 'HOSTED', 60_000);
    expect((await aws('describe-model', '--project-name', 'cli', '--model-version', 'latest')).json).toMatchObject({ ModelDescription: { Status: 'HOSTED', ModelArn: arn } });
    const image = join(e.dataDir, 'anomaly.png');
    writeFileSync(image, (await syntheticPart('anomaly', 31)).png);
    const detected = await aws('detect-anomalies', '--project-name', 'cli', '--model-version', '1', '--content-type', 'image/png', '--body', image);
    expect(detected.code, detected.stderr).toBe(0);
    expect(detected.json).toMatchObject({ DetectAnomalyResult: { IsAnomalous: true, Source: { Type: 'direct' } } });
    const wrongType = await aws('detect-anomalies', '--project-name', 'cli', '--model-version', '1', '--content-type', 'image/jpeg', '--body', image);
    expect(wrongType.stderr).toContain('(ValidationException)');

    expect((await aws('stop-model', '--project-name', 'cli', '--model-version', '1')).json).toEqual({ Status: 'STOPPING_HOSTING' });

    // The training's evaluation output, read back over S3 where OutputConfig put it.
    const result = join(e.dataDir, 'EvaluationResult-cli-1.json');
    const copied = await awsS3('cp', 's3://cli-out/EvaluationResult-cli-1.json', result);
    expect(copied.code, copied.stderr).toBe(0);
    const written = readFileSync(join(e.dataDir, 's3', 'cli-out', 'EvaluationResult-cli-1.json'));
    expect(readFileSync(result).equals(written)).toBe(true);
    expect(typeof JSON.parse(written.toString('utf8'))).toBe('object');

    // A model packaging job, started and followed with the CLI, its package listed over S3.
    const configuration = JSON.stringify({ Greengrass: { ComponentName: 'cli-detector', TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' }, S3OutputLocation: { Bucket: 'cli-out', Prefix: 'packages' } } });
    const job = await aws('start-model-packaging-job', '--project-name', 'cli', '--model-version', '1', '--job-name', 'cli-job', '--configuration', configuration);
    expect(job.json, job.stderr).toEqual({ JobName: 'cli-job' });
    const described = await waitFor(
      () => aws('describe-model-packaging-job', '--project-name', 'cli', '--job-name', 'cli-job'),
      (r) => ['SUCCEEDED', 'FAILED'].includes((r.json.ModelPackagingDescription as { Status: string }).Status),
      60_000,
    );
    expect(described.json.ModelPackagingDescription).toMatchObject({ Status: 'SUCCEEDED', ModelPackagingOutputDetails: { Greengrass: { ComponentName: 'cli-detector' } } });
    expect((await aws('list-model-packaging-jobs', '--project-name', 'cli')).json).toMatchObject({ ModelPackagingJobs: [{ JobName: 'cli-job', Status: 'SUCCEEDED' }] });
    const listed = await awsS3('ls', '--recursive', 's3://cli-out/packages/');
    expect(listed.stdout).toContain('model.onnx');
    expect(listed.stdout).toContain('config.pbtxt');
  }, 180_000);

  it('manages buckets and objects with aws s3: mb, cp (multipart past 8 MB), ls, sync, rm, presign', async () => {
    const local = join(e.dataDir, 'local');
    mkdirSync(join(local, 'photos', 'sub'), { recursive: true });
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    writeFileSync(join(local, 'big.bin'), big);
    writeFileSync(join(local, 'photos', 'a.txt'), 'a');
    writeFileSync(join(local, 'photos', 'sub', 'b c.txt'), 'b c');

    expect((await awsS3('mb', 's3://cli-files')).code).toBe(0);
    expect((await awsS3('mb', 's3://cli-files')).stderr).toContain('BucketAlreadyOwnedByYou');
    const copied = await awsS3('cp', join(local, 'big.bin'), 's3://cli-files/big.bin');
    expect(copied.code, copied.stderr).toBe(0);
    const head = await awsConfigured(e, ['s3api', 'head-object', '--bucket', 'cli-files', '--key', 'big.bin']);
    expect(JSON.parse(head.stdout)).toMatchObject({ ContentLength: big.length, ETag: expect.stringMatching(/^"[0-9a-f]{32}-3"$/) });

    expect((await awsS3('sync', join(local, 'photos'), 's3://cli-files/photos')).code).toBe(0);
    const buckets = await awsConfigured(e, ['s3', 'ls']);
    expect(buckets.stdout).toMatch(/ cli-files\n/);
    const top = await awsConfigured(e, ['s3', 'ls', 's3://cli-files/']);
    expect(top.stdout).toMatch(/PRE photos\/\n/);
    expect(top.stdout).toMatch(/20971520 big\.bin\n/);
    const all = await awsConfigured(e, ['s3', 'ls', '--recursive', 's3://cli-files/']);
    expect(all.stdout.trim().split('\n').map((line) => line.slice(31))).toEqual(['big.bin', 'photos/a.txt', 'photos/sub/b c.txt']);
    // A second sync finds everything in place and sends nothing.
    const again = await awsConfigured(e, ['s3', 'sync', join(local, 'photos'), 's3://cli-files/photos']);
    expect({ code: again.code, stdout: again.stdout }).toEqual({ code: 0, stdout: '' });

    const back = join(local, 'back.bin');
    expect((await awsS3('cp', 's3://cli-files/big.bin', back)).code).toBe(0);
    expect(readFileSync(back).equals(big)).toBe(true);
    const presigned = await awsConfigured(e, ['s3', 'presign', 's3://cli-files/photos/a.txt', '--expires-in', '60']);
    expect(await (await fetch(presigned.stdout.trim())).text()).toBe('a');

    expect((await awsS3('rm', 's3://cli-files/big.bin')).code).toBe(0);
    expect((await awsS3('rm', '--recursive', 's3://cli-files/photos')).code).toBe(0);
    expect((await awsConfigured(e, ['s3', 'ls', '--recursive', 's3://cli-files/'])).stdout).toBe('');
    const missing = await awsS3('cp', 's3://cli-files/none.txt', join(local, 'none.txt'));
    expect(missing.stderr).toMatch(/404|Not Found/);
  }, 60_000);

  it.skipIf(!HAVE_SAMPLES)(`runs the AWS getting-started flow unchanged: aws s3 cp --recursive the cookies, then create-dataset from the manifest (${HAVE_SAMPLES ? 'samples found' : SAMPLES_MISSING})`, async () => {
    expect((await awsS3('mb', `s3://${COOKIE_BUCKET}`)).code).toBe(0);
    const uploaded = await awsS3('cp', '--recursive', join(SAMPLES_DIR, 'cookies'), `s3://${COOKIE_BUCKET}/getting-started/`);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    const manifest = await awsConfigured(e, ['s3', 'ls', `s3://${COOKIE_BUCKET}/getting-started/`]);
    expect(manifest.stdout).toContain('train_class.manifest');

    const lookout = async (...args: string[]) => {
      const run = await awsConfigured(e, ['lookoutvision', ...args]);
      return { ...run, json: run.stdout.trim() ? (JSON.parse(run.stdout) as Record<string, unknown>) : {} };
    };
    expect((await lookout('create-project', '--project-name', 'cookies')).code).toBe(0);
    const source = JSON.stringify({ GroundTruthManifest: { S3Object: { Bucket: COOKIE_BUCKET, Key: 'getting-started/train_class.manifest' } } });
    const created = await lookout('create-dataset', '--project-name', 'cookies', '--dataset-type', 'train', '--dataset-source', source);
    expect(created.json, created.stderr).toMatchObject({ DatasetMetadata: { Status: 'CREATE_IN_PROGRESS' } });
    const described = await waitFor(
      () => lookout('describe-dataset', '--project-name', 'cookies', '--dataset-type', 'train'),
      (r) => (r.json.DatasetDescription as { Status: string }).Status !== 'CREATE_IN_PROGRESS',
      60_000,
    );
    expect(described.json.DatasetDescription).toMatchObject({ Status: 'CREATE_COMPLETE', ImageStats: { Total: 63, Normal: 31, Anomaly: 32 } });
  }, 90_000);
});

describe.skipIf(!HAVE_CLI)(`the AWS CLI against an engine without credentials (${HAVE_CLI ? AWS : SKIP_REASON})`, () => {
  let open: RunningEngine;
  beforeAll(async () => {
    open = await startEngine();
  });
  afterAll(() => open?.close());

  it('is served with any key', async () => {
    const target = { url: open.url, dataDir: open.dataDir, credentials: { id: 'anyone', secret: 'anything' } };
    expect((await awsAt(target, ['create-project', '--project-name', 'open'])).code).toBe(0);
    expect((await awsAt(target, ['list-projects'])).json).toMatchObject({ Projects: [{ ProjectName: 'open' }] });
  });
});
