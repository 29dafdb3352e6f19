import {
  CreateModelCommand,
  DescribeModelPackagingJobCommand,
  ListModelPackagingJobsCommand,
  StartModelPackagingJobCommand,
  type GreengrassConfiguration,
  type LookoutVisionClient,
  type ModelPackagingDescription,
  type StartModelPackagingJobRequest,
} from '@aws-sdk/client-lookoutvision';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTART_MESSAGE, SHUTDOWN_MESSAGE } from '../../src/engine/packaging/packaging-jobs';
import type { NewPackagingJob } from '../../src/engine/store/packaging-store';
import { startEngine, waitFor, type RunningEngine } from '../support/engine-harness';
import { OUTPUT_CONFIG, copyOfTrainedModel, engineWithTrainedModel } from '../support/model-fixtures';

let e: RunningEngine;
let client: LookoutVisionClient;
const PROJECT = 'pkg';
let version: string;

const GREENGRASS: GreengrassConfiguration = {
  ComponentName: 'pkg-detector',
  TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
  S3OutputLocation: { Bucket: 'packages', Prefix: 'exports/' },
};

let componentCounter = 0;
/** A request for a fresh component version, so requests do not conflict with each other unless they mean to. */
const request = (overrides: Partial<StartModelPackagingJobRequest> = {}, greengrass: Partial<GreengrassConfiguration> = {}): StartModelPackagingJobRequest => ({
  ProjectName: PROJECT,
  ModelVersion: version,
  Configuration: { Greengrass: { ...GREENGRASS, ComponentVersion: `9.0.${++componentCounter}`, ...greengrass } },
  ...overrides,
});
const start = (input: StartModelPackagingJobRequest) => client.send(new StartModelPackagingJobCommand(input));
const describeJob = (jobName: string, project = PROJECT) =>
  client.send(new DescribeModelPackagingJobCommand({ ProjectName: project, JobName: jobName })).then((o) => o.ModelPackagingDescription as ModelPackagingDescription);
const finished = (jobName: string) => waitFor(() => describeJob(jobName), (j) => j.Status === 'SUCCEEDED' || j.Status === 'FAILED', 60_000);

beforeAll(async () => {
  ({ engine: e, version } = await engineWithTrainedModel(PROJECT));
  client = e.client;
}, 180_000);
afterAll(() => e?.close());

