/* SPDX-License-Identifier: MIT */
/*
 * Node pass of the importer: Constant nodes become constant tensors, every other
 * node becomes an lpf_node with its attributes, and inputs are resolved once all
 * producers are known (so the file's node order does not matter).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx/onnx_build.h"
#include "onnx/onnx_tensor.h"

/* AttributeProto.AttributeType values that hold subgraphs. */
#define ONNX_ATTR_GRAPH 5
#define ONNX_ATTR_GRAPHS 10

#define WHAT_MAX 320

static const char *const constant_values[] = {
	"value", "value_float", "value_floats", "value_int", "value_ints",
	"value_string", "value_strings", "sparse_value",
};

static bool is_default_domain(const char *d)
{
	return !*d || !strcmp(d, "ai.onnx");
}

static bool is_constant(const LpfOnnx__NodeProto *np)
{
	return !strcmp(lpf_onnx_str(np->op_type), "Constant") &&
	       is_default_domain(lpf_onnx_str(np->domain));
}

/* The node's name, or "<op_type>_<index>" when the model gives none. */
static char *node_name(struct lpf_onnx_build *b, const LpfOnnx__NodeProto *np, size_t i)
{
	const char *nm = lpf_onnx_str(np->name);
	const char *op = lpf_onnx_str(np->op_type);
	size_t len = strlen(op) + 24;
	char *s;

	if (*nm)
		return lpf_onnx_strdup(b, nm);
	s = malloc(len);
	if (!s) {
		lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
		return NULL;
	}
	snprintf(s, len, "%s_%zu", op, i);
	return s;
}

static lpfpga_status already_produced(struct lpf_onnx_build *b, const char *node, const char *op,
				      const char *out, int idx)
{
	const struct lpf_tensor *t = &b->g->tensors[idx];

	if (t->producer >= 0)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "node '%s' (%s): output '%s' is already produced by node '%s'",
				     node, op, out, b->g->nodes[t->producer].name);
	return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
			     "node '%s' (%s): output '%s' is already a %s", node, op, out,
			     t->is_input ? "graph input" : "constant (initializer or Constant)");
}

static void *dup_array(const void *src, size_t n, size_t es)
{
	void *d = malloc(n ? n * es : 1);

	if (d && n)
		memcpy(d, src, n * es);
	return d;
}

static lpfpga_status constant_value(struct lpf_onnx_build *b, const LpfOnnx__AttributeProto *ap,
				    const char *node, struct lpf_onnx_dense *d)
{
	static const int want[] = { LPF_ATTR_TENSOR, LPF_ATTR_FLOAT, LPF_ATTR_FLOATS,
				    LPF_ATTR_INT, LPF_ATTR_INTS };
	const char *an = lpf_onnx_str(ap->name);
	char what[WHAT_MAX];
	unsigned int k = 0;

	while (k < sizeof(want) / sizeof(want[0]) && strcmp(an, constant_values[k]))
		k++;
	if (k == sizeof(want) / sizeof(want[0]))
		return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED,
				     "Constant node '%s': attribute '%s' is not supported", node,
				     an);
	if (!ap->has_type || ap->type != want[k] || (want[k] == LPF_ATTR_TENSOR && !ap->t))
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "Constant node '%s': attribute '%s' has type %d, expected %d",
				     node, an, ap->has_type ? (int)ap->type : 0, want[k]);
	memset(d, 0, sizeof(*d));
	switch (want[k]) {
	case LPF_ATTR_TENSOR:
		snprintf(what, sizeof(what), "Constant node '%.256s' value", node);
		if (lpf_onnx_tensor_decode(ap->t, what, d, b->err))
			return lpf_onnx_fail_prefix(b);
		return LPFPGA_OK;
	case LPF_ATTR_FLOAT:
		d->dtype = LPF_DT_FLOAT;
		d->data = dup_array(&ap->f, 1, sizeof(float));
		d->nbytes = sizeof(float);
		break;
	case LPF_ATTR_INT:
		d->dtype = LPF_DT_INT64;
		d->data = dup_array(&ap->i, 1, sizeof(int64_t));
		d->nbytes = sizeof(int64_t);
		break;
	case LPF_ATTR_FLOATS:
		d->dtype = LPF_DT_FLOAT;
		d->rank = 1;
		d->dims[0] = (int64_t)ap->n_floats;
		d->data = dup_array(ap->floats, ap->n_floats, sizeof(float));
		d->nbytes = ap->n_floats * sizeof(float);
		break;
	default:
		d->dtype = LPF_DT_INT64;
		d->rank = 1;
		d->dims[0] = (int64_t)ap->n_ints;
		d->data = dup_array(ap->ints, ap->n_ints, sizeof(int64_t));
		d->nbytes = ap->n_ints * sizeof(int64_t);
		break;
	}
	if (!d->data)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	return LPFPGA_OK;
}

