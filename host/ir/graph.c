/* SPDX-License-Identifier: MIT */
/* IR helpers: freeing, lookups, dtype facts and shape printing. */
#include "ir/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t lpf_dtype_size(int dtype)
{
	switch (dtype) {
	case LPF_DT_UINT8:
	case LPF_DT_INT8:
	case LPF_DT_BOOL:
		return 1;
	case LPF_DT_UINT16:
	case LPF_DT_INT16:
	case LPF_DT_FLOAT16:
		return 2;
	case LPF_DT_FLOAT:
	case LPF_DT_INT32:
	case LPF_DT_UINT32:
		return 4;
	case LPF_DT_INT64:
	case LPF_DT_DOUBLE:
	case LPF_DT_UINT64:
		return 8;
	default:
		return 0;
	}
}

const char *lpf_dtype_name(int dtype)
{
	switch (dtype) {
	case LPF_DT_UNDEFINED:
		return "undefined";
	case LPF_DT_FLOAT:
		return "float32";
	case LPF_DT_UINT8:
		return "uint8";
	case LPF_DT_INT8:
		return "int8";
	case LPF_DT_UINT16:
		return "uint16";
	case LPF_DT_INT16:
		return "int16";
	case LPF_DT_INT32:
		return "int32";
	case LPF_DT_INT64:
		return "int64";
	case LPF_DT_BOOL:
		return "bool";
	case LPF_DT_FLOAT16:
		return "float16";
	case LPF_DT_DOUBLE:
		return "float64";
	case LPF_DT_UINT32:
		return "uint32";
	case LPF_DT_UINT64:
		return "uint64";
	default:
		return "unknown";
	}
}

static void attr_free(struct lpf_attr *a)
{
	free(a->name);
	free(a->s);
	free(a->floats);
	free(a->ints);
	if (a->strings)
		for (int i = 0; i < a->n; i++)
			free(a->strings[i]);
	free(a->strings);
}

static void node_free(struct lpf_node *n)
{
	free(n->name);
	free(n->op_type);
	free(n->domain);
	free(n->in);
	free(n->out);
	for (int i = 0; i < n->n_attr; i++)
		attr_free(&n->attrs[i]);
	free(n->attrs);
}

void lpf_graph_free(struct lpf_graph *g)
{
	if (!g)
		return;
	for (int i = 0; i < g->n_tensors; i++) {
		free(g->tensors[i].name);
		free(g->tensors[i].data);
	}
	free(g->tensors);
	for (int i = 0; i < g->n_nodes; i++)
		node_free(&g->nodes[i]);
	free(g->nodes);
	free(g->inputs);
	free(g->outputs);
	free(g->path);
	free(g);
}

int lpf_graph_find_tensor(const struct lpf_graph *g, const char *name)
{
	for (int i = 0; i < g->n_tensors; i++)
		if (g->tensors[i].name && !strcmp(g->tensors[i].name, name))
			return i;
	return -1;
}

const struct lpf_attr *lpf_node_attr(const struct lpf_node *n, const char *name)
{
	for (int i = 0; i < n->n_attr; i++)
		if (!strcmp(n->attrs[i].name, name))
			return &n->attrs[i];
	return NULL;
}

int64_t lpf_node_attr_int(const struct lpf_node *n, const char *name, int64_t def)
{
	const struct lpf_attr *a = lpf_node_attr(n, name);

	return a && a->type == LPF_ATTR_INT ? a->i : def;
}

float lpf_node_attr_float(const struct lpf_node *n, const char *name, float def)
{
	const struct lpf_attr *a = lpf_node_attr(n, name);

	return a && a->type == LPF_ATTR_FLOAT ? a->f : def;
}

const char *lpf_node_attr_str(const struct lpf_node *n, const char *name, const char *def)
{
	const struct lpf_attr *a = lpf_node_attr(n, name);

	return a && a->type == LPF_ATTR_STRING ? a->s : def;
}

int64_t lpf_tensor_numel(const struct lpf_tensor *t)
{
	int64_t n = 1;

	if (t->rank < 0)
		return -1;
	for (int i = 0; i < t->rank; i++)
		if (t->dims[i] < 0 || __builtin_mul_overflow(n, t->dims[i], &n))
			return -1;
	return n;
}

struct lpf_tensor *lpf_node_input(const struct lpf_graph *g, const struct lpf_node *n, int i)
{
	if (i < 0 || i >= n->n_in || n->in[i] < 0)
		return NULL;
	return &g->tensors[n->in[i]];
}

char *lpf_shape_str(const struct lpf_tensor *t, char *buf, size_t size)
{
	size_t used;

	if (!size)
		return buf;
	if (t->rank < 0) {
		snprintf(buf, size, "[?]");
		return buf;
	}
	snprintf(buf, size, "[");
	for (int i = 0; i < t->rank; i++) {
		used = strlen(buf);
		if (t->dims[i] == LPF_DIM_BATCH)
			snprintf(buf + used, size - used, "%sN", i ? "," : "");
		else
			snprintf(buf + used, size - used, "%s%lld", i ? "," : "",
				 (long long)t->dims[i]);
	}
	used = strlen(buf);
	snprintf(buf + used, size - used, "]");
	return buf;
}
