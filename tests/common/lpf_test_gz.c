/* SPDX-License-Identifier: MIT */
#include "common/lpf_test_gz.h"

#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

uint8_t *lpf_test_read_gz(const char *path, size_t want)
{
	gzFile f = gzopen(path, "rb");
	uint8_t *b = malloc(want);
	int got = -1;

	if (f && b)
		got = gzread(f, b, (unsigned)want);
	if (f)
		gzclose(f);
	if (got != (int)want) {
		fprintf(stderr, "%s: could not read %zu bytes\n", path, want);
		free(b);
		return NULL;
	}
	return b;
}
