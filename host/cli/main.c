/* SPDX-License-Identifier: MIT */
/* lpfpga: command dispatch and help. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lpfpga <command> [options]\n"
		"\n"
		"commands:\n"
		"  info [-b BACKEND] [MODEL]       library, backends, device capabilities, model I/O\n"
		"  compile MODEL [--report] [--batch N] [-b BACKEND]\n"
		"                                  compile a model; print the per-layer report\n"
		"  run MODEL [-b BACKEND] -i IN.pb [-i ...] [-o OUTDIR] [--npy]\n"
		"                                  run one inference on tensor files (.pb or .npy)\n"
		"  onnx-test [-b BACKEND] [--strict] DIR...\n"
		"                                  run folders in the ONNX backend-test layout\n"
		"  classify [-m MODEL] [-b BACKEND] [IMAGES...]\n"
		"                                  the main job: Fashion-MNIST accuracy and images/s,\n"
		"                                  or the top classes of PGM/PNG/IDX/.npy images\n"
		"  help                            this text\n"
		"\n"
		"BACKEND is auto (default: a board if present, else cpu) or one of:");
	for (const char *const *n = lpfpga_backend_names(); *n; n++)
		fprintf(f, " %s", *n);
	fprintf(f, "\nRun 'lpfpga <command> --help' for the options of a command.\n");
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "info", cmd_info },
		{ "compile", cmd_compile },
		{ "run", cmd_run },
		{ "onnx-test", cmd_onnx_test },
		{ "classify", cmd_classify },
	};

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("lpfpga %s\n", lpfpga_version());
		return 0;
	}
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "lpfpga: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
