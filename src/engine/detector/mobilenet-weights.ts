import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The ImageNet-trained Keras MobileNetV2 that the npm package `nsfwjs` (MIT)
 * ships as a TensorFlow.js layers model: its layer graph and its weights,
 * dequantized from uint8. No download: both are inside the installed package.
 */

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

export async function loadMobileNetV2(): Promise<MobileNetV2> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MobileNetV2Model } = require('nsfwjs/models/mobilenet_v2') as { MobileNetV2Model: { modelJson: () => Promise<unknown> } };
  const json = unwrap(await MobileNetV2Model.modelJson()) as ModelJson;
  const bytes = Buffer.from(readWeightsBase64(), 'base64');

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

/**
 * The weights are one base64 string literal inside a 3.5 MB bundled module.
 * Cutting the literal out of the file takes milliseconds where evaluating
 * the module with require() takes seconds.
 */
function readWeightsBase64(): string {
  const file = join(dirname(require.resolve('nsfwjs/models/mobilenet_v2')), '../../models/mobilenet_v2/group1-shard1of1.min.js');
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
