// SPDX-License-Identifier: MIT
//
// Run ONNX backend-test folders (<dir>/model.onnx + <dir>/test_data_set_N/input_K.pb)
// through onnxruntime-node with graph optimizations disabled (or, with --optimization all, with
// every optimization: the oracle of QDQ cases, whose DQ -> op -> Q groups it fuses), one thread.
//
//   node scripts/gen_ort_fixtures.js [--npm-prefix DIR] [--optimization disabled|all] write DIR...
//       writes <dir>/test_data_set_N/output_K.pb (TensorProto, raw_data) from onnxruntime
//   node scripts/gen_ort_fixtures.js [--npm-prefix DIR] check DIR...
//       runs each folder and compares with its existing output_K.pb: integers exactly,
//       floats with the ONNX backend-test tolerance (rtol 1e-3, atol 1e-7);
//       prints PASS / FAIL / ERROR (onnxruntime could not load or run it) per folder
//
// onnxruntime-node is loaded from <npm-prefix>/node_modules (default: build/npm under the
// repository; scripts/gen-test-fixtures.sh installs it there). Exit status: 0 if every folder
// was written or passed, 1 otherwise.

'use strict';

const fs = require('fs');
const path = require('path');

// ONNX TensorProto.DataType <-> onnxruntime-node tensor type and typed array
const TYPES = {
	1: ['float32', Float32Array],
	2: ['uint8', Uint8Array],
	3: ['int8', Int8Array],
	4: ['uint16', Uint16Array],
	5: ['int16', Int16Array],
	6: ['int32', Int32Array],
	7: ['int64', BigInt64Array],
	9: ['bool', Uint8Array],
	11: ['float64', Float64Array],
	12: ['uint32', Uint32Array],
	13: ['uint64', BigUint64Array],
};
const ORT2ONNX = {};
for (const [code, [name]] of Object.entries(TYPES))
	ORT2ONNX[name] = Number(code);

// ---- minimal protobuf wire format, just enough for TensorProto ----

function readVarint(buf, pos) {
	let val = 0n;
	let shift = 0n;
	for (;;) {
		if (pos >= buf.length)
			throw new Error('truncated varint');
		const b = buf[pos++];
		val |= BigInt(b & 0x7f) << shift;
		if (!(b & 0x80))
			return [val, pos];
		shift += 7n;
	}
}

function decodeTensor(buf) {
	const t = { dims: [], dataType: 0, name: '', raw: null, f32: [], i32: [], i64: [], f64: [] };
	let pos = 0;
	while (pos < buf.length) {
		let key;
		[key, pos] = readVarint(buf, pos);
		const field = Number(key >> 3n);
		const wire = Number(key & 7n);
		if (wire === 0) {
			let v;
			[v, pos] = readVarint(buf, pos);
			if (field === 1)
				t.dims.push(Number(BigInt.asIntN(64, v)));
			else if (field === 2)
				t.dataType = Number(v);
			else if (field === 5)
				t.i32.push(Number(BigInt.asIntN(32, v)));
			else if (field === 7)
				t.i64.push(BigInt.asIntN(64, v));
		} else if (wire === 2) {
			let len;
			[len, pos] = readVarint(buf, pos);
			const body = buf.subarray(pos, pos + Number(len));
			pos += Number(len);
			if (field === 8) {
				t.name = body.toString('utf8');
			} else if (field === 9) {
				t.raw = body;
			} else if (field === 4) {
				for (let i = 0; i + 4 <= body.length; i += 4)
					t.f32.push(body.readFloatLE(i));
			} else if (field === 10) {
				for (let i = 0; i + 8 <= body.length; i += 8)
					t.f64.push(body.readDoubleLE(i));
			} else if (field === 1 || field === 5 || field === 7) {
				let p = 0;
				while (p < body.length) {
					let v;
					[v, p] = readVarint(body, p);
					if (field === 1)
						t.dims.push(Number(BigInt.asIntN(64, v)));
					else if (field === 5)
						t.i32.push(Number(BigInt.asIntN(32, v)));
					else
						t.i64.push(BigInt.asIntN(64, v));
				}
			}
		} else if (wire === 5) {
			if (field === 4)
				t.f32.push(buf.readFloatLE(pos));
			pos += 4;
		} else if (wire === 1) {
			if (field === 10)
				t.f64.push(buf.readDoubleLE(pos));
			pos += 8;
		} else {
			throw new Error(`unsupported wire type ${wire}`);
		}
	}
	return t;
}

function tensorData(t) {
	if (!(t.dataType in TYPES))
		throw new Error(`tensor '${t.name}': unsupported data_type ${t.dataType}`);
	const [type, Arr] = TYPES[t.dataType];
	const count = t.dims.reduce((a, b) => a * b, 1);
	let data;
	if (t.raw) {
		const copy = Buffer.from(t.raw); // aligned copy
		data = new Arr(copy.buffer, copy.byteOffset, copy.length / Arr.BYTES_PER_ELEMENT);
	} else if (t.dataType === 1) {
		data = Float32Array.from(t.f32);
	} else if (t.dataType === 11) {
		data = Float64Array.from(t.f64);
	} else if (t.dataType === 7) {
		data = BigInt64Array.from(t.i64);
	} else {
		data = Arr.from(t.i32);
	}
	if (data.length !== count)
		throw new Error(`tensor '${t.name}': ${data.length} elements, dims say ${count}`);
	return { type, data, dims: t.dims };
}

function varint(n) {
	let v = BigInt(n);
	const out = [];
	do {
		let b = Number(v & 0x7fn);
		v >>= 7n;
		if (v)
			b |= 0x80;
		out.push(b);
	} while (v);
	return Buffer.from(out);
}

