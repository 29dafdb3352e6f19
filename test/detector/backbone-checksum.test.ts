import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BackboneMismatchError,
  MODEL_JSON_SHA256,
  NSFWJS_VERSION,
  WEIGHTS_SHA256,
  backboneDigests,
  checkBackbone,
  readBackboneFiles,
  verifyBackbone,
} from '../../src/engine/detector/mobilenet-weights';
import { ConfigError } from '../../src/util/config-values';

const modelFolder = join(dirname(require.resolve('nsfwjs/models/mobilenet_v2')), '../../models/mobilenet_v2');
const installedVersion = (JSON.parse(readFileSync(join(modelFolder, '../../../package.json'), 'utf8')) as { version: string }).version;
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the package's MobileNetV2 folder, changed by `tamper`. */
function tamperedCopy(file: string, tamper: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nsfwjs-copy-'));
  copies.push(dir);
  cpSync(modelFolder, dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'latin1');
  const after = tamper(before);
  expect(after).not.toBe(before);
  writeFileSync(path, after, 'latin1');
  return dir;
}

const MESSAGE = new RegExp(
  `^the nsfwjs package's MobileNetV2 is not the one this engine was built for: expected nsfwjs ${NSFWJS_VERSION.replace(/\./g, '\\.')} .*Reinstall the pinned dependencies with npm ci\\.$`,
);

describe('the backbone checksum', () => {
  it('pins exactly the installed nsfwjs release', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.nsfwjs).toBe(NSFWJS_VERSION);
    expect(installedVersion).toBe(NSFWJS_VERSION);
  });

  it('passes on the installed package, at engine start and when the graphs are built', () => {
    const files = readBackboneFiles();
    expect(backboneDigests(files)).toEqual({ weights: WEIGHTS_SHA256, modelJson: MODEL_JSON_SHA256 });
    expect(() => verifyBackbone(files)).not.toThrow();
    expect(() => checkBackbone()).not.toThrow();
    // An unchanged copy of the files passes too: the digests are of the contents, not of where they are.
    expect(() => verifyBackbone(readBackboneFiles(tamperedCopy('model.min.js', (t) => `${t}\n`)))).not.toThrow();
  });

  it('rejects a copy whose weight bytes changed, with the message the engine stops with', () => {
    // One base64 character of the weights literal changed: a few weights differ by a quantisation step.
    const dir = tamperedCopy('group1-shard1of1.min.js', (text) => {
      const at = text.indexOf('h.exports="') + 'h.exports="'.length + 1000;
      return text.slice(0, at) + (text[at] === 'A' ? 'B' : 'A') + text.slice(at + 1);
    });
    const files = readBackboneFiles(dir);
    expect(files.weights.length).toBe(readBackboneFiles().weights.length);
    let error: unknown;
    try {
      verifyBackbone(files, installedVersion);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackboneMismatchError);
    // A ConfigError: the command line prints the message and exits, without a stack trace.
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as Error;
    expect(message).toMatch(MESSAGE);
    expect(message).toContain(`found nsfwjs ${installedVersion} whose weights differ (weights sha256 ${backboneDigests(files).weights}`);
  });

  it('rejects a copy whose topology or quantisation changed', () => {
    const dir = tamperedCopy('model.min.js', (text) => text.replace('"block_11_expand",class_name:"Conv2D",config:{name:"block_11_expand",trainable:!0', '"block_11_expand",class_name:"Conv2D",config:{name:"block_11_expand",trainable:!1'));
    expect(() => verifyBackbone(readBackboneFiles(dir))).toThrow(/whose model JSON differ/);
    const files = readBackboneFiles();
    const json = structuredClone(files.modelJson) as { weightsManifest: { weights: { quantization: { scale: number } }[] }[] };
    json.weightsManifest[0].weights[0].quantization.scale *= 1.001;
    expect(() => verifyBackbone({ ...files, modelJson: json })).toThrow(MESSAGE);
    const weights = Uint8Array.from(files.weights);
    weights[0] ^= 1;
    expect(() => verifyBackbone({ modelJson: json, weights })).toThrow(/whose weights and model JSON differ/);
  });
});

describe('the provenance docs/detector.md states', () => {
  type Layer = { name: string; class_name: string; config: { trainable?: boolean; filters?: number; units?: number; activation?: string } };
  const json = readBackboneFiles().modelJson as {
    modelTopology: { keras_version: string; model_config: { config: { layers: Layer[] } } };
    weightsManifest: { weights: { dtype: string; shape: number[]; quantization?: { dtype: string } }[] }[];
  };
  const layers = json.modelTopology.model_config.config.layers;

  it('is a Keras MobileNetV2 (width 1.0, 224x224) with a five-class head, fine-tuned from block_11_expand on', () => {
    expect(json.modelTopology.keras_version).toBe('2.2.4');
    expect(layers.find((l) => l.name === 'Conv1')?.config.filters).toBe(32);
    expect(layers.at(-1)?.config).toMatchObject({ units: 5, activation: 'softmax' });
    const firstTrainable = layers.findIndex((l) => l.config.trainable === true);
    expect(layers[firstTrainable].name).toBe('block_11_expand');
    expect(layers.slice(1, firstTrainable).every((l) => l.config.trainable === false)).toBe(true);
    expect(layers.slice(firstTrainable).every((l) => l.config.trainable === true)).toBe(true);
    // The detector's two feature layers: one frozen, one fine-tuned.
    expect(layers.find((l) => l.name === 'block_5_add')?.config.trainable).toBe(false);
    expect(layers.find((l) => l.name === 'block_12_add')?.config.trainable).toBe(true);
  });

  it('has every weight tensor quantised to uint8, one byte per value', () => {
    const specs = json.weightsManifest.flatMap((m) => m.weights);
    expect(specs).toHaveLength(266);
    expect(specs.every((w) => w.dtype === 'float32' && w.quantization?.dtype === 'uint8')).toBe(true);
    const values = specs.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(values).toBe(2_619_461);
    expect(readBackboneFiles().weights.length).toBe(values);
  });
});
