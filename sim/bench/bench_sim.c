/* SPDX-License-Identifier: MIT */
/*
 * lpfpga-bench-sim [--images IMAGES.u8.gz] MODEL...: per-layer MAC-array utilisation on
 * the RTL (sim backend), public API only.
 *
 * Each MODEL is loaded with lpfpga_model_options.profile = 1 (one fabric job per layer)
 * and run once, batch 1. The input is the first image of IMAGES (28x28 uint8) for a model
 * whose input has 784 uint8 elements, otherwise deterministic pseudo-random bytes. One row
 * per fabric layer: MACs, busy cycles, utilisation = MACs / (cycles x PE_ROWS x PE_COLS),
 * stall cycles, DRAM bytes the fabric counted against the compiler's lower bound, and a
 * "limited by" guess from the counters (see limit_of()). With --images the first MODEL
 * is also run again without profiling: the wall time of one image through the RTL. The
 * outputs of every profiled run are compared with the cpu backend's (the golden model).
 * The summary gives fabric cycles per wall second of each model (one thread).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "lpfpga.h"

#define AXI_BYTES_PER_CYCLE 16.0 /* AXI_DATA_BITS / 8 (hw/spec/lpfpga_spec.json) */

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	size_t n;
	static char buf[64];

	s = s ? s + 1 : path;
	n = strcspn(s, ".");
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/*
 * What bounds a layer, from its own counters (a heuristic):
 *   "compute"     utilisation >= 80 %: the array is nearly always full;
 *   "DRAM"        the bytes moved at AXI_BYTES_PER_CYCLE take >= 70 % of the cycles;
 *   "stalls"      the compute unit waited for a token (a LOAD/STORE) >= 40 % of the cycles;
 *   "tile/fill"   otherwise: partial tiles (channels or pixels not a multiple of the
 *                 array), pipeline fill and drain, per-instruction overhead.
 */
static const char *limit_of(const lpfpga_counters *c, double util)
{
	double cyc = (double)c->busy_cycles;
	double dram = (double)(c->dram_read_bytes + c->dram_write_bytes) / AXI_BYTES_PER_CYCLE;

	if (cyc <= 0)
		return "-";
	if (util >= 0.8)
		return "compute";
	if (dram >= 0.7 * cyc)
		return "DRAM";
	if ((double)c->stall_cycles >= 0.4 * cyc)
		return "stalls";
	return "tile/fill";
}

struct io {
	lpfpga_tensor in[4], out[4];
	int n_in, n_out;
};

static size_t shape_of(const lpfpga_tensor_info *ti, lpfpga_tensor *t)
{
	size_t n = 1;

	t->dtype = ti->dtype;
	t->rank = ti->rank;
	for (int d = 0; d < ti->rank; d++) {
		t->dims[d] = ti->dims[d] < 0 ? 1 : ti->dims[d];
		n *= (size_t)t->dims[d];
	}
	return n;
}

static int io_setup(lpfpga_model *m, const unsigned char *image, struct io *io)
{
	lpfpga_tensor_info ti;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	memset(io, 0, sizeof(*io));
	io->n_in = lpfpga_model_num_inputs(m);
	io->n_out = lpfpga_model_num_outputs(m);
	if (io->n_in > 4 || io->n_out > 4) {
		io->n_in = io->n_out = 0;
		return -1;
	}
	for (int i = 0; i < io->n_in; i++) {
		lpfpga_tensor *t = &io->in[i];
		size_t n;

		if (lpfpga_model_input_info(m, i, &ti) != LPFPGA_OK)
			return -1;
		n = shape_of(&ti, t);
		t->size = n * lpfpga_dtype_size(ti.dtype);
		t->data = malloc(t->size ? t->size : 1);
		if (!t->data)
			return -1;
		if (image && ti.dtype == LPFPGA_DTYPE_UINT8 && n == 28 * 28) {
			memcpy(t->data, image, n);
			continue;
		}
		for (size_t b = 0; b < t->size; b++) {	/* xorshift64: same bytes every run */
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			((unsigned char *)t->data)[b] = (unsigned char)(x >> 32);
		}
	}
	for (int i = 0; i < io->n_out; i++) {
		lpfpga_tensor *t = &io->out[i];

		if (lpfpga_model_output_info(m, i, &ti) != LPFPGA_OK)
			return -1;
		t->size = shape_of(&ti, t) * lpfpga_dtype_size(ti.dtype);
		t->data = malloc(t->size ? t->size : 1);
		if (!t->data)
			return -1;
	}
	return 0;
}

static int io_same_outputs(const struct io *a, const struct io *b)
{
	if (a->n_out != b->n_out)
		return 0;
	for (int i = 0; i < a->n_out; i++)
		if (a->out[i].size != b->out[i].size ||
		    memcmp(a->out[i].data, b->out[i].data, a->out[i].size))
			return 0;
	return 1;
}

