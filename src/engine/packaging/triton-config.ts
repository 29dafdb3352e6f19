import type { TensorSpec } from './detector-onnx';

const TRITON_TYPES: Record<TensorSpec['dtype'], string> = { float32: 'TYPE_FP32', bool: 'TYPE_BOOL', int64: 'TYPE_INT64' };

/**
 * A Triton Inference Server model configuration (config.pbtxt, protobuf text
 * format) for the exported graph: onnxruntime backend, no batching by Triton
 * (max_batch_size 0, so dims are the graph's full shapes, batch of 1 included).
 * One instance, on the GPU when the job's target has one (NVIDIA, Jetson).
 */
export function tritonConfig(modelName: string, tensors: { inputs: TensorSpec[]; outputs: TensorSpec[] }, device: 'cpu' | 'gpu' = 'cpu'): string {
  const block = (t: TensorSpec) => `  {\n    name: "${t.name}"\n    data_type: ${TRITON_TYPES[t.dtype]}\n    dims: [ ${t.shape.join(', ')} ]\n  }`;
  return [
    `name: "${modelName}"`,
    'platform: "onnxruntime_onnx"',
    'max_batch_size: 0',
    `input [\n${tensors.inputs.map(block).join(',\n')}\n]`,
    `output [\n${tensors.outputs.map(block).join(',\n')}\n]`,
    `instance_group [\n  {\n    count: 1\n    kind: ${device === 'gpu' ? 'KIND_GPU' : 'KIND_CPU'}\n  }\n]`,
    '',
  ].join('\n');
}
