/* SPDX-License-Identifier: MIT */
/* Helpers shared by the subcommands. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

lpfpga_device *cli_open(const char *uri)
{
	lpfpga_device *dev = NULL;
	lpfpga_status st = lpfpga_open(uri, &dev);

	if (st != LPFPGA_OK) {
		fprintf(stderr, "lpfpga: cannot open device '%s': %s: %s\n", uri,
			lpfpga_status_str(st), lpfpga_last_open_error());
		return NULL;
	}
	return dev;
}

lpfpga_model *cli_load(lpfpga_device *dev, const char *path, int batch, int profile)
{
	lpfpga_model_options opts = { .batch = batch, .profile = profile };
	lpfpga_model *m = NULL;
	lpfpga_status st = lpfpga_model_load(dev, path, &opts, &m);

	if (st != LPFPGA_OK) {
		fprintf(stderr, "lpfpga: cannot load '%s': %s: %s\n", path, lpfpga_status_str(st),
			lpfpga_device_last_error(dev));
		return NULL;
	}
	return m;
}

size_t cli_tensor_bytes(const lpfpga_tensor *t)
{
	size_t n = lpfpga_dtype_size(t->dtype);

	for (int d = 0; d < t->rank; d++)
		n *= (size_t)t->dims[d];
	return n;
}

void cli_print_info(const char *what, const lpfpga_tensor_info *info)
{
	printf("  %s '%s': %s [", what, info->name, lpfpga_dtype_name(info->dtype));
	for (int d = 0; d < info->rank; d++) {
		if (info->dims[d] < 0)
			printf("%sN", d ? "," : "");
		else
			printf("%s%lld", d ? "," : "", (long long)info->dims[d]);
	}
	printf("]");
	if (info->scale != 0.0f)
		printf(" scale %.9g zero point %d", (double)info->scale, (int)info->zero_point);
	printf("\n");
}

int cli_path(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

void cli_print_profile(lpfpga_device *dev, lpfpga_model *m)
{
	lpfpga_device_info di = { 0 };
	int n = lpfpga_model_num_layers(m);

	lpfpga_device_query(dev, &di);
	printf("%-3s %-28s %12s %10s %10s %7s %9s %10s %10s %10s\n", "#", "layer", "MACs",
	       "cycles", "CONV est", "util%", "stall", "DRAM B", "compiler", "bound");
	for (int i = 0; i < n; i++) {
		lpfpga_layer_stats s;
		double util;

		if (lpfpga_model_layer_stats(m, i, &s) != LPFPGA_OK)
			continue;
		printf("%-3d %-28.28s %12llu ", i, s.op, (unsigned long long)s.macs);
		if (!s.measured) {
			printf("%10s %10llu %7s %9s %10s", "-", (unsigned long long)s.conv_cycles, "-",
			       "-", "-");
		} else {
			util = s.counters.busy_cycles ?
				       100.0 * (double)s.counters.macs /
					       ((double)s.counters.busy_cycles * di.pe_rows *
						di.pe_cols) : 0.0;
			printf("%10llu %10llu %7.1f %9llu %10llu",
			       (unsigned long long)s.counters.busy_cycles,
			       (unsigned long long)s.conv_cycles, util,
			       (unsigned long long)s.counters.stall_cycles,
			       (unsigned long long)(s.counters.dram_read_bytes +
						    s.counters.dram_write_bytes));
		}
		printf(" %10llu %10llu\n", (unsigned long long)s.dram_bytes,
		       (unsigned long long)s.dram_lower_bound);
	}
	printf("util%% = MACs / (cycles x %u x %u); cycles, stalls and DRAM bytes are the fabric's "
	       "own counters (%s backend); CONV est is the compiler's count of CONV step cycles "
	       "(a lower bound), compiler its DRAM bytes\n", di.pe_rows, di.pe_cols, di.backend);
}
