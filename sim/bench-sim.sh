#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench-sim`: speed of the Verilated fabric. $1 = build dir (build).
#  1. raw simulation speed: a fixed-seed regression on one core (RTL cycles / wall second)
#  2. the waveform build's cost on the same cases (build/sim-trace/, waves off)
#  3. one Fashion-MNIST image through the RTL: wall time, PERF counters, MAC utilisation,
#     DRAM bytes against the compiler's lower bound
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
regress() {	# $1 = library; prints "cycles seconds"
	LPFPGA_SIM_LIB=$1 "$build/bin/lpfpga-regress" --seed 7 --count 40 -j 1 --latency 0 --bw 1 |
		sed -n 's/.* \([0-9.]*\) s, \([0-9.]*\) M RTL cycles.*/\2 \1/p'
}
echo "== simulation speed (lpfpga-regress --seed 7 --count 40, one process) =="
read -r mc s < <(regress build/sim/liblpfpga_sim.so)
echo "build/sim:       $mc M cycles in $s s: $(awk "BEGIN{printf \"%.0f\", $mc*1e6/$s}") cycles/s (incl. golden model and case setup)"
if [ -f build/sim-trace/liblpfpga_sim.so ]; then
	read -r mc2 s2 < <(regress build/sim-trace/liblpfpga_sim.so)
	echo "build/sim-trace: $mc2 M cycles in $s2 s (trace support compiled in, waves off)"
fi
echo "== one Fashion-MNIST image through the RTL (models/fashion_cnn_qop.onnx) =="
"$build/bin/lpfpga-bench-sim" models/fashion_cnn_qop.onnx tests/data/fashion/t10k_images_first100.u8.gz
echo "== per-layer plan (lpfpga compile --report) =="
"$build/bin/lpfpga" compile models/fashion_cnn_qop.onnx --report
