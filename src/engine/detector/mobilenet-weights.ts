import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../util/config-values';

/**
 * The backbone: the MobileNetV2 of the NSFW image classifier that the npm
 * package `nsfwjs` (MIT, Infinite Red) ships as a TensorFlow.js layers model
 * (Keras 2.2.4): its layer graph and its weights, read from inside the
 * installed package, no download.
 *
 * It is not a plain ImageNet MobileNetV2. It is Keras' MobileNetV2 (width
 * 1.0, 224x224 input, ImageNet weights) with a five-class NSFW head, then
 * fine-tuned on NSFW images: the package's layer configs mark the layers up
 * to block_10 `trainable: false` and those from block_11_expand on (and the
 * head) `trainable: true`, as the fine-tuning script of GantMan/nsfw_model
 * (the model's source) sets them. The detector uses block_5_add (frozen,
 * ImageNet-trained) and block_12_add (fine-tuned). All 266 weight tensors are
 * quantised to uint8 in the package (one min and scale per tensor); they are
 * dequantised here to float32.
 *
 * The engine is built and measured against exactly one release: package.json
 * pins it (NSFWJS_VERSION) and verifyBackbone checks SHA-256 digests of the
 * bytes read here, at engine start (checkBackbone) and whenever the graphs
 * are built. See docs/detector.md, "Backbone".
 */

/** The nsfwjs release whose MobileNetV2 the engine was built for (package.json pins it). */
export const NSFWJS_VERSION = '4.4.0';

/** SHA-256 of the weight bytes (2,619,461 uint8 values, as decoded from the package's base64 shard). */
export const WEIGHTS_SHA256 = '8e7dddbb16acacc1bf1601b1b8a761e730ff934b7f2d7771312b2f000e5f5f13';

/** SHA-256 of the model JSON (layer topology and weights manifest with each tensor's quantisation) as JSON.stringify writes it. */
export const MODEL_JSON_SHA256 = 'feffc6868d61e412a4e7a22657a3d07a8a48df6e11688a9e25b77c23cb7b45c9';

export interface KerasLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string };
  inbound: string[];
}

export interface MobileNetV2 {
  layers: KerasLayer[];
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { min: number; scale: number; dtype: string };
}

interface ModelJson {
  modelTopology: { model_config: { config: { layers: { class_name: string; config: KerasLayer['config']; inbound_nodes: [string, number, number, object][][] }[] } } };
  weightsManifest: { weights: WeightSpec[] }[];
}

/** What the engine takes from the package: the model JSON (topology and weights manifest) and the raw weight bytes. */
export interface BackboneFiles {
  modelJson: unknown;
  weights: Uint8Array;
}

/** The installed package's backbone files differ from the ones the engine was built for, or cannot be read. */
export class BackboneMismatchError extends ConfigError {}

export async function loadMobileNetV2(): Promise<MobileNetV2> {
  const files = readBackboneFiles();
  verifyBackbone(files);
  const json = files.modelJson as ModelJson;
  const bytes = Buffer.from(files.weights.buffer, files.weights.byteOffset, files.weights.byteLength);

  const weights = new Map<string, { shape: number[]; data: Float32Array }>();
  let offset = 0;
  for (const spec of json.weightsManifest.flatMap((m) => m.weights)) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(count);
    if (spec.quantization?.dtype === 'uint8') {
      const { min, scale } = spec.quantization;
      for (let i = 0; i < count; i++) data[i] = min + scale * bytes[offset + i];
      offset += count;
    } else if (!spec.quantization && spec.dtype === 'float32') {
      for (let i = 0; i < count; i++) data[i] = bytes.readFloatLE(offset + i * 4);
      offset += count * 4;
    } else {
      throw new Error(`unsupported weight encoding for ${spec.name}`);
    }
    weights.set(spec.name, { shape: spec.shape, data });
  }
  if (offset !== bytes.length) throw new Error(`MobileNetV2 weights: read ${offset} of ${bytes.length} bytes`);

  const layers = json.modelTopology.model_config.config.layers.map((l) => ({
    class_name: l.class_name,
    config: l.config,
    inbound: (l.inbound_nodes[0] ?? []).map((n) => n[0]),
  }));
  return { layers, weights };
}