static void io_free(struct io *io)
{
	for (int i = 0; i < io->n_in; i++)
		free(io->in[i].data);
	for (int i = 0; i < io->n_out; i++)
		free(io->out[i].data);
}

/* Load and run once; *wall = seconds in lpfpga_infer(); the caller frees *io. */
static lpfpga_model *run(lpfpga_device *dev, const char *path, int profile,
			 const unsigned char *image, struct io *io, double *wall)
{
	lpfpga_model_options o = { .batch = 1, .profile = profile };
	lpfpga_model *m;
	double t0;
	int st;

	memset(io, 0, sizeof(*io));

	if (lpfpga_model_load(dev, path, &o, &m) != LPFPGA_OK) {
		fprintf(stderr, "%s: %s\n", path, lpfpga_device_last_error(dev));
		return NULL;
	}
	if (io_setup(m, image, io)) {
		fprintf(stderr, "%s: cannot set up the inputs\n", path);
		lpfpga_model_free(m);
		return NULL;
	}
	t0 = now_s();
	st = lpfpga_infer(m, io->in, io->n_in, io->out, io->n_out);
	*wall = now_s() - t0;
	if (st != LPFPGA_OK) {
		fprintf(stderr, "%s: infer: %s\n", path, lpfpga_model_last_error(m));
		lpfpga_model_free(m);
		return NULL;
	}
	return m;
}

static void print_header(const lpfpga_device_info *di)
{
	static const int w[11] = { 24, 20, 11, 9, 9, 6, 9, 10, 10, 5, 12 };

	printf("fabric: %u x %u MAC array (%u MACs/cycle), %.0f B/cycle AXI; one run per model, "
	       "batch 1, profile on\n\n", di->pe_rows, di->pe_cols, di->pe_rows * di->pe_cols,
	       AXI_BYTES_PER_CYCLE);
	printf("| %-24s | %-20s | %11s | %9s | %9s | %6s | %9s | %10s | %10s | %5s | %-12s |\n",
	       "model", "layer op", "MACs", "cycles", "CONV est", "util%", "stalls", "DRAM B",
	       "lower bd", "ratio", "limited by");
	for (int i = 0; i < 11; i++) {	/* markdown rule; numbers right-aligned */
		printf("|");
		for (int k = 0; k < w[i] + 2 - (i >= 2 && i <= 9); k++)
			putchar('-');
		printf("%s", i >= 2 && i <= 9 ? ":" : "");
	}
	printf("|\n");
}

static void print_layers(const lpfpga_device_info *di, const char *model, lpfpga_model *m)
{
	int n = lpfpga_model_num_layers(m);

	for (int i = 0; i < n; i++) {
		lpfpga_layer_stats s;
		const lpfpga_counters *c = &s.counters;
		double util, bytes;

		if (lpfpga_model_layer_stats(m, i, &s) != LPFPGA_OK)
			continue;
		printf("| %-24.24s | %-20.20s | %11llu | ", model, s.op, (unsigned long long)s.macs);
		if (!s.measured) {
			printf("%9s | %9llu | %6s | %9s | %10s | %10llu | %5s | %-12s |\n", "-",
			       (unsigned long long)s.conv_cycles, "-", "-", "-",
			       (unsigned long long)s.dram_lower_bound, "-", "not measured");
			continue;
		}
		util = c->busy_cycles ? (double)c->macs / ((double)c->busy_cycles * di->pe_rows *
							    di->pe_cols) : 0.0;
		bytes = (double)(c->dram_read_bytes + c->dram_write_bytes);
		printf("%9llu | %9llu | %6.1f | %9llu | %10.0f | %10llu | %5.2f | %-12s |\n",
		       (unsigned long long)c->busy_cycles, (unsigned long long)s.conv_cycles,
		       100.0 * util,
		       (unsigned long long)c->stall_cycles, bytes,
		       (unsigned long long)s.dram_lower_bound,
		       s.dram_lower_bound ? bytes / (double)s.dram_lower_bound : 0.0,
		       limit_of(c, util));
	}
}

static void model_totals(lpfpga_model *m, uint64_t *cycles, uint64_t *macs)
{
	lpfpga_counters c;

	*cycles = *macs = 0;
	if (lpfpga_model_counters(m, &c) == LPFPGA_OK) {
		*cycles = c.busy_cycles;
		*macs = c.macs;
	}
}

