#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build and run the fabric smoke testbench: the golden model (host/fabric) and the ISA codec
# (host/isa) are compiled with gcc into a static library and linked into the Verilator model.
#   sim/tb/top/build.sh            build into build/sim/tb_fabric_top and run
set -euo pipefail
cd "$(dirname "$0")/../../.."
OUT=build/sim/tb_fabric_top
mkdir -p "$OUT/c"
CFLAGS=(-std=c11 -O2 -Wall -Wextra -Ihost -Ihw/spec/gen -Ihw/arith)
rm -f "$OUT"/c/*.o
for f in host/isa/isa.c host/fabric/*.c; do
	gcc "${CFLAGS[@]}" -c "$f" -o "$OUT/c/$(basename "$f" .c).o"
done
rm -f "$OUT/libgolden.a"
ar rcs "$OUT/libgolden.a" "$OUT"/c/*.o
RTL=(hw/spec/gen/lpf_spec_pkg.sv
	hw/rtl/post/post_i2f.sv hw/rtl/post/post_fnorm.sv hw/rtl/post/post_round.sv
	hw/rtl/post/post_requant.sv hw/rtl/post/post_maxpool.sv
	hw/rtl/array/array_operand.sv hw/rtl/array/array_mac.sv hw/rtl/array/array_top.sv
	hw/rtl/buf/buf_ram.sv hw/rtl/buf/buf_banked.sv hw/rtl/buf/buf_rd_window.sv
	hw/rtl/buf/buf_param.sv
	hw/rtl/ctrl/ctrl_token.sv hw/rtl/ctrl/ctrl_cmd_fifo.sv hw/rtl/ctrl/ctrl_unit.sv
	hw/rtl/ctrl/ctrl_fetch.sv hw/rtl/ctrl/ctrl_check.sv hw/rtl/ctrl/ctrl_dispatch.sv
	hw/rtl/ctrl/ctrl_regs.sv
	hw/rtl/dma/dma_rd_arb.sv hw/rtl/dma/dma_load.sv hw/rtl/dma/dma_store.sv
	hw/rtl/compute/compute_conv.sv hw/rtl/compute/compute_post.sv
	hw/rtl/top/lpf_fabric_top.sv)
verilator --cc --exe --build -O3 --x-assign fast --x-initial fast --noassert -j 2 \
	-MAKEFLAGS "OPT_FAST=-O2" -Wno-fatal --top-module lpf_fabric_top \
	-CFLAGS "-std=c++17 -I$PWD/host -I$PWD/hw/spec/gen -I$PWD/hw/arith" \
	-Mdir "$OUT/obj" "${RTL[@]}" "$PWD/sim/tb/top/tb_fabric_top.cpp" "$PWD/$OUT/libgolden.a" \
	-o tb_fabric_top >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
"$OUT/obj/tb_fabric_top"
