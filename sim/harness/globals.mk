# SPDX-License-Identifier: MIT
# Read after a Verilated model's own makefile (make -f Vlpf_fabric.mk -f globals.mk): builds
# the Verilator run-time objects that model needs (verilated.o, and the FST writer or the
# coverage database when enabled) with the model's flags, for linking into liblpfpga_sim.so.
lpf_sim_globals: $(VK_GLOBAL_OBJS)
	printf '%s\n' $(VK_GLOBAL_OBJS) > lpf_sim_globals.txt
