/* SPDX-License-Identifier: MIT */
/*
 * The shipped Fashion-MNIST models against onnxruntime (tests/data/fashion/, made by
 * scripts/gen_fashion_fixtures.sh) on the Debian test set, through the public API.
 * QOperator: uint8 logits bit-identical. QDQ: onnxruntime's unfused float path is the
 * reference; differences are counted, must be single output steps and are reported.
 * LPF_FASHION_LIMIT caps the number of images (the sanitizer pass uses a subset);
 * LPF_FASHION_BACKEND picks the backend (default cpu; make test also runs it on sim).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "common/lpf_test_gz.h"
#include "lpfpga.h"

#define IMAGES "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
#define N_ALL 10000
#define PIX 784
#define CLASSES 10
#define BATCH 100

static char *fixture(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/tests/data/fashion/%s", lpf_test_srcdir(), name);
	return path;
}

static char *model_path(const char *name)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/models/%s", lpf_test_srcdir(), name);
	return path;
}

static size_t limit(void)
{
	const char *l = getenv("LPF_FASHION_LIMIT");
	long n = l && *l ? atol(l) : N_ALL;

	/* Whole batches, at least one. */
	if (n <= 0 || n >= N_ALL)
		return N_ALL;
	return n < BATCH ? BATCH : (size_t)(n - n % BATCH);
}

/* The images (after the 16-byte IDX header), or NULL with a skip if the package is absent. */
static uint8_t *images(void)
{
	uint8_t *raw = lpf_test_read_gz(IMAGES, 16 + (size_t)N_ALL * PIX);

	if (!raw)
		return NULL;
	memmove(raw, raw + 16, (size_t)N_ALL * PIX);
	return raw;
}

static const char *backend(void)
{
	const char *b = getenv("LPF_FASHION_BACKEND");

	return b && *b ? b : "cpu";
}

static int argmax_u8(const uint8_t *v)
{
	int b = 0;

	for (int k = 1; k < CLASSES; k++)
		if (v[k] > v[b])
			b = k;
	return b;
}

static int argmax_f32(const float *v)
{
	int b = 0;

	for (int k = 1; k < CLASSES; k++)
		if (v[k] > v[b])
			b = k;
	return b;
}

static void fashion_qop_logits_equal_onnxruntime(void)
{
	size_t n = limit(), diff = 0, correct = 0, ort_correct = 0;
	uint8_t *img = images();
	uint8_t *want = lpf_test_read_gz(fixture("qop_logits.u8.gz"), N_ALL * CLASSES);
	uint8_t *labels = lpf_test_read_gz(fixture("t10k_labels.u8.gz"), N_ALL);
	uint8_t *got = malloc(N_ALL * CLASSES);
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	lpfpga_model_options opts = { .batch = BATCH };

	CU_ASSERT_PTR_NOT_NULL_FATAL(img);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	CU_ASSERT_PTR_NOT_NULL_FATAL(labels);
	CU_ASSERT_EQUAL_FATAL(lpfpga_open(backend(), &dev), LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(lpfpga_model_load(dev, model_path("fashion_cnn_qop.onnx"), &opts, &m),
			      LPFPGA_OK);
	for (size_t i = 0; i < n; i += BATCH) {
		lpfpga_tensor in = { .dtype = LPFPGA_DTYPE_UINT8, .rank = 4,
				     .dims = { BATCH, 1, 28, 28 }, .data = img + i * PIX,
				     .size = BATCH * PIX };
		lpfpga_tensor out = { .data = got + i * CLASSES, .size = BATCH * CLASSES };

		CU_ASSERT_EQUAL_FATAL(lpfpga_infer(m, &in, 1, &out, 1), LPFPGA_OK);
	}
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < CLASSES; k++)
			diff += got[i * CLASSES + k] != want[i * CLASSES + k];
		correct += argmax_u8(got + i * CLASSES) == labels[i];
		ort_correct += argmax_u8(want + i * CLASSES) == labels[i];
	}
	printf("\n  QOp on %s: %zu images, %zu of %zu logits differ from onnxruntime; accuracy %.2f%% "
	       "(onnxruntime %.2f%%)\n", backend(), n, diff, n * CLASSES,
	       100.0 * (double)correct / (double)n,
	       100.0 * (double)ort_correct / (double)n);
	CU_ASSERT_EQUAL(diff, 0);
	CU_ASSERT_EQUAL(correct, ort_correct);
	lpfpga_model_free(m);
	lpfpga_close(dev);
	free(img);
	free(want);
	free(labels);
	free(got);
}

