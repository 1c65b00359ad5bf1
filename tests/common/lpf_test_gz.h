/* SPDX-License-Identifier: MIT */
/* Reading gzip'd fixtures (tests/data/) and datasets in the unit tests; links with -lz. */
#ifndef LPF_TEST_GZ_H
#define LPF_TEST_GZ_H

#include <stddef.h>
#include <stdint.h>

/* The first want bytes of the gzip file at path (malloc'd), or NULL with a message. */
uint8_t *lpf_test_read_gz(const char *path, size_t want);

#endif
