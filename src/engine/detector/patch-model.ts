import { InferenceSession, Tensor } from 'onnxruntime-node';
import { FEATURE_DIM, buildBackboneOnnx } from './backbone-onnx';
import type { ModelInput } from './image-tensor';
import { loadMobileNetV2 } from './mobilenet-weights';
import { LOWER_BOUND_DIMENSIONS, type ReducedBank } from './bounded-search';
import { buildLowerBoundOnnx, buildScorerOnnx } from './scorer-onnx';

/** A memory bank of normal patch features, laid out for the scorer. */
export interface MemoryBank {
  size: number;
  /** [FEATURE_DIM, size], column j is bank patch j. */
  transposed: Float32Array;
  /** [size], squared norms of the bank patches. */
  squaredNorms: Float32Array;
}

/** The encoded ONNX graphs a PatchModel runs. */
export interface DetectorGraphs {
  backbone: Uint8Array;
  scorer: Uint8Array;
  lowerBound: Uint8Array;
}

let onnxModels: Promise<DetectorGraphs> | undefined;

/** The ONNX graphs, built once per thread from the installed weights (about 0.2 s). */
export function onnxGraphs(): Promise<DetectorGraphs> {
  onnxModels ??= loadMobileNetV2().then((net) => ({
    backbone: buildBackboneOnnx(net),
    scorer: buildScorerOnnx(FEATURE_DIM),
    lowerBound: buildLowerBoundOnnx(FEATURE_DIM, LOWER_BOUND_DIMENSIONS),
  }));
  return onnxModels;
}

/**
 * The onnxruntime sessions a detector needs: patch features of an image,
 * distances of patches to their nearest neighbours in a memory bank, and
 * lower bounds of those distances (bounded-search.ts).
 * One instance per thread; `threads` is onnxruntime's intra-op parallelism.
 */
export class PatchModel {
  /** Made at its first use: training never bounds a search. */
  private lowerBound: Promise<InferenceSession> | undefined;

  private constructor(
    private readonly backbone: InferenceSession,
    private readonly scorer: InferenceSession,
    private readonly lowerBoundGraph: Uint8Array,
    private readonly options: InferenceSession.SessionOptions,
  ) {}

  static async create(threads = 1, graphs?: DetectorGraphs): Promise<PatchModel> {
    const { backbone, scorer, lowerBound } = graphs ?? (await onnxGraphs());
    const options: InferenceSession.SessionOptions = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' };
    return new PatchModel(await InferenceSession.create(backbone, options), await InferenceSession.create(scorer, options), lowerBound, options);
  }

  /** [cells * FEATURE_DIM] features of one preprocessed image, one row per feature-grid cell (input size / 8), row-major. */
  async patches(input: Pick<ModelInput, 'tensor' | 'inputWidth' | 'inputHeight'>): Promise<Float32Array> {
    const out = await this.backbone.run({ image: new Tensor('float32', input.tensor, [1, 3, input.inputHeight, input.inputWidth]) });
    return out.patches.data as Float32Array;
  }

  /** Distance of each patch to its nearest bank patch. */
  async nearest(patches: Float32Array, bank: MemoryBank): Promise<Float32Array> {
    const count = patches.length / FEATURE_DIM;
    const out = await this.scorer.run({
      patches: new Tensor('float32', patches, [count, FEATURE_DIM]),
      bank_t: new Tensor('float32', bank.transposed, [FEATURE_DIM, bank.size]),
      bank_sq: new Tensor('float32', bank.squaredNorms, [1, bank.size]),
    });
    return out.distance.data as Float32Array;
  }

  /** Per patch, a lower bound of its distance to the nearest bank patch, and the bank patch nearest by that bound. */
  async lowerBounds(patches: Float32Array, bank: ReducedBank): Promise<{ lower: Float32Array; index: BigInt64Array }> {
    const count = patches.length / FEATURE_DIM;
    this.lowerBound ??= InferenceSession.create(this.lowerBoundGraph, this.options);
    const out = await (await this.lowerBound).run({
      patches: new Tensor('float32', patches, [count, FEATURE_DIM]),
      mean: new Tensor('float32', bank.mean, [1, FEATURE_DIM]),
      basis: new Tensor('float32', bank.basis, [FEATURE_DIM, bank.k]),
      bank_t: new Tensor('float32', bank.transposed, [bank.k + 1, bank.size]),
      bank_sq: new Tensor('float32', bank.squaredNorms, [1, bank.size]),
    });
    return { lower: out.lower.data as Float32Array, index: out.index.data as BigInt64Array };
  }

  async release(): Promise<void> {
    await this.backbone.release();
    await this.scorer.release();
    await (await this.lowerBound)?.release();
  }
}

/** Builds the scorer layout from bank rows ([size, FEATURE_DIM], row-major). */
export function toMemoryBank(rows: Float32Array): MemoryBank {
  const size = rows.length / FEATURE_DIM;
  const transposed = new Float32Array(rows.length);
  const squaredNorms = new Float32Array(size);
  for (let j = 0; j < size; j++) {
    let sq = 0;
    for (let d = 0; d < FEATURE_DIM; d++) {
      const v = rows[j * FEATURE_DIM + d];
      transposed[d * size + j] = v;
      sq += v * v;
    }
    squaredNorms[j] = sq;
  }
  return { size, transposed, squaredNorms };
}
