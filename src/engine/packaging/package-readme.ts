import type { TensorSpec } from './detector-onnx';
import type { PackageSpec } from './package-spec';
import type { packageFiles } from './packaging-config';
import type { PackageTarget } from './package-writer';

/** The package's README.md: what each file is, the preprocessing, and how to serve the model. */
export function packageReadme(
  spec: PackageSpec,
  tensors: { inputs: TensorSpec[]; outputs: TensorSpec[] },
  target: PackageTarget,
  files: ReturnType<typeof packageFiles>,
): string {
  const { crop, inputWidth: W, inputHeight: H } = spec.view;
  const name = target.component.name;
  const tensorRows = [...tensors.inputs.map((t) => ({ ...t, kind: 'input' })), ...tensors.outputs.map((t) => ({ ...t, kind: 'output' }))]
    .map((t) => `| ${t.kind} | \`${t.name}\` | ${t.dtype} | [${t.shape.join(', ')}] | ${t.description.replace(/\|/g, '\\|')} |`)
    .join('\n');
  const wholeImage = crop.left === 0 && crop.top === 0 && crop.width === spec.imageWidth && crop.height === spec.imageHeight;
  const follows = spec.view.followPart !== undefined;
  return `# ${name} ${target.component.version}

Model version ${target.model.version} of the Lookout project \`${target.model.project}\`
(${target.model.arn}), packaged by the job \`${target.job.name}\` of the Lookout
Gateway engine. The whole anomaly detector is one ONNX graph: the backbone, the
nearest-neighbour distance to the model's memory bank of normal patches${spec.direction ? ', plus how far each patch lies along the defect direction its training masks taught' : ''}, the
smoothed anomaly map, the image score, the verdict and its confidence. It runs
on any ONNX runtime (opset 13, CPU or GPU) and gives the scores DetectAnomalies
gives for the same preprocessed image.

| file | what |
|---|---|
| \`${files.onnx}\` | the detector graph |
| \`${files.detector}\` | preprocessing, grid, scoring, threshold, calibration${spec.segmentation ? ', segmentation classes' : ''}, training figures, backbone provenance |
| \`${files.tritonConfig}\` | Triton Inference Server configuration (onnxruntime backend) |
| \`${files.tritonOnnx}\` | the same graph, in Triton's model repository layout |

## Preprocessing

The model was trained on ${spec.imageWidth}x${spec.imageHeight} images. For each image:

1. decode it (PNG or JPEG), drop alpha, as sRGB;
2. ${
    wholeImage
      ? 'take the whole image'
      : follows
        ? `find the part in the image and crop a rectangle of width ${crop.width}, height ${crop.height} centred on it (pixels of the original image; how, step by step: \`preprocessing.followPart\` in detector.json); where no part is found, or what is found is not where the training parts were or far larger than any of them, the rectangle at left ${crop.left}, top ${crop.top}`
        : `crop the rectangle left ${crop.left}, top ${crop.top}, width ${crop.width}, height ${crop.height} (pixels of the original image)`
  };
3. resize it to ${W}x${H} (width x height), ignoring the aspect ratio, with a linear (triangle) filter;
4. scale each channel value x (0-255) to x / 127.5 - 1;
5. lay it out as planes R, G, B: a float32 tensor [1, 3, ${H}, ${W}] named \`image\`.

The reference is sharp (libvips), as the engine does it${follows ? ` (the rectangle below is where it falls when no part is found; put each image's own there)` : ''}:
\`${`sharp(bytes).removeAlpha().toColourspace('srgb')${wholeImage ? '' : `.extract(${JSON.stringify(crop)})`}.resize(${W}, ${H}, { fit: 'fill', kernel: 'linear' }).raw()`}\`.
Other resizers (Pillow's BILINEAR, OpenCV's INTER_LINEAR) interpolate slightly
differently, so scores move a little; use libvips (pyvips) where they must match
the engine's to the last digit.

## Inputs and outputs

| | name | type | shape | meaning |
|---|---|---|---|---|
${tensorRows}

Threshold ${spec.threshold}; \`confidence\` is the calibrated probability that
the verdict is right: P(anomalous) = 1 / (1 + exp(-${spec.calibration.slope} * (score - threshold))),
confidence = P for an anomalous image, 1 - P otherwise.${
    spec.segmentation
      ? `

Segmentation: for an anomalous image, the cells of \`${spec.segmentation.sigma === undefined ? 'anomaly_map' : 'segmentation_map'}\` above
${spec.segmentation.pixelThreshold} (sampled bilinearly at each pixel${spec.segmentation.grey === undefined ? '' : `, times 1 + ${spec.segmentation.grey.weight} x how much darker than its neighbourhood the pixel is`})${spec.segmentation.seedThreshold === undefined ? '' : `, in regions of such pixels that somewhere exceed ${spec.segmentation.seedThreshold},`} are anomalous, in
the colour of the class \`anomaly_class\` names (${spec.segmentation.classes.map((c) => `${c.name} ${c.color}`).join(', ')});
see \`segmentation.mask\` in detector.json.`
      : ''
  }

## Serving with Triton

\`\`\`sh
docker run --rm -p 8000:8000 -v "$PWD/triton:/models" nvcr.io/nvidia/tritonserver:<version>-py3 \\
  tritonserver --model-repository=/models
\`\`\`

\`\`\`python
import numpy as np, tritonclient.http as http
client = http.InferenceServerClient("localhost:8000")
image = http.InferInput("image", [1, 3, ${H}, ${W}], "FP32")
image.set_data_from_numpy(tensor)            # the preprocessed float32 array
result = client.infer("${name}", [image])
print(result.as_numpy("score"), result.as_numpy("is_anomalous"), result.as_numpy("confidence"))
\`\`\`

## With plain onnxruntime

\`\`\`python
import numpy as np, onnxruntime as ort
from PIL import Image
${follows ? '# left, top: where followPart (detector.json) places the crop in this image\n' : ''}img = Image.open("part.png").convert("RGB")${wholeImage ? '' : `.crop(${follows ? `(left, top, left + ${crop.width}, top + ${crop.height})` : `(${crop.left}, ${crop.top}, ${crop.left + crop.width}, ${crop.top + crop.height})`})`}.resize((${W}, ${H}), Image.BILINEAR)
tensor = (np.asarray(img, dtype=np.float32) / 127.5 - 1).transpose(2, 0, 1)[None]
session = ort.InferenceSession("model.onnx")
score, is_anomalous, confidence = session.run(["score", "is_anomalous", "confidence"], {"image": tensor})
\`\`\`

\`\`\`js
const sharp = require('sharp'), ort = require('onnxruntime-node');
${follows ? '// left, top: where followPart (detector.json) places the crop in this image\n' : ''}const { data } = await sharp(bytes).removeAlpha().toColourspace('srgb')${wholeImage ? '' : `.extract(${follows ? `{ left, top, width: ${crop.width}, height: ${crop.height} }` : JSON.stringify(crop)})`}.resize(${W}, ${H}, { fit: 'fill', kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
const plane = ${W * H}, x = new Float32Array(3 * plane);
for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) x[c * plane + i] = data[i * 3 + c] / 127.5 - 1;
const session = await ort.InferenceSession.create('model.onnx');
const out = await session.run({ image: new ort.Tensor('float32', x, [1, 3, ${H}, ${W}]) });
\`\`\`

The backbone is the MobileNetV2 of the npm package nsfwjs (MIT licence); see
\`backbone\` in detector.json.
`;
}
