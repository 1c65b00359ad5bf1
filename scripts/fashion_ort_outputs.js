// SPDX-License-Identifier: MIT
//
// Runs the shipped Fashion-MNIST models through onnxruntime-node on all 10,000 test images and
// writes the oracle fixtures to tests/data/fashion/. Called by scripts/gen_fashion_fixtures.sh
// (which installs onnxruntime-node and sets NODE_PATH); run from the repository root.
//
//   node scripts/fashion_ort_outputs.js [--qop F] [--qdq F] [--data DIR] [--out DIR] [--batch B]

'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const ort = require('onnxruntime-node');

const REQUIRED_ORT = '1.30.0';
const MAX_LISTED_DIFFS = 1000;

function parseArgs(argv) {
  const opts = {
    qop: 'models/fashion_cnn_qop.onnx',
    qdq: 'models/fashion_cnn_qdq.onnx',
    data: '/usr/share/datasets/fashion-mnist',
    out: 'tests/data/fashion',
    batch: 100,
  };
  for (let i = 2; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in opts) || i + 1 >= argv.length) {
      throw new Error(`usage: fashion_ort_outputs.js [--qop F] [--qdq F] [--data DIR] ` +
                      `[--out DIR] [--batch B] (bad argument '${argv[i]}')`);
    }
    opts[key] = key === 'batch' ? parseInt(argv[i + 1], 10) : argv[i + 1];
  }
  return opts;
}