static void fashion_qdq_differences_are_single_steps(void)
{
	size_t n = limit(), diff = 0, pred = 0, correct = 0, ort_correct = 0;
	uint8_t *img = images(), *labels = lpf_test_read_gz(fixture("t10k_labels.u8.gz"), N_ALL);
	float *want = (float *)lpf_test_read_gz(fixture("qdq_logits.f32.gz"), N_ALL * CLASSES * 4);
	float *got = malloc(N_ALL * CLASSES * sizeof(float)), *x = malloc(BATCH * PIX * 4);
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	lpfpga_model_options opts = { .batch = BATCH };
	lpfpga_tensor_info info;
	double step, worst = 0;

	CU_ASSERT_PTR_NOT_NULL_FATAL(img);
	CU_ASSERT_PTR_NOT_NULL_FATAL(want);
	CU_ASSERT_PTR_NOT_NULL_FATAL(labels);
	CU_ASSERT_EQUAL_FATAL(lpfpga_open(backend(), &dev), LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(lpfpga_model_load(dev, model_path("fashion_cnn_qdq.onnx"), &opts, &m),
			      LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(lpfpga_model_input_info(m, 0, &info), LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(info.dtype, LPFPGA_DTYPE_FLOAT);
	for (size_t i = 0; i < n; i += BATCH) {
		lpfpga_tensor in = { .dtype = LPFPGA_DTYPE_FLOAT, .rank = 4,
				     .dims = { BATCH, 1, 28, 28 }, .data = x, .size = BATCH * PIX * 4 };
		lpfpga_tensor out = { .data = got + i * CLASSES, .size = BATCH * CLASSES * 4 };

		for (size_t p = 0; p < BATCH * PIX; p++)
			x[p] = (float)img[i * PIX + p] / 255.0f;
		CU_ASSERT_EQUAL_FATAL(lpfpga_infer(m, &in, 1, &out, 1), LPFPGA_OK);
	}
	/* One output step: the smallest non-zero gap between two logits of the fixture. */
	step = INFINITY;
	for (size_t i = 0; i < CLASSES * 10; i++)
		for (size_t j = 0; j < CLASSES * 10; j++) {
			double d = fabs((double)want[i] - (double)want[j]);

			if (d > 1e-6 && d < step)
				step = d;
		}
	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < CLASSES; k++) {
			double d = fabs((double)got[i * CLASSES + k] - (double)want[i * CLASSES + k]);

			diff += d > 0;
			worst = d > worst ? d : worst;
		}
		pred += argmax_f32(got + i * CLASSES) != argmax_f32(want + i * CLASSES);
		correct += argmax_f32(got + i * CLASSES) == labels[i];
		ort_correct += argmax_f32(want + i * CLASSES) == labels[i];
	}
	printf("\n  QDQ on %s: %zu images, %zu of %zu logits differ from onnxruntime (unfused float path), "
	       "largest by %.6g = %.3f output steps; %zu predictions differ; accuracy %.2f%% "
	       "(onnxruntime %.2f%%)\n", backend(), n, diff, n * CLASSES, worst, worst / step, pred,
	       100.0 * (double)correct / (double)n, 100.0 * (double)ort_correct / (double)n);
	/* The fabric requantizes the exact integer accumulation once; the float reference rounds
	 * its float conv first: they may disagree by one output step near ties, rarely. */
	CU_ASSERT(worst <= step * 1.001);
	CU_ASSERT(diff * 1000 <= n * CLASSES);
	CU_ASSERT(pred * 200 <= n);
	lpfpga_model_free(m);
	lpfpga_close(dev);
	free(img);
	free(want);
	free(labels);
	free(got);
	free(x);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "fashion_qop_logits_equal_onnxruntime", fashion_qop_logits_equal_onnxruntime },
		{ "fashion_qdq_differences_are_single_steps", fashion_qdq_differences_are_single_steps },
		{ NULL, NULL },
	};

	return lpf_test_run("fashion", cases);
}
