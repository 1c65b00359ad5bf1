#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench`: images/s of lpfpga's cpu backend (bench_lpfpga, lpfpga_infer()) and of
# onnxruntime-node (bench_ort.js) on models/fashion_cnn_qop.onnx with the same
# Fashion-MNIST test images, batch 1 and 64, one thread and all threads, measured in
# this run on this machine; prints one table.
#   bench/run-bench.sh BUILD_DIR        (BENCH_SECONDS per row, default 2)
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
seconds=${BENCH_SECONDS:-2}
model=models/fashion_cnn_qop.onnx
images=$build/bench/images.u8
idx=/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz
n_images=1024
all=$(nproc 2>/dev/null || echo 1)

mkdir -p "$build/bench"
if [ -f "$idx" ]; then
	# IDX: a 16-byte header, then 28x28 bytes per image.
	zcat "$idx" | head -c $((16 + 784 * n_images)) | tail -c $((784 * n_images)) >"$images"
	source_desc="first $n_images Fashion-MNIST test images"
else
	head -c $((784 * n_images)) /dev/urandom >"$images"
	source_desc="$n_images random images (dataset-fashion-mnist not installed)"
fi

# The onnxruntime side: build/npm as the test fixtures use it, else /tmp/ort, else install.
ort_modules=
for d in build/npm/node_modules /tmp/ort/node_modules; do
	[ -d "$d/onnxruntime-node" ] && ort_modules=$d && break
done
if [ -z "$ort_modules" ] && command -v npm >/dev/null; then
	echo "installing onnxruntime-node 1.30.0 into build/npm ..."
	ONNXRUNTIME_NODE_INSTALL=skip npm install --silent --prefix build/npm \
		onnxruntime-node@1.30.0 >/dev/null 2>&1 && ort_modules=build/npm/node_modules
fi
if [ -n "$ort_modules" ] && ! command -v node >/dev/null; then
	ort_modules=
fi

# The kernel the cpu backend picks: LPFPGA_CPU_KERNEL, else the best this CPU runs.
kernel=${LPFPGA_CPU_KERNEL:-}
if [ -z "$kernel" ]; then
	kernel=portable
	grep -qw avx2 /proc/cpuinfo 2>/dev/null && kernel=avx2
	have=1
	for flag in avx512f avx512bw avx512vl avx512_vnni; do
		grep -qw "$flag" /proc/cpuinfo 2>/dev/null || have=0
	done
	[ $have = 1 ] && kernel=avx512vnni
fi

echo "model: $model; input: $source_desc; $seconds s per row after warm-up"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $all online cores"
echo "lpfpga: cpu backend, kernel $kernel"
if [ -n "$ort_modules" ]; then
	echo "onnxruntime: onnxruntime-node $(node -p "require('./$ort_modules/onnxruntime-node/package.json').version"), graphOptimizationLevel all"
else
	echo "onnxruntime: not available (npm or onnxruntime-node missing); lpfpga only"
fi
echo
printf '| %-5s | %-7s | %15s | %20s | %6s |\n' batch threads "lpfpga images/s" "onnxruntime images/s" ratio
printf '|-------|---------|-----------------|----------------------|--------|\n'
status=0
for batch in 1 64; do
	for threads in 1 "$all"; do
		lp=$(LPFPGA_CPU_KERNEL=$kernel LPFPGA_THREADS=$threads \
			"$build/bench/bench_lpfpga" "$model" "$images" "$batch" "$seconds") || status=1
		ort=-
		ratio=-
		if [ -n "$ort_modules" ]; then
			ort_threads=$threads
			[ "$threads" = "$all" ] && [ "$all" != 1 ] && ort_threads=0
			ort=$(node bench/bench_ort.js "$ort_modules" "$model" "$images" "$batch" \
				"$seconds" "$ort_threads") || status=1
			if [ -n "$lp" ] && [ -n "$ort" ] && [ "$ort" -gt 0 ] 2>/dev/null; then
				ratio=$(awk -v a="$lp" -v b="$ort" 'BEGIN { printf "%.2fx", a / b }')
			fi
		fi
		label=$threads
		[ "$threads" = "$all" ] && label="$threads (all)"
		printf '| %-5s | %-7s | %15s | %20s | %6s |\n' "$batch" "$label" "${lp:--}" "${ort:--}" \
			"$ratio"
	done
done
exit $status
