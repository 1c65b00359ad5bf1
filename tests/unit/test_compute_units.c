/* SPDX-License-Identifier: MIT */
/*
 * A batch split over compute units: the cpu backend has one unit per thread
 * (LPFPGA_THREADS), the compiler splits each fabric job by images into one job per
 * unit, and the outputs must stay onnxruntime's bytes (tests/data/fashion/) for every
 * unit count, batch size and uneven split.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "common/lpf_test_gz.h"
#include "lpfpga.h"

#define PIX 784
#define CLASSES 10
#define N_FIXTURE 100

static uint8_t *read_fixture(const char *name, size_t want)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/fashion/%s", lpf_test_srcdir(), name);
	return lpf_test_read_gz(path, want);
}

static lpfpga_device *open_cpu_units(const char *threads)
{
	lpfpga_device *dev = NULL;

	setenv("LPFPGA_THREADS", threads, 1);
	CU_ASSERT_EQUAL(lpfpga_open("cpu", &dev), LPFPGA_OK);
	unsetenv("LPFPGA_THREADS");
	return dev;
}

/* Runs images [0, batch) as one batch; returns the logits differing from onnxruntime's. */
static size_t run_batch(lpfpga_device *dev, int batch, const uint8_t *img, const uint8_t *want,
			lpfpga_counters *c)
{
	char path[1024];
	uint8_t got[N_FIXTURE * CLASSES];
	lpfpga_model_options opts = { .batch = batch };
	lpfpga_model *m = NULL;
	size_t diff = 0;

	snprintf(path, sizeof(path), "%s/models/fashion_cnn_qop.onnx", lpf_test_srcdir());
	CU_ASSERT_EQUAL_FATAL(lpfpga_model_load(dev, path, &opts, &m), LPFPGA_OK);
	lpfpga_tensor in = { .dtype = LPFPGA_DTYPE_UINT8, .rank = 4, .dims = { batch, 1, 28, 28 },
			     .data = (void *)img, .size = (size_t)batch * PIX };
	lpfpga_tensor out = { .data = got, .size = (size_t)batch * CLASSES };

	CU_ASSERT_EQUAL_FATAL(lpfpga_infer(m, &in, 1, &out, 1), LPFPGA_OK);
	CU_ASSERT_EQUAL(lpfpga_model_counters(m, c), LPFPGA_OK);
	for (size_t i = 0; i < (size_t)batch * CLASSES; i++)
		diff += got[i] != want[i];
	lpfpga_model_free(m);
	return diff;
}

static void compute_units_split_batches_exactly(void)
{
	static const char *const threads[] = { "1", "2", "3", "7" };
	static const int batches[] = { 1, 2, 13, 100 };
	uint8_t *img = read_fixture("t10k_images_first100.u8.gz", N_FIXTURE * PIX);
	uint8_t *want = read_fixture("qop_logits.u8.gz", N_FIXTURE * CLASSES);
	uint64_t jobs_one_unit = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(img);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		lpfpga_device *dev = open_cpu_units(threads[t]);
		lpfpga_device_info di;
		unsigned units = (unsigned)atoi(threads[t]);

		CU_ASSERT_PTR_NOT_NULL_FATAL(dev);
		CU_ASSERT_EQUAL(lpfpga_device_query(dev, &di), LPFPGA_OK);
		CU_ASSERT_EQUAL(di.compute_units, units);
		for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
			lpfpga_counters c;
			unsigned batch = (unsigned)batches[b];
			unsigned parts = batch < units ? batch : units;
			size_t diff = run_batch(dev, batches[b], img, want, &c);

			if (diff)
				printf("\n  %s units, batch %d: %zu logits differ from onnxruntime",
				       threads[t], batches[b], diff);
			CU_ASSERT_EQUAL(diff, 0);
			/* every fabric job of the model ran once per part */
			if (t == 0 && b == 0)
				jobs_one_unit = c.jobs;
			CU_ASSERT(jobs_one_unit > 0);
			CU_ASSERT_EQUAL(c.jobs, jobs_one_unit * parts);
		}
		lpfpga_close(dev);
	}
	free(img);
	free(want);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "compute_units_split_batches_exactly", compute_units_split_batches_exactly },
		{ NULL, NULL },
	};

	return lpf_test_run("compute_units", cases);
}
