/* SPDX-License-Identifier: MIT */
/*
 * Finding and loading the Verilated fabric (liblpfpga_sim.so, sim/harness/lpf_sim.h)
 * at run time, so liblpfpga links without Verilator. Used by the sim backend and by
 * the regression runner (sim/regress/).
 */
#ifndef LPF_SIM_LOADER_H
#define LPF_SIM_LOADER_H

#include <limits.h>

#include "core/error.h"
#include "lpf_sim.h"

struct lpf_sim_lib {
	void *handle;
	const struct lpf_sim_api *api;
	char path[PATH_MAX];
};

/*
 * Load the library: $LPFPGA_SIM_LIB if set, else <dir>/../sim/liblpfpga_sim.so (or
 * ../sim-trace/ when want_trace, for waves) next to the running liblpfpga, then next
 * to the running executable. On failure says what it tried and to run `make sim`.
 */
lpfpga_status lpf_sim_lib_open(struct lpf_sim_lib *lib, int want_trace, struct lpf_err *err);
void lpf_sim_lib_close(struct lpf_sim_lib *lib);

#endif
