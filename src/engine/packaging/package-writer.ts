import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadArtifact } from '../detector/model-artifact';
import { loadMobileNetV2 } from '../detector/mobilenet-weights';
import { followPartRecipe } from '../detector/region-of-interest';
import { S3Mapping } from '../s3-mapping';
import { writeFileAtomic } from '../store/atomic-file';
import { buildDetectorOnnx, detectorTensors, type TensorSpec } from './detector-onnx';
import { packageSpec, type PackageSpec } from './package-spec';
import { packageFiles } from './packaging-config';
import { packageReadme } from './package-readme';
import { tritonConfig } from './triton-config';

/** What a packaging job writes, and where: everything the worker needs, plain data. */
export interface PackageTarget {
  dataDir: string;
  modelDir: string;
  bucket: string;
  /** Key prefix of the package, ending in `/`: `<Prefix>/<ComponentName>/<ComponentVersion>/`. */
  keyPrefix: string;
  model: { project: string; version: number; arn: string };
  component: { name: string; version: string; arn: string; description?: string };
  job: { name: string; target: Record<string, unknown> };
  /** Triton instance kind: the GPU for an NVIDIA platform or a Jetson device. */
  device: 'cpu' | 'gpu';
}

export const DETECTOR_FORMAT = 'lookout-gateway-detector';
export const DETECTOR_FORMAT_VERSION = 1;
/**
 * detector.json of a model whose crop follows the part: `preprocessing.crop`
 * is then only where the crop goes when no part is found, so a consumer that
 * knows only version 1 (and would cut that fixed rectangle) must not take it.
 */
export const FOLLOWING_DETECTOR_FORMAT_VERSION = 2;

/**
 * Reads the trained model, builds the ONNX graph and writes the package's
 * objects (each whole or absent: temporary file, fsync, rename), detector.json
 * after the graphs and the README last. Runs in a packaging worker thread.
 */
export async function writeModelPackage(target: PackageTarget): Promise<void> {
  const artifact = loadArtifact(target.modelDir);
  const spec = packageSpec(artifact.manifest);
  const net = await loadMobileNetV2();
  const metadata = {
    'lookout.model_arn': target.model.arn,
    'lookout.threshold': String(spec.threshold),
    'lookout.calibration_slope': String(spec.calibration.slope),
    'lookout.detector_json': 'detector.json',
  };
  const graph = buildDetectorOnnx(spec, artifact.bank, net, metadata);
  const tensors = detectorTensors(spec);
  const files = packageFiles(target.component.name);
  const s3 = new S3Mapping(target.dataDir);
  const write = (name: string, data: Buffer | string) => writeFileAtomic(s3.pathOf({ bucket: target.bucket, key: target.keyPrefix + name }), data);
  const bytes = Buffer.from(graph.buffer, graph.byteOffset, graph.byteLength);
  write(files.onnx, bytes);
  write(files.tritonOnnx, bytes);
  write(files.tritonConfig, tritonConfig(target.component.name, tensors, target.device));
  write(files.detector, JSON.stringify(detectorJson(spec, tensors, target), null, 2) + '\n');
  write(files.readme, packageReadme(spec, tensors, target, files));
}

