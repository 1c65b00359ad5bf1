/* SPDX-License-Identifier: MIT */
/*
 * Throughput of lpfpga_infer() on one model with uint8 image input: loads the model
 * on a device, feeds batches cut from a raw image file (one image after another,
 * C*H*W bytes each), warms up, then runs for a fixed time and prints images/s.
 * Public API only.
 *
 *   bench_lpfpga MODEL IMAGES.u8 BATCH SECONDS [BACKEND]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lpfpga.h>

#define WARMUP_SECONDS 0.3

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n;

	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) > 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n);
		if (buf && fread(buf, 1, (size_t)n, fp) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		*size = (size_t)n;
	}
	fclose(fp);
	return buf;
}

/* Runs inferences on rotating batches for at least seconds; returns images/s or -1. */
static double run(lpfpga_model *m, lpfpga_tensor *in, lpfpga_tensor *out,
		  const unsigned char *images, size_t n_images, size_t batch_bytes, int batch,
		  double seconds)
{
	size_t n_batches = n_images / (size_t)batch, k = 0;
	double t0 = now_s(), t;
	long iters = 0;

	do {
		in->data = (void *)(images + (k++ % n_batches) * batch_bytes);
		if (lpfpga_infer(m, in, 1, out, 1) != LPFPGA_OK) {
			fprintf(stderr, "bench_lpfpga: %s\n", lpfpga_model_last_error(m));
			return -1;
		}
		iters++;
		t = now_s() - t0;
	} while (t < seconds);
	return (double)iters * batch / t;
}

int main(int argc, char **argv)
{
	lpfpga_model_options opts = {0};
	lpfpga_tensor_info ii, oi;
	lpfpga_tensor in = {0}, out = {0};
	lpfpga_device *dev;
	lpfpga_model *m;
	unsigned char *images, *outbuf;
	size_t img_bytes = 1, file_size = 0, n_images, out_bytes;
	double seconds, ips;
	int batch;

	if (argc < 5) {
		fprintf(stderr, "usage: bench_lpfpga MODEL IMAGES.u8 BATCH SECONDS [BACKEND]\n");
		return 2;
	}
	batch = atoi(argv[3]);
	seconds = atof(argv[4]);
	if (batch <= 0 || seconds <= 0) {
		fprintf(stderr, "bench_lpfpga: bad batch or seconds\n");
		return 2;
	}
	if (lpfpga_open(argc > 5 ? argv[5] : "cpu", &dev) != LPFPGA_OK) {
		fprintf(stderr, "bench_lpfpga: %s\n", lpfpga_last_open_error());
		return 1;
	}
	opts.batch = batch;
	if (lpfpga_model_load(dev, argv[1], &opts, &m) != LPFPGA_OK) {
		fprintf(stderr, "bench_lpfpga: %s\n", lpfpga_device_last_error(dev));
		lpfpga_close(dev);
		return 1;
	}
	lpfpga_model_input_info(m, 0, &ii);
	lpfpga_model_output_info(m, 0, &oi);
	for (int d = 1; d < ii.rank; d++)
		img_bytes *= (size_t)ii.dims[d];
	out_bytes = lpfpga_dtype_size(oi.dtype) * (size_t)batch;
	for (int d = 1; d < oi.rank; d++)
		out_bytes *= (size_t)oi.dims[d];
	images = read_file(argv[2], &file_size);
	n_images = images ? file_size / img_bytes : 0;
	outbuf = malloc(out_bytes);
	if (ii.dtype != LPFPGA_DTYPE_UINT8 || n_images < (size_t)batch || !outbuf) {
		fprintf(stderr, "bench_lpfpga: need a uint8-input model and at least %d images "
				"of %zu bytes in %s\n", batch, img_bytes, argv[2]);
		free(images);
		free(outbuf);
		lpfpga_model_free(m);
		lpfpga_close(dev);
		return 1;
	}
	in.dtype = ii.dtype;
	in.rank = ii.rank;
	memcpy(in.dims, ii.dims, sizeof(in.dims));
	in.dims[0] = batch;
	in.size = img_bytes * (size_t)batch;
	out.data = outbuf;
	out.size = out_bytes;

	ips = run(m, &in, &out, images, n_images, in.size, batch, WARMUP_SECONDS);
	if (ips >= 0)
		ips = run(m, &in, &out, images, n_images, in.size, batch, seconds);
	if (ips >= 0)
		printf("%.0f\n", ips);
	free(images);
	free(outbuf);
	lpfpga_model_free(m);
	lpfpga_close(dev);
	return ips >= 0 ? 0 : 1;
}