int main(int argc, char **argv)
{
	static unsigned char image[28 * 28];
	const char *images = NULL;
	lpfpga_device *dev;
	lpfpga_device_info di;
	lpfpga_device *cpu = NULL;
	int first = 1, n_models, rc = 0, n_same = 0;
	double *wall, w;
	uint64_t *cycles, macs;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: lpfpga-bench-sim [--images IMAGES.u8.gz] MODEL...\n"
		       "Runs each ONNX MODEL once on the sim backend (batch 1, one fabric job per\n"
		       "layer) and prints per layer: MACs, cycles, MAC-array utilisation, stalls and\n"
		       "DRAM bytes against the compiler's lower bound; outputs are checked against\n"
		       "the cpu backend. --images: gzip'd 28x28 uint8 images, the first is the input\n"
		       "of 784-byte models and is also timed without profiling. `make bench-sim`\n"
		       "runs it on the shipped model and ResNet-18-shaped layers.\n");
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--images")) {
		images = argv[2];
		first = 3;
	}
	n_models = argc - first;
	if (n_models < 1) {
		fprintf(stderr, "usage: lpfpga-bench-sim [--images IMAGES.u8.gz] MODEL... (--help)\n");
		return 2;
	}
	if (images) {
		gzFile gz = gzopen(images, "rb");

		if (!gz || gzread(gz, image, sizeof(image)) != (int)sizeof(image)) {
			fprintf(stderr, "%s: cannot read %zu bytes\n", images, sizeof(image));
			return 1;
		}
		gzclose(gz);
	}
	if (lpfpga_open("sim", &dev) != LPFPGA_OK) {
		fprintf(stderr, "sim backend: %s\n", lpfpga_last_open_error());
		return 1;
	}
	if (lpfpga_device_query(dev, &di) != LPFPGA_OK || !di.pe_rows || !di.pe_cols) {
		fprintf(stderr, "sim backend: %s\n", lpfpga_device_last_error(dev));
		lpfpga_close(dev);
		return 1;
	}
	if (lpfpga_open("cpu", &cpu) != LPFPGA_OK)
		fprintf(stderr, "cpu backend: %s\n", lpfpga_last_open_error());
	wall = calloc((size_t)n_models, sizeof(*wall));
	cycles = calloc((size_t)n_models, sizeof(*cycles));
	if (!wall || !cycles)
		return 1;
	print_header(&di);
	for (int i = 0; i < n_models; i++) {
		const char *path = argv[first + i];
		const unsigned char *img = images ? image : NULL;
		struct io io, io_cpu;
		lpfpga_model *m = run(dev, path, 1, img, &io, &wall[i]);
		lpfpga_model *mc;
		double w_cpu;

		if (!m) {
			io_free(&io);
			rc = 1;
			continue;
		}
		print_layers(&di, base_name(path), m);
		model_totals(m, &cycles[i], &macs);
		lpfpga_model_free(m);
		mc = cpu ? run(cpu, path, 0, img, &io_cpu, &w_cpu) : NULL;
		if (mc && io_same_outputs(&io, &io_cpu)) {
			n_same++;
		} else if (mc) {
			fprintf(stderr, "%s: RTL outputs differ from the cpu backend's\n", path);
			rc = 1;
		} else {
			rc = 1;
		}
		lpfpga_model_free(mc);
		io_free(&io_cpu);
		io_free(&io);
	}
	printf("\nutil%% = MACs / (cycles x %u x %u); cycles, stalls and DRAM B are the fabric's "
	       "own PERF counters,\nCONV est the compiler's count of CONV step cycles (INP bank "
	       "conflicts included; a lower bound of cycles),\nlower bd / ratio the compiler's "
	       "bound (every input, weight and output byte once) and DRAM B / bound.\n\n",
	       di.pe_rows, di.pe_cols);
	printf("outputs bit-exact with the cpu backend (golden model): %d of %d models\n\n",
	       n_same, n_models);
	printf("simulation speed (one thread, whole lpfpga_infer() incl. host steps):\n");
	for (int i = 0; i < n_models; i++) {
		if (!cycles[i])
			continue;
		printf("  %-26s %10llu cycles in %7.3f s wall: %9.0f fabric cycles/s\n",
		       base_name(argv[first + i]), (unsigned long long)cycles[i], wall[i],
		       (double)cycles[i] / wall[i]);
	}
	if (images) {	/* the first model again, as an application runs it */
		const char *path = argv[first];
		struct io io;
		lpfpga_model *m = run(dev, path, 0, image, &io, &w);
		uint64_t cyc;

		io_free(&io);
		if (m) {
			model_totals(m, &cyc, &macs);
			printf("one image through the RTL (%s, profile off): %.3f s wall, %llu "
			       "cycles, utilisation %.1f %%\n", base_name(path), w,
			       (unsigned long long)cyc, cyc ? 100.0 * (double)macs /
			       ((double)cyc * di.pe_rows * di.pe_cols) : 0.0);
			lpfpga_model_free(m);
		} else {
			rc = 1;
		}
	}
	free(wall);
	free(cycles);
	lpfpga_close(cpu);
	lpfpga_close(dev);
	return rc;
}
