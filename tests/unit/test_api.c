/* SPDX-License-Identifier: MIT */
/* The public API as an application sees it: lpfpga.h only. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "lpfpga.h"

#define QCONV "/usr/share/libonnx-testdata/data/node/test_qlinearconv"

static void api_status_names_and_messages(void)
{
	CU_ASSERT_STRING_EQUAL(lpfpga_status_name(LPFPGA_OK), "LPFPGA_OK");
	CU_ASSERT_STRING_EQUAL(lpfpga_status_name(LPFPGA_ERROR_TIMEOUT), "LPFPGA_ERROR_TIMEOUT");
	CU_ASSERT_STRING_EQUAL(lpfpga_status_str(LPFPGA_ERROR_UNSUPPORTED_OP),
			       "unsupported operator");
	CU_ASSERT_STRING_EQUAL(lpfpga_status_name((lpfpga_status)-999), "LPFPGA_UNKNOWN");
	CU_ASSERT_STRING_EQUAL(lpfpga_status_str((lpfpga_status)-999), "unknown status");
	CU_ASSERT(LPFPGA_ERROR_IO < 0);
}

static void api_open_unknown_backend_lists_known(void)
{
	lpfpga_device *dev = (lpfpga_device *)0x1;

	CU_ASSERT_EQUAL(lpfpga_open("nosuch:1", &dev), LPFPGA_ERROR_NOT_FOUND);
	CU_ASSERT_PTR_EQUAL(dev, (lpfpga_device *)0x1);
	CU_ASSERT_PTR_NOT_NULL(strstr(lpfpga_last_open_error(), "unknown backend 'nosuch'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(lpfpga_last_open_error(), "cpu"));
	CU_ASSERT_EQUAL(lpfpga_open("cpu", NULL), LPFPGA_ERROR_INVALID_ARGUMENT);
}

static void api_open_auto_falls_back_to_cpu(void)
{
	lpfpga_device *dev = NULL;

	CU_ASSERT_EQUAL_FATAL(lpfpga_open("auto", &dev), LPFPGA_OK);
	CU_ASSERT_STRING_EQUAL(lpfpga_device_backend(dev), "cpu");
	lpfpga_close(dev);
	lpfpga_close(NULL);
}

static void api_backend_names_include_cpu(void)
{
	int found = 0;

	for (const char *const *n = lpfpga_backend_names(); *n; n++)
		found |= !strcmp(*n, "cpu");
	CU_ASSERT(found);
}

static void api_load_missing_file_names_it(void)
{
	lpfpga_device *dev = NULL;
	lpfpga_model *m = (lpfpga_model *)0x1;

	CU_ASSERT_EQUAL_FATAL(lpfpga_open("cpu", &dev), LPFPGA_OK);
	CU_ASSERT_NOT_EQUAL(lpfpga_model_load(dev, "/nonexistent/x.onnx", NULL, &m), LPFPGA_OK);
	CU_ASSERT_PTR_EQUAL(m, (lpfpga_model *)0x1);
	CU_ASSERT_PTR_NOT_NULL(strstr(lpfpga_device_last_error(dev), "/nonexistent/x.onnx"));
	lpfpga_close(dev);
}

/* Loads a model and its first data set's tensors; fails the test if impossible. */
struct fixture {
	lpfpga_device *dev;
	lpfpga_model *m;
	lpfpga_tensor in[9], want;
	int n_in;
};

static int fixture_load(struct fixture *f, const char *dir)
{
	char path[512], err[256];

	memset(f, 0, sizeof(*f));
	if (lpfpga_open("cpu", &f->dev) != LPFPGA_OK)
		return -1;
	snprintf(path, sizeof(path), "%s/model.onnx", dir);
	if (lpfpga_model_load(f->dev, path, NULL, &f->m) != LPFPGA_OK) {
		fprintf(stderr, "%s\n", lpfpga_device_last_error(f->dev));
		return -1;
	}
	f->n_in = lpfpga_model_num_inputs(f->m);
	for (int i = 0; i < f->n_in && i < 9; i++) {
		snprintf(path, sizeof(path), "%s/test_data_set_0/input_%d.pb", dir, i);
		if (lpfpga_tensor_read(path, &f->in[i], err, sizeof(err)) != LPFPGA_OK)
			return -1;
		free((void *)f->in[i].name);
		f->in[i].name = NULL;
	}
	snprintf(path, sizeof(path), "%s/test_data_set_0/output_0.pb", dir);
	return lpfpga_tensor_read(path, &f->want, err, sizeof(err)) == LPFPGA_OK ? 0 : -1;
}

