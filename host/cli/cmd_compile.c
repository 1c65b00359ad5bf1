/* SPDX-License-Identifier: MIT */
/* lpfpga compile: compile a model and print the per-layer tiling report. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_compile(int argc, char **argv)
{
	const char *backend = "cpu", *model = NULL;
	int report = 0, batch = 1;
	lpfpga_device *dev;
	lpfpga_model *m;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: lpfpga compile MODEL [--report] [--batch N] [-b BACKEND]\n"
			       "Compiles MODEL for the fabric (default backend cpu: the golden model,\n"
			       "which has the same geometry as every board) and with --report prints\n"
			       "per layer: op, shapes, tiles, MACs, DRAM traffic and its lower bound,\n"
			       "the CONV cycles it needs at least (INP bank conflicts included), and\n"
			       "the ops left to the CPU fallback.\n");
			return 0;
		} else if (!strcmp(argv[i], "--report")) {
			report = 1;
		} else if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
			batch = atoi(argv[++i]);
			if (batch < 1) {
				fprintf(stderr, "lpfpga compile: --batch must be >= 1\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
			backend = argv[++i];
		} else if (argv[i][0] != '-' && !model) {
			model = argv[i];
		} else {
			fprintf(stderr, "lpfpga compile: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!model) {
		fprintf(stderr, "usage: lpfpga compile MODEL [--report] [--batch N] [-b BACKEND]\n");
		return 2;
	}
	dev = cli_open(backend);
	if (!dev)
		return 1;
	m = cli_load(dev, model, batch, 0);
	if (!m) {
		lpfpga_close(dev);
		return 1;
	}
	if (report)
		fputs(lpfpga_model_report(m), stdout);
	else
		printf("%s: compiled for batch %d\n", model, batch);
	lpfpga_model_free(m);
	lpfpga_close(dev);
	return 0;
}
