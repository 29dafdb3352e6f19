import { OnnxGraph } from './onnx-graph';

/**
 * Nearest-neighbour distances as one matrix product, so onnxruntime's GEMM
 * does the heavy part: |x - m|^2 = |x|^2 - 2 x.m + |m|^2, minimised over the
 * memory bank. Inputs `patches [P,D]`, `bank_t [D,M]` and `bank_sq [1,M]`;
 * output `distance [P]`.
 */
export function buildScorerOnnx(dim: number): Uint8Array {
  const g = new OnnxGraph();
  const x = g.input('patches', ['P', dim]);
  const bankT = g.input('bank_t', [dim, 'M']);
  const bankSq = g.input('bank_sq', [1, 'M']);
  const cross = g.node('MatMul', [x, bankT]);
  const minusTwo = g.node('Mul', [cross, g.constant('minus_two', [], new Float32Array([-2]))]);
  const partial = g.node('Add', [minusTwo, bankSq]);
  const nearest = g.node('ReduceMin', [partial], { axes: [1], keepdims: 0 });
  const xSq = g.node('ReduceSumSquare', [x], { axes: [1], keepdims: 0 });
  const squared = g.node('Add', [nearest, xSq]);
  const clamped = g.node('Relu', [squared]);
  g.node('Sqrt', [clamped], {}, 'distance');
  g.output('distance', ['P']);
  return g.encode('nearest_neighbour_distance');
}