static const LpfOnnx__AttributeProto *constant_attr(const LpfOnnx__NodeProto *np, size_t *count)
{
	const LpfOnnx__AttributeProto *found = NULL;

	*count = 0;
	for (size_t i = 0; i < np->n_attribute; i++) {
		for (size_t k = 0; k < sizeof(constant_values) / sizeof(constant_values[0]); k++) {
			if (!strcmp(lpf_onnx_str(np->attribute[i]->name), constant_values[k])) {
				found = np->attribute[i];
				(*count)++;
			}
		}
	}
	return found;
}

static lpfpga_status fold_constant(struct lpf_onnx_build *b, const LpfOnnx__NodeProto *np,
				   const char *node)
{
	const char *out = np->n_output == 1 ? lpf_onnx_str(np->output[0]) : "";
	const LpfOnnx__AttributeProto *ap;
	struct lpf_onnx_dense d;
	struct lpf_tensor *t;
	lpfpga_status st;
	size_t count;
	int idx;

	if (np->n_input)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "Constant node '%s' has inputs", node);
	if (!*out)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "Constant node '%s' must have exactly one named output", node);
	ap = constant_attr(np, &count);
	if (count != 1)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "Constant node '%s' has %zu value attributes, expected 1",
				     node, count);
	idx = lpf_onnx_find(b, out);
	if (idx >= 0)
		return already_produced(b, node, "Constant", out, idx);
	st = constant_value(b, ap, node, &d);
	if (st)
		return st;
	idx = lpf_onnx_add_tensor(b, out, true);
	if (idx < 0) {
		free(d.data);
		return b->err->status;
	}
	t = &b->g->tensors[idx];
	t->dtype = d.dtype;
	t->rank = d.rank;
	memcpy(t->dims, d.dims, sizeof(t->dims));
	t->data = d.data;
	t->nbytes = d.nbytes;
	return LPFPGA_OK;
}

static char *dup_bytes(struct lpf_onnx_build *b, const struct lpf_node *n, const char *attr,
		       ProtobufCBinaryData v)
{
	char *s;

	if (v.len && memchr(v.data, '\0', v.len)) {
		lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
			      "node '%s' (%s): attribute '%s' holds a string with a NUL byte",
			      n->name, n->op_type, attr);
		return NULL;
	}
	s = malloc(v.len + 1);
	if (!s) {
		lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
		return NULL;
	}
	if (v.len)
		memcpy(s, v.data, v.len);
	s[v.len] = '\0';
	return s;
}