describe('StartModelPackagingJob and DescribeModelPackagingJob', () => {
  it('packages a trained model: CREATED or RUNNING, then SUCCEEDED with the component, as Lookout describes it', async () => {
    const started = await start({
      ProjectName: PROJECT,
      ModelVersion: version,
      JobName: 'first-job',
      Description: "Line 3's detector (v1); edge: yes?",
      Configuration: {
        Greengrass: {
          ...GREENGRASS,
          ComponentDescription: 'The detector, for line 3.',
          Tags: [{ Key: 'line', Value: '3' }],
        },
      },
    });
    expect(started).toMatchObject({ JobName: 'first-job', $metadata: { httpStatusCode: 200 } });
    const early = await describeJob('first-job');
    expect(['CREATED', 'RUNNING', 'SUCCEEDED']).toContain(early.Status);

    const job = await finished('first-job');
    expect(job.Status, job.StatusMessage).toBe('SUCCEEDED');
    expect(job).toMatchObject({
      JobName: 'first-job',
      ProjectName: PROJECT,
      ModelVersion: '1',
      ModelPackagingJobDescription: "Line 3's detector (v1); edge: yes?",
      ModelPackagingMethod: 'Greengrass',
      StatusMessage: 'The package is at s3://packages/exports/pkg-detector/1.0.0/.',
      ModelPackagingConfiguration: {
        Greengrass: {
          ComponentName: 'pkg-detector',
          // Lookout's default: <model version>.0.0
          ComponentVersion: '1.0.0',
          ComponentDescription: 'The detector, for line 3.',
          TargetPlatform: { Os: 'LINUX', Arch: 'X86_64' },
          S3OutputLocation: { Bucket: 'packages', Prefix: 'exports/' },
          Tags: [{ Key: 'line', Value: '3' }],
        },
      },
      ModelPackagingOutputDetails: {
        Greengrass: {
          ComponentName: 'pkg-detector',
          ComponentVersion: '1.0.0',
          ComponentVersionArn: 'arn:aws:greengrass:us-east-1:000000000000:components:pkg-detector:versions:1.0.0',
        },
      },
    });
    expect(job.CreationTimestamp).toBeInstanceOf(Date);
    expect(job.LastUpdatedTimestamp!.getTime()).toBeGreaterThanOrEqual(job.CreationTimestamp!.getTime());
    const dir = join(e.dataDir, 's3', 'packages', 'exports', 'pkg-detector', '1.0.0');
    for (const file of ['model.onnx', 'detector.json', 'README.md', 'triton/pkg-detector/config.pbtxt', 'triton/pkg-detector/1/model.onnx']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
  }, 60_000);

  it('names the job when the request does not, takes "latest", and puts a prefix without a slash in a folder', async () => {
    const started = await start(request({ ModelVersion: 'latest' }, { S3OutputLocation: { Bucket: 'packages', Prefix: 'flat' }, TargetPlatform: undefined, TargetDevice: 'jetson_xavier' }));
    expect(started.JobName).toMatch(/^pkg-1-\d{8}-\d{6}$/);
    const job = await finished(started.JobName!);
    expect(job.Status, job.StatusMessage).toBe('SUCCEEDED');
    expect(job.ModelVersion).toBe('1');
    const componentVersion = job.ModelPackagingConfiguration!.Greengrass!.ComponentVersion!;
    expect(job.StatusMessage).toBe(`The package is at s3://packages/flat/pkg-detector/${componentVersion}/.`);
    // A Jetson has a GPU: Triton is told to use it.
    const { readFileSync } = await import('node:fs');
    const config = readFileSync(join(e.dataDir, 's3', 'packages', 'flat', 'pkg-detector', componentVersion, 'triton', 'pkg-detector', 'config.pbtxt'), 'utf8');
    expect(config).toContain('kind: KIND_GPU');

    // A second job without a name in the same second gets a numbered one.
    const [a, b] = await Promise.all([start(request()), start(request())]);
    expect(a.JobName).not.toBe(b.JobName);
    await Promise.all([finished(a.JobName!), finished(b.JobName!)]);
  }, 60_000);

  const invalid: [string, () => StartModelPackagingJobRequest, RegExp][] = [
    ['no ModelVersion', () => request({ ModelVersion: undefined }), /ModelVersion is required/],
    ['ModelVersion 0', () => request({ ModelVersion: '0' }), /ModelVersion does not match/],
    ['a JobName with an underscore', () => request({ JobName: 'bad_name' }), /JobName does not match/],
    ['a JobName of 65 characters', () => request({ JobName: 'j'.repeat(65) }), /JobName must have at most 64/],
    ['a Description with #', () => request({ Description: 'no #hashtags' }), /Description does not match/],
    ['a Description of 257 characters', () => request({ Description: 'd'.repeat(257) }), /Description must have at most 256/],
    ['no Configuration', () => request({ Configuration: undefined }), /Configuration is required/],
    ['no Greengrass', () => request({ Configuration: {} as never }), /Configuration.Greengrass is required/],
    ['no ComponentName', () => request({}, { ComponentName: undefined }), /ComponentName is required/],
    ['a ComponentName with a space', () => request({}, { ComponentName: 'my component' }), /ComponentName does not match/],
    ['a ComponentName of 129 characters', () => request({}, { ComponentName: 'c'.repeat(129) }), /ComponentName must have at most 128/],
    ['a ComponentName ..', () => request({}, { ComponentName: '..' }), /ComponentName must not be only dots/],
    ['a ComponentVersion 1.0', () => request({}, { ComponentVersion: '1.0' }), /ComponentVersion does not match/],
    ['a ComponentVersion part of 7 digits', () => request({}, { ComponentVersion: '1234567.0.0' }), /ComponentVersion does not match/],
    ['a ComponentDescription with a slash', () => request({}, { ComponentDescription: 'a/b' }), /ComponentDescription does not match/],
    ['no S3OutputLocation', () => request({}, { S3OutputLocation: undefined }), /S3OutputLocation is required/],
    ['a Bucket of 2 characters', () => request({}, { S3OutputLocation: { Bucket: 'ab' } }), /Bucket must have at least 3/],
    ['a Prefix starting with /', () => request({}, { S3OutputLocation: { Bucket: 'packages', Prefix: '/abs' } }), /Prefix does not match/],
    ['a Prefix with a 300-byte folder', () => request({}, { S3OutputLocation: { Bucket: 'packages', Prefix: `${'p'.repeat(300)}/` } }), /cannot hold the package/],
    ['a Prefix with a .. folder', () => request({}, { S3OutputLocation: { Bucket: 'packages', Prefix: 'a/../b/' } }), /cannot hold the package/],
    ['TargetDevice and TargetPlatform', () => request({}, { TargetDevice: 'jetson_xavier' }), /not both/],
    ['neither TargetDevice nor TargetPlatform', () => request({}, { TargetPlatform: undefined }), /TargetDevice or .*TargetPlatform is required/],
    ['an unknown TargetDevice', () => request({}, { TargetPlatform: undefined, TargetDevice: 'jetson_nano' as never }), /TargetDevice must be one of jetson_xavier/],
    ['TargetPlatform Os WINDOWS', () => request({}, { TargetPlatform: { Os: 'WINDOWS' as never, Arch: 'X86_64' } }), /Os must be one of LINUX/],
    ['TargetPlatform without Arch', () => request({}, { TargetPlatform: { Os: 'LINUX' } as never }), /Arch is required/],
    ['an Accelerator AMD', () => request({}, { TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'AMD' as never } }), /Accelerator must be one of NVIDIA/],
    ['NVIDIA without CompilerOptions', () => request({}, { TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'NVIDIA' } }), /CompilerOptions is required with the NVIDIA/],
    [
      'NVIDIA with CompilerOptions missing trt-ver',
      () => request({}, { TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'NVIDIA' }, CompilerOptions: '{"gpu-code": "sm_72", "cuda-ver": "10.2"}' }),
      /missing: trt-ver/,
    ],
    ['NVIDIA with CompilerOptions not JSON', () => request({}, { TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'NVIDIA' }, CompilerOptions: 'gpu-code=sm_72' }), /must be a JSON object/],
    ['CompilerOptions with a TargetDevice', () => request({}, { TargetPlatform: undefined, TargetDevice: 'jetson_xavier', CompilerOptions: '{"mcpu": "x"}' }), /cannot be given with/],
    ['CompilerOptions of 2 characters', () => request({}, { CompilerOptions: '{}' }), /CompilerOptions must have at least 3/],
    ['a tag key with the aws: prefix', () => request({}, { Tags: [{ Key: 'aws:owner', Value: 'x' }] }), /reserved prefix aws:/],
    ['201 tags', () => request({}, { Tags: Array.from({ length: 201 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) }), /at most 200/],
  ];
  it.each(invalid)('refuses %s with ValidationException', async (_, input, message) => {
    await expect(start(input())).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 }, message: expect.stringMatching(message) });
  });

  it('packages with an NVIDIA accelerator and its compiler options', async () => {
    const { JobName } = await start(
      request({}, { TargetPlatform: { Os: 'LINUX', Arch: 'ARM64', Accelerator: 'NVIDIA' }, CompilerOptions: '{"gpu-code": "sm_72", "trt-ver": "7.1.3", "cuda-ver": "10.2"}' }),
    );
    const job = await finished(JobName!);
    expect(job.Status, job.StatusMessage).toBe('SUCCEEDED');
    expect(job.ModelPackagingConfiguration?.Greengrass?.CompilerOptions).toBe('{"gpu-code": "sm_72", "trt-ver": "7.1.3", "cuda-ver": "10.2"}');
  }, 60_000);

  it('answers ResourceNotFoundException for an unknown project, model or job', async () => {
    await expect(start(request({ ProjectName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'PROJECT', ResourceId: 'nope' });
    await expect(start(request({ ModelVersion: '42' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'MODEL', ResourceId: 'pkg/42' });
    await expect(describeJob('no-such-job')).rejects.toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'MODEL_PACKAGE_JOB', ResourceId: 'no-such-job', $metadata: { httpStatusCode: 404 } });
    await expect(describeJob('first-job', 'nope')).rejects.toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'PROJECT' });
    await expect(describeJob('bad_name')).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new ListModelPackagingJobsCommand({ ProjectName: 'nope' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'PROJECT' });
  });

  it('answers ConflictException for a component version that exists, a job name taken, and a model still training', async () => {
    const taken = { name: 'ConflictException', ResourceType: 'MODEL_PACKAGE_JOB', $metadata: { httpStatusCode: 409 } };
    // pkg-detector 1.0.0 is first-job's, even from another job name or model version.
    await expect(start(request({ JobName: 'again' }, { ComponentVersion: '1.0.0' }))).rejects.toMatchObject({ ...taken, ResourceId: 'first-job', message: expect.stringMatching(/already exists/) });
    await expect(start(request({ JobName: 'first-job' }))).rejects.toMatchObject({ ...taken, ResourceId: 'first-job', message: expect.stringMatching(/already has/) });
    // Another component name with the same version is another component.
    const other = await start(request({ JobName: 'other-component' }, { ComponentName: 'pkg-other', ComponentVersion: '1.0.0' }));
    expect((await finished(other.JobName!)).Status).toBe('SUCCEEDED');

    const training = await client.send(new CreateModelCommand({ ProjectName: PROJECT, OutputConfig: OUTPUT_CONFIG }));
    const trainingVersion = training.ModelMetadata!.ModelVersion!;
    await expect(start(request({ ModelVersion: trainingVersion }))).rejects.toMatchObject({
      name: 'ConflictException',
      ResourceType: 'MODEL',
      ResourceId: `pkg/${trainingVersion}`,
      message: expect.stringMatching(/TRAINING; only a trained model can be packaged/),
    });
  });

  it('fails a job whose model files are gone, and then lets its component version be used again', async () => {
    const copy = copyOfTrainedModel(e.engine, PROJECT, version);
    rmSync(e.engine.context.runtime.modelDir(PROJECT, Number(copy)), { recursive: true });
    await start(request({ ModelVersion: copy, JobName: 'no-files' }, { ComponentVersion: '7.7.7' }));
    const failed = await finished('no-files');
    expect(failed).toMatchObject({ Status: 'FAILED', StatusMessage: 'The model files are gone (the model was deleted).' });
    expect(failed.ModelPackagingOutputDetails).toBeUndefined();
    const retried = await start(request({ JobName: 'no-files-again' }, { ComponentVersion: '7.7.7' }));
    expect((await finished(retried.JobName!)).Status).toBe('SUCCEEDED');
  }, 60_000);

  it('honours X-Amzn-Client-Token: the same request answers the same job, another one is a conflict', async () => {
    const input = request({ ClientToken: 'package-once' });
    const first = await start(input);
    const again = await start(input);
    expect(again.JobName).toBe(first.JobName);
    const jobs = await client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT }));
    expect(jobs.ModelPackagingJobs!.filter((j) => j.JobName === first.JobName)).toHaveLength(1);
    await expect(start(request({ ClientToken: 'package-once' }))).rejects.toMatchObject({ name: 'ConflictException', ResourceType: 'MODEL_PACKAGE_JOB', ResourceId: 'package-once' });
    await finished(first.JobName!);
  }, 60_000);
});

