#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Regenerate tests/data/fashion/ (onnxruntime-node oracle outputs of models/fashion_cnn_*.onnx).
# Installs onnxruntime-node 1.30.0 into build/npm if it is missing; the CPU library ships inside
# the package, and ONNXRUNTIME_NODE_INSTALL=skip stops its postinstall from fetching CUDA files.
#
# Usage (from anywhere): scripts/gen_fashion_fixtures.sh [extra fashion_ort_outputs.js args]
set -eu

ORT_VERSION=1.30.0
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

npm_dir=build/npm
pkg=$npm_dir/node_modules/onnxruntime-node/package.json
if [ ! -f "$pkg" ] || ! grep -q "\"version\": \"$ORT_VERSION\"" "$pkg"; then
	echo "installing onnxruntime-node@$ORT_VERSION into $npm_dir" >&2
	mkdir -p "$npm_dir"
	ONNXRUNTIME_NODE_INSTALL=skip npm install --no-audit --no-fund --prefix "$npm_dir" \
		"onnxruntime-node@$ORT_VERSION" >&2
fi

NODE_PATH="$root/$npm_dir/node_modules" exec node scripts/fashion_ort_outputs.js "$@"