/** SHA-256 digests of what the engine uses: the weight bytes, and the model JSON as JSON.stringify writes it. */
export function backboneDigests(files: BackboneFiles): { weights: string; modelJson: string } {
  return {
    weights: createHash('sha256').update(files.weights).digest('hex'),
    modelJson: createHash('sha256').update(JSON.stringify(files.modelJson)).digest('hex'),
  };
}

/** Throws BackboneMismatchError unless `files` are exactly those of the pinned nsfwjs release. */
export function verifyBackbone(files: BackboneFiles, installedVersion: string | undefined = installedNsfwjsVersion()): void {
  const found = backboneDigests(files);
  const differs = [found.weights !== WEIGHTS_SHA256 && 'weights', found.modelJson !== MODEL_JSON_SHA256 && 'model JSON'].filter(Boolean);
  if (differs.length === 0) return;
  throw mismatch(`${installed(installedVersion)} whose ${differs.join(' and ')} differ (weights sha256 ${found.weights}, model JSON sha256 ${found.modelJson})`);
}

let checked = false;

/**
 * The engine's start-up check of the installed backbone (once per process):
 * a BackboneMismatchError (a ConfigError, so the command line prints its
 * message and exits) if the package is missing, unreadable or changed.
 */
export function checkBackbone(): void {
  if (checked) return;
  let files: BackboneFiles;
  try {
    files = readBackboneFiles();
  } catch (error) {
    throw mismatch(`${installed(installedNsfwjsVersion())} whose MobileNetV2 cannot be read (${(error as Error).message})`);
  }
  verifyBackbone(files);
  checked = true;
}

const installed = (version: string | undefined) => (version ? `nsfwjs ${version}` : 'an nsfwjs package of unknown version');

function mismatch(found: string): BackboneMismatchError {
  return new BackboneMismatchError(
    `the nsfwjs package's MobileNetV2 is not the one this engine was built for: expected nsfwjs ${NSFWJS_VERSION} ` +
      `(weights sha256 ${WEIGHTS_SHA256}, model JSON sha256 ${MODEL_JSON_SHA256}), found ${found}. ` +
      'Reinstall the pinned dependencies with npm ci.',
  );
}

/** The folder of the package's bundled MobileNetV2: `model.min.js` (the model JSON) and `group1-shard1of1.min.js` (the weights). */
function modelFolder(): string {
  return join(dirname(require.resolve('nsfwjs/models/mobilenet_v2')), '../../models/mobilenet_v2');
}

/** Reads the model JSON and the weight bytes from the installed package, or from `folder` (a copy of its model folder). */
export function readBackboneFiles(folder = modelFolder()): BackboneFiles {
  // The model JSON is a small bundled module: requiring it is quick.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const modelJson = unwrap(require(join(folder, 'model.min.js')));
  return { modelJson, weights: Buffer.from(readWeightsBase64(join(folder, 'group1-shard1of1.min.js')), 'base64') };
}

/** The installed nsfwjs version (its package.json, which the package does not export), if it can be read. */
function installedNsfwjsVersion(): string | undefined {
  try {
    const manifest = join(dirname(require.resolve('nsfwjs/models/mobilenet_v2')), '../../../package.json');
    const version = (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown }).version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The weights are one base64 string literal inside a 3.5 MB bundled module.
 * Cutting the literal out of the file takes milliseconds where evaluating
 * the module with require() takes seconds.
 */
function readWeightsBase64(file: string): string {
  const text = readFileSync(file, 'latin1');
  const marker = 'h.exports="';
  const start = text.indexOf(marker);
  const end = start < 0 ? -1 : text.indexOf('"', start + marker.length);
  if (end < 0) throw new Error(`cannot find the MobileNetV2 weights in ${file}`);
  return text.slice(start + marker.length, end);
}

function unwrap(module: unknown): unknown {
  const m = module as { default?: unknown };
  return m && typeof m === 'object' && 'default' in m ? m.default : module;
}