/** detector.json: everything around the graph that serving it needs. */
export function detectorJson(spec: PackageSpec, tensors: { inputs: TensorSpec[]; outputs: TensorSpec[] }, target: PackageTarget) {
  const { crop, inputWidth, inputHeight } = spec.view;
  return {
    format: DETECTOR_FORMAT,
    formatVersion: spec.view.followPart ? FOLLOWING_DETECTOR_FORMAT_VERSION : DETECTOR_FORMAT_VERSION,
    model: { projectName: target.model.project, modelVersion: String(target.model.version), modelArn: target.model.arn },
    component: {
      name: target.component.name,
      version: target.component.version,
      arn: target.component.arn,
      description: target.component.description,
    },
    packagingJob: { jobName: target.job.name, ...target.job.target },
    graph: {
      file: 'model.onnx',
      opset: 13,
      inputs: tensors.inputs,
      outputs: tensors.outputs,
    },
    image: {
      width: spec.imageWidth,
      height: spec.imageHeight,
      note: 'The engine refuses images of another size; the crop below is in these pixels.',
    },
    preprocessing: {
      decode: 'PNG or JPEG; alpha dropped; sRGB',
      crop: { ...crop },
      ...(spec.view.followPart
        ? {
            followPart: {
              note: "The crop's size is fixed; its place follows the part in each image, as below. `crop` above is where it is when no part is found.",
              ...followPartRecipe(spec.view.followPart, { width: spec.imageWidth, height: spec.imageHeight }),
            },
          }
        : {}),
      resize: { width: inputWidth, height: inputHeight, fit: 'fill', kernel: 'linear' },
      reference: `sharp(bytes).removeAlpha().toColourspace('srgb').extract(${spec.view.followPart ? '{ left, top, width, height } (followPart)' : JSON.stringify(crop)}).resize(${inputWidth}, ${inputHeight}, { fit: 'fill', kernel: 'linear' }).raw()`,
      channels: 'RGB',
      scale: 'x / 127.5 - 1',
      layout: 'NCHW',
      tensor: { name: 'image', shape: [1, 3, inputHeight, inputWidth], dtype: 'float32' },
    },
    featureGrid: { width: spec.grid.width, height: spec.grid.height, cellPixels: 8, featureDim: spec.featureDim },
    memoryBank: { patches: spec.bankSize, inGraph: true },
    ...(spec.direction
      ? {
          defectDirection: {
            ...spec.direction,
            inGraph: true,
            map: 'added to each cell\'s distance before smoothing: weight x max(0, (weights . features - offset) / scale)',
          },
        }
      : {}),
    scoring: {
      sigma: spec.scoring.sigma,
      radius: Math.ceil(2 * spec.scoring.sigma),
      edges: 'clamped',
      topK: spec.scoring.topK,
      score: spec.scoring.topK <= 1 ? 'maximum of anomaly_map' : `mean of the ${spec.scoring.topK} highest cells of anomaly_map`,
    },
    threshold: spec.threshold,
    calibration: {
      slope: spec.calibration.slope,
      anomalyProbability: 'P = 1 / (1 + exp(-slope * (score - threshold)))',
      confidence: 'P when score > threshold (anomalous), else 1 - P',
    },
    segmentation: spec.segmentation
      ? {
          pixelThreshold: spec.segmentation.pixelThreshold,
          ...(spec.segmentation.sigma === undefined ? {} : { sigma: spec.segmentation.sigma, radius: Math.ceil(2 * spec.segmentation.sigma), edges: 'clamped' }),
          classes: spec.segmentation.classes.map((c) => ({ name: c.name, color: c.color, centroid: c.centroid })),
          ...(spec.segmentation.grey === undefined ? {} : { grey: { ...spec.segmentation.grey } }),
          ...(spec.segmentation.seedThreshold === undefined ? {} : { seedThreshold: spec.segmentation.seedThreshold }),
          mask:
            `Only for an anomalous image. A pixel (x, y) of the crop (width x height pixels) is anomalous when ${spec.segmentation.sigma === undefined ? 'anomaly_map' : 'segmentation_map'}, sampled bilinearly at grid position ` +
            '(clamp((x + 0.5) * gridWidth / width - 0.5), clamp((y + 0.5) * gridHeight / height - 0.5))' +
            (spec.segmentation.grey === undefined
              ? ''
              : ', times (1 + grey.weight * contrast), where contrast = (mean(grey.radius) - own) / 255000, L(x, y) = 299 R + 587 G + 114 B of the decoded sRGB pixel ' +
                "(crop.left + x, crop.top + y) at the image's own resolution (alpha dropped), an integer, mean(r) = the sum of L over the pixels of the crop within " +
                'r of (x, y) in both x and y (a square of 2 r + 1, cut to the crop) divided by their number, and own = mean(grey.inner) when grey.inner is present, else L(x, y),') +
            ' exceeds pixelThreshold' +
            (spec.segmentation.seedThreshold === undefined
              ? ''
              : ' and the region of such pixels it belongs to (pixels above pixelThreshold joined when they touch by a side or a corner, within the crop) has a pixel whose value exceeds seedThreshold') +
            '; it takes the colour of the class ' +
            'anomaly_class names at cell (floor(x * gridWidth / width), floor(y * gridHeight / height)). Every other pixel is background, white (#FFFFFF).',
        }
      : null,
    performance: spec.performance,
    training: spec.training,
    backbone: backboneProvenance(),
  };
}

/** Where the backbone's weights come from, with the installed package's version. */
function backboneProvenance() {
  return {
    architecture: 'MobileNetV2, up to block_12_add; batch norms folded into the convolutions, ReLU6 as Clip',
    features: 'block_5_add (32 channels) and block_12_add (96 channels, upsampled 2x bilinearly), each averaged over 3x3 cells, concatenated: 128 per cell',
    source: "the MobileNetV2 of nsfwjs's image classifier (fine-tuned from ImageNet weights), shipped with its weights quantised to uint8, dequantised to float32 here",
    package: 'nsfwjs',
    packageVersion: nsfwjsVersion(),
    license: 'MIT',
  };
}

function nsfwjsVersion(): string | null {
  try {
    let dir = dirname(require.resolve('nsfwjs'));
    for (let i = 0; i < 6; i++, dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nsfwjs') return pkg.version ?? null;
    }
  } catch {
    // Provenance is informative; a layout we do not know leaves the version out.
  }
  return null;
}
