import type { EngineContext } from '../engine-context';
import { WrongStateError } from '../engine-errors';
import { conflict, notFound, validation } from '../http/aws-error';
import type { IdempotentOperation, Operation, PlainOperation } from '../http/operation';
import { modelVersion, optionalString, outputBucket, projectName, requireObject, requireString } from '../http/validate';
import { LOOKOUT_RULES, type StringRule } from '../../lookout/constraints';
import { PACKAGEABLE_MODEL_STATES, PACKAGING_METHOD, packageFiles, packageKeyPrefix, type PackagingConfiguration } from '../packaging/packaging-config';
import { S3Error } from '../s3/s3-error';
import { keySegments } from '../s3/object-key';
import type { ModelRow } from '../store/model-store';
import type { NewPackagingJob, PackagingJobRow } from '../store/packaging-store';
import { requireModel } from './model-operations';
import { page, pageRequest } from './pagination';
import { requireProject } from './project-operations';
import { parseTags } from './tag-operations';

/** The packaging members' constraints, from the API model (shared/notes/lookout-api-model.txt), anchored. */
export const PACKAGING_RULES = {
  jobName: { min: 1, max: 64, pattern: /^[a-zA-Z0-9-]+$/ },
  jobDescription: { min: 1, max: 256, pattern: /^[a-zA-Z0-9\-_. ()':,;?]+$/ },
  componentName: { min: 1, max: 128, pattern: /^[a-zA-Z0-9\-_.]+$/ },
  componentVersion: { min: 1, max: 64, pattern: /^([0-9]{1,6})\.([0-9]{1,6})\.([0-9]{1,6})$/ },
  componentDescription: { min: 1, max: 256, pattern: /^[a-zA-Z0-9\-_. ()':,;?]+$/ },
  compilerOptions: { min: 3, max: 1024 },
} as const satisfies Record<string, StringRule>;

const TARGET_DEVICES = ['jetson_xavier'] as const;
const PLATFORM_OS = ['LINUX'] as const;
const PLATFORM_ARCH = ['ARM64', 'X86_64'] as const;
const PLATFORM_ACCELERATOR = ['NVIDIA'] as const;
/** The compiler options Lookout required for an NVIDIA accelerator. */
const NVIDIA_OPTIONS = ['gpu-code', 'trt-ver', 'cuda-ver'];

function oneOf<T extends string>(value: unknown, name: string, allowed: readonly T[], required: boolean): T | undefined {
  if (value === undefined || value === null) {
    if (required) throw validation(`${name} is required.`);
    return undefined;
  }
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw validation(`${name} must be one of ${allowed.join(', ')}.`);
  return value as T;
}

/** Configuration.Greengrass, every constraint of the API model checked; ComponentVersion still optional here. */
function parseGreengrass(raw: unknown): Omit<PackagingConfiguration['Greengrass'], 'ComponentVersion'> & { ComponentVersion?: string } {
  if (raw === undefined || raw === null) throw validation('Configuration.Greengrass is required.');
  const g = requireObject(raw, 'Configuration.Greengrass');
  const name = (member: string) => `Configuration.Greengrass.${member}`;
  const componentName = requireString(g.ComponentName, name('ComponentName'), PACKAGING_RULES.componentName);
  if (/^\.+$/.test(componentName)) throw validation(`${name('ComponentName')} must not be only dots: it names a folder of the package.`);
  const componentVersion = optionalString(g.ComponentVersion, name('ComponentVersion'), PACKAGING_RULES.componentVersion);
  const componentDescription = optionalString(g.ComponentDescription, name('ComponentDescription'), PACKAGING_RULES.componentDescription);
  if (g.S3OutputLocation === undefined || g.S3OutputLocation === null) throw validation(`${name('S3OutputLocation')} is required.`);
  const location = requireObject(g.S3OutputLocation, name('S3OutputLocation'));
  const bucket = outputBucket(location.Bucket, name('S3OutputLocation.Bucket'));
  const prefix = optionalString(location.Prefix, name('S3OutputLocation.Prefix'), LOOKOUT_RULES.s3Prefix);
  const tags = g.Tags === undefined || g.Tags === null ? undefined : parseTags(g.Tags);

  const targetDevice = oneOf(g.TargetDevice, name('TargetDevice'), TARGET_DEVICES, false);
  let targetPlatform: PackagingConfiguration['Greengrass']['TargetPlatform'];
  if (g.TargetPlatform !== undefined && g.TargetPlatform !== null) {
    const p = requireObject(g.TargetPlatform, name('TargetPlatform'));
    targetPlatform = {
      Os: oneOf(p.Os, name('TargetPlatform.Os'), PLATFORM_OS, true)!,
      Arch: oneOf(p.Arch, name('TargetPlatform.Arch'), PLATFORM_ARCH, true)!,
      Accelerator: oneOf(p.Accelerator, name('TargetPlatform.Accelerator'), PLATFORM_ACCELERATOR, false),
    };
  }
  if (targetDevice && targetPlatform) throw validation(`Specify ${name('TargetDevice')} or ${name('TargetPlatform')}, not both.`);
  if (!targetDevice && !targetPlatform) throw validation(`${name('TargetDevice')} or ${name('TargetPlatform')} is required.`);

  const compilerOptions = optionalString(g.CompilerOptions, name('CompilerOptions'), PACKAGING_RULES.compilerOptions);
  if (compilerOptions !== undefined && targetDevice) throw validation(`${name('CompilerOptions')} cannot be given with ${name('TargetDevice')}.`);
  if (targetPlatform?.Accelerator === 'NVIDIA') {
    if (compilerOptions === undefined) {
      throw validation(`${name('CompilerOptions')} is required with the NVIDIA accelerator: a JSON object with ${NVIDIA_OPTIONS.join(', ')}.`);
    }
    let options: unknown;
    try {
      options = JSON.parse(compilerOptions);
    } catch {
      options = null;
    }
    const missing = typeof options === 'object' && options !== null && !Array.isArray(options) ? NVIDIA_OPTIONS.filter((o) => !(o in options)) : NVIDIA_OPTIONS;
    if (missing.length > 0) throw validation(`${name('CompilerOptions')} must be a JSON object with ${NVIDIA_OPTIONS.join(', ')} for the NVIDIA accelerator; missing: ${missing.join(', ')}.`);
  }
  return {
    CompilerOptions: compilerOptions,
    TargetDevice: targetDevice,
    TargetPlatform: targetPlatform,
    S3OutputLocation: { Bucket: bucket, Prefix: prefix },
    ComponentName: componentName,
    ComponentVersion: componentVersion,
    ComponentDescription: componentDescription,
    Tags: tags,
  };
}

/** The package's keys must be objects the engine's store can hold (S3's key rules, one file per key). */
function checkOutputLocation(engine: EngineContext, bucket: string, keyPrefix: string, componentName: string): void {
  const files = Object.values(packageFiles(componentName));
  try {
    for (const file of files) keySegments(keyPrefix + file);
  } catch (error) {
    if (error instanceof S3Error) throw validation(`Configuration.Greengrass.S3OutputLocation cannot hold the package at ${keyPrefix}: ${error.message}`);
    throw error;
  }
  engine.s3.pathOf({ bucket, key: keyPrefix + files[0] });
}

/**
 * A job name when the request has none: `<project>-<model version>-<UTC time>`,
 * the project's underscores made hyphens (job names allow none), numbered
 * if that name is taken. Lookout made one too; it did not document its form.
 */
function defaultJobName(engine: EngineContext, project: string, version: number): string {
  const time = new Date(engine.now() * 1000).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const tail = `-${version}-${time}`;
  const base = `${project.replace(/_/g, '-').slice(0, 64 - tail.length - 4)}${tail}`;
  let candidate = base;
  for (let n = 2; engine.stores.packagingJobs.get(project, candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function assertPackageable(model: ModelRow): void {
  if (!PACKAGEABLE_MODEL_STATES.includes(model.status)) {
    throw new WrongStateError(
      'MODEL',
      `${model.project}/${model.version}`,
      `Model ${model.version} of ${model.project} is ${model.status}; only a trained model can be packaged (TRAINED, or hosted).`,
    );
  }
}

function requireJob(engine: EngineContext, project: string, jobName: string): PackagingJobRow {
  requireProject(engine, project);
  const job = engine.stores.packagingJobs.get(project, jobName);
  if (!job) throw notFound('MODEL_PACKAGE_JOB', jobName, `Model packaging job ${jobName} of project ${project} does not exist.`);
  return job;
}

function jobMetadata(job: PackagingJobRow) {
  return {
    JobName: job.job_name,
    ProjectName: job.project,
    ModelVersion: String(job.model_version),
    ModelPackagingJobDescription: job.description ?? undefined,
    ModelPackagingMethod: PACKAGING_METHOD,
    Status: job.status,
    StatusMessage: job.status_message ?? undefined,
    CreationTimestamp: job.created_at,
    LastUpdatedTimestamp: job.updated_at,
  };
}

export const StartModelPackagingJob: IdempotentOperation = {
  name: 'StartModelPackagingJob',
  method: 'POST',
  path: '/projects/{ProjectName}/modelpackagingjobs',
  successStatus: 200,
  idempotent: true,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const version = modelVersion(req.json.ModelVersion);
    const jobName = optionalString(req.json.JobName, 'JobName', PACKAGING_RULES.jobName);
    const description = optionalString(req.json.Description, 'Description', PACKAGING_RULES.jobDescription);
    if (req.json.Configuration === undefined || req.json.Configuration === null) throw validation('Configuration is required.');
    const greengrass = parseGreengrass(requireObject(req.json.Configuration, 'Configuration').Greengrass);

    const model = requireModel(engine, project, version);
    const componentVersion = greengrass.ComponentVersion ?? `${model.version}.0.0`;
    const keyPrefix = packageKeyPrefix(greengrass.S3OutputLocation.Prefix, greengrass.ComponentName, componentVersion);
    checkOutputLocation(engine, greengrass.S3OutputLocation.Bucket, keyPrefix, greengrass.ComponentName);
    assertPackageable(model);
    const name = jobName ?? defaultJobName(engine, project, model.version);
    if (engine.stores.packagingJobs.get(project, name)) {
      throw conflict('MODEL_PACKAGE_JOB', name, `Project ${project} already has a model packaging job named ${name}.`);
    }
    const owner = engine.stores.packagingJobs.componentOwner(greengrass.ComponentName, componentVersion);
    if (owner) {
      throw conflict(
        'MODEL_PACKAGE_JOB',
        owner.job_name,
        `Component ${greengrass.ComponentName} version ${componentVersion} already exists (packaging job ${owner.job_name} of project ${owner.project}); choose another ComponentVersion.`,
      );
    }
    const configuration: PackagingConfiguration = { Greengrass: { ...greengrass, ComponentVersion: componentVersion } };
    const now = engine.now();
    const row: NewPackagingJob = {
      project,
      job_name: name,
      model_version: model.version,
      description: description ?? null,
      configuration: JSON.stringify(configuration),
      component_name: greengrass.ComponentName,
      component_version: componentVersion,
      status: 'CREATED',
      status_message: 'Waiting to package the model.',
      component_version_arn: null,
      created_at: now,
      updated_at: now,
    };
    const job = engine.stores.packagingJobs.insert(row);
    req.afterCommit(() => engine.packaging.enqueue(job));
    return { JobName: name };
  },
};

export const DescribeModelPackagingJob: PlainOperation = {
  name: 'DescribeModelPackagingJob',
  method: 'GET',
  path: '/projects/{ProjectName}/modelpackagingjobs/{JobName}',
  successStatus: 200,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const job = requireJob(engine, project, requireString(req.params.JobName, 'JobName', PACKAGING_RULES.jobName));
    return {
      ModelPackagingDescription: {
        ...jobMetadata(job),
        ModelPackagingConfiguration: JSON.parse(job.configuration) as PackagingConfiguration,
        ModelPackagingOutputDetails:
          job.status === 'SUCCEEDED'
            ? {
                Greengrass: {
                  ComponentVersionArn: job.component_version_arn ?? undefined,
                  ComponentName: job.component_name,
                  ComponentVersion: job.component_version,
                },
              }
            : undefined,
      },
    };
  },
};

export const ListModelPackagingJobs: PlainOperation = {
  name: 'ListModelPackagingJobs',
  method: 'GET',
  path: '/projects/{ProjectName}/modelpackagingjobs',
  successStatus: 200,
  handle(req, engine) {
    const project = projectName(req.params.ProjectName);
    const listing = `ListModelPackagingJobs/${project}`;
    const { after, limit } = pageRequest<number>(req.query, 'number', listing);
    requireProject(engine, project);
    const { items, NextToken } = page(engine.stores.packagingJobs.page(project, after ?? 0, limit + 1), limit, (j) => j.id, listing);
    return { ModelPackagingJobs: items.map(jobMetadata), NextToken };
  },
};

export const packagingOperations: Operation[] = [StartModelPackagingJob, DescribeModelPackagingJob, ListModelPackagingJobs];
