/* SPDX-License-Identifier: MIT */
/*
 * lpfpga classify: the main job. Runs an image classifier through lpfpga_infer()
 * over a labelled set (default: the Fashion-MNIST test set from Debian's
 * dataset-fashion-mnist) and prints backend, accuracy, images/s and a confusion
 * summary; or classifies individual images and prints their top classes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "image_io.h"

#define FMNIST_DIR "/usr/share/datasets/fashion-mnist"
#define CLS_MAX_CLASSES 1000
#define CLS_MODEL_FILE "fashion_cnn_qop.onnx"
#define CLS_MODEL "models/" CLS_MODEL_FILE

static const char *const fmnist_names[10] = {
	"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
	"Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
};

struct cls_opts {
	const char *model, *backend, *labels;
	int batch, limit, top;
	const char **files;
	int n_files;
};

static void cls_usage(FILE *f)
{
	fprintf(f,
		"usage: lpfpga classify [-m MODEL] [-b BACKEND] [--batch N] [--limit N]\n"
		"                       [--labels LABELS.idx[.gz]] [--top K] [IMAGES...]\n"
		"Without IMAGES: the Fashion-MNIST test set (" FMNIST_DIR "),\n"
		"printing accuracy, images/s and a confusion summary.\n"
		"IMAGES: IDX image files (.gz or plain; with --labels for accuracy), .npy uint8\n"
		"arrays [N,H,W] or [N,1,H,W], or single PGM/PNG images: prints the top K classes\n"
		"of each (default 3). MODEL defaults to the shipped models/" CLS_MODEL_FILE ".\n");
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char *class_name(int k, int n_classes, char *buf, size_t len)
{
	if (n_classes == 10)
		return fmnist_names[k];
	snprintf(buf, len, "class %d", k);
	return buf;
}

/* Fill one model input from 8-bit pixels: raw for uint8 inputs quantized at 1/255,
 * otherwise quantized from pixel/255 with the input's scale and zero point, or
 * pixel/255 for a float input. */
static void fill_input(const lpfpga_tensor_info *info, const uint8_t *pix, size_t n, void *dst)
{
	for (size_t i = 0; i < n; i++) {
		double x = pix[i] / 255.0;

		if (info->dtype == LPFPGA_DTYPE_FLOAT) {
			((float *)dst)[i] = (float)x;
		} else {
			double q = info->scale > 0 ? nearbyint(x / info->scale) + info->zero_point
						   : pix[i];
			int lo = info->dtype == LPFPGA_DTYPE_INT8 ? -128 : 0;
			int hi = info->dtype == LPFPGA_DTYPE_INT8 ? 127 : 255;

			q = q < lo ? lo : q > hi ? hi : q;
			if (info->dtype == LPFPGA_DTYPE_INT8)
				((int8_t *)dst)[i] = (int8_t)q;
			else
				((uint8_t *)dst)[i] = (uint8_t)q;
		}
	}
}

/* Score of class k in row r of the output, dequantized when quantized. */
static double score(const lpfpga_tensor *out, const lpfpga_tensor_info *info, size_t r, int k,
		    int n_classes)
{
	size_t i = r * (size_t)n_classes + (size_t)k;
	double v;

	switch (out->dtype) {
	case LPFPGA_DTYPE_UINT8:
		v = ((const uint8_t *)out->data)[i];
		break;
	case LPFPGA_DTYPE_INT8:
		v = ((const int8_t *)out->data)[i];
		break;
	case LPFPGA_DTYPE_FLOAT:
		return ((const float *)out->data)[i];
	default:
		v = ((const int32_t *)out->data)[i];
		break;
	}
	return info->scale > 0 ? (v - info->zero_point) * info->scale : v;
}

static int argmax(const lpfpga_tensor *out, const lpfpga_tensor_info *info, size_t r, int nc)
{
	int best = 0;

	for (int k = 1; k < nc; k++)
		if (score(out, info, r, k, nc) > score(out, info, r, best, nc))
			best = k;
	return best;
}

static void progress(size_t done, size_t total, double t0)
{
	int width = 40, fill = (int)(width * done / (total ? total : 1));
	double dt = now_s() - t0;

	fprintf(stderr, "\r[%.*s%*s] %zu/%zu images, %.0f images/s ", fill,
		"========================================", width - fill, "", done, total,
		dt > 0 ? (double)done / dt : 0.0);
	if (done == total)
		fprintf(stderr, "\n");
}

