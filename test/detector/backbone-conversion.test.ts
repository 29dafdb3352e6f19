import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURE_DIM, buildBackboneOnnx } from '../../src/engine/detector/backbone-onnx';
import { loadMobileNetV2 } from '../../src/engine/detector/mobilenet-weights';
import { SeededRandom } from '../../src/engine/detector/seeded-random';

/**
 * The converted backbone against TensorFlow.js running the original Keras
 * model from the same package: same input, same patch features to 1e-4.
 */
describe('MobileNetV2 conversion to ONNX', () => {
  it('matches TensorFlow.js on block_5_add and block_12_add features', async () => {
    const size = 224;
    const net = await loadMobileNetV2();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { MobileNetV2Model } = require('nsfwjs/models/mobilenet_v2');
    const json = await MobileNetV2Model.modelJson();
    const modelJson = json.default ?? json;
    const weightBytes = Buffer.from(readBase64Weights(), 'base64');
    await tf.setBackend('cpu');
    const keras = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.byteLength),
      }),
    );
    const trunk = tfl.model({ inputs: keras.inputs, outputs: [keras.getLayer('block_5_add').output as tfl.SymbolicTensor, keras.getLayer('block_12_add').output as tfl.SymbolicTensor] });

    const r = new SeededRandom(3);
    const nhwc = Float32Array.from({ length: size * size * 3 }, () => r.next() * 2 - 1);
    const expected = tf.tidy(() => {
      const [b5, b12] = trunk.predict(tf.tensor4d(nhwc, [1, size, size, 3])) as tf.Tensor4D[];
      const p5 = tf.avgPool(b5, 3, 1, 'same');
      const p12 = tf.image.resizeBilinear(tf.avgPool(b12, 3, 1, 'same'), [size / 8, size / 8], false, true);
      return tf.reshape(tf.concat([p5, p12], 3), [-1, FEATURE_DIM]).dataSync() as Float32Array;
    });

    const nchw = new Float32Array(nhwc.length);
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) for (let c = 0; c < 3; c++) nchw[c * size * size + y * size + x] = nhwc[(y * size + x) * 3 + c];
    const session = await InferenceSession.create(buildBackboneOnnx(net));
    const got = (await session.run({ image: new Tensor('float32', nchw, [1, 3, size, size]) })).patches.data as Float32Array;

    expect(got.length).toBe(expected.length);
    let worst = 0;
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    expect(worst).toBeLessThan(1e-4); // measured: 1.1e-5
  }, 60_000);
});

function readBase64Weights(): string {
  // The same extraction the engine uses, re-read here so the test does not share its code path.
  const text = readFileSync(join(dirname(require.resolve('nsfwjs/models/mobilenet_v2')), '../../models/mobilenet_v2/group1-shard1of1.min.js'), 'latin1');
  const start = text.indexOf('h.exports="') + 'h.exports="'.length;
  return text.slice(start, text.indexOf('"', start));
}
