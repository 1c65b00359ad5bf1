/* SPDX-License-Identifier: MIT */
/*
 * Pre-scan of protobuf wire data before protobuf-c decodes it. protobuf-c has no
 * recursion limit and allocates a struct for every submessage it sees, so a small
 * hostile file could exhaust the stack or the heap; this walk rejects such input
 * first, following only the ONNX fields lpfpga declares.
 */
#ifndef LPF_ONNX_WIRE_H
#define LPF_ONNX_WIRE_H

#include <stddef.h>

#include "core/error.h"

/* Deepest message nesting accepted (subgraphs included, though they are refused later). */
#define LPF_WIRE_MAX_DEPTH 32
/* Estimated heap protobuf-c may allocate while decoding one buffer. */
#define LPF_WIRE_MAX_DECODED_BYTES (1ull << 30)

enum lpf_wire_root {
	LPF_WIRE_MODEL,         /* ModelProto */
	LPF_WIRE_TENSOR,        /* TensorProto */
};

/*
 * Check buf as a serialized root message: varints at most 10 bytes, lengths inside
 * their enclosing message, known fields with the right wire type, singular fields
 * at most once, repeated fields under their caps, nesting under LPF_WIRE_MAX_DEPTH.
 * On failure returns LPFPGA_ERROR_MODEL_INVALID with the reason and byte offset in err
 * (no file name: the caller prefixes it).
 */
lpfpga_status lpf_wire_check(const void *buf, size_t size, enum lpf_wire_root root,
			     struct lpf_err *err);

#endif