static void print_confusion(const size_t *conf, int nc)
{
	size_t *off = malloc((size_t)nc * (size_t)nc * sizeof(*off));
	char a[32], b[32];

	printf("per-class accuracy:\n");
	for (int t = 0; t < nc; t++) {
		size_t row = 0;

		for (int p = 0; p < nc; p++)
			row += conf[t * nc + p];
		printf("  %-12s %6.2f%% of %zu\n", class_name(t, nc, a, sizeof(a)),
		       row ? 100.0 * (double)conf[t * nc + t] / (double)row : 0.0, row);
	}
	if (!off)
		return;
	memcpy(off, conf, (size_t)nc * (size_t)nc * sizeof(*off));
	for (int t = 0; t < nc; t++)
		off[t * nc + t] = 0;
	printf("most confused (true -> predicted):\n");
	for (int rank = 0; rank < 3; rank++) {
		int best = 0;

		for (int i = 1; i < nc * nc; i++)
			if (off[i] > off[best])
				best = i;
		if (!off[best])
			break;
		printf("  %-12s -> %-12s %zu\n", class_name(best / nc, nc, a, sizeof(a)),
		       class_name(best % nc, nc, b, sizeof(b)), off[best]);
		off[best] = 0;
	}
	free(off);
}

/* Print the top k classes of row r. */
static void print_top(const lpfpga_tensor *out, const lpfpga_tensor_info *info, size_t r,
		      int nc, int k)
{
	char used[CLS_MAX_CLASSES] = { 0 }, name[32];

	for (int t = 0; t < k && t < nc; t++) {
		int best = -1;

		for (int c = 0; c < nc; c++)
			if (!used[c] && (best < 0 || score(out, info, r, c, nc) >
							     score(out, info, r, best, nc)))
				best = c;
		used[best] = 1;
		printf(" %s (%.3f)", class_name(best, nc, name, sizeof(name)),
		       score(out, info, r, best, nc));
	}
	printf("\n");
}

static int classify(lpfpga_model *m, const struct cls_opts *o, const struct cli_images *imgs,
		    const uint8_t *labels, const char *device)
{
	lpfpga_tensor_info in_info, out_info;
	lpfpga_tensor in = { 0 }, out = { 0 };
	size_t px = (size_t)imgs->h * (size_t)imgs->w, n = imgs->n, done = 0, correct = 0;
	size_t *conf = NULL;
	int nc, rc = 1, tty = isatty(2) && labels;
	double t0;

	lpfpga_model_input_info(m, 0, &in_info);
	lpfpga_model_output_info(m, 0, &out_info);
	nc = (int)out_info.dims[out_info.rank - 1];
	if (lpfpga_model_num_inputs(m) != 1 || out_info.rank != 2 || nc < 2 ||
	    nc > CLS_MAX_CLASSES || in_info.rank != 4 || in_info.dims[1] != 1 ||
	    in_info.dims[2] != imgs->h || in_info.dims[3] != imgs->w) {
		fprintf(stderr, "lpfpga classify: the model must take one [N,1,%d,%d] input and give [N,classes]\n",
			imgs->h, imgs->w);
		return 1;
	}
	in.dtype = in_info.dtype;
	in.rank = 4;
	in.dims[1] = 1;
	in.dims[2] = imgs->h;
	in.dims[3] = imgs->w;
	in.size = (size_t)o->batch * px * lpfpga_dtype_size(in.dtype);
	out.size = (size_t)o->batch * (size_t)nc * lpfpga_dtype_size(out_info.dtype);
	in.data = malloc(in.size);
	out.data = malloc(out.size);
	conf = calloc((size_t)nc * (size_t)nc, sizeof(*conf));
	if (!in.data || !out.data || !conf) {
		fprintf(stderr, "lpfpga classify: out of memory\n");
		goto out;
	}
	t0 = now_s();
	while (done < n) {
		size_t b = n - done < (size_t)o->batch ? n - done : (size_t)o->batch;
		lpfpga_status st;

		in.dims[0] = (int64_t)b;
		fill_input(&in_info, imgs->pix + done * px, b * px, in.data);
		st = lpfpga_infer(m, &in, 1, &out, 1);
		if (st != LPFPGA_OK) {
			fprintf(stderr, "\nlpfpga classify: inference failed: %s: %s\n",
				lpfpga_status_str(st), lpfpga_model_last_error(m));
			goto out;
		}
		for (size_t r = 0; r < b; r++) {
			int p = argmax(&out, &out_info, r, nc);

			if (labels) {
				correct += labels[done + r] == p;
				if (labels[done + r] < nc)
					conf[labels[done + r] * nc + p]++;
			} else {
				if (imgs->n == (size_t)o->n_files)
					printf("%s:", o->files[done + r]);
				else
					printf("image %zu:", done + r);
				print_top(&out, &out_info, r, nc, o->top);
			}
		}
		done += b;
		if (tty)
			progress(done, n, t0);
	}
	if (labels) {
		double dt = now_s() - t0;

		printf("backend:    %s\n", device);
		printf("model:      %s\n", o->model);
		printf("images:     %zu (batch %d)\n", n, o->batch);
		printf("accuracy:   %.2f%% (%zu/%zu)\n", 100.0 * (double)correct / (double)n,
		       correct, n);
		printf("throughput: %.0f images/s (%.3f s)\n", dt > 0 ? (double)n / dt : 0.0, dt);
		print_confusion(conf, nc);
	}
	rc = 0;
out:
	free(in.data);
	free(out.data);
	free(conf);
	return rc;
}