static lpfpga_status attr_tensor(struct lpf_onnx_build *b, const struct lpf_node *n,
				 const LpfOnnx__AttributeProto *ap, struct lpf_attr *a)
{
	char what[WHAT_MAX];
	struct lpf_onnx_dense d;
	struct lpf_tensor *t;
	int idx;

	if (!ap->t)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "node '%s' (%s): tensor attribute '%s' has no tensor", n->name,
				     n->op_type, a->name);
	snprintf(what, sizeof(what), "node '%.128s' (%.64s) attribute '%.64s'", n->name,
		 n->op_type, a->name);
	if (lpf_onnx_tensor_decode(ap->t, what, &d, b->err))
		return lpf_onnx_fail_prefix(b);
	/* Reachable only through the attribute, so it is not put in the name index. */
	snprintf(what, sizeof(what), "%.200s/%.100s", n->name, a->name);
	idx = lpf_onnx_add_tensor(b, what, false);
	if (idx < 0) {
		free(d.data);
		return b->err->status;
	}
	t = &b->g->tensors[idx];
	t->dtype = d.dtype;
	t->rank = d.rank;
	memcpy(t->dims, d.dims, sizeof(t->dims));
	t->data = d.data;
	t->nbytes = d.nbytes;
	a->tensor = idx;
	return LPFPGA_OK;
}

static lpfpga_status attr_lists(struct lpf_onnx_build *b, const struct lpf_node *n,
				const LpfOnnx__AttributeProto *ap, struct lpf_attr *a)
{
	switch (a->type) {
	case LPF_ATTR_FLOATS:
		a->n = (int)ap->n_floats;
		a->floats = dup_array(ap->floats, ap->n_floats, sizeof(float));
		break;
	case LPF_ATTR_INTS:
		a->n = (int)ap->n_ints;
		a->ints = dup_array(ap->ints, ap->n_ints, sizeof(int64_t));
		break;
	default:
		a->strings = calloc(ap->n_strings ? ap->n_strings : 1, sizeof(char *));
		if (!a->strings)
			return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
		a->n = (int)ap->n_strings;
		for (size_t i = 0; i < ap->n_strings; i++) {
			a->strings[i] = dup_bytes(b, n, a->name, ap->strings[i]);
			if (!a->strings[i])
				return b->err->status;
		}
		return LPFPGA_OK;
	}
	if (!a->floats && !a->ints)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	return LPFPGA_OK;
}

static lpfpga_status import_attr(struct lpf_onnx_build *b, struct lpf_node *n,
				 const LpfOnnx__AttributeProto *ap, struct lpf_attr *a)
{
	const char *an = lpf_onnx_str(ap->name);
	int type = ap->has_type ? ap->type : 0;

	a->tensor = -1;
	if (!*an)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "node '%s' (%s): attribute without a name", n->name,
				     n->op_type);
	if (type == ONNX_ATTR_GRAPH || type == ONNX_ATTR_GRAPHS || ap->has_g || ap->n_graphs)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED,
				     "node '%s' (%s): subgraph attributes are not supported (attribute '%s')",
				     n->name, n->op_type, an);
	/* a is the last counted attribute; the ones before it are complete. */
	for (int k = 0; k + 1 < n->n_attr; k++)
		if (!strcmp(n->attrs[k].name, an))
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "node '%s' (%s): attribute '%s' appears twice",
					     n->name, n->op_type, an);
	a->name = lpf_onnx_strdup(b, an);
	if (!a->name)
		return LPFPGA_ERROR_NO_MEMORY;
	a->type = type;
	switch (type) {
	case LPF_ATTR_FLOAT:
		a->f = ap->f;
		return LPFPGA_OK;
	case LPF_ATTR_INT:
		a->i = ap->i;
		return LPFPGA_OK;
	case LPF_ATTR_STRING:
		a->s = dup_bytes(b, n, an, ap->s);
		return a->s ? LPFPGA_OK : b->err->status;
	case LPF_ATTR_TENSOR:
		return attr_tensor(b, n, ap, a);
	case LPF_ATTR_FLOATS:
	case LPF_ATTR_INTS:
	case LPF_ATTR_STRINGS:
		return attr_lists(b, n, ap, a);
	case 0:
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "node '%s' (%s): attribute '%s' has no type", n->name,
				     n->op_type, an);
	default:
		return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED,
				     "node '%s' (%s): attribute '%s' has type %d, which lpfpga does not support",
				     n->name, n->op_type, an, type);
	}
}

