/* SPDX-License-Identifier: MIT */
/* Whole-file reads with the size capped before anything is allocated. */
#ifndef LPF_ONNX_FILE_H
#define LPF_ONNX_FILE_H

#include <stddef.h>

#include "core/error.h"

/*
 * Read the regular file at path into a malloc'd buffer (*buf, never NULL on
 * success; free() it). Files over max bytes fail with NOT_SUPPORTED, a missing
 * file with NOT_FOUND, other failures with IO; messages start with path.
 */
lpfpga_status lpf_onnx_read_file(const char *path, size_t max, void **buf, size_t *size,
				 struct lpf_err *err);

#endif