/*
 * The shipped model: ./models/ in a source tree, else next to the executable
 * (build/bin/../../models) or in the installed share directory (bin/../share/lpfpga/models).
 */
static const char *default_model(char *buf, size_t len)
{
	static const char *const rel[] = { "../../models/", "../share/lpfpga/models/" };
	char exe[4096];
	ssize_t n;

	if (!access(CLS_MODEL, R_OK))
		return CLS_MODEL;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
			if (!cli_path(buf, len, "%s/%s%s", exe, rel[i], CLS_MODEL_FILE) &&
			    !access(buf, R_OK))
				return buf;
	}
	return CLS_MODEL;
}

int cmd_classify(int argc, char **argv)
{
	struct cls_opts o = { .backend = "auto", .batch = 100, .top = 3 };
	char model_buf[4096];
	struct cli_images imgs = { 0 };
	uint8_t *labels = NULL;
	size_t n_labels = 0;
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	char err[512];
	int rc = 1;

	o.model = default_model(model_buf, sizeof(model_buf));
	o.files = calloc((size_t)argc, sizeof(*o.files));
	if (!o.files)
		return 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cls_usage(stdout);
			free(o.files);
			return 0;
		} else if (!strcmp(argv[i], "-m") && i + 1 < argc) {
			o.model = argv[++i];
		} else if (!strcmp(argv[i], "-b") && i + 1 < argc) {
			o.backend = argv[++i];
		} else if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
			o.batch = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
			o.limit = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--top") && i + 1 < argc) {
			o.top = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--labels") && i + 1 < argc) {
			o.labels = argv[++i];
		} else if (argv[i][0] != '-') {
			o.files[o.n_files++] = argv[i];
		} else {
			fprintf(stderr, "lpfpga classify: unexpected argument '%s'\n", argv[i]);
			cls_usage(stderr);
			free(o.files);
			return 2;
		}
	}
	if (o.batch < 1 || o.top < 1 || o.limit < 0) {
		fprintf(stderr, "lpfpga classify: --batch and --top must be >= 1, --limit >= 0\n");
		free(o.files);
		return 2;
	}
	if (!o.n_files) {
		o.files[o.n_files++] = FMNIST_DIR "/t10k-images-idx3-ubyte.gz";
		if (!o.labels)
			o.labels = FMNIST_DIR "/t10k-labels-idx1-ubyte.gz";
	}
	for (int i = 0; i < o.n_files; i++)
		if (cli_images_read(o.files[i], &imgs, err, sizeof(err))) {
			fprintf(stderr, "lpfpga classify: %s\n", err);
			goto out;
		}
	if (o.labels) {
		if (cli_labels_read(o.labels, &labels, &n_labels, err, sizeof(err))) {
			fprintf(stderr, "lpfpga classify: %s\n", err);
			goto out;
		}
		if (n_labels != imgs.n) {
			fprintf(stderr, "lpfpga classify: %zu labels for %zu images\n", n_labels,
				imgs.n);
			goto out;
		}
	}
	if (o.limit && (size_t)o.limit < imgs.n)
		imgs.n = (size_t)o.limit;
	if ((size_t)o.batch > imgs.n)
		o.batch = (int)imgs.n;
	dev = cli_open(o.backend);
	if (!dev)
		goto out;
	m = cli_load(dev, o.model, o.batch, 0);
	if (m)
		rc = classify(m, &o, &imgs, labels, lpfpga_device_backend(dev));
out:
	lpfpga_model_free(m);
	lpfpga_close(dev);
	cli_images_free(&imgs);
	free(labels);
	free(o.files);
	return rc;
}