static lpfpga_status node_outputs(struct lpf_onnx_build *b, const LpfOnnx__NodeProto *np,
				  struct lpf_node *n, int k)
{
	n->out = malloc((np->n_output ? np->n_output : 1) * sizeof(*n->out));
	if (!n->out)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	for (size_t j = 0; j < np->n_output; j++) {
		const char *on = lpf_onnx_str(np->output[j]);
		int idx;

		/* An empty name marks an omitted optional output. */
		n->out[j] = -1;
		n->n_out = (int)j + 1;
		if (!*on)
			continue;
		idx = lpf_onnx_find(b, on);
		if (idx >= 0)
			return already_produced(b, n->name, n->op_type, on, idx);
		idx = lpf_onnx_add_tensor(b, on, true);
		if (idx < 0)
			return b->err->status;
		b->g->tensors[idx].producer = k;
		n->out[j] = idx;
	}
	return LPFPGA_OK;
}

static lpfpga_status add_node(struct lpf_onnx_build *b, const LpfOnnx__NodeProto *np, char *name)
{
	const char *dom = lpf_onnx_str(np->domain);
	int k = b->g->n_nodes;
	struct lpf_node *n = &b->g->nodes[k];
	lpfpga_status st;

	b->g->n_nodes++;
	n->name = name;
	n->op_type = lpf_onnx_strdup(b, lpf_onnx_str(np->op_type));
	n->domain = lpf_onnx_strdup(b, is_default_domain(dom) ? "" : dom);
	n->opset = is_default_domain(dom) ? b->g->opset :
		   !strcmp(dom, "com.microsoft") ? b->g->ms_opset : 0;
	n->in = malloc((np->n_input ? np->n_input : 1) * sizeof(*n->in));
	n->attrs = calloc(np->n_attribute ? np->n_attribute : 1, sizeof(*n->attrs));
	if (!n->op_type || !n->domain || !n->in || !n->attrs)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	st = node_outputs(b, np, n, k);
	for (size_t j = 0; !st && j < np->n_attribute; j++) {
		n->n_attr++;
		st = import_attr(b, n, np->attribute[j], &n->attrs[j]);
	}
	return st;
}

static lpfpga_status resolve_inputs(struct lpf_onnx_build *b, const LpfOnnx__NodeProto *np,
				    struct lpf_node *n)
{
	for (size_t j = 0; j < np->n_input; j++) {
		const char *in = lpf_onnx_str(np->input[j]);
		int idx = *in ? lpf_onnx_find(b, in) : -1;

		if (*in && idx < 0)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "node '%s' (%s): input '%s' is not produced by any node, initializer or graph input",
					     n->name, n->op_type, in);
		n->in[j] = idx;
	}
	n->n_in = (int)np->n_input;
	return LPFPGA_OK;
}

lpfpga_status lpf_onnx_import_nodes(struct lpf_onnx_build *b, const LpfOnnx__GraphProto *gp)
{
	struct lpf_graph *g = b->g;
	lpfpga_status st = LPFPGA_OK;
	int k = 0;

	g->nodes = calloc(gp->n_node ? gp->n_node : 1, sizeof(*g->nodes));
	if (!g->nodes)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	for (size_t i = 0; !st && i < gp->n_node; i++) {
		const LpfOnnx__NodeProto *np = gp->node[i];
		char *name;

		if (!*lpf_onnx_str(np->op_type))
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "node #%zu has no op_type", i);
		name = node_name(b, np, i);
		if (!name)
			return LPFPGA_ERROR_NO_MEMORY;
		if (is_constant(np)) {
			st = fold_constant(b, np, name);
			free(name);
		} else {
			st = add_node(b, np, name);
		}
	}
	for (size_t i = 0; !st && i < gp->n_node; i++)
		if (!is_constant(gp->node[i]))
			st = resolve_inputs(b, gp->node[i], &g->nodes[k++]);
	return st;
}
