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

lpfpga_model *cli_load(lpfpga_device *dev, const char *path, int batch)
{
	lpfpga_model_options opts = { .batch = batch };
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
