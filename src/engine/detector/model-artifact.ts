import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { FEATURE_DIM } from './backbone-onnx';
import { DEFAULT_SCORING, type Scoring } from './scoring';
import type { Performance } from './thresholds';

export interface SegmentationClass {
  name: string;
  /** #RRGGBB, as in the training manifest's colour map. */
  color: string;
  /** Mean patch feature of this class's anomalous cells in training. */
  centroid: number[];
}

/** Everything a trained model is, apart from its memory bank. */
export interface ModelManifest {
  format: 1;
  imageWidth: number;
  imageHeight: number;
  featureDim: number;
  bankSize: number;
  /** Image score above which an image is anomalous. */
  threshold: number;
  /** Robust spread of held-out normal scores: the unit of confidence. */
  spread: number;
  /** How distance maps become scores, chosen in training. */
  scoring: Scoring;
  segmentation: { pixelThreshold: number; classes: SegmentationClass[] } | null;
  performance: Performance;
  training: { normal: number; anomaly: number; testNormal: number; testAnomaly: number; seconds: number };
}

export interface ModelArtifact {
  manifest: ModelManifest;
  /** [bankSize, featureDim] row-major. */
  bank: Float32Array;
}

const MANIFEST = 'model.json';
const BANK = 'bank.f32';

/** Writes the bank before the manifest: a manifest on disk means a complete model. */
export function saveArtifact(dir: string, artifact: ModelArtifact): void {
  const { bank } = artifact;
  writeFileAtomic(join(dir, BANK), Buffer.from(bank.buffer, bank.byteOffset, bank.byteLength));
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(artifact.manifest));
}

export function loadArtifact(dir: string): ModelArtifact {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as ModelManifest;
  // Models trained before the scoring choice existed scored with the default.
  manifest.scoring ??= DEFAULT_SCORING;
  const raw = readFileSync(join(dir, BANK));
  const bank = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  if (manifest.format !== 1 || manifest.featureDim !== FEATURE_DIM || bank.length !== manifest.bankSize * FEATURE_DIM) {
    throw new Error(`model files in ${dir} are incomplete or of another format`);
  }
  return { manifest, bank };
}