// IDX: big-endian magic (0x0000 08 ndim for unsigned bytes), ndim big-endian u32 dims, data.
function loadIdx(file) {
  const raw = zlib.gunzipSync(fs.readFileSync(file));
  const magic = raw.readUInt32BE(0);
  if ((magic >>> 8) !== 0x08) throw new Error(`${file}: unexpected IDX magic ${magic}`);
  const ndim = magic & 0xff;
  const dims = [];
  for (let i = 0; i < ndim; i++) dims.push(raw.readUInt32BE(4 + 4 * i));
  return { dims, data: new Uint8Array(raw.buffer, raw.byteOffset + 4 + 4 * ndim) };
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function argmax10(values, row) {
  let best = 0;
  for (let k = 1; k < 10; k++) if (values[row * 10 + k] > values[row * 10 + best]) best = k;
  return best; // first maximum wins on ties, like numpy.argmax
}

async function runModel(file, level, images, n, batch, asFloat) {
  const session = await ort.InferenceSession.create(file, {
    graphOptimizationLevel: level,
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  const inName = session.inputNames[0];
  const outName = session.outputNames[0];
  let out = null;
  let dtype = null;
  for (let start = 0; start < n; start += batch) {
    const count = Math.min(batch, n - start);
    const pixels = images.subarray(start * 784, (start + count) * 784);
    let input;
    if (asFloat) {
      const f = new Float32Array(pixels.length);
      for (let i = 0; i < pixels.length; i++) f[i] = pixels[i] / 255;
      input = new ort.Tensor('float32', f, [count, 1, 28, 28]);
    } else {
      input = new ort.Tensor('uint8', Uint8Array.from(pixels), [count, 1, 28, 28]);
    }
    const result = (await session.run({ [inName]: input }))[outName];
    if (result.dims.length !== 2 || result.dims[0] !== count || result.dims[1] !== 10) {
      throw new Error(`${file}: unexpected output shape [${result.dims}]`);
    }
    if (out === null) {
      dtype = result.type;
      out = dtype === 'uint8' ? new Uint8Array(n * 10) : new Float32Array(n * 10);
    } else if (result.type !== dtype) {
      throw new Error(`${file}: output dtype changed from ${dtype} to ${result.type}`);
    }
    out.set(result.data, start * 10);
  }
  if (typeof session.release === 'function') await session.release();
  return { dtype, values: out };
}

function accuracy(values, labels, n) {
  let correct = 0;
  for (let i = 0; i < n; i++) if (argmax10(values, i) === labels[i]) correct++;
  return correct / n;
}

function compare(a, b, n) {
  let elements = 0;
  let images = 0;
  let predictions = 0;
  let maxAbs = 0;
  for (let i = 0; i < n; i++) {
    let rowDiffers = false;
    for (let k = 0; k < 10; k++) {
      const d = Math.abs(a[i * 10 + k] - b[i * 10 + k]);
      if (d !== 0) {
        elements++;
        rowDiffers = true;
        maxAbs = Math.max(maxAbs, d);
      }
    }
    if (rowDiffers) images++;
    if (argmax10(a, i) !== argmax10(b, i)) predictions++;
  }
  return { elements, images, predictions, max_abs_diff: maxAbs };
}

function writeGz(dir, name, typed) {
  const buf = Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength);
  // zlib's gzip header carries no timestamp, so the files are reproducible byte for byte.
  fs.writeFileSync(path.join(dir, name), zlib.gzipSync(buf, { level: 9 }));
  return name;
}

async function main() {
  const opts = parseArgs(process.argv);
  if (ort.env.versions.node !== REQUIRED_ORT) {
    throw new Error(`onnxruntime-node ${ort.env.versions.node} found, ` +
                    `fixtures need ${REQUIRED_ORT}`);
  }
  if (require('os').endianness() !== 'LE') throw new Error('fixtures are little-endian');
  const images = loadIdx(path.join(opts.data, 't10k-images-idx3-ubyte.gz'));
  const labels = loadIdx(path.join(opts.data, 't10k-labels-idx1-ubyte.gz')).data;
  const n = images.dims[0];
  fs.mkdirSync(opts.out, { recursive: true });

  const qop = await runModel(opts.qop, 'disabled', images.data, n, opts.batch, false);
  const qopAll = await runModel(opts.qop, 'all', images.data, n, opts.batch, false);
  const qdq = await runModel(opts.qdq, 'disabled', images.data, n, opts.batch, true);
  const qdqAll = await runModel(opts.qdq, 'all', images.data, n, opts.batch, true);
  if (qop.dtype !== 'uint8' || qdq.dtype !== 'float32') {
    throw new Error(`unexpected output dtypes ${qop.dtype}, ${qdq.dtype}`);
  }

  const qopDiff = compare(qop.values, qopAll.values, n);
  const qdqDiff = compare(qdq.values, qdqAll.values, n);
  const header = {
    description: 'Oracle outputs of the shipped Fashion-MNIST models under onnxruntime-node',
    generator: 'scripts/gen_fashion_fixtures.sh (scripts/fashion_ort_outputs.js)',
    onnxruntime_node: ort.env.versions.node,
    session_options: {
      graphOptimizationLevel: 'disabled (main fixtures); all (comparison)',
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    },
    batch: opts.batch,
    images: {
      source: 'Debian dataset-fashion-mnist: t10k-images-idx3-ubyte.gz (test split, file order)',
      count: n,
      first_100_file: writeGz(opts.out, 't10k_images_first100.u8.gz',
                              images.data.subarray(0, 100 * 784)),
      first_100_shape: [100, 1, 28, 28],
      labels_file: writeGz(opts.out, 't10k_labels.u8.gz', labels.subarray(0, n)),
      labels_shape: [n],
    },
    layout: 'raw little-endian array, row-major [image][class], gzip-compressed, no header',
    qop: {
      model: opts.qop,
      model_sha256: sha256(opts.qop),
      input: 'uint8 [N,1,28,28] raw pixels',
      file: writeGz(opts.out, 'qop_logits.u8.gz', qop.values),
      dtype: 'uint8',
      shape: [n, 10],
      accuracy: accuracy(qop.values, labels, n),
      optimization_all_vs_disabled: qopDiff,
    },
    qdq: {
      model: opts.qdq,
      model_sha256: sha256(opts.qdq),
      input: 'float32 [N,1,28,28] = float32(pixel / 255)',
      file: writeGz(opts.out, 'qdq_logits.f32.gz', qdq.values),
      dtype: 'float32',
      shape: [n, 10],
      accuracy: accuracy(qdq.values, labels, n),
      optimization_all_vs_disabled: qdqDiff,
    },
  };
  // Outputs with graphOptimizationLevel 'all': listed element by element when few, else a file.
  for (const [key, base, all, ext] of [['qop', qop, qopAll, 'u8'], ['qdq', qdq, qdqAll, 'f32']]) {
    const entry = header[key];
    if (entry.optimization_all_vs_disabled.elements === 0) continue;
    entry.optimization_all_accuracy = accuracy(all.values, labels, n);
    if (entry.optimization_all_vs_disabled.elements <= MAX_LISTED_DIFFS) {
      entry.optimization_all_differences = [];
      for (let i = 0; i < n * 10; i++) {
        if (base.values[i] !== all.values[i]) {
          entry.optimization_all_differences.push({
            image: Math.floor(i / 10), class: i % 10, disabled: base.values[i], all: all.values[i],
          });
        }
      }
    } else {
      entry.optimization_all_file = writeGz(opts.out, `${key}_logits_optall.${ext}.gz`, all.values);
    }
  }
  fs.writeFileSync(path.join(opts.out, 'fixtures.json'), JSON.stringify(header, null, 2) + '\n');
  console.log(`onnxruntime-node ${header.onnxruntime_node}, ${n} images`);
  console.log(`QOp accuracy ${(header.qop.accuracy * 100).toFixed(2)}%, 'all' vs 'disabled': ` +
              `${qopDiff.elements} elements differ`);
  console.log(`QDQ accuracy ${(header.qdq.accuracy * 100).toFixed(2)}%, 'all' vs 'disabled': ` +
              `${qdqDiff.elements} elements on ${qdqDiff.images} images differ ` +
              `(${qdqDiff.predictions} predictions change)`);
}

main().catch((err) => {
  console.error(`fashion_ort_outputs.js: ${err.message}`);
  process.exit(1);
});
