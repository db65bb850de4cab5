// A small ONNX graph builder plus a streaming ModelProto serializer.
//
// Why streaming: a twin's weights are hundreds of megabytes (gigabytes for the 1B twin), and the
// browser worker writes into Cache Storage, so the model must never sit in memory twice. Protobuf lets
// us write a message in pieces: a length-delimited field only needs its byte length up front, and the
// length of every weight is known from its dims before a single value is generated. So the small part
// of the graph (nodes, inputs, outputs, constants) is encoded with onnx-proto, and each big initializer
// is appended after it as a hand-framed `GraphProto.initializer` field whose raw_data is produced only
// when it is written. Repeated fields may come in any order, so parsers see an ordinary model.
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
export type DataType = onnxProto.onnx.TensorProto.DataType;
export const DT = onnx.TensorProto.DataType;

/** A symbolic (string) or fixed (number) dimension. */
export type Dim = string | number;

export type AttrValue = number | number[] | string | { float: number };

export interface BigTensor {
	name: string;
	dataType: DataType;
	dims: number[];
	byteLength: number;
}

/** Where a big tensor's bytes go: inline (raw_data) or an external data file at an offset. */
export interface ExternalRef {
	location: string;
	offset: number;
}

const BYTES_PER_ELEMENT: Partial<Record<DataType, number>> = {
	[DT.FLOAT]: 4,
	[DT.UINT8]: 1,
	[DT.INT8]: 1,
	[DT.INT64]: 8
};

export function tensorByteLength(dataType: DataType, dims: number[]): number {
	const size = BYTES_PER_ELEMENT[dataType];
	if (size === undefined) throw new Error(`No byte size known for ONNX data type ${dataType}`);
	return dims.reduce((a, b) => a * b, 1) * size;
}

export class GraphBuilder {
	readonly nodes: onnxProto.onnx.INodeProto[] = [];
	readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
	readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
	readonly constants: onnxProto.onnx.ITensorProto[] = [];
	private readonly constantCache = new Map<string, string>();
	private counter = 0;

	input(name: string, elemType: DataType, dims: Dim[]): string {
		this.inputs.push(valueInfo(name, elemType, dims));
		return name;
	}

	output(name: string, elemType: DataType, dims: Dim[]): void {
		this.outputs.push(valueInfo(name, elemType, dims));
	}

	/** Adds a node; returns its output names (fresh names unless `outputs` are given). */
	node(
		opType: string,
		inputs: string[],
		attrs: Record<string, AttrValue> = {},
		opts: { outputs?: string[] | number; domain?: string; name?: string } = {}
	): string[] {
		const id = this.counter++;
		const outputs = Array.isArray(opts.outputs)
			? opts.outputs
			: Array.from({ length: opts.outputs ?? 1 }, (_, i) => `/${opType.toLowerCase()}_${id}/out${i}`);
		this.nodes.push({
			opType,
			input: inputs,
			output: outputs,
			name: opts.name ?? `/${opType}_${id}`,
			domain: opts.domain ?? '',
			attribute: Object.entries(attrs).map(([name, value]) => attribute(name, value))
		});
		return outputs;
	}

	/** Shorthand for a single-output node. */
	op(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, domain?: string): string {
		return this.node(opType, inputs, attrs, { domain })[0]!; // no `outputs` given: exactly one fresh name
	}

	/** A small int64 constant (shapes, axes, indices), shared between nodes. `[]` dims for a scalar. */
	int64(values: number[], dims: number[] = [values.length]): string {
		return this.smallConstant(DT.INT64, values, dims);
	}

	float(values: number[], dims: number[] = [values.length]): string {
		return this.smallConstant(DT.FLOAT, values, dims);
	}

