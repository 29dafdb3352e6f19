import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stageSyntheticSet } from '../../src/demo/synthetic-dataset';
import { syntheticPart } from '../../src/demo/synthetic-parts';
import { HAVE_BUILD, startChildEngine, type ChildEngine } from '../support/child-engine';
import { startEngine, tempDataDir, waitFor, type RunningEngine } from '../support/engine-harness';

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
    await waitFor(() => aws('describe-model', '--project-name', 'cli', '--model-version', '1'), (r) => (r.json.ModelDescription as { Status: string }).Status === 'TRAINED', 90_000);

    expect((await aws('tag-resource', '--resource-arn', arn, '--tags', 'Key=team,Value=qa')).code).toBe(0);
    expect((await aws('list-tags-for-resource', '--resource-arn', arn)).json).toEqual({ Tags: [{ Key: 'team', Value: 'qa' }] });
    expect((await aws('untag-resource', '--resource-arn', arn, '--tag-keys', 'team')).code).toBe(0);

    expect((await aws('start-model', '--project-name', 'cli', '--model-version', '1', '--min-inference-units', '1')).json).toEqual({ Status: 'STARTING_HOSTING' });
    await waitFor(() => aws('describe-model', '--project-name', 'cli', '--model-version', 'latest'), (r) => (r.json.ModelDescription as { Status: string }).Status === 'HOSTED', 60_000);
    const image = join(e.dataDir, 'anomaly.png');
    writeFileSync(image, (await syntheticPart('anomaly', 31)).png);
    const detected = await aws('detect-anomalies', '--project-name', 'cli', '--model-version', '1', '--content-type', 'image/png', '--body', image);
    expect(detected.code, detected.stderr).toBe(0);
    expect(detected.json).toMatchObject({ DetectAnomalyResult: { IsAnomalous: true, Source: { Type: 'direct' } } });
    const wrongType = await aws('detect-anomalies', '--project-name', 'cli', '--model-version', '1', '--content-type', 'image/jpeg', '--body', image);
    expect(wrongType.stderr).toContain('(ValidationException)');

    expect((await aws('stop-model', '--project-name', 'cli', '--model-version', '1')).json).toEqual({ Status: 'STOPPING_HOSTING' });
  }, 180_000);
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
