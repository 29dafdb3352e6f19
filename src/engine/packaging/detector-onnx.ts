import { onnx } from 'onnx-proto';
import { FEATURE_DIM, emitBackbone } from '../detector/backbone-onnx';
import type { MobileNetV2 } from '../detector/mobilenet-weights';
import { OnnxGraph } from '../detector/onnx-graph';
import { toMemoryBank } from '../detector/patch-model';
import type { PackageSpec } from './package-spec';

/** A tensor of the exported graph, as detector.json and the Triton config describe it. */
export interface TensorSpec {
  name: string;
  /** ONNX element type name; Triton's is in triton-config.ts. */
  dtype: 'float32' | 'bool' | 'int64';
  shape: number[];
  description: string;
}

/** The graph's input and outputs for a spec: one place, so the graph, detector.json and config.pbtxt agree. */
export function detectorTensors(spec: PackageSpec): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
  const { grid, view } = spec;
  const outputs: TensorSpec[] = [
    {
      name: 'anomaly_map',
      dtype: 'float32',
      shape: [1, 1, grid.height, grid.width],
      description: spec.direction
        ? "Each feature-grid cell's distance to its nearest normal patch plus weight x max(0, (w . x - offset) / scale) along the model's defect direction, Gaussian-smoothed (row-major, cell (0,0) top left of the crop)."
        : "Each feature-grid cell's distance to its nearest normal patch, Gaussian-smoothed (row-major, cell (0,0) top left of the crop).",
    },
    { name: 'score', dtype: 'float32', shape: [1], description: 'The image score: the maximum of anomaly_map, or the mean of its topK highest cells.' },
    { name: 'is_anomalous', dtype: 'bool', shape: [1], description: 'score > threshold.' },
    { name: 'confidence', dtype: 'float32', shape: [1], description: 'The probability that is_anomalous is right: sigmoid(slope * |score - threshold|).' },
  ];
  if (spec.segmentation?.sigma !== undefined) {
    outputs.push({
      name: 'segmentation_map',
      dtype: 'float32',
      shape: [1, 1, grid.height, grid.width],
      description: `The same cells${spec.direction ? ' (distance plus defect direction)' : ''} smoothed as anomaly_map is, but with sigma ${spec.segmentation.sigma}: the map masks are cut from.`,
    });
  }
  if (spec.segmentation) {
    outputs.push({
      name: 'anomaly_class',
      dtype: 'int64',
      shape: [1, 1, grid.height, grid.width],
      description: "Per cell, the index (in detector.json's segmentation.classes) of the anomaly class whose centroid is nearest the cell's features.",
    });
  }
  return {
    inputs: [
      {
        name: 'image',
        dtype: 'float32',
        shape: [1, 3, view.inputHeight, view.inputWidth],
        description: 'The preprocessed crop: RGB planes (NCHW), x / 127.5 - 1, at the model input size.',
      },
    ],
    outputs,
  };
}

const ELEM_TYPES = { float32: onnx.TensorProto.DataType.FLOAT, bool: onnx.TensorProto.DataType.BOOL, int64: onnx.TensorProto.DataType.INT64 };

/**
 * The whole detector as one ONNX graph (opset 13), built from the spec and
 * the memory bank only:
 *
 * 1. the engine's backbone (backbone-onnx.ts emitBackbone, the same nodes and
 *    weights): `image` -> patch features [cells, featureDim];
 * 2. nearest-neighbour distance to the memory bank (an initializer), as the
 *    engine's scorer computes it: |x|^2 - 2 x.m + |m|^2 minimised over the
 *    bank, clamped at 0, square root; with a defect direction, plus
 *    weight x max(0, (w.x - offset) / scale) (defect-direction.ts);
 * 3. the grid map smoothed as anomaly-map.ts smoothMap does: a separable
 *    Gaussian, radius ceil(2 sigma), edges clamped (Pad 'edge' + Conv); for
 *    a segmentation model with its own mask sigma, a second smoothing of the
 *    same distances (segmentation_map) that masks are cut from;
 * 4. the image score as scoring.ts scoreMap computes it: the maximum, or the
 *    mean of the topK highest cells (TopK + ReduceMean);
 * 5. the verdict and its calibrated confidence.
 */
