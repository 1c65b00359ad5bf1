/* SPDX-License-Identifier: MIT */
/*
 * Importer entry points: pre-scan, protobuf-c decode, then the graph-level passes
 * (opsets, initializers, inputs, nodes, value_info, outputs, topological order).
 */
#include "onnx/onnx_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx.pb-c.h"
#include "onnx/onnx_build.h"
#include "onnx/onnx_file.h"
#include "onnx/onnx_tensor.h"
#include "onnx/onnx_wire.h"

/* Room for a quoted tensor name in a message; longer names are cut. */
#define WHAT_MAX 320

static lpfpga_status import_opsets(struct lpf_onnx_build *b, const LpfOnnx__ModelProto *m)
{
	for (size_t i = 0; i < m->n_opset_import; i++) {
		const LpfOnnx__OperatorSetIdProto *o = m->opset_import[i];
		const char *d = lpf_onnx_str(o->domain);

		if (!*d || !strcmp(d, "ai.onnx"))
			b->g->opset = o->version;
		else if (!strcmp(d, "com.microsoft"))
			b->g->ms_opset = o->version;
	}
	if (b->g->opset < 1)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
				     "model imports no opset of the default ONNX domain");
	return LPFPGA_OK;
}

static lpfpga_status import_initializers(struct lpf_onnx_build *b, const LpfOnnx__GraphProto *gp)
{
	for (size_t i = 0; i < gp->n_initializer; i++) {
		const LpfOnnx__TensorProto *tp = gp->initializer[i];
		const char *nm = lpf_onnx_str(tp->name);
		struct lpf_onnx_dense d;
		char what[WHAT_MAX];
		struct lpf_tensor *t;
		int idx;

		if (!*nm)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "initializer #%zu has no name", i);
		if (lpf_onnx_find(b, nm) >= 0)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "initializer '%s' is defined twice", nm);
		snprintf(what, sizeof(what), "initializer '%.256s'", nm);
		if (lpf_onnx_tensor_decode(tp, what, &d, b->err))
			return lpf_onnx_fail_prefix(b);
		idx = lpf_onnx_add_tensor(b, nm, true);
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
	}
	return LPFPGA_OK;
}

/* Shape of a graph input or output: only dimension 0 may be symbolic (the batch). */
static lpfpga_status strict_shape(struct lpf_onnx_build *b, const LpfOnnx__TensorShapeProto *sp,
				  const char *role, const char *nm, struct lpf_tensor *t)
{
	if (sp->n_dim > LPF_MAX_RANK)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED,
				     "%s '%s' has rank %zu, over the maximum of %d", role, nm,
				     sp->n_dim, LPF_MAX_RANK);
	for (size_t i = 0; i < sp->n_dim; i++) {
		const LpfOnnx__TensorShapeProto__Dimension *d = sp->dim[i];
		const char *param = lpf_onnx_str(d->dim_param);

		if (d->has_dim_value && d->dim_value < 0)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "%s '%s' has negative dimension %lld at axis %zu",
					     role, nm, (long long)d->dim_value, i);
		if (d->has_dim_value)
			t->dims[i] = d->dim_value;
		else if (i == 0)
			t->dims[i] = LPF_DIM_BATCH;
		else
			return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED,
					     "dynamic dimension '%s' of %s '%s' is not supported (only the batch dimension may be symbolic)",
					     *param ? param : "?", role, nm);
	}
	t->rank = (int)sp->n_dim;
	return LPFPGA_OK;
}

static lpfpga_status strict_value_info(struct lpf_onnx_build *b, const LpfOnnx__ValueInfoProto *vi,
				       const char *role, struct lpf_tensor *t, bool need_shape)
{
	const LpfOnnx__TypeProto__Tensor *tt = vi->type ? vi->type->tensor_type : NULL;
	const char *nm = lpf_onnx_str(vi->name);
	char what[WHAT_MAX];

	if (!tt)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED,
				     "%s '%s' is not a tensor (no tensor type)", role, nm);
	snprintf(what, sizeof(what), "%s '%.256s'", role, nm);
	if (lpf_onnx_check_dtype(tt->has_elem_type ? tt->elem_type : 0, what, b->err))
		return lpf_onnx_fail_prefix(b);
	t->dtype = tt->elem_type;
	if (!tt->shape) {
		if (need_shape)
			return lpf_onnx_fail(b, LPFPGA_ERROR_NOT_SUPPORTED, "%s '%s' has no shape",
					     role, nm);
		return LPFPGA_OK;
	}
	return strict_shape(b, tt->shape, role, nm, t);
}

/* value_info of intermediates is a hint: take it when it is concrete, else infer later. */
static void hint_value_info(const LpfOnnx__ValueInfoProto *vi, struct lpf_tensor *t)
{
	const LpfOnnx__TypeProto__Tensor *tt = vi->type ? vi->type->tensor_type : NULL;
	const LpfOnnx__TensorShapeProto *sp = tt ? tt->shape : NULL;

	if (!tt)
		return;
	if (tt->has_elem_type && lpf_dtype_size(tt->elem_type))
		t->dtype = tt->elem_type;
	if (!sp || sp->n_dim > LPF_MAX_RANK)
		return;
	for (size_t i = 0; i < sp->n_dim; i++) {
		const LpfOnnx__TensorShapeProto__Dimension *d = sp->dim[i];

		if (d->has_dim_value && d->dim_value >= 0)
			t->dims[i] = d->dim_value;
		else if (i == 0 && !d->has_dim_value)
			t->dims[i] = LPF_DIM_BATCH;
		else
			return;
	}
	t->rank = (int)sp->n_dim;
}

