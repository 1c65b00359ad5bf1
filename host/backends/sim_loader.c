/* SPDX-License-Identifier: MIT */
/* Run-time loading of liblpfpga_sim.so; see sim_loader.h. */
#define _GNU_SOURCE
#include "backends/sim_loader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int try_load(struct lpf_sim_lib *lib, const char *path, char *why, size_t why_len)
{
	lpf_sim_get_api_fn get;
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(why, why_len, "%s", dlerror());
		return -1;
	}
	*(void **)&get = dlsym(h, LPF_SIM_API_SYMBOL);
	lib->api = get ? get(LPF_SIM_API_VERSION) : NULL;
	if (!lib->api) {
		snprintf(why, why_len, "%s: no %s for API version %u (stale build? run `make sim`)",
			 path, LPF_SIM_API_SYMBOL, LPF_SIM_API_VERSION);
		dlclose(h);
		return -1;
	}
	lib->handle = h;
	snprintf(lib->path, sizeof(lib->path), "%s", path);
	return 0;
}

/* <directory of file>/../<sub>/liblpfpga_sim.so */
static int sibling_path(char *out, size_t len, const char *file, const char *sub)
{
	const char *slash = strrchr(file, '/');
	int dir_len = slash ? (int)(slash - file) : 1;
	int n = snprintf(out, len, "%.*s/../%s/%s", dir_len, slash ? file : ".", sub,
			 LPF_SIM_LIB_NAME);

	return n > 0 && (size_t)n < len ? 0 : -1;
}

lpfpga_status lpf_sim_lib_open(struct lpf_sim_lib *lib, int want_trace, struct lpf_err *err)
{
	const char *env = getenv("LPFPGA_SIM_LIB");
	const char *sub = want_trace ? "sim-trace" : "sim";
	char self[PATH_MAX], cand[2][PATH_MAX + 64], why[2][512];
	Dl_info info;
	ssize_t n;
	int tried = 0;

	memset(lib, 0, sizeof(*lib));
	if (env && *env) {
		if (try_load(lib, env, why[0], sizeof(why[0])) == 0)
			return LPFPGA_OK;
		return lpf_err_set(err, LPFPGA_ERROR_NO_DEVICE,
				   "cannot load the Verilated fabric from LPFPGA_SIM_LIB=%s: %s", env,
				   why[0]);
	}
	if (dladdr((void *)lpf_sim_lib_open, &info) && info.dli_fname &&
	    !sibling_path(cand[tried], sizeof(cand[tried]), info.dli_fname, sub))
		tried++;
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if (!sibling_path(cand[tried], sizeof(cand[tried]), self, sub) &&
		    (!tried || strcmp(cand[0], cand[tried])))
			tried++;
	}
	for (int i = 0; i < tried; i++)
		if (try_load(lib, cand[i], why[i], sizeof(why[i])) == 0)
			return LPFPGA_OK;
	return lpf_err_set(err, LPFPGA_ERROR_NO_DEVICE,
			   "cannot load the Verilated fabric %s (%s%s%s): run `make sim` to build it or set LPFPGA_SIM_LIB",
			   LPF_SIM_LIB_NAME, tried ? why[0] : "no path to try",
			   tried > 1 ? "; " : "", tried > 1 ? why[1] : "");
}

void lpf_sim_lib_close(struct lpf_sim_lib *lib)
{
	if (lib->handle)
		dlclose(lib->handle);
	memset(lib, 0, sizeof(*lib));
}
