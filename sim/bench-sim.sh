#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make bench-sim`: MAC-array utilisation per conv layer on the RTL, and the speed of the
# Verilated fabric. $1 = build dir (build). About 10 s on one core.
#  1. scripts/gen_bench_layers.py writes ResNet-18-shaped single-QLinearConv models into
#     build/bench-sim/ (3x3 pad 1: 64->64 on 56x56, 128->128 on 28x28, 256->256 on 14x14,
#     512->512 on 7x7, and 64->128 stride 2 56->28; random int8 per-channel weights,
#     fixed seeds). They are build products, not fixtures.
#  2. lpfpga-bench-sim (sim/bench/bench_sim.c, public API only) runs models/fashion_cnn_qop.onnx
#     (first t10k image) and each of those once, batch 1, with per-layer profiling, and
#     prints one markdown row per fabric layer from the fabric's own PERF counters:
#       util%   = MACs / (busy cycles x PE_ROWS x PE_COLS)
#       DRAM B  = bytes read + written, against the compiler's lower bound (ratio)
#       limited by, a heuristic on the same counters, first match wins:
#         compute    util >= 80 %
#         DRAM       (DRAM B / 16 B per cycle, the 128-bit AXI port) >= 70 % of the cycles
#         stalls     stall cycles (compute waiting for a LOAD/STORE token) >= 40 % of cycles
#         tile/fill  otherwise: partial tiles, pipeline fill/drain, instruction overhead
#     then fabric cycles per wall second for each model (one thread, whole lpfpga_infer())
#     and the wall time of one Fashion-MNIST image through the RTL without profiling.
#  3. the regression-based speed line: a fixed-seed lpfpga-regress run on one core
#     (RTL cycles / wall second including the golden model). BENCH_SIM_TRACE=1 adds the
#     same run on build/sim-trace/ (trace support compiled in, waves off; ~45 s).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=build/bench-sim
regress() {	# $1 = library; prints "cycles seconds"
	LPFPGA_SIM_LIB=$1 "$build/bin/lpfpga-regress" --seed 7 --count 40 -j 1 --latency 0 --bw 1 |
		sed -n 's/.* \([0-9.]*\) s, \([0-9.]*\) M RTL cycles.*/\2 \1/p'
}
rm -rf "$out"
mapfile -t layers < <(/usr/bin/python3 scripts/gen_bench_layers.py "$out")
echo "== MAC-array utilisation per conv layer (sim backend, RTL) =="
"$build/bin/lpfpga-bench-sim" --images tests/data/fashion/t10k_images_first100.u8.gz \
	models/fashion_cnn_qop.onnx "${layers[@]}"
echo
echo "== simulation speed (lpfpga-regress --seed 7 --count 40, one process) =="
read -r mc s < <(regress build/sim/liblpfpga_sim.so)
echo "build/sim:       $mc M cycles in $s s: $(awk "BEGIN{printf \"%.0f\", $mc*1e6/$s}") cycles/s (incl. golden model and case setup)"
if [ "${BENCH_SIM_TRACE:-0}" = 1 ] && [ -f build/sim-trace/liblpfpga_sim.so ]; then
	read -r mc2 s2 < <(regress build/sim-trace/liblpfpga_sim.so)
	echo "build/sim-trace: $mc2 M cycles in $s2 s (trace support compiled in, waves off)"
fi
