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

/**
 * Lower bounds of the nearest-neighbour distances, and which bank patch is
 * nearest by them, from `k` principal directions of the bank: each vector,
 * less the bank's mean, becomes its `k` coordinates along them plus the
 * length of what they leave out (the residual). The distance between two
 * such vectors is at most the true one (the coordinates' part is a
 * projection; the residuals' part is |‖a‖ - ‖b‖| ≤ ‖a - b‖), and costs k + 1
 * multiplications instead of `dim`. Inputs `patches [P,dim]`, `mean [1,dim]`,
 * `basis [dim,k]` (orthonormal columns), `bank_t [k+1,M]` and `bank_sq [1,M]`
 * (the bank's vectors so made); outputs `lower [P,1]` and `index [P,1]`.
 */
export function buildLowerBoundOnnx(dim: number, k: number): Uint8Array {
  const g = new OnnxGraph();
  const x = g.input('patches', ['P', dim]);
  const mean = g.input('mean', [1, dim]);
  const basis = g.input('basis', [dim, k]);
  const bankT = g.input('bank_t', [k + 1, 'M']);
  const bankSq = g.input('bank_sq', [1, 'M']);
  const centred = g.node('Sub', [x, mean]);
  const along = g.node('MatMul', [centred, basis]);
  const whole = g.node('ReduceSumSquare', [centred], { axes: [1], keepdims: 1 });
  const inside = g.node('ReduceSumSquare', [along], { axes: [1], keepdims: 1 });
  const residual = g.node('Sqrt', [g.node('Relu', [g.node('Sub', [whole, inside])])]);
  const reduced = g.node('Concat', [along, residual], { axis: 1 });
  const partial = g.node('Gemm', [reduced, bankT, bankSq], { alpha: { float: -2 }, beta: { float: 1 } });
  const index = g.node('ArgMin', [partial], { axis: 1, keepdims: 1 }, 'index');
  const nearest = g.node('GatherElements', [partial, index], { axis: 1 });
  const squared = g.node('Add', [nearest, g.node('ReduceSumSquare', [reduced], { axes: [1], keepdims: 1 })]);
  g.node('Sqrt', [g.node('Relu', [squared])], {}, 'lower');
  g.output('lower', ['P', 1]);
  g.output('index', ['P', 1], 'int64');
  return g.encode('nearest_neighbour_lower_bound');
}
