#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: the shipped quantized Fashion-MNIST CNN over the 10,000 test images through
# lpfpga_infer() on the default backend (auto: a board if present, else the cpu model).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
exec "$build/bin/lpfpga" classify -b "${LPFPGA_BACKEND:-auto}" -m models/fashion_cnn_qop.onnx
