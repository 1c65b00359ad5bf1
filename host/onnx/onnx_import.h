/* SPDX-License-Identifier: MIT */
/*
 * ONNX ModelProto -> struct lpf_graph. Hostile-input safe: every size is capped
 * before allocation, every reference is checked, and each rejection names the
 * file, node or tensor and the reason.
 */
#ifndef LPF_ONNX_IMPORT_H
#define LPF_ONNX_IMPORT_H

#include <stddef.h>

#include "core/error.h"
#include "ir/graph.h"

/* Caps on what a model may declare; a model beyond them is rejected. */
#define LPF_ONNX_MAX_FILE_BYTES (512u << 20)
#define LPF_ONNX_MAX_NODES 100000
#define LPF_ONNX_MAX_TENSORS 200000
#define LPF_ONNX_MAX_TENSOR_BYTES (256u << 20)

lpfpga_status lpf_onnx_load_file(const char *path, struct lpf_graph **out, struct lpf_err *err);

/* name is used in messages and to resolve nothing else: external data is refused. */
lpfpga_status lpf_onnx_load_buffer(const void *data, size_t size, const char *name,
				   struct lpf_graph **out, struct lpf_err *err);

#endif
