/* SPDX-License-Identifier: MIT */
/* State shared by the importer's passes while it turns a ModelProto into a graph. */
#ifndef LPF_ONNX_BUILD_H
#define LPF_ONNX_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "ir/graph.h"
#include "onnx.pb-c.h"

struct lpf_onnx_build {
	const char *file;               /* prefix of every message */
	struct lpf_graph *g;
	int cap_tensors;
	int *slots;                     /* open-addressing name index: tensor index or -1 */
	size_t n_slots;                 /* power of two, at least twice the named tensors */
	int n_named;
	struct lpf_err *err;            /* never NULL */
};

/* Record an error in b->err as "<file>: <message>"; returns st. */
lpfpga_status lpf_onnx_fail(struct lpf_onnx_build *b, lpfpga_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in b->err with "<file>: "; returns its status. */
lpfpga_status lpf_onnx_fail_prefix(struct lpf_onnx_build *b);

/*
 * Append a tensor called name (copied; unknown shape, no producer). If indexed,
 * it is found by lpf_onnx_find(); the name must not be indexed yet. Returns its
 * index, or -1 when out of memory or over LPF_ONNX_MAX_TENSORS (error recorded).
 */
int lpf_onnx_add_tensor(struct lpf_onnx_build *b, const char *name, bool indexed);

/* Index of the indexed tensor called name, or -1. */
int lpf_onnx_find(const struct lpf_onnx_build *b, const char *name);

/* strdup that records an out-of-memory error. */
char *lpf_onnx_strdup(struct lpf_onnx_build *b, const char *s);

/* Protobuf-c leaves absent strings NULL; the importer treats them as "". */
static inline const char *lpf_onnx_str(const char *s)
{
	return s ? s : "";
}

/* Nodes: Constant folding, node records, attributes, input resolution. */
lpfpga_status lpf_onnx_import_nodes(struct lpf_onnx_build *b, const LpfOnnx__GraphProto *gp);

/* Order g->nodes topologically (Kahn); fails naming a node on a cycle. */
lpfpga_status lpf_onnx_topo_sort(struct lpf_onnx_build *b);

#endif
