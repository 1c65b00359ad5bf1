/* SPDX-License-Identifier: MIT */
/*
 * lpfpga onnx-test: run folders in the ONNX backend-test layout (model.onnx and
 * test_data_set_N/{input_K.pb,output_K.pb}). Integer outputs must match exactly;
 * float outputs within the ONNX backend tests' tolerance (rtol 1e-3, atol 1e-7).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define OT_MAX_IO 64
#define OT_MAX_SETS 64
#define OT_RTOL 1e-3
#define OT_ATOL 1e-7

enum ot_result { OT_PASS, OT_FAIL, OT_SKIP };

static int is_dir(const char *path)
{
	struct stat sb;

	return !stat(path, &sb) && S_ISDIR(sb.st_mode);
}

static int is_file(const char *path)
{
	struct stat sb;

	return !stat(path, &sb) && S_ISREG(sb.st_mode);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted test_data_set_* folder names of dir; returns the count. */
static int list_sets(const char *dir, char **sets)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < OT_MAX_SETS)
		if (!strncmp(e->d_name, "test_data_set_", 14))
			sets[n++] = strdup(e->d_name);
	closedir(d);
	qsort(sets, (size_t)n, sizeof(*sets), cmp_str);
	return n;
}

static double elem(const lpfpga_tensor *t, size_t i)
{
	switch (t->dtype) {
	case LPFPGA_DTYPE_FLOAT:
		return ((const float *)t->data)[i];
	case LPFPGA_DTYPE_UINT8:
		return ((const uint8_t *)t->data)[i];
	case LPFPGA_DTYPE_INT8:
		return ((const int8_t *)t->data)[i];
	case LPFPGA_DTYPE_INT32:
		return ((const int32_t *)t->data)[i];
	case LPFPGA_DTYPE_INT64:
		return (double)((const int64_t *)t->data)[i];
	case LPFPGA_DTYPE_UNDEFINED:
		break;
	}
	return 0;
}

/* Compare one output; on mismatch describe it in msg and return 1. */
static int compare(const lpfpga_tensor *got, const lpfpga_tensor *want, char *msg, size_t len)
{
	size_t n, bad = 0;
	double maxdiff = 0;

	if (got->dtype != want->dtype) {
		snprintf(msg, len, "dtype %s, expected %s", lpfpga_dtype_name(got->dtype),
			 lpfpga_dtype_name(want->dtype));
		return 1;
	}
	if (got->rank != want->rank || memcmp(got->dims, want->dims, sizeof(int64_t) * (size_t)got->rank)) {
		snprintf(msg, len, "shape differs (rank %d vs %d)", got->rank, want->rank);
		return 1;
	}
	n = cli_tensor_bytes(want) / lpfpga_dtype_size(want->dtype);
	for (size_t i = 0; i < n; i++) {
		double a = elem(got, i), b = elem(want, i), diff = fabs(a - b);
		int ok = want->dtype == LPFPGA_DTYPE_FLOAT ?
				 (diff <= OT_ATOL + OT_RTOL * fabs(b) || (isnan(a) && isnan(b))) :
				 a == b;

		if (!ok) {
			bad++;
			if (diff > maxdiff || isnan(diff))
				maxdiff = diff;
		}
	}
	if (!bad)
		return 0;
	snprintf(msg, len, "%zu of %zu elements differ, max |diff| %g", bad, n, maxdiff);
	return 1;
}

/* Run one data set; returns OT_PASS or OT_FAIL with msg set. */
static enum ot_result run_set(lpfpga_model *m, const char *setdir, char *msg, size_t len)
{
	lpfpga_tensor in[OT_MAX_IO], want[OT_MAX_IO], got[OT_MAX_IO];
	int n_in = 0, n_out = lpfpga_model_num_outputs(m), n_want = 0;
	enum ot_result r = OT_FAIL;
	char path[4096], err[512];
	lpfpga_status st;

