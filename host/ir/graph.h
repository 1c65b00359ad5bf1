/* SPDX-License-Identifier: MIT */
/*
 * The in-memory graph every later stage works on: tensors (with constant data for
 * initializers and Constant nodes), nodes in topological order, graph inputs and
 * outputs. The ONNX importer builds it; the compiler reads it. It knows no device.
 */
#ifndef LPF_GRAPH_H
#define LPF_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lpfpga.h"

#define LPF_MAX_RANK LPFPGA_MAX_RANK

/* ONNX TensorProto.DataType values the IR can hold. */
enum lpf_onnx_dtype {
	LPF_DT_UNDEFINED = 0,
	LPF_DT_FLOAT = 1,
	LPF_DT_UINT8 = 2,
	LPF_DT_INT8 = 3,
	LPF_DT_UINT16 = 4,
	LPF_DT_INT16 = 5,
	LPF_DT_INT32 = 6,
	LPF_DT_INT64 = 7,
	LPF_DT_BOOL = 9,
	LPF_DT_FLOAT16 = 10,
	LPF_DT_DOUBLE = 11,
	LPF_DT_UINT32 = 12,
	LPF_DT_UINT64 = 13,
};

/* Bytes per element of an IR dtype; 0 for unknown or unsupported. */
size_t lpf_dtype_size(int dtype);
const char *lpf_dtype_name(int dtype);

struct lpf_tensor {
	char *name;
	int dtype;                      /* enum lpf_onnx_dtype; UNDEFINED until inferred */
	int rank;                       /* -1 while the shape is unknown */
	int64_t dims[LPF_MAX_RANK];     /* dims[0] == LPF_DIM_BATCH for a symbolic batch */
	void *data;                     /* non-NULL for constants: dense, row-major, host order */
	size_t nbytes;                  /* bytes at data */
	int producer;                   /* node index, or -1 */
	bool is_input;                  /* graph input (not an initializer) */
	bool is_output;                 /* graph output */
};

#define LPF_DIM_BATCH (-1)

enum lpf_attr_type {
	LPF_ATTR_FLOAT = 1,
	LPF_ATTR_INT = 2,
	LPF_ATTR_STRING = 3,
	LPF_ATTR_TENSOR = 4,
	LPF_ATTR_FLOATS = 6,
	LPF_ATTR_INTS = 7,
	LPF_ATTR_STRINGS = 8,
};

struct lpf_attr {
	char *name;
	int type;                       /* enum lpf_attr_type */
	float f;
	int64_t i;
	char *s;                        /* STRING, NUL-terminated */
	int n;                          /* count for FLOATS / INTS / STRINGS */
	float *floats;
	int64_t *ints;
	char **strings;
	int tensor;                     /* TENSOR: index into graph tensors */
};

struct lpf_node {
	char *name;                     /* never NULL: "<op>_<index>" when the model has none */
	char *op_type;
	char *domain;                   /* "" for the default ONNX domain */
	int n_in;
	int *in;                        /* tensor indices; -1 for an omitted optional input */
	int n_out;
	int *out;
	int n_attr;
	struct lpf_attr *attrs;
	int64_t opset;                  /* opset of the node's domain; picks versioned semantics */
};

struct lpf_graph {
	char *path;                     /* model file, for messages */
	int64_t opset;                  /* default-domain opset version */
	int64_t ms_opset;               /* com.microsoft opset, 0 if not imported */
	int n_tensors;
	struct lpf_tensor *tensors;
	int n_nodes;
	struct lpf_node *nodes;         /* topologically sorted */
	int n_inputs;
	int *inputs;                    /* tensor indices, in graph order */
	int n_outputs;
	int *outputs;
};

void lpf_graph_free(struct lpf_graph *g);

/* Index of the tensor called name, or -1. */
int lpf_graph_find_tensor(const struct lpf_graph *g, const char *name);

/* Attribute lookup on a node; NULL if absent. */
const struct lpf_attr *lpf_node_attr(const struct lpf_node *n, const char *name);

/* Typed lookups with a default when the attribute is absent. */
int64_t lpf_node_attr_int(const struct lpf_node *n, const char *name, int64_t def);
float lpf_node_attr_float(const struct lpf_node *n, const char *name, float def);
const char *lpf_node_attr_str(const struct lpf_node *n, const char *name, const char *def);

/* Elements of a tensor with a known, fully concrete shape; -1 otherwise. */
int64_t lpf_tensor_numel(const struct lpf_tensor *t);

/* Input i of node n as a tensor, or NULL if absent/omitted. */
struct lpf_tensor *lpf_node_input(const struct lpf_graph *g, const struct lpf_node *n, int i);

/* Format a shape as "[1,3,224,224]" (N for the batch) into buf; returns buf. */
char *lpf_shape_str(const struct lpf_tensor *t, char *buf, size_t size);

#endif
