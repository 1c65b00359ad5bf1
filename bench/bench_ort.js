// SPDX-License-Identifier: MIT
// Throughput of onnxruntime-node on a uint8-input model, the counterpart of
// bench_lpfpga.c: same raw image file, batches cut one image after another,
// warm-up, then a fixed time; prints images/s.
//
//   node bench_ort.js NODE_MODULES MODEL IMAGES.u8 BATCH SECONDS THREADS
// THREADS 0 lets onnxruntime use every core.
'use strict';

const fs = require('fs');
const path = require('path');

const WARMUP_SECONDS = 0.3;

async function run(session, inputName, dims, images, imgBytes, batch, seconds) {
	const nBatches = Math.floor(images.length / imgBytes / batch);
	const feeds = [];
	for (let k = 0; k < nBatches; k++) {
		const data = images.subarray(k * batch * imgBytes, (k + 1) * batch * imgBytes);
		feeds.push({ [inputName]: new ort.Tensor('uint8', data, dims) });
	}
	const t0 = process.hrtime.bigint();
	let iters = 0;
	let t;
	do {
		await session.run(feeds[iters % nBatches]);
		iters++;
		t = Number(process.hrtime.bigint() - t0) * 1e-9;
	} while (t < seconds);
	return (iters * batch) / t;
}

let ort;

async function main() {
	const [modules, model, imagesPath, batchStr, secondsStr, threadsStr] = process.argv.slice(2);
	ort = require(path.join(path.resolve(modules), 'onnxruntime-node'));
	const batch = parseInt(batchStr, 10);
	const seconds = parseFloat(secondsStr);
	const threads = parseInt(threadsStr, 10);
	const session = await ort.InferenceSession.create(model, {
		intraOpNumThreads: threads,
		interOpNumThreads: 1,
		executionMode: 'sequential',
		graphOptimizationLevel: 'all',
	});
	const inputName = session.inputNames[0];
	const imgBytes = 28 * 28;
	const images = new Uint8Array(fs.readFileSync(imagesPath));
	const dims = [batch, 1, 28, 28];
	if (images.length < imgBytes * batch)
		throw new Error(`need at least ${batch} images in ${imagesPath}`);
	await run(session, inputName, dims, images, imgBytes, batch, WARMUP_SECONDS);
	const ips = await run(session, inputName, dims, images, imgBytes, batch, seconds);
	console.log(Math.round(ips));
}

main().catch((e) => {
	console.error(`bench_ort: ${e.message}`);
	process.exit(1);
});