export function buildDetectorOnnx(spec: PackageSpec, bankRows: Float32Array, net: MobileNetV2, metadata: Record<string, string> = {}): Uint8Array {
  if (spec.featureDim !== FEATURE_DIM) throw new Error(`the model has ${spec.featureDim} features per patch; the backbone makes ${FEATURE_DIM}`);
  if (bankRows.length !== spec.bankSize * spec.featureDim) throw new Error('the memory bank does not have the size the manifest says');
  const { grid } = spec;
  const cells = grid.width * grid.height;
  const tensors = detectorTensors(spec);
  const g = new OnnxGraph();
  const image = g.input('image', tensors.inputs[0].shape);
  const patches = emitBackbone(g, net, image);

  // 2. Nearest-neighbour distances: the same operations as scorer-onnx.ts, the bank as initializers.
  const bank = toMemoryBank(bankRows);
  const cross = g.node('MatMul', [patches, g.constant('memory_bank_t', [spec.featureDim, bank.size], bank.transposed)]);
  const minusTwo = g.node('Mul', [cross, g.constant('nn_minus_two', [], new Float32Array([-2]))]);
  const partial = g.node('Add', [minusTwo, g.constant('memory_bank_sq', [1, bank.size], bank.squaredNorms)]);
  const nearest = g.node('ReduceMin', [partial], { axes: [1], keepdims: 0 });
  const xSq = g.node('ReduceSumSquare', [patches], { axes: [1], keepdims: 0 });
  const distance = g.node('Sqrt', [g.node('Relu', [g.node('Add', [nearest, xSq])])]);
  let cellValues = distance;
  if (spec.direction) {
    const { weights, offset, scale, weight } = spec.direction;
    const projection = g.node('MatMul', [patches, g.constant('direction_w', [spec.featureDim], new Float32Array(weights))]);
    const along = g.node('Relu', [g.node('Div', [g.node('Sub', [projection, g.constant('direction_offset', [], new Float32Array([offset]))]), g.constant('direction_scale', [], new Float32Array([scale]))])]);
    cellValues = g.node('Add', [distance, g.node('Mul', [along, g.constant('direction_weight', [], new Float32Array([weight]))])]);
  }
  const raw = g.node('Reshape', [cellValues, g.constant('grid_shape', [4], new BigInt64Array([1n, 1n, BigInt(grid.height), BigInt(grid.width)]))]);

  // 3. Separable Gaussian, horizontal then vertical, each pass over edge-replicated borders; the mask's map with its own sigma.
  const { topK } = spec.scoring;
  emitSmoothing(g, raw, spec.scoring.sigma, 'smooth', 'anomaly_map');
  if (spec.segmentation?.sigma !== undefined) emitSmoothing(g, raw, spec.segmentation.sigma, 'mask_smooth', 'segmentation_map');

  // 4. The image score.
  const flat = g.node('Reshape', ['anomaly_map', g.constant('flat_shape', [2], new BigInt64Array([1n, BigInt(cells)]))]);
  const k = Math.min(Math.max(1, Math.round(topK)), cells);
  let topKNode: string | undefined;
  if (k <= 1) {
    g.node('ReduceMax', [flat], { axes: [1], keepdims: 0 }, 'score');
  } else {
    topKNode = g.node('TopK', [flat, g.constant('top_k', [1], new BigInt64Array([BigInt(k)]))], { axis: 1, largest: 1, sorted: 1 });
    g.node('ReduceMean', [topKNode], { axes: [1], keepdims: 0 }, 'score');
  }

  // 5. Verdict and confidence. `score > t32` for a float32 score is exactly `score > threshold` when
  // t32 is the largest float32 not above the threshold: the same score gets the engine's verdict (the score
  // itself may differ from the engine's in its last bit, which smooths and averages in float64).
  const t32 = float32AtMost(spec.threshold);
  const threshold = g.constant('threshold', [], new Float32Array([t32]));
  g.node('Greater', ['score', threshold], {}, 'is_anomalous');
  // confidence = P when anomalous, 1 - P otherwise, with P = sigmoid(z): that is sigmoid(|z|), without 1 - P's rounding.
  const z = g.node('Mul', [g.node('Sub', ['score', threshold]), g.constant('calibration_slope', [], new Float32Array([spec.calibration.slope]))]);
  g.node('Sigmoid', [g.node('Abs', [z])], {}, 'confidence');

  // Segmentation: the nearest class centroid per cell (argmin of |c|^2 - 2 x.c; |x|^2 is the same for every class).
  if (spec.segmentation) {
    const classes = spec.segmentation.classes;
    const centroidsT = new Float32Array(spec.featureDim * classes.length);
    const centroidSq = new Float32Array(classes.length);
    classes.forEach((c, j) => {
      let sq = 0;
      for (let d = 0; d < spec.featureDim; d++) {
        centroidsT[d * classes.length + j] = c.centroid[d];
        sq += c.centroid[d] * c.centroid[d];
      }
      centroidSq[j] = sq;
    });
    const dots = g.node('MatMul', [patches, g.constant('class_centroids_t', [spec.featureDim, classes.length], centroidsT)]);
    const scaled = g.node('Mul', [dots, g.constant('class_minus_two', [], new Float32Array([-2]))]);
    const classDistance = g.node('Add', [scaled, g.constant('class_centroid_sq', [1, classes.length], centroidSq)]);
    const nearestClass = g.node('ArgMin', [classDistance], { axis: 1, keepdims: 0 });
    g.node('Reshape', [nearestClass, 'grid_shape'], {}, 'anomaly_class');
  }

  for (const t of tensors.outputs) g.output(t.name, t.shape);
  return finish(g.encode('lookout_gateway_detector'), tensors.outputs, topKNode, metadata);
}