	private smallConstant(dataType: DataType, values: number[], dims: number[]): string {
		const key = `${dataType}|${dims.join(',')}|${values.join(',')}`;
		const cached = this.constantCache.get(key);
		if (cached) return cached;
		const name = `/const_${this.constantCache.size}`;
		const tensor: onnxProto.onnx.ITensorProto = { name, dataType, dims };
		if (dataType === DT.INT64) tensor.int64Data = values;
		else tensor.floatData = values;
		this.constants.push(tensor);
		this.constantCache.set(key, name);
		return name;
	}
}

function valueInfo(name: string, elemType: DataType, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
	return {
		name,
		type: {
			tensorType: {
				elemType,
				shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) }
			}
		}
	};
}

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
	const T = onnx.AttributeProto.AttributeType;
	if (typeof value === 'number') return { name, type: T.INT, i: value };
	if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
	if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
	return { name, type: T.FLOAT, f: value.float };
}

// ---- wire format helpers -------------------------------------------------------------------------

const WIRE_LEN = 2;

function varint(value: number): Uint8Array {
	// Values here reach a few GB, past 32 bits, so no bitwise operators.
	const bytes: number[] = [];
	let v = value;
	while (v >= 0x80) {
		bytes.push((v % 0x80) | 0x80);
		v = Math.floor(v / 0x80);
	}
	bytes.push(v);
	return Uint8Array.from(bytes);
}

function lenFieldHeader(field: number, length: number): Uint8Array {
	return concatBytes([varint(field * 8 + WIRE_LEN), varint(length)]);
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let offset = 0;
	for (const p of parts) {
		out.set(p, offset);
		offset += p.length;
	}
	return out;
}

const GRAPH_FIELD = 7; // ModelProto.graph
const INITIALIZER_FIELD = 5; // GraphProto.initializer
const RAW_DATA_FIELD = 9; // TensorProto.raw_data

/**
 * The framing of one big initializer: what comes before its bytes (`head`), and its total size on the
 * wire. Inline tensors carry raw_data; external ones carry only a reference, their bytes go elsewhere.
 */
export function frameTensor(tensor: BigTensor, external?: ExternalRef): { head: Uint8Array; wireBytes: number } {
	const meta: onnxProto.onnx.ITensorProto = { name: tensor.name, dataType: tensor.dataType, dims: tensor.dims };
	if (external) {
		meta.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
		meta.externalData = [
			{ key: 'location', value: external.location },
			{ key: 'offset', value: String(external.offset) },
			{ key: 'length', value: String(tensor.byteLength) }
		];
	}
	const metaBytes = onnx.TensorProto.encode(meta).finish();
	const rawHeader = external ? new Uint8Array(0) : lenFieldHeader(RAW_DATA_FIELD, tensor.byteLength);
	const bodyLength = metaBytes.length + rawHeader.length + (external ? 0 : tensor.byteLength);
	const head = concatBytes([lenFieldHeader(INITIALIZER_FIELD, bodyLength), metaBytes, rawHeader]);
	return { head, wireBytes: head.length + (external ? 0 : tensor.byteLength) };
}

/**
 * Encodes the model with its small graph, and opens the graph field wide enough for `bigWireBytes`
 * more bytes of initializers, which the caller appends (framed by `frameTensor`) right after.
 */
export function encodeModelPrefix(
	graph: GraphBuilder,
	meta: { graphName: string; opsets: Record<string, number>; producerName: string; docString?: string },
	bigWireBytes: number
): Uint8Array {
	const graphBytes = onnx.GraphProto.encode({
		name: meta.graphName,
		node: graph.nodes,
		input: graph.inputs,
		output: graph.outputs,
		initializer: graph.constants
	}).finish();
	const modelBytes = onnx.ModelProto.encode({
		irVersion: 8,
		producerName: meta.producerName,
		docString: meta.docString,
		opsetImport: Object.entries(meta.opsets).map(([domain, version]) => ({ domain, version }))
	}).finish();
	return concatBytes([modelBytes, lenFieldHeader(GRAPH_FIELD, graphBytes.length + bigWireBytes), graphBytes]);
}
