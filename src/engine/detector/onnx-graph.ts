import { onnx } from 'onnx-proto';

/** A float attribute whose value happens to be whole (alpha = -2), which a plain number would encode as an integer. */
export interface FloatAttribute {
  float: number;
}

type AttributeValue = number | number[] | string | FloatAttribute;

/**
 * A small builder for ONNX graphs: enough for the convolutional backbone and
 * the nearest-neighbour scorer the detector runs on onnxruntime.
 */
export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private counter = 0;

  input(name: string, dims: (number | string)[]): string {
    this.inputs.push(valueInfo(name, dims));
    return name;
  }

  output(name: string, dims: (number | string)[], elemType: 'float' | 'int64' = 'float'): void {
    this.outputs.push(valueInfo(name, dims, elemType === 'int64' ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT));
  }

  constant(name: string, dims: number[], data: Float32Array | BigInt64Array): string {
    const isInt = data instanceof BigInt64Array;
    this.initializers.push({
      name,
      dims,
      dataType: isInt ? onnx.TensorProto.DataType.INT64 : onnx.TensorProto.DataType.FLOAT,
      rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    return name;
  }

  /** Adds a node; returns the name of its (first) output. */
  node(op: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.counter++}`;
    this.nodes.push({ opType: op, input: inputs, output: [out], name: out, attribute: Object.entries(attributes).map(([k, v]) => attribute(k, v)) });
    return out;
  }

  encode(name: string, opset = 13): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: 'lookout-gateway',
      opsetImport: [{ domain: '', version: opset }],
      graph: { name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, dims: (number | string)[], elemType: onnx.TensorProto.DataType = onnx.TensorProto.DataType.FLOAT): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if (typeof value === 'object') return { name, type: T.FLOAT, f: value.float };
  return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
}
