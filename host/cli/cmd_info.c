/* SPDX-License-Identifier: MIT */
/* lpfpga info: library version, backends, and optionally a model's inputs and outputs. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_info(int argc, char **argv)
{
	const char *backend = "auto", *model = NULL;
	lpfpga_device_info di;
	lpfpga_device *dev;
	lpfpga_model *m;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: lpfpga info [-b BACKEND] [MODEL]\n");
			return 0;
		} else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
			backend = argv[++i];
		} else if (argv[i][0] != '-' && !model) {
			model = argv[i];
		} else {
			fprintf(stderr, "lpfpga info: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	printf("liblpfpga %s (API %d)\nbackends:", lpfpga_version(), LPFPGA_API_VERSION);
	for (const char *const *n = lpfpga_backend_names(); *n; n++)
		printf(" %s", *n);
	printf("\n");
	dev = cli_open(backend);
	if (!dev)
		return 1;
	if (lpfpga_device_query(dev, &di) == LPFPGA_OK)
		printf("device: %s, fabric spec %u.%u (hash 0x%08x), %u compute unit%s of a %ux%u "
		       "MAC array, buffers: input %u KiB, weight %u KiB, %u accumulators, %u "
		       "parameter entries, features 0x%x\n", di.backend, di.spec_major,
		       di.spec_minor, di.spec_hash, di.compute_units,
		       di.compute_units == 1 ? "" : "s", di.pe_rows, di.pe_cols,
		       di.inp_buf_bytes / 1024, di.wgt_buf_bytes / 1024, di.acc_buf_entries,
		       di.param_buf_entries, di.features);
	if (model) {
		lpfpga_tensor_info info;

		m = cli_load(dev, model, 1, 0);
		if (!m) {
			lpfpga_close(dev);
			return 1;
		}
		printf("model %s\n", model);
		for (int i = 0; i < lpfpga_model_num_inputs(m); i++)
			if (lpfpga_model_input_info(m, i, &info) == LPFPGA_OK)
				cli_print_info("input", &info);
		for (int i = 0; i < lpfpga_model_num_outputs(m); i++)
			if (lpfpga_model_output_info(m, i, &info) == LPFPGA_OK)
				cli_print_info("output", &info);
		lpfpga_model_free(m);
	}
	lpfpga_close(dev);
	return 0;
}
