import type { ModelStatus } from '../models/model-lifecycle';
import type { Tag } from '../store/tag-store';

/** ModelPackagingConfiguration as the API has it, checked (operations/packaging-operations.ts) and with defaults filled in. */
export interface PackagingConfiguration {
  Greengrass: {
    CompilerOptions?: string;
    TargetDevice?: 'jetson_xavier';
    TargetPlatform?: { Os: 'LINUX'; Arch: 'ARM64' | 'X86_64'; Accelerator?: 'NVIDIA' };
    S3OutputLocation: { Bucket: string; Prefix?: string };
    ComponentName: string;
    /** Always set once the job is created: `<model version>.0.0` when the request had none, as Lookout did. */
    ComponentVersion: string;
    ComponentDescription?: string;
    Tags?: Tag[];
  };
}

/** What Lookout says a packaging job's ModelPackagingMethod is. */
export const PACKAGING_METHOD = 'Greengrass';

/** A model can be packaged once trained, whether hosted or not; not while training, after a failed training, nor while deleted. */
export const PACKAGEABLE_MODEL_STATES: readonly ModelStatus[] = ['TRAINED', 'STARTING_HOSTING', 'HOSTED', 'HOSTING_FAILED', 'STOPPING_HOSTING', 'SYSTEM_UPDATING'];

/**
 * Where a job's package goes: `<Prefix>/<ComponentName>/<ComponentVersion>/`
 * in the S3OutputLocation's bucket. The prefix is a folder: a `/` is put
 * after one that lacks it, as S3 keys are joined.
 */
export function packageKeyPrefix(prefix: string | undefined, componentName: string, componentVersion: string): string {
  const folder = !prefix ? '' : prefix.endsWith('/') ? prefix : `${prefix}/`;
  return `${folder}${componentName}/${componentVersion}/`;
}

/** The objects of a package, relative to its key prefix. */
export function packageFiles(componentName: string) {
  return {
    onnx: 'model.onnx',
    detector: 'detector.json',
    readme: 'README.md',
    tritonConfig: `triton/${componentName}/config.pbtxt`,
    tritonOnnx: `triton/${componentName}/1/model.onnx`,
  };
}

/** The Triton instance kind for the job's target: a GPU with an NVIDIA accelerator or on a Jetson, else the CPU. */
export function targetDevice(greengrass: Pick<PackagingConfiguration['Greengrass'], 'TargetDevice' | 'TargetPlatform'>): 'cpu' | 'gpu' {
  return greengrass.TargetDevice === 'jetson_xavier' || greengrass.TargetPlatform?.Accelerator === 'NVIDIA' ? 'gpu' : 'cpu';
}