static lpfpga_status import_inputs(struct lpf_onnx_build *b, const LpfOnnx__GraphProto *gp)
{
	struct lpf_graph *g = b->g;

	g->inputs = calloc(gp->n_input ? gp->n_input : 1, sizeof(*g->inputs));
	if (!g->inputs)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	for (size_t i = 0; i < gp->n_input; i++) {
		const char *nm = lpf_onnx_str(gp->input[i]->name);
		int idx = lpf_onnx_find(b, nm);
		lpfpga_status st;

		if (!*nm)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "graph input #%zu has no name", i);
		if (idx >= 0 && g->tensors[idx].is_input)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "graph input '%s' is listed twice", nm);
		/* An input with an initializer is a constant (a default the model keeps). */
		if (idx >= 0)
			continue;
		idx = lpf_onnx_add_tensor(b, nm, true);
		if (idx < 0)
			return b->err->status;
		g->tensors[idx].is_input = true;
		g->inputs[g->n_inputs++] = idx;
		st = strict_value_info(b, gp->input[i], "input", &g->tensors[idx], true);
		if (st)
			return st;
	}
	return LPFPGA_OK;
}

static void import_value_info(struct lpf_onnx_build *b, const LpfOnnx__GraphProto *gp)
{
	for (size_t i = 0; i < gp->n_value_info; i++) {
		int idx = lpf_onnx_find(b, lpf_onnx_str(gp->value_info[i]->name));
		struct lpf_tensor *t = idx >= 0 ? &b->g->tensors[idx] : NULL;

		if (t && t->producer >= 0 && t->rank < 0)
			hint_value_info(gp->value_info[i], t);
	}
}

static lpfpga_status import_outputs(struct lpf_onnx_build *b, const LpfOnnx__GraphProto *gp)
{
	struct lpf_graph *g = b->g;

	if (!gp->n_output)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID, "graph has no outputs");
	g->outputs = calloc(gp->n_output, sizeof(*g->outputs));
	if (!g->outputs)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	for (size_t i = 0; i < gp->n_output; i++) {
		const char *nm = lpf_onnx_str(gp->output[i]->name);
		int idx = lpf_onnx_find(b, nm);
		struct lpf_tensor *t;
		lpfpga_status st;

		if (idx < 0)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "graph output '%s' is not produced by any node, initializer or graph input",
					     nm);
		t = &g->tensors[idx];
		if (t->is_output)
			return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID,
					     "graph output '%s' is listed twice", nm);
		t->is_output = true;
		g->outputs[g->n_outputs++] = idx;
		if (t->producer < 0)
			continue;
		st = strict_value_info(b, gp->output[i], "output", t, false);
		if (st)
			return st;
	}
	return LPFPGA_OK;
}

static lpfpga_status import_model(struct lpf_onnx_build *b, const LpfOnnx__ModelProto *m)
{
	const LpfOnnx__GraphProto *gp = m->graph;
	lpfpga_status st;

	b->g = calloc(1, sizeof(*b->g));
	if (!b->g)
		return lpf_onnx_fail(b, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	b->g->path = lpf_onnx_strdup(b, b->file);
	if (!b->g->path)
		return LPFPGA_ERROR_NO_MEMORY;
	st = import_opsets(b, m);
	if (st)
		return st;
	if (!gp)
		return lpf_onnx_fail(b, LPFPGA_ERROR_MODEL_INVALID, "model has no graph");
	st = import_initializers(b, gp);
	if (!st)
		st = import_inputs(b, gp);
	if (!st)
		st = lpf_onnx_import_nodes(b, gp);
	if (st)
		return st;
	import_value_info(b, gp);
	st = import_outputs(b, gp);
	if (st)
		return st;
	return lpf_onnx_topo_sort(b);
}

lpfpga_status lpf_onnx_load_buffer(const void *data, size_t size, const char *name,
				   struct lpf_graph **out, struct lpf_err *err)
{
	struct lpf_onnx_build b = { .file = name ? name : "<buffer>", .err = err };
	struct lpf_err local;
	LpfOnnx__ModelProto *m;
	lpfpga_status st;

	/* The passes read statuses back from err, so keep one even if the caller did not. */
	if (!b.err)
		b.err = &local;
	if (!out || (size && !data))
		return lpf_onnx_fail(&b, LPFPGA_ERROR_INVALID_ARGUMENT, "no model data");
	if (!size)
		return lpf_onnx_fail(&b, LPFPGA_ERROR_MODEL_INVALID, "file is empty");
	if (size > LPF_ONNX_MAX_FILE_BYTES)
		return lpf_onnx_fail(&b, LPFPGA_ERROR_NOT_SUPPORTED,
				     "model is %zu bytes, over the limit of %u", size,
				     LPF_ONNX_MAX_FILE_BYTES);
	if (lpf_wire_check(data, size, LPF_WIRE_MODEL, b.err))
		return lpf_onnx_fail_prefix(&b);
	m = lpf_onnx__model_proto__unpack(NULL, size, data);
	if (!m)
		return lpf_onnx_fail(&b, LPFPGA_ERROR_MODEL_INVALID,
				     "not a valid ONNX model (protobuf decoding failed)");
	st = import_model(&b, m);
	lpf_onnx__model_proto__free_unpacked(m, NULL);
	free(b.slots);
	if (st) {
		lpf_graph_free(b.g);
		return st;
	}
	*out = b.g;
	return LPFPGA_OK;
}

lpfpga_status lpf_onnx_load_file(const char *path, struct lpf_graph **out, struct lpf_err *err)
{
	lpfpga_status st;
	size_t size;
	void *buf;

	if (!out)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT, "no output graph");
	st = lpf_onnx_read_file(path, LPF_ONNX_MAX_FILE_BYTES, &buf, &size, err);
	if (st)
		return st;
	st = lpf_onnx_load_buffer(buf, size, path, out, err);
	free(buf);
	return st;
}
