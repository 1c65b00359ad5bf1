/* SPDX-License-Identifier: MIT */
/* lpfpga run: one inference on tensor files, outputs written as .pb or .npy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define CLI_MAX_IO 64

static void run_usage(FILE *f)
{
	fprintf(f, "usage: lpfpga run MODEL [-b BACKEND] -i INPUT [-i INPUT ...] [-o OUTDIR] [--npy]\n"
		   "                 [--profile]\n"
		   "Inputs are ONNX TensorProto (.pb) or NumPy (.npy) files, in the model's input\n"
		   "order. Outputs go to OUTDIR/output_N.pb (or .npy with --npy); without -o a\n"
		   "summary of each output is printed. --profile runs one fabric job per layer and\n"
		   "prints each layer's cycles, MAC-array utilisation, stalls and DRAM bytes as the\n"
		   "fabric counted them, next to the compiler's estimate and lower bound.\n");
}

static void print_summary(const lpfpga_tensor *t)
{
	size_t n = cli_tensor_bytes(t) / lpfpga_dtype_size(t->dtype);

	printf("output '%s': %s [", t->name ? t->name : "", lpfpga_dtype_name(t->dtype));
	for (int d = 0; d < t->rank; d++)
		printf("%s%lld", d ? "," : "", (long long)t->dims[d]);
	printf("]:");
	for (size_t i = 0; i < n && i < 16; i++) {
		switch (t->dtype) {
		case LPFPGA_DTYPE_UINT8:
			printf(" %u", ((const uint8_t *)t->data)[i]);
			break;
		case LPFPGA_DTYPE_INT8:
			printf(" %d", ((const int8_t *)t->data)[i]);
			break;
		case LPFPGA_DTYPE_INT32:
			printf(" %d", (int)((const int32_t *)t->data)[i]);
			break;
		case LPFPGA_DTYPE_INT64:
			printf(" %lld", (long long)((const int64_t *)t->data)[i]);
			break;
		case LPFPGA_DTYPE_FLOAT:
			printf(" %g", (double)((const float *)t->data)[i]);
			break;
		case LPFPGA_DTYPE_UNDEFINED:
			break;
		}
	}
	printf("%s\n", n > 16 ? " ..." : "");
}

/* Batch of the inputs: dim 0 of the first input whose model dim 0 is symbolic. */
static int64_t bound_batch(lpfpga_model *m, const lpfpga_tensor *in, int n_in)
{
	lpfpga_tensor_info info;

	for (int i = 0; i < n_in; i++)
		if (lpfpga_model_input_info(m, i, &info) == LPFPGA_OK && info.rank > 0 &&
		    info.dims[0] < 0 && in[i].rank > 0)
			return in[i].dims[0];
	return 1;
}

/* Allocate output buffers from the model's output info with the batch bound. */
static int alloc_outputs(lpfpga_model *m, int64_t batch, lpfpga_tensor *out, int n_out)
{
	for (int i = 0; i < n_out; i++) {
		lpfpga_tensor_info info;

		if (lpfpga_model_output_info(m, i, &info) != LPFPGA_OK)
			return -1;
		out[i].dtype = info.dtype;
		out[i].rank = info.rank;
		for (int d = 0; d < info.rank; d++)
			out[i].dims[d] = info.dims[d] < 0 ? batch : info.dims[d];
		out[i].size = cli_tensor_bytes(&out[i]);
		out[i].data = malloc(out[i].size ? out[i].size : 1);
		if (!out[i].data)
			return -1;
	}
	return 0;
}

static int write_outputs(const char *outdir, int npy, lpfpga_tensor *out, int n_out)
{
	char path[4096], err[512];

	if (mkdir(outdir, 0777) && errno != EEXIST) {
		fprintf(stderr, "lpfpga run: cannot create '%s': %s\n", outdir, strerror(errno));
		return 1;
	}
	for (int i = 0; i < n_out; i++) {
		cli_path(path, sizeof(path), "%s/output_%d.%s", outdir, i, npy ? "npy" : "pb");
		if (lpfpga_tensor_write(path, &out[i], err, sizeof(err)) != LPFPGA_OK) {
			fprintf(stderr, "lpfpga run: %s\n", err);
			return 1;
		}
		printf("wrote %s\n", path);
	}
	return 0;
}

int cmd_run(int argc, char **argv)
{
	const char *backend = "auto", *model = NULL, *outdir = NULL, *inputs[CLI_MAX_IO];
	lpfpga_tensor in[CLI_MAX_IO], out[CLI_MAX_IO];
	int n_in = 0, n_out = 0, npy = 0, profile = 0, rc = 1;
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	char err[512];
	lpfpga_status st;

	memset(in, 0, sizeof(in));
	memset(out, 0, sizeof(out));
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			run_usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
			backend = argv[++i];
		} else if (!strcmp(argv[i], "-i") && i + 1 < argc && n_in < CLI_MAX_IO) {
			inputs[n_in++] = argv[++i];
		} else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			outdir = argv[++i];
		} else if (!strcmp(argv[i], "--npy")) {
			npy = 1;
		} else if (!strcmp(argv[i], "--profile")) {
			profile = 1;
		} else if (argv[i][0] != '-' && !model) {
			model = argv[i];
		} else {
			fprintf(stderr, "lpfpga run: unexpected argument '%s'\n", argv[i]);
			run_usage(stderr);
			return 2;
		}
	}
	if (!model) {
		run_usage(stderr);
		return 2;
	}
	for (int i = 0; i < n_in; i++) {
		if (lpfpga_tensor_read(inputs[i], &in[i], err, sizeof(err)) != LPFPGA_OK) {
			fprintf(stderr, "lpfpga run: %s\n", err);
			n_in = i;
			goto out;
		}
		/* Matched by position, as the ONNX test layout numbers them. */
		free((void *)in[i].name);
		in[i].name = NULL;
	}
	dev = cli_open(backend);
	if (!dev)
		goto out;
	m = cli_load(dev, model, 1, profile);
	if (!m)
		goto out;
	n_out = lpfpga_model_num_outputs(m);
	if (n_out > CLI_MAX_IO || alloc_outputs(m, bound_batch(m, in, n_in), out, n_out)) {
		fprintf(stderr, "lpfpga run: cannot allocate %d outputs\n", n_out);
		goto out;
	}
	st = lpfpga_infer(m, in, n_in, out, n_out);
	if (st != LPFPGA_OK) {
		fprintf(stderr, "lpfpga run: inference failed: %s: %s\n", lpfpga_status_str(st),
			lpfpga_model_last_error(m));
		goto out;
	}
	rc = 0;
	if (profile)
		cli_print_profile(dev, m);
	if (outdir)
		rc = write_outputs(outdir, npy, out, n_out);
	else
		for (int i = 0; i < n_out; i++)
			print_summary(&out[i]);
out:
	for (int i = 0; i < n_in; i++)
		lpfpga_tensor_release(&in[i]);
	for (int i = 0; i < n_out; i++)
		free(out[i].data);
	lpfpga_model_free(m);
	lpfpga_close(dev);
	return rc;
}
