/* SPDX-License-Identifier: MIT */
/* IDX (gzip'd or plain, via zlib), .npy (via the public tensor reader), PGM and PNG readers. */
#include "image_io.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "lpfpga.h"

/* A dataset file larger than this is not a Fashion-MNIST-sized set: refuse it. */
#define CLI_MAX_FILE (1u << 30)

static int has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/* Whole file through zlib (which reads plain files unchanged); *len bytes, malloc'd. */
static uint8_t *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	gzFile f = gzopen(path, "rb");
	size_t cap = 1 << 20, n = 0;
	uint8_t *buf;
	int got;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return NULL;
	}
	buf = malloc(cap);
	while (buf && (got = gzread(f, buf + n, (unsigned)(cap - n))) > 0) {
		n += (size_t)got;
		if (n == cap) {
			uint8_t *bigger = cap < CLI_MAX_FILE ? realloc(buf, cap * 2) : NULL;

			if (!bigger) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
	}
	if (buf && got < 0) {
		free(buf);
		buf = NULL;
	}
	gzclose(f);
	if (!buf)
		snprintf(err, errlen, "%s: read error, corrupt gzip data or larger than 1 GiB", path);
	*len = n;
	return buf;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int append(struct cli_images *imgs, const uint8_t *pix, size_t n, int h, int w,
		  const char *path, char *err, size_t errlen)
{
	uint8_t *grown;

	if (imgs->n && (imgs->h != h || imgs->w != w)) {
		snprintf(err, errlen, "%s: images are %dx%d, earlier ones %dx%d", path, w, h,
			 imgs->w, imgs->h);
		return -1;
	}
	grown = realloc(imgs->pix, (imgs->n + n) * (size_t)h * (size_t)w);
	if (!grown) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	imgs->pix = grown;
	memcpy(imgs->pix + imgs->n * (size_t)h * (size_t)w, pix, n * (size_t)h * (size_t)w);
	imgs->n += n;
	imgs->h = h;
	imgs->w = w;
	return 0;
}

static int read_idx(const char *path, struct cli_images *imgs, char *err, size_t errlen)
{
	size_t len;
	uint8_t *b = slurp(path, &len, err, errlen);
	uint32_t n, h, w;
	int rc = -1;

	if (!b)
		return -1;
	if (len < 16 || be32(b) != 0x00000803) {
		snprintf(err, errlen, "%s: not an IDX image file (magic 0x00000803)", path);
		goto out;
	}
	n = be32(b + 4);
	h = be32(b + 8);
	w = be32(b + 12);
	if (!h || !w || h > 4096 || w > 4096 || (len - 16) / ((size_t)h * w) < n) {
		snprintf(err, errlen, "%s: header says %u images of %ux%u, file holds %zu bytes",
			 path, n, w, h, len);
		goto out;
	}
	rc = append(imgs, b + 16, n, (int)h, (int)w, path, err, errlen);
out:
	free(b);
	return rc;
}

int cli_labels_read(const char *path, uint8_t **labels, size_t *n, char *err, size_t errlen)
{
	size_t len;
	uint8_t *b = slurp(path, &len, err, errlen);
	uint32_t count;

	if (!b)
		return -1;
	if (len < 8 || be32(b) != 0x00000801 || len - 8 < (count = be32(b + 4))) {
		snprintf(err, errlen, "%s: not an IDX label file (magic 0x00000801)", path);
		free(b);
		return -1;
	}
	memmove(b, b + 8, count);
	*labels = b;
	*n = count;
	return 0;
}

static int read_npy(const char *path, struct cli_images *imgs, char *err, size_t errlen)
{
	lpfpga_tensor t;
	int rc = -1, h, w;

	if (lpfpga_tensor_read(path, &t, err, errlen) != LPFPGA_OK)
		return -1;
	if (t.dtype != LPFPGA_DTYPE_UINT8 || t.rank < 3 || t.rank > 4 ||
	    (t.rank == 4 && t.dims[1] != 1)) {
		snprintf(err, errlen, "%s: expected uint8 [N,H,W] or [N,1,H,W], got %s rank %d",
			 path, lpfpga_dtype_name(t.dtype), t.rank);
		goto out;
	}
	h = (int)t.dims[t.rank - 2];
	w = (int)t.dims[t.rank - 1];
	rc = append(imgs, t.data, (size_t)t.dims[0], h, w, path, err, errlen);
out:
	lpfpga_tensor_release(&t);
	return rc;
}

static int read_pgm(const char *path, struct cli_images *imgs, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	int w, h, maxval, rc = -1;
	uint8_t *pix = NULL;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	if (fscanf(f, "P5 %d %d %d", &w, &h, &maxval) != 3 || maxval != 255 || w <= 0 ||
	    h <= 0 || w > 4096 || h > 4096 || fgetc(f) == EOF) {
		snprintf(err, errlen, "%s: not a binary 8-bit PGM (P5, maxval 255)", path);
		goto out;
	}
	pix = malloc((size_t)w * (size_t)h);
	if (!pix || fread(pix, 1, (size_t)w * (size_t)h, f) != (size_t)w * (size_t)h) {
		snprintf(err, errlen, "%s: truncated PGM", path);
		goto out;
	}
	rc = append(imgs, pix, 1, h, w, path, err, errlen);
out:
	free(pix);
	fclose(f);
	return rc;
}

static int read_png(const char *path, struct cli_images *imgs, char *err, size_t errlen)
{
	png_image img;
	uint8_t *pix;
	int rc;

	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path)) {
		snprintf(err, errlen, "%s: %s", path, img.message);
		return -1;
	}
	img.format = PNG_FORMAT_GRAY;
	if (img.width > 4096 || img.height > 4096) {
		png_image_free(&img);
		snprintf(err, errlen, "%s: %ux%u is too large", path, img.width, img.height);
		return -1;
	}
	pix = malloc(PNG_IMAGE_SIZE(img));
	if (!pix || !png_image_finish_read(&img, NULL, pix, 0, NULL)) {
		snprintf(err, errlen, "%s: %s", path, pix ? img.message : "out of memory");
		png_image_free(&img);
		free(pix);
		return -1;
	}
	rc = append(imgs, pix, 1, (int)img.height, (int)img.width, path, err, errlen);
	free(pix);
	return rc;
}

int cli_images_read(const char *path, struct cli_images *imgs, char *err, size_t errlen)
{
	if (has_suffix(path, ".npy"))
		return read_npy(path, imgs, err, errlen);
	if (has_suffix(path, ".pgm"))
		return read_pgm(path, imgs, err, errlen);
	if (has_suffix(path, ".png"))
		return read_png(path, imgs, err, errlen);
	return read_idx(path, imgs, err, errlen);
}

void cli_images_free(struct cli_images *imgs)
{
	free(imgs->pix);
	memset(imgs, 0, sizeof(*imgs));
}