function lenField(field, body) {
	return Buffer.concat([varint((field << 3) | 2), varint(body.length), body]);
}

// Same field order and encoding as onnx.numpy_helper.from_array(...).SerializeToString():
// dims (1, unpacked), data_type (2), name (8), raw_data (9).
function encodeTensor(name, tensor) {
	const parts = [];
	for (const d of tensor.dims)
		parts.push(varint(1 << 3), varint(d));
	if (!(tensor.type in ORT2ONNX))
		throw new Error(`output '${name}': unsupported type ${tensor.type}`);
	parts.push(varint(2 << 3), varint(ORT2ONNX[tensor.type]));
	parts.push(lenField(8, Buffer.from(name, 'utf8')));
	const d = tensor.data;
	parts.push(lenField(9, Buffer.from(d.buffer, d.byteOffset, d.byteLength)));
	return Buffer.concat(parts);
}

// ---- running ----

function dataSets(dir) {
	return fs.readdirSync(dir)
		.filter((n) => /^test_data_set_\d+$/.test(n))
		.sort((a, b) => Number(a.split('_').pop()) - Number(b.split('_').pop()))
		.map((n) => path.join(dir, n));
}

function numbered(dir, prefix) {
	const files = [];
	for (let k = 0; fs.existsSync(path.join(dir, `${prefix}_${k}.pb`)); k++)
		files.push(path.join(dir, `${prefix}_${k}.pb`));
	return files;
}

async function runFolder(ort, dir, level) {
	const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'), {
		graphOptimizationLevel: level,
		executionProviders: ['cpu'],
		intraOpNumThreads: 1,
		interOpNumThreads: 1,
		executionMode: 'sequential',
		logSeverityLevel: 4,
	});
	const results = [];
	for (const ds of dataSets(dir)) {
		const feeds = {};
		const inputs = numbered(ds, 'input');
		inputs.forEach((file, k) => {
			const t = decodeTensor(fs.readFileSync(file));
			// backend-test data names its tensors; fall back to position if a name is missing
			const name = session.inputNames.includes(t.name) ? t.name : session.inputNames[k];
			const { type, data, dims } = tensorData(t);
			feeds[name] = new ort.Tensor(type, data, dims);
		});
		const out = await session.run(feeds);
		results.push({ ds, outputs: session.outputNames.map((n) => [n, out[n]]) });
	}
	return results;
}

function compare(name, got, file) {
	const want = tensorData(decodeTensor(fs.readFileSync(file)));
	if (want.type !== got.type)
		return `${name}: type ${got.type}, expected ${want.type}`;
	if (want.dims.join(',') !== got.dims.join(','))
		return `${name}: shape [${got.dims}], expected [${want.dims}]`;
	const isFloat = got.type === 'float32' || got.type === 'float64';
	let bad = 0;
	let first = -1;
	for (let i = 0; i < want.data.length; i++) {
		const a = got.data[i];
		const b = want.data[i];
		const ok = isFloat ? Math.abs(a - b) <= 1e-7 + 1e-3 * Math.abs(b) ||
			(Number.isNaN(a) && Number.isNaN(b)) : a === b;
		if (!ok) {
			bad++;
			if (first < 0)
				first = i;
		}
	}
	if (bad)
		return `${name}: ${bad}/${want.data.length} elements differ, first at ${first}: ` +
			`${got.data[first]} vs expected ${want.data[first]}`;
	return null;
}

async function main() {
	const args = process.argv.slice(2);
	let prefix = path.join(__dirname, '..', 'build', 'npm');
	if (args[0] === '--npm-prefix') {
		prefix = args[1];
		args.splice(0, 2);
	}
	let level = 'disabled';
	if (args[0] === '--optimization') {
		level = args[1];
		args.splice(0, 2);
	}
	const mode = args.shift();
	if ((mode !== 'write' && mode !== 'check') || args.length === 0 ||
	    (level !== 'disabled' && level !== 'all')) {
		console.error('usage: gen_ort_fixtures.js [--npm-prefix DIR] ' +
			      '[--optimization disabled|all] write|check DIR...');
		process.exit(2);
	}
	const ort = require(path.resolve(prefix, 'node_modules', 'onnxruntime-node'));
	let failures = 0;
	for (const dir of args) {
		const label = path.basename(path.resolve(dir));
		let results;
		try {
			results = await runFolder(ort, dir, level);
		} catch (e) {
			failures++;
			console.log(`ERROR ${label}: ${String(e.message).split('\n')[0]}`);
			continue;
		}
		if (mode === 'write') {
			for (const { ds, outputs } of results) {
				for (const f of numbered(ds, 'output'))
					fs.unlinkSync(f);
				outputs.forEach(([name, t], k) =>
					fs.writeFileSync(path.join(ds, `output_${k}.pb`), encodeTensor(name, t)));
			}
			console.log(`wrote ${label} (${results.length} data set(s))`);
			continue;
		}
		const errs = [];
		for (const { ds, outputs } of results) {
			const files = numbered(ds, 'output');
			if (files.length !== outputs.length)
				errs.push(`${path.basename(ds)}: ${outputs.length} outputs, ${files.length} files`);
			outputs.forEach(([name, t], k) => {
				if (k >= files.length)
					return;
				const e = compare(name, t, files[k]);
				if (e)
					errs.push(`${path.basename(ds)}: ${e}`);
			});
		}
		if (errs.length) {
			failures++;
			console.log(`FAIL ${label}: ${errs.join('; ')}`);
		} else {
			console.log(`PASS ${label}`);
		}
	}
	process.exit(failures ? 1 : 0);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
