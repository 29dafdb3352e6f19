import type { KerasLayer, MobileNetV2 } from './mobilenet-weights';
import { OnnxGraph } from './onnx-graph';

/** Input side the backbone is built for, and the feature grid it yields. */
export const BACKBONE_INPUT = 256;
export const FEATURE_GRID = 32;
export const FEATURE_DIM = 32 + 96;

/** The layers whose outputs become patch features: mid-level texture and higher-level parts. */
const FEATURE_LAYERS = ['block_5_add', 'block_12_add'];

interface PendingConv {
  layer: KerasLayer;
  input: string;
  pads: [number, number, number, number];
}

/**
 * Converts MobileNetV2's early blocks (input to block_12) into an ONNX graph:
 * batch norms folded into the convolutions, ReLU6 as Clip, Keras padding made
 * explicit. A head average-pools each feature layer 3x3 (so a patch sees its
 * neighbourhood), upsamples block_12 to the 32x32 grid of block_5 and
 * concatenates them: `image [N,3,256,256]` (RGB in [-1, 1]) to
 * `patches [N*1024, 128]`, one row per grid cell in row-major order.
 */
export function buildBackboneOnnx(net: MobileNetV2): Uint8Array {
  const g = new OnnxGraph();
  // Any size a multiple of 16 works; the detector feeds the model's input size.
  const image = g.input('image', ['batch', 3, 'height', 'width']);
  emitBackbone(g, net, image, 'patches');
  g.output('patches', ['patches', FEATURE_DIM]);
  return g.encode('mobilenet_v2_patch_features');
}

/**
 * Emits the backbone's nodes into `g`, reading the tensor named `image`
 * ([N,3,H,W], RGB in [-1, 1], H and W multiples of 16); returns the name of
 * its output (`output` when given), `[N*(H/8)*(W/8), FEATURE_DIM]` patch
 * features in row-major grid order. The model export builds on it, so the
 * exported graph computes exactly what the engine's backbone does.
 */
export function emitBackbone(g: OnnxGraph, net: MobileNetV2, image: string, output?: string): string {
  const names = new Map<string, string>();
  const pending = new Map<string, PendingConv>();
  const padding = new Map<string, { input: string; pads: [number, number, number, number] }>();
  const zero = g.constant('clip_min', [], new Float32Array([0]));
  const six = g.constant('clip_max', [], new Float32Array([6]));
  const last = FEATURE_LAYERS[FEATURE_LAYERS.length - 1];

  for (const layer of net.layers) {
    const { name } = layer.config;
    const input = layer.inbound[0];
    switch (layer.class_name) {
      case 'InputLayer':
        names.set(name, image);
        break;
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = layer.config.padding as [[number, number], [number, number]];
        padding.set(name, { input: names.get(input)!, pads: [top, left, bottom, right] });
        break;
      }
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const padded = padding.get(input);
        const [kh, kw] = layer.config.kernel_size as number[];
        const same: [number, number, number, number] = [(kh - 1) >> 1, (kw - 1) >> 1, kh >> 1, kw >> 1];
        const pads = padded ? padded.pads : layer.config.padding === 'same' ? same : [0, 0, 0, 0];
        pending.set(name, { layer, input: padded ? padded.input : names.get(input)!, pads: pads as PendingConv['pads'] });
        break;
      }
      case 'BatchNormalization': {
        const conv = pending.get(input);
        if (!conv) throw new Error(`${name} does not follow a convolution`);
        names.set(name, emitFoldedConv(g, net, conv, layer));
        break;
      }
      case 'ReLU':
        if (layer.config.max_value !== 6) throw new Error(`${name}: only ReLU6 is supported`);
        names.set(name, g.node('Clip', [names.get(input)!, zero, six]));
        break;
      case 'Add':
        names.set(name, g.node('Add', layer.inbound.map((n) => names.get(n)!)));
        break;
      default:
        throw new Error(`unsupported layer ${layer.class_name} (${name})`);
    }
    if (name === last) break;
  }

  const pooled = FEATURE_LAYERS.map((layer) =>
    g.node('AveragePool', [names.get(layer)!], { kernel_shape: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], count_include_pad: 0 }),
  );
  const upsampled = g.node('Resize', [pooled[1], '', g.constant('scales', [4], new Float32Array([1, 1, 2, 2]))], {
    mode: 'linear',
    coordinate_transformation_mode: 'half_pixel',
  });
  const features = g.node('Concat', [pooled[0], upsampled], { axis: 1 });
  const channelsLast = g.node('Transpose', [features], { perm: [0, 2, 3, 1] });
  return g.node('Reshape', [channelsLast, g.constant('patch_shape', [2], new BigInt64Array([-1n, BigInt(FEATURE_DIM)]))], {}, output);
}

/** One Conv node computing conv followed by batch norm: W' = W*s, b' = beta - mean*s (+ bias*s). */
function emitFoldedConv(g: OnnxGraph, net: MobileNetV2, conv: PendingConv, bn: KerasLayer): string {
  const { name } = conv.layer.config;
  const depthwise = conv.layer.class_name === 'DepthwiseConv2D';
  const kernel = weight(net, depthwise ? `${name}/depthwise_kernel` : `${name}/kernel`);
  const [kh, kw, cin, cmul] = kernel.shape;
  const cout = depthwise ? cin * cmul : cmul;
  const gamma = weight(net, `${bn.config.name}/gamma`).data;
  const beta = weight(net, `${bn.config.name}/beta`).data;
  const mean = weight(net, `${bn.config.name}/moving_mean`).data;
  const variance = weight(net, `${bn.config.name}/moving_variance`).data;
  const bias = conv.layer.config.use_bias ? weight(net, `${name}/bias`).data : null;
  const epsilon = (bn.config.epsilon as number) ?? 1e-3;

  const scale = new Float32Array(cout);
  const b = new Float32Array(cout);
  for (let o = 0; o < cout; o++) {
    scale[o] = gamma[o] / Math.sqrt(variance[o] + epsilon);
    b[o] = beta[o] + ((bias ? bias[o] : 0) - mean[o]) * scale[o];
  }
  // Keras kernels are [kh, kw, in, out] (depthwise: [kh, kw, in, multiplier]); ONNX wants [out, in/group, kh, kw].
  const inPerGroup = depthwise ? 1 : cin;
  const w = new Float32Array(cout * inPerGroup * kh * kw);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < cin; i++)
        for (let m = 0; m < cmul; m++) {
          const src = ((y * kw + x) * cin + i) * cmul + m;
          const o = depthwise ? i * cmul + m : m;
          const ii = depthwise ? 0 : i;
          w[((o * inPerGroup + ii) * kh + y) * kw + x] = kernel.data[src] * scale[o];
        }
  const strides = conv.layer.config.strides as number[];
  return g.node(
    'Conv',
    [conv.input, g.constant(`${name}_W`, [cout, inPerGroup, kh, kw], w), g.constant(`${name}_B`, [cout], b)],
    { kernel_shape: [kh, kw], strides, pads: conv.pads, group: depthwise ? cin : 1 },
    bn.config.name,
  );
}

function weight(net: MobileNetV2, name: string) {
  const w = net.weights.get(name);
  if (!w) throw new Error(`MobileNetV2 weight ${name} is missing`);
  return w;
}