static void fixture_free(struct fixture *f)
{
	for (int i = 0; i < 9; i++)
		lpfpga_tensor_release(&f->in[i]);
	lpfpga_tensor_release(&f->want);
	lpfpga_model_free(f->m);
	lpfpga_close(f->dev);
}

static void api_infer_matches_conformance_output(void)
{
	struct fixture f;
	uint8_t out[64];
	lpfpga_tensor o = { .data = out, .size = sizeof(out) };

	CU_ASSERT_EQUAL_FATAL(fixture_load(&f, QCONV), 0);
	CU_ASSERT_EQUAL(lpfpga_infer(f.m, f.in, f.n_in, &o, 1), LPFPGA_OK);
	CU_ASSERT_EQUAL(o.dtype, f.want.dtype);
	CU_ASSERT_EQUAL(o.rank, f.want.rank);
	CU_ASSERT(f.want.size <= sizeof(out) && !memcmp(out, f.want.data, f.want.size));
	fixture_free(&f);
}

static void api_infer_rejects_wrong_shape_and_dtype(void)
{
	struct fixture f;
	uint8_t out[64];
	lpfpga_tensor o = { .data = out, .size = sizeof(out) };
	int64_t saved;

	CU_ASSERT_EQUAL_FATAL(fixture_load(&f, QCONV), 0);
	saved = f.in[0].dims[f.in[0].rank - 1];
	f.in[0].dims[f.in[0].rank - 1] = saved + 1;
	CU_ASSERT_EQUAL(lpfpga_infer(f.m, f.in, f.n_in, &o, 1), LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_PTR_NOT_NULL(strstr(lpfpga_model_last_error(f.m), "has shape"));
	f.in[0].dims[f.in[0].rank - 1] = saved;
	f.in[0].dtype = LPFPGA_DTYPE_FLOAT;
	CU_ASSERT_EQUAL(lpfpga_infer(f.m, f.in, f.n_in, &o, 1), LPFPGA_ERROR_DTYPE_MISMATCH);
	f.in[0].dtype = LPFPGA_DTYPE_UINT8;
	o.size = 1;
	CU_ASSERT_EQUAL(lpfpga_infer(f.m, f.in, f.n_in, &o, 1), LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_EQUAL(lpfpga_infer(f.m, f.in, f.n_in - 1, &o, 1), LPFPGA_ERROR_INVALID_ARGUMENT);
	o.size = sizeof(out);
	CU_ASSERT_EQUAL(lpfpga_infer(f.m, f.in, f.n_in, &o, 1), LPFPGA_OK);
	fixture_free(&f);
}

struct worker {
	lpfpga_model *m;
	const lpfpga_tensor *in;
	int n_in;
	const lpfpga_tensor *want;
	int mismatches;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	uint8_t out[64];

	for (int i = 0; i < 200; i++) {
		lpfpga_tensor o = { .data = out, .size = sizeof(out) };

		if (lpfpga_infer(w->m, w->in, w->n_in, &o, 1) != LPFPGA_OK ||
		    memcmp(out, w->want->data, w->want->size))
			w->mismatches++;
	}
	return NULL;
}

static void api_threads_give_single_thread_bytes(void)
{
	struct fixture a, b;
	struct worker w[3];
	pthread_t t[3];

	CU_ASSERT_EQUAL_FATAL(fixture_load(&a, QCONV), 0);
	CU_ASSERT_EQUAL_FATAL(fixture_load(&b, QCONV), 0);
	/* Two models loaded from one file on two devices, and one model shared by two threads. */
	w[0] = (struct worker){ a.m, a.in, a.n_in, &a.want, 0 };
	w[1] = (struct worker){ b.m, b.in, b.n_in, &b.want, 0 };
	w[2] = (struct worker){ a.m, a.in, a.n_in, &a.want, 0 };
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, worker_run, &w[i]);
	for (int i = 0; i < 3; i++) {
		pthread_join(t[i], NULL);
		CU_ASSERT_EQUAL(w[i].mismatches, 0);
	}
	fixture_free(&a);
	fixture_free(&b);
}

/* With profiling, each layer is its own job: the fabric's counters are per layer. */
static void api_profile_measures_each_layer(void)
{
	char path[512];
	uint8_t img[784] = { 0 }, out[10];
	lpfpga_tensor in = { .dtype = LPFPGA_DTYPE_UINT8, .rank = 4, .dims = { 1, 1, 28, 28 },
			     .data = img, .size = sizeof(img) };
	lpfpga_tensor o = { .data = out, .size = sizeof(out) };
	lpfpga_model_options opts[2] = { { .profile = 0 }, { .profile = 1 } };
	lpfpga_device *dev = NULL;

	snprintf(path, sizeof(path), "%s/models/fashion_cnn_qop.onnx", lpf_test_srcdir());
	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = (uint8_t)(i * 7);
	CU_ASSERT_EQUAL_FATAL(lpfpga_open("cpu", &dev), LPFPGA_OK);
	for (int prof = 0; prof < 2; prof++) {
		lpfpga_model *m = NULL;
		lpfpga_layer_stats st;
		lpfpga_counters total;
		uint64_t macs = 0;

		CU_ASSERT_EQUAL_FATAL(lpfpga_model_load(dev, path, &opts[prof], &m), LPFPGA_OK);
		CU_ASSERT_EQUAL_FATAL(lpfpga_infer(m, &in, 1, &o, 1), LPFPGA_OK);
		CU_ASSERT_EQUAL_FATAL(lpfpga_model_counters(m, &total), LPFPGA_OK);
		CU_ASSERT_EQUAL(total.jobs, prof ? 3u : 1u);
		CU_ASSERT_EQUAL_FATAL(lpfpga_model_num_layers(m), 3);
		for (int l = 0; l < 3; l++) {
			CU_ASSERT_EQUAL_FATAL(lpfpga_model_layer_stats(m, l, &st), LPFPGA_OK);
			CU_ASSERT_EQUAL(st.measured, prof);
			CU_ASSERT(st.dram_bytes >= st.dram_lower_bound);
			macs += st.macs;
			if (prof) {
				/* what the fabric counted equals what the compiler planned */
				CU_ASSERT_EQUAL(st.counters.macs, st.macs);
				CU_ASSERT_EQUAL(st.counters.dram_read_bytes +
							st.counters.dram_write_bytes,
						st.dram_bytes);
			}
		}
		CU_ASSERT_EQUAL(total.macs, macs);
		CU_ASSERT_EQUAL(lpfpga_model_layer_stats(m, 3, &st), LPFPGA_ERROR_INVALID_ARGUMENT);
		lpfpga_model_free(m);
	}
	lpfpga_close(dev);
}

static void api_exports_only_lpfpga_symbols(void)
{
	const char *b = getenv("LPF_BUILDDIR");
	char cmd[1024], line[512];
	int n = 0, bad = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm -D --defined-only %s/lib/liblpfpga.so 2>/dev/null",
		 b && *b ? b : "build");
	p = popen(cmd, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	while (fgets(line, sizeof(line), p)) {
		char type, name[400];

		if (sscanf(line, "%*s %c %399s", &type, name) != 2 || (type != 'T' && type != 'D'))
			continue;
		n++;
		if (strncmp(name, "lpfpga_", 7)) {
			fprintf(stderr, "exported: %s\n", name);
			bad++;
		}
	}
	pclose(p);
	CU_ASSERT(n > 10);
	CU_ASSERT_EQUAL(bad, 0);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "api_status_names_and_messages", api_status_names_and_messages },
		{ "api_open_unknown_backend_lists_known", api_open_unknown_backend_lists_known },
		{ "api_open_auto_falls_back_to_cpu", api_open_auto_falls_back_to_cpu },
		{ "api_backend_names_include_cpu", api_backend_names_include_cpu },
		{ "api_load_missing_file_names_it", api_load_missing_file_names_it },
		{ "api_infer_matches_conformance_output", api_infer_matches_conformance_output },
		{ "api_infer_rejects_wrong_shape_and_dtype", api_infer_rejects_wrong_shape_and_dtype },
		{ "api_threads_give_single_thread_bytes", api_threads_give_single_thread_bytes },
		{ "api_profile_measures_each_layer", api_profile_measures_each_layer },
		{ "api_exports_only_lpfpga_symbols", api_exports_only_lpfpga_symbols },
		{ NULL, NULL },
	};

	return lpf_test_run("api", cases);
}