describe('ListModelPackagingJobs', () => {
  it('lists the jobs in creation order, in pages with a NextToken bound to the listing', async () => {
    const all = (await client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT }))).ModelPackagingJobs!;
    expect(all.length).toBeGreaterThanOrEqual(7);
    expect(all[0]).toMatchObject({ JobName: 'first-job', ProjectName: PROJECT, ModelVersion: '1', ModelPackagingMethod: 'Greengrass', Status: 'SUCCEEDED' });
    expect(all[0]).not.toHaveProperty('ModelPackagingConfiguration');
    const created = all.map((j) => j.CreationTimestamp!.getTime());
    expect([...created].sort((a, b) => a - b)).toEqual(created);

    const paged: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT, MaxResults: 3, NextToken }));
      expect(page.ModelPackagingJobs!.length).toBeLessThanOrEqual(3);
      paged.push(...page.ModelPackagingJobs!.map((j) => j.JobName!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(paged).toEqual(all.map((j) => j.JobName));
    expect(pages).toBe(Math.ceil(all.length / 3));

    const firstPage = await client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT, MaxResults: 1 }));
    const foreign = firstPage.NextToken!;
    await expect(client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT, NextToken: 'bm90IGEgdG9rZW4=' }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT, MaxResults: 0 }))).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT, MaxResults: 101 }))).rejects.toMatchObject({ name: 'ValidationException' });
    // A token of this listing is no token of ListModels.
    const { ListModelsCommand } = await import('@aws-sdk/client-lookoutvision');
    await expect(client.send(new ListModelsCommand({ ProjectName: PROJECT, NextToken: foreign }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('forgets the jobs of a deleted project: a new project of that name has none', async () => {
    const { CreateProjectCommand, DeleteProjectCommand } = await import('@aws-sdk/client-lookoutvision');
    await client.send(new CreateProjectCommand({ ProjectName: 'short-lived' }));
    const { now } = e.engine.context;
    e.engine.context.stores.packagingJobs.insert({
      project: 'short-lived',
      job_name: 'old-job',
      model_version: 1,
      description: null,
      configuration: JSON.stringify({ Greengrass: { ...GREENGRASS, ComponentName: 'short-lived', ComponentVersion: '1.0.0' } }),
      component_name: 'short-lived',
      component_version: '1.0.0',
      status: 'SUCCEEDED',
      status_message: null,
      component_version_arn: null,
      created_at: now(),
      updated_at: now(),
    });
    expect((await client.send(new ListModelPackagingJobsCommand({ ProjectName: 'short-lived' }))).ModelPackagingJobs).toHaveLength(1);
    await client.send(new DeleteProjectCommand({ ProjectName: 'short-lived' }));
    await client.send(new CreateProjectCommand({ ProjectName: 'short-lived' }));
    expect((await client.send(new ListModelPackagingJobsCommand({ ProjectName: 'short-lived' }))).ModelPackagingJobs).toEqual([]);
  });
});

describe('restart and shutdown', () => {
  it('fails, at the next start, a job the engine left CREATED or RUNNING; leaves finished ones as they were', async () => {
    const r = await startEngine();
    const dataDir = r.dataDir;
    let second: RunningEngine | undefined;
    try {
      const { stores, now } = r.engine.context;
      stores.projects.insert({ name: 'crashed', arn: r.engine.context.arns.project('crashed'), created_at: now() });
      const row = (jobName: string, status: NewPackagingJob['status']): NewPackagingJob => ({
        project: 'crashed',
        job_name: jobName,
        model_version: 1,
        description: null,
        configuration: JSON.stringify({ Greengrass: { ...GREENGRASS, ComponentName: jobName, ComponentVersion: '1.0.0' } }),
        component_name: jobName,
        component_version: '1.0.0',
        status,
        status_message: status === 'SUCCEEDED' ? 'The package is at s3://packages/x/.' : 'Packaging the model.',
        component_version_arn: null,
        created_at: now(),
        updated_at: now(),
      });
      // What a kill -9 leaves: rows whose worker is gone.
      stores.packagingJobs.insert(row('was-running', 'RUNNING'));
      stores.packagingJobs.insert(row('was-waiting', 'CREATED'));
      stores.packagingJobs.insert(row('was-done', 'SUCCEEDED'));
      await r.close({ removeData: false });

      second = await startEngine({ dataDir });
      const status = async (name: string) =>
        (await second!.client.send(new DescribeModelPackagingJobCommand({ ProjectName: 'crashed', JobName: name }))).ModelPackagingDescription!;
      expect(await status('was-running')).toMatchObject({ Status: 'FAILED', StatusMessage: RESTART_MESSAGE });
      expect(await status('was-waiting')).toMatchObject({ Status: 'FAILED', StatusMessage: RESTART_MESSAGE });
      expect(await status('was-done')).toMatchObject({ Status: 'SUCCEEDED' });
    } finally {
      await second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('on shutdown lets the running job finish and fails the waiting ones', async () => {
    const dataDir = e.dataDir;
    // Four at once: the first runs (a worker starts in a few hundred ms), the others wait their turn.
    const names = ['at-shutdown-1', 'at-shutdown-2', 'at-shutdown-3', 'at-shutdown-4'];
    await Promise.all(names.map((JobName) => start(request({ JobName }))));
    await e.close({ removeData: false });
    e = await startEngine({ dataDir });
    client = e.client;
    // In creation order, which is the order they were queued in.
    const listed = (await client.send(new ListModelPackagingJobsCommand({ ProjectName: PROJECT }))).ModelPackagingJobs!;
    const jobs = listed.filter((j) => names.includes(j.JobName!));
    expect(jobs).toHaveLength(4);
    expect(jobs[0]).toMatchObject({ Status: 'SUCCEEDED' });
    for (const job of jobs.slice(1)) expect([['SUCCEEDED', job.StatusMessage], ['FAILED', SHUTDOWN_MESSAGE]]).toContainEqual([job.Status, job.StatusMessage]);
    expect(jobs.filter((j) => j.Status === 'FAILED').length).toBeGreaterThan(0);
  }, 60_000);
});