/** anomaly-map.ts smoothMap on a [1,1,H,W] map, into `output`: per axis, Pad 'edge' and a 1-D Conv. */
function emitSmoothing(g: OnnxGraph, raw: string, sigma: number, prefix: string, output: string): void {
  const radius = Math.ceil(sigma * 2);
  const weights = gaussianKernel(sigma, radius);
  const r = BigInt(radius);
  const paddedX = g.node('Pad', [raw, g.constant(`${prefix}_pads_x`, [8], new BigInt64Array([0n, 0n, 0n, r, 0n, 0n, 0n, r]))], { mode: 'edge' });
  const smoothX = g.node('Conv', [paddedX, g.constant(`${prefix}_kernel_x`, [1, 1, 1, weights.length], weights)], { kernel_shape: [1, weights.length] });
  const paddedY = g.node('Pad', [smoothX, g.constant(`${prefix}_pads_y`, [8], new BigInt64Array([0n, 0n, r, 0n, 0n, 0n, r, 0n]))], { mode: 'edge' });
  g.node('Conv', [paddedY, g.constant(`${prefix}_kernel_y`, [1, 1, weights.length, 1], weights)], { kernel_shape: [weights.length, 1] }, output);
}

/** The normalised kernel of anomaly-map.ts smoothMap, in float64 as it computes it, then as the float32 Conv weights. */
function gaussianKernel(sigma: number, radius: number): Float32Array {
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = kernel.reduce((a, b) => a + b, 0);
  return new Float32Array(kernel.map((v) => v / total));
}

/** The largest float32 value that is not above `x`. */
export function float32AtMost(x: number): number {
  const f = Math.fround(x);
  if (f <= x) return f;
  const bits = new Float32Array([f]);
  const asInt = new Int32Array(bits.buffer);
  // One ulp towards minus infinity (positive numbers: bits - 1; negative: bits + 1; zero: the smallest negative).
  if (f === 0) return -1.401298464324817e-45;
  asInt[0] += f > 0 ? -1 : 1;
  return bits[0];
}

/**
 * What OnnxGraph does not express: output element types other than float,
 * TopK's second output (its indices, unused), and the model's documentation.
 */
function finish(encoded: Uint8Array, outputs: TensorSpec[], topKNode: string | undefined, metadata: Record<string, string>): Uint8Array {
  const model = onnx.ModelProto.decode(encoded);
  const graph = model.graph as onnx.GraphProto;
  for (const output of graph.output) {
    const spec = outputs.find((o) => o.name === output.name);
    if (spec) {
      output.type!.tensorType!.elemType = ELEM_TYPES[spec.dtype];
      output.docString = spec.description;
    }
  }
  if (topKNode) {
    const node = graph.node.find((n) => n.output?.[0] === topKNode) as onnx.NodeProto;
    node.output.push(`${topKNode}_indices`);
  }
  graph.input[0].docString = 'The preprocessed crop: RGB planes (NCHW), x / 127.5 - 1, at the model input size (see detector.json).';
  model.docString =
    'Lookout Gateway anomaly detector (PatchCore-style on MobileNetV2 features). Preprocessing, threshold and calibration: detector.json beside this file.';
  model.metadataProps = Object.entries(metadata).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }));
  return onnx.ModelProto.encode(model).finish();
}
