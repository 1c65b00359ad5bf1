/* SPDX-License-Identifier: MIT */
/*
 * lpfpga-bench-sim MODEL IMAGES.u8.gz: one image through the RTL (sim backend) with the
 * public API only. Prints wall time, the fabric's PERF counters, MAC-array utilisation
 * (MACs / (busy cycles x PE_ROWS x PE_COLS)), simulated cycles per wall second, and the
 * DRAM bytes against the compiler's lower bound (from lpfpga_model_report()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "lpfpga.h"

#define PE_ARRAY 256.0  /* PE_ROWS x PE_COLS of the spec (docs/isa.md) */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static size_t elems(const lpfpga_tensor_info *ti, int64_t *dims)
{
	size_t n = 1;

	for (int d = 0; d < ti->rank; d++) {
		dims[d] = ti->dims[d] < 0 ? 1 : ti->dims[d];
		n *= (size_t)dims[d];
	}
	return n;
}

int main(int argc, char **argv)
{
	lpfpga_device *dev;
	lpfpga_model *m;
	lpfpga_tensor_info ii, oi;
	lpfpga_tensor in = {0}, out = {0};
	lpfpga_counters c;
	const char *rep, *total;
	gzFile gz;
	double t0, t1;
	size_t n_in, n_out;

	if (argc != 3) {
		fprintf(stderr, "usage: lpfpga-bench-sim MODEL IMAGES.u8.gz\n");
		return 2;
	}
	if (lpfpga_open("sim", &dev) != LPFPGA_OK) {
		fprintf(stderr, "sim backend: %s\n", lpfpga_last_open_error());
		return 1;
	}
	if (lpfpga_model_load(dev, argv[1], NULL, &m) != LPFPGA_OK ||
	    lpfpga_model_input_info(m, 0, &ii) != LPFPGA_OK ||
	    lpfpga_model_output_info(m, 0, &oi) != LPFPGA_OK) {
		fprintf(stderr, "%s: %s\n", argv[1], lpfpga_device_last_error(dev));
		return 1;
	}
	in.dtype = ii.dtype;
	in.rank = ii.rank;
	n_in = elems(&ii, in.dims) * lpfpga_dtype_size(ii.dtype);
	out.dtype = oi.dtype;
	out.rank = oi.rank;
	n_out = elems(&oi, out.dims) * lpfpga_dtype_size(oi.dtype);
	in.data = calloc(1, n_in);
	in.size = n_in;
	out.data = calloc(1, n_out);
	out.size = n_out;
	gz = gzopen(argv[2], "rb");
	if (!gz || gzread(gz, in.data, (unsigned)n_in) != (int)n_in) {
		fprintf(stderr, "%s: cannot read %zu bytes\n", argv[2], n_in);
		return 1;
	}
	gzclose(gz);
	t0 = now_s();
	if (lpfpga_infer(m, &in, 1, &out, 1) != LPFPGA_OK) {
		fprintf(stderr, "infer: %s\n", lpfpga_model_last_error(m));
		return 1;
	}
	t1 = now_s();
	lpfpga_model_counters(m, &c);
	rep = lpfpga_model_report(m);
	total = rep ? strstr(rep, "total:") : NULL;
	printf("one image through the RTL: %.3f s wall, %llu fabric jobs\n", t1 - t0,
	       (unsigned long long)c.jobs);
	printf("busy cycles %llu, MACs %llu, stall cycles %llu\n",
	       (unsigned long long)c.busy_cycles, (unsigned long long)c.macs,
	       (unsigned long long)c.stall_cycles);
	printf("MAC-array utilisation (whole model): %.1f %%\n",
	       c.busy_cycles ? 100.0 * (double)c.macs / ((double)c.busy_cycles * PE_ARRAY) : 0.0);
	printf("simulation speed: %.0f fabric cycles per wall second (incl. host steps)\n",
	       (double)c.busy_cycles / (t1 - t0));
	printf("DRAM measured by the fabric: %llu B read + %llu B written\n",
	       (unsigned long long)c.dram_read_bytes, (unsigned long long)c.dram_write_bytes);
	printf("compiler report: %.*s\n", total ? (int)strcspn(total, "\n") : 0, total ? total : "");
	free(in.data);
	free(out.data);
	lpfpga_model_free(m);
	lpfpga_close(dev);
	return 0;
}