	memset(in, 0, sizeof(in));
	memset(want, 0, sizeof(want));
	memset(got, 0, sizeof(got));
	for (; n_in < OT_MAX_IO; n_in++) {
		cli_path(path, sizeof(path), "%s/input_%d.pb", setdir, n_in);
		if (!is_file(path))
			break;
		if (lpfpga_tensor_read(path, &in[n_in], err, sizeof(err)) != LPFPGA_OK) {
			snprintf(msg, len, "%s", err);
			goto out;
		}
		free((void *)in[n_in].name);
		in[n_in].name = NULL;
	}
	for (; n_want < OT_MAX_IO; n_want++) {
		cli_path(path, sizeof(path), "%s/output_%d.pb", setdir, n_want);
		if (!is_file(path))
			break;
		if (lpfpga_tensor_read(path, &want[n_want], err, sizeof(err)) != LPFPGA_OK) {
			snprintf(msg, len, "%s", err);
			goto out;
		}
	}
	if (n_want != n_out) {
		snprintf(msg, len, "%d expected outputs for %d model outputs", n_want, n_out);
		goto out;
	}
	for (int i = 0; i < n_out; i++) {
		got[i].size = cli_tensor_bytes(&want[i]);
		got[i].data = calloc(1, got[i].size ? got[i].size : 1);
		if (!got[i].data) {
			snprintf(msg, len, "out of memory");
			goto out;
		}
	}
	st = lpfpga_infer(m, in, n_in, got, n_out);
	if (st != LPFPGA_OK) {
		snprintf(msg, len, "inference failed: %s: %s", lpfpga_status_str(st),
			 lpfpga_model_last_error(m));
		goto out;
	}
	for (int i = 0; i < n_out; i++) {
		char what[400];

		if (compare(&got[i], &want[i], what, sizeof(what))) {
			snprintf(msg, len, "output %d: %s", i, what);
			goto out;
		}
	}
	r = OT_PASS;
out:
	for (int i = 0; i < OT_MAX_IO; i++) {
		lpfpga_tensor_release(&in[i]);
		lpfpga_tensor_release(&want[i]);
		free(got[i].data);
	}
	return r;
}

static enum ot_result run_test(lpfpga_device *dev, const char *dir, char *msg, size_t len)
{
	char path[4096], *sets[OT_MAX_SETS];
	enum ot_result r = OT_PASS;
	lpfpga_model *m = NULL;
	lpfpga_status st;
	int n;

	cli_path(path, sizeof(path), "%s/model.onnx", dir);
	if (!is_file(path)) {
		snprintf(msg, len, "no model.onnx");
		return OT_FAIL;
	}
	st = lpfpga_model_load(dev, path, NULL, &m);
	if (st != LPFPGA_OK) {
		snprintf(msg, len, "%s", lpfpga_device_last_error(dev));
		return st == LPFPGA_ERROR_UNSUPPORTED_OP || st == LPFPGA_ERROR_NOT_SUPPORTED ?
			       OT_SKIP : OT_FAIL;
	}
	n = list_sets(dir, sets);
	if (!n) {
		snprintf(msg, len, "no test_data_set_* folder");
		r = OT_FAIL;
	}
	for (int i = 0; i < n; i++) {
		cli_path(path, sizeof(path), "%s/%s", dir, sets[i]);
		if (r == OT_PASS && run_set(m, path, msg, len) != OT_PASS) {
			char tmp[2048];

			cli_path(tmp, sizeof(tmp), "%s", msg);
			cli_path(msg, len, "%s: %s", sets[i], tmp);
			r = OT_FAIL;
		}
		free(sets[i]);
	}
	lpfpga_model_free(m);
	return r;
}

static const char *base_name(const char *dir)
{
	size_t n = strlen(dir);
	const char *s;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (s = dir + n; s > dir && s[-1] != '/'; s--)
		;
	return s;
}

int cmd_onnx_test(int argc, char **argv)
{
	const char *backend = "auto";
	int strict = 0, passed = 0, failed = 0, skipped = 0, ndirs = 0;
	lpfpga_device *dev;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: lpfpga onnx-test [-b BACKEND] [--strict] DIR...\n"
			       "Runs each DIR (model.onnx + test_data_set_N/) and prints PASS, FAIL or\n"
			       "SKIP (model uses an unsupported operator) per test, then a summary.\n"
			       "Integer outputs must match exactly; float outputs within rtol 1e-3,\n"
			       "atol 1e-7. --strict counts SKIP as failure. Exit status 1 on failure.\n");
			return 0;
		} else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
			backend = argv[++i];
		} else if (!strcmp(argv[i], "--strict")) {
			strict = 1;
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "lpfpga onnx-test: unknown option '%s'\n", argv[i]);
			return 2;
		} else {
			ndirs++;
		}
	}
	if (!ndirs) {
		fprintf(stderr, "usage: lpfpga onnx-test [-b BACKEND] [--strict] DIR...\n");
		return 2;
	}
	dev = cli_open(backend);
	if (!dev)
		return 1;
	for (int i = 1; i < argc; i++) {
		char msg[2048] = "";
		enum ot_result r;

		if (!strcmp(argv[i], "-b")) {
			i++;
			continue;
		}
		if (argv[i][0] == '-')
			continue;
		r = is_dir(argv[i]) ? run_test(dev, argv[i], msg, sizeof(msg)) : OT_FAIL;
		if (!is_dir(argv[i]))
			snprintf(msg, sizeof(msg), "not a directory");
		if (r == OT_PASS) {
			passed++;
			printf("PASS %s\n", base_name(argv[i]));
		} else if (r == OT_SKIP && !strict) {
			skipped++;
			printf("SKIP %s: %s\n", base_name(argv[i]), msg);
		} else {
			failed++;
			printf("FAIL %s: %s\n", base_name(argv[i]), msg);
		}
		fflush(stdout);
	}
	lpfpga_close(dev);
	printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
	return failed ? 1 : 0;
}
