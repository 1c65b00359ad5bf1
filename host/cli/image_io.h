/* SPDX-License-Identifier: MIT */
/* Reading images and labelled image sets for `lpfpga classify`. */
#ifndef LPF_IMAGE_IO_H
#define LPF_IMAGE_IO_H

#include <stddef.h>
#include <stdint.h>

/* A stack of 8-bit grayscale images, row-major, n × h × w bytes. */
struct cli_images {
	uint8_t *pix;
	size_t n;
	int h, w;
};

/*
 * Read an IDX image file (magic 0x00000803, optionally gzip-compressed), a .npy
 * uint8 array shaped [N,H,W] or [N,1,H,W], a binary PGM (P5, maxval 255) or a PNG
 * (converted to 8-bit gray) and append its images to *imgs, which must all share
 * one size. Returns 0, or -1 with the reason in err.
 */
int cli_images_read(const char *path, struct cli_images *imgs, char *err, size_t errlen);

/* Read an IDX label file (magic 0x00000801, optionally gzip'd); *labels is malloc'd. */
int cli_labels_read(const char *path, uint8_t **labels, size_t *n, char *err, size_t errlen);

void cli_images_free(struct cli_images *imgs);

#endif
