/* SPDX-License-Identifier: MIT */
/* Models: load, introspection, per-batch compiled instances, lpfpga_infer(). */
#include <limits.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "onnx/onnx_import.h"
#include "runtime/instance.h"

/* Batch sizes kept compiled at once; the least recently used is replaced. */
#define LPF_MAX_INSTANCES 4

struct lpfpga_model {
	struct lpfpga_device *dev;
	struct lpf_graph *graph;
	pthread_mutex_t lock;           /* serialises calls on this model */
	struct lpf_err err;
	struct lpf_instance inst[LPF_MAX_INSTANCES];
	uint64_t use_clock;
	lpfpga_counters counters;
	lpfpga_tensor_info *in_info, *out_info;
	const lpfpga_tensor **bound;    /* per-inference scratch: the input matched to each */
	bool profile;                   /* one fabric job per layer */
};

static void lpf_fill_info(const struct lpfpga_model *m, int tensor, lpfpga_tensor_info *info)
{
	const struct lpf_tensor *t = &m->graph->tensors[tensor];
	const struct lpf_program *p = m->inst[0].prog;
	int v = p ? p->value_of_tensor[tensor] : -1;

	memset(info, 0, sizeof(*info));
	info->name = t->name;
	info->dtype = (lpfpga_dtype)t->dtype;
	info->rank = t->rank < 0 && v >= 0 ? p->values[v].rank : t->rank;
	for (int d = 0; d < info->rank; d++)
		info->dims[d] = t->rank < 0 ? p->values[v].dims[d] : t->dims[d];
	if (v >= 0) {
		info->dtype = (lpfpga_dtype)p->values[v].dtype;
		info->scale = p->values[v].scale;
		info->zero_point = p->values[v].zero_point;
	}
}

static size_t lpf_value_bytes(const lpfpga_tensor *t)
{
	size_t n = lpfpga_dtype_size(t->dtype);

	for (int d = 0; d < t->rank; d++)
		n *= (size_t)t->dims[d];
	return n;
}

/*
 * int64 graph inputs can only feed shapes and indices (Reshape's shape, ...), never
 * the fabric: a model that has them is specialised for their values like it is for
 * the batch size, so that every shape is static when it is compiled.
 */
static bool lpf_is_shape_input(const struct lpf_graph *g, int i)
{
	return g->tensors[g->inputs[i]].dtype == LPF_DT_INT64;
}

static bool lpf_has_shape_inputs(const struct lpf_graph *g)
{
	for (int i = 0; i < g->n_inputs; i++)
		if (lpf_is_shape_input(g, i))
			return true;
	return false;
}

/* How every instance of m is compiled: one fabric job per unit of the device. */
static struct lpf_compile_opts lpf_model_copts(const struct lpfpga_model *m, int batch)
{
	return (struct lpf_compile_opts){ .batch = batch, .job_per_layer = m->profile,
					  .parts = (int)m->dev->caps.units };
}

static lpfpga_status lpf_model_finish_load(struct lpfpga_device *dev, struct lpf_graph *g,
					   const lpfpga_model_options *opts, lpfpga_model **out,
					   struct lpf_err *err)
{
	struct lpfpga_model *m = calloc(1, sizeof(*m));
	int batch = opts && opts->batch > 0 ? opts->batch : 1;
	struct lpf_compile_opts copts;
	lpfpga_status st;

	if (!m) {
		lpf_graph_free(g);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory loading a model");
	}
	m->dev = dev;
	m->graph = g;
	pthread_mutex_init(&m->lock, NULL);
	/* A model with shape inputs is compiled at its first inference, for their values. */
	m->profile = opts && opts->profile;
	copts = lpf_model_copts(m, batch);
	st = lpf_has_shape_inputs(g) ? LPFPGA_OK
				     : lpf_instance_create(dev, g, &copts, &m->inst[0], err);
	if (st != LPFPGA_OK) {
		pthread_mutex_destroy(&m->lock);
		lpf_graph_free(g);
		free(m);
		return st;
	}
	m->in_info = calloc((size_t)g->n_inputs + 1, sizeof(*m->in_info));
	m->out_info = calloc((size_t)g->n_outputs + 1, sizeof(*m->out_info));
	m->bound = calloc((size_t)g->n_inputs + 1, sizeof(*m->bound));
	if (!m->in_info || !m->out_info || !m->bound) {
		lpfpga_model_free(m);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory loading a model");
	}
	for (int i = 0; i < g->n_inputs; i++)
		lpf_fill_info(m, g->inputs[i], &m->in_info[i]);
	for (int i = 0; i < g->n_outputs; i++)
		lpf_fill_info(m, g->outputs[i], &m->out_info[i]);
	*out = m;
	return LPFPGA_OK;
}

LPFPGA_API lpfpga_status lpfpga_model_load(lpfpga_device *dev, const char *path,
					   const lpfpga_model_options *opts, lpfpga_model **out)
{
	struct lpf_err err;
	struct lpf_graph *g;
	lpfpga_status st;

	lpf_err_clear(&err);
	if (!dev || !path || !out) {
		if (!dev)
			return LPFPGA_ERROR_INVALID_ARGUMENT;
		lpf_err_set(&err, LPFPGA_ERROR_INVALID_ARGUMENT,
			    "lpfpga_model_load: path and out must not be NULL");
		return lpf_device_fail(dev, &err);
	}
	st = lpf_onnx_load_file(path, &g, &err);
	if (st == LPFPGA_OK)
		st = lpf_model_finish_load(dev, g, opts, out, &err);
	return st == LPFPGA_OK ? st : lpf_device_fail(dev, &err);
}

LPFPGA_API lpfpga_status lpfpga_model_load_buffer(lpfpga_device *dev, const void *data,
						  size_t size, const char *name,
						  const lpfpga_model_options *opts,
						  lpfpga_model **out)
{
	struct lpf_err err;
	struct lpf_graph *g;
	lpfpga_status st;

	lpf_err_clear(&err);
	if (!dev)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	if (!data || !out) {
		lpf_err_set(&err, LPFPGA_ERROR_INVALID_ARGUMENT,
			    "lpfpga_model_load_buffer: data and out must not be NULL");
		return lpf_device_fail(dev, &err);
	}
	st = lpf_onnx_load_buffer(data, size, name ? name : "<buffer>", &g, &err);
	if (st == LPFPGA_OK)
		st = lpf_model_finish_load(dev, g, opts, out, &err);
	return st == LPFPGA_OK ? st : lpf_device_fail(dev, &err);
}

LPFPGA_API void lpfpga_model_free(lpfpga_model *m)
{
	if (!m)
		return;
	for (int i = 0; i < LPF_MAX_INSTANCES; i++)
		if (m->inst[i].prog)
			lpf_instance_destroy(m->dev, &m->inst[i]);
	lpf_graph_free(m->graph);
	free(m->in_info);
	free(m->out_info);
	free(m->bound);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

LPFPGA_API int lpfpga_model_num_inputs(const lpfpga_model *m)
{
	return m ? m->graph->n_inputs : 0;
}

LPFPGA_API int lpfpga_model_num_outputs(const lpfpga_model *m)
{
	return m ? m->graph->n_outputs : 0;
}

LPFPGA_API lpfpga_status lpfpga_model_input_info(const lpfpga_model *m, int index,
						 lpfpga_tensor_info *info)
{
	if (!m || !info || index < 0 || index >= m->graph->n_inputs)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	*info = m->in_info[index];
	return LPFPGA_OK;
}

LPFPGA_API lpfpga_status lpfpga_model_output_info(const lpfpga_model *m, int index,
						  lpfpga_tensor_info *info)
{
	if (!m || !info || index < 0 || index >= m->graph->n_outputs)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	*info = m->out_info[index];
	return LPFPGA_OK;
}

LPFPGA_API const char *lpfpga_model_last_error(const lpfpga_model *m)
{
	return m ? m->err.msg : "";
}

/* The most recently used compiled instance, or NULL before the first compilation. */
static const struct lpf_instance *lpf_latest(const struct lpfpga_model *m)
{
	const struct lpf_instance *in = NULL;

	for (int i = 0; i < LPF_MAX_INSTANCES; i++)
		if (m->inst[i].prog && (!in || m->inst[i].last_use > in->last_use))
			in = &m->inst[i];
	return in;
}

LPFPGA_API int lpfpga_model_num_layers(const lpfpga_model *m)
{
	const struct lpf_instance *in = m ? lpf_latest(m) : NULL;

	return in ? in->prog->n_layers : 0;
}

LPFPGA_API lpfpga_status lpfpga_model_layer_stats(const lpfpga_model *m, int index,
						  lpfpga_layer_stats *out)
{
	const struct lpf_instance *in = m ? lpf_latest(m) : NULL;
	const struct lpf_layer_info *l;

	if (!in || !out || index < 0 || index >= in->prog->n_layers)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	l = &in->prog->layers[index];
	*out = (lpfpga_layer_stats){
		.name = l->name,
		.op = l->op,
		.macs = l->macs,
		.dram_bytes = l->dram_read + l->dram_write,
		.dram_lower_bound = l->lower_bound,
		.conv_cycles = l->est_conv_cycles,
		.measured = in->layer_measured[index],
		.counters = in->layer_counters[index],
	};
	return LPFPGA_OK;
}

LPFPGA_API const char *lpfpga_model_report(lpfpga_model *m)
{
	const struct lpf_instance *in = m ? lpf_latest(m) : NULL;

	if (!m)
		return "";
	if (!in)
		return "not compiled yet: the model takes int64 shape inputs and is compiled for "
		       "their values at its first inference\n";
	return in->prog->report ? in->prog->report : "";
}

LPFPGA_API lpfpga_status lpfpga_model_counters(const lpfpga_model *m, lpfpga_counters *out)
{
	if (!m || !out)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	*out = m->counters;
	return LPFPGA_OK;
}

/* Concatenated bytes of the shape inputs (malloc'd, NULL if none). */
static lpfpga_status lpf_shape_key(struct lpfpga_model *m, const lpfpga_tensor **bound,
				   void **key, size_t *size)
{
	const struct lpf_graph *g = m->graph;
	size_t n = 0;
	uint8_t *k;

	*key = NULL;
	*size = 0;
	for (int i = 0; i < g->n_inputs; i++)
		if (lpf_is_shape_input(g, i))
			n += lpf_value_bytes(bound[i]);
	if (!lpf_has_shape_inputs(g))
		return LPFPGA_OK;
	k = malloc(n ? n : 1);
	if (!k)
		return lpf_err_set(&m->err, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	n = 0;
	for (int i = 0; i < g->n_inputs; i++)
		if (lpf_is_shape_input(g, i)) {
			memcpy(k + n, bound[i]->data, lpf_value_bytes(bound[i]));
			n += lpf_value_bytes(bound[i]);
		}
	*key = k;
	*size = n;
	return LPFPGA_OK;
}

/* Compile for batch with the shape inputs bound to the values in key (owned on success). */
static lpfpga_status lpf_compile_instance(struct lpfpga_model *m, int batch,
					  const lpfpga_tensor **bound, void *key, size_t size,
					  struct lpf_instance *out)
{
	struct lpf_graph *g = m->graph;
	struct lpf_compile_opts copts;
	size_t off = 0;
	lpfpga_status st;

	for (int i = 0; i < g->n_inputs; i++) {
		struct lpf_tensor *t = &g->tensors[g->inputs[i]];

		if (!lpf_is_shape_input(g, i))
			continue;
		t->nbytes = lpf_value_bytes(bound[i]);
		t->data = (uint8_t *)key + off;
		off += t->nbytes;
	}
	copts = lpf_model_copts(m, batch);
	st = lpf_instance_create(m->dev, g, &copts, out, &m->err);
	for (int i = 0; i < g->n_inputs; i++)
		if (lpf_is_shape_input(g, i)) {
			g->tensors[g->inputs[i]].data = NULL;
			g->tensors[g->inputs[i]].nbytes = 0;
		}
	if (st == LPFPGA_OK) {
		out->shape_values = key;
		out->shape_size = size;
	}
	return st;
}

/* The instance for batch and shape key, compiling it (replacing the LRU one) if needed. */
static lpfpga_status lpf_get_instance(struct lpfpga_model *m, int batch,
				      const lpfpga_tensor **bound, struct lpf_instance **out)
{
	struct lpf_instance fresh;
	int victim = 0;
	void *key;
	size_t size;
	lpfpga_status st = lpf_shape_key(m, bound, &key, &size);

	if (st != LPFPGA_OK)
		return st;
	for (int i = 0; i < LPF_MAX_INSTANCES; i++) {
		struct lpf_instance *in = &m->inst[i];

		if (in->prog && in->batch == batch && in->shape_size == size &&
		    (!size || !memcmp(in->shape_values, key, size))) {
			free(key);
			*out = in;
			return LPFPGA_OK;
		}
		if (!in->prog)
			victim = i;
		else if (m->inst[victim].prog && in->last_use < m->inst[victim].last_use)
			victim = i;
	}
	st = lpf_compile_instance(m, batch, bound, key, size, &fresh);
	if (st != LPFPGA_OK) {
		free(key);
		return st;
	}
	if (m->inst[victim].prog)
		lpf_instance_destroy(m->dev, &m->inst[victim]);
	m->inst[victim] = fresh;
	*out = &m->inst[victim];
	return LPFPGA_OK;
}

/*
 * Inputs are matched by name when every given tensor names a graph input, else by
 * position (tensor files often carry names that differ from the graph's).
 */
static const lpfpga_tensor *lpf_match_input(const struct lpfpga_model *m, int i,
					    const lpfpga_tensor *inputs, int n)
{
	const struct lpf_graph *g = m->graph;
	int by_name = 1;

	for (int k = 0; k < n && by_name; k++)
		by_name = inputs[k].name && lpf_graph_find_tensor(g, inputs[k].name) >= 0;
	if (!by_name)
		return i < n ? &inputs[i] : NULL;
	for (int k = 0; k < n; k++)
		if (!strcmp(inputs[k].name, g->tensors[g->inputs[i]].name))
			return &inputs[k];
	return NULL;
}

static char *lpf_dims_str(const int64_t *dims, int rank, char *buf, size_t size)
{
	size_t n = 0;

	n += (size_t)snprintf(buf + n, size - n, "[");
	for (int d = 0; d < rank && n < size; d++)
		n += (size_t)snprintf(buf + n, size - n, "%s%lld", d ? "," : "",
				      (long long)dims[d]);
	if (n < size)
		snprintf(buf + n, size - n, "]");
	return buf;
}

/* Check the inputs against the graph and bind the batch; on success *batch is set. */
static lpfpga_status lpf_bind_inputs(struct lpfpga_model *m, const lpfpga_tensor *inputs,
				     int n_inputs, const lpfpga_tensor **bound, int *batch)
{
	const struct lpf_graph *g = m->graph;
	char a[128], b[128];
	int bat = 0;

	if (n_inputs != g->n_inputs)
		return lpf_err_set(&m->err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "%s: model has %d inputs, %d given", g->path, g->n_inputs,
				   n_inputs);
	for (int i = 0; i < g->n_inputs; i++) {
		const struct lpf_tensor *t = &g->tensors[g->inputs[i]];
		const lpfpga_tensor *x = lpf_match_input(m, i, inputs, n_inputs);
		size_t need;

		if (!x)
			return lpf_err_set(&m->err, LPFPGA_ERROR_INVALID_ARGUMENT,
					   "%s: input '%s' not given", g->path, t->name);
		if ((int)x->dtype != t->dtype)
			return lpf_err_set(&m->err, LPFPGA_ERROR_DTYPE_MISMATCH,
					   "%s: input '%s' is %s, model expects %s", g->path,
					   t->name, lpfpga_dtype_name(x->dtype),
					   lpf_dtype_name(t->dtype));
		if (x->rank != t->rank || x->rank < 0 || x->rank > LPF_MAX_RANK)
			return lpf_err_set(&m->err, LPFPGA_ERROR_SHAPE_MISMATCH,
					   "%s: input '%s' has shape %s, model expects %s",
					   g->path, t->name, lpf_dims_str(x->dims, x->rank, a, sizeof(a)),
					   lpf_shape_str(t, b, sizeof(b)));
		need = lpfpga_dtype_size(x->dtype);
		for (int d = 0; d < t->rank; d++) {
			int ok = t->dims[d] == LPF_DIM_BATCH ? x->dims[d] > 0 && x->dims[d] <= INT_MAX &&
						      (!bat || x->dims[d] == bat)
							    : x->dims[d] == t->dims[d];

			if (!ok)
				return lpf_err_set(&m->err, LPFPGA_ERROR_SHAPE_MISMATCH,
						   "%s: input '%s' has shape %s, model expects %s%s",
						   g->path, t->name,
						   lpf_dims_str(x->dims, x->rank, a, sizeof(a)),
						   lpf_shape_str(t, b, sizeof(b)),
						   t->dims[d] == LPF_DIM_BATCH ?
							   " (all inputs must share one batch size)" : "");
			if (t->dims[d] == LPF_DIM_BATCH)
				bat = (int)x->dims[d];
			need *= (size_t)x->dims[d];
		}
		if (!x->data || x->size < need)
			return lpf_err_set(&m->err, LPFPGA_ERROR_INVALID_ARGUMENT,
					   "%s: input '%s' needs %zu bytes, buffer holds %zu", g->path,
					   t->name, need, x->data ? x->size : 0);
		bound[i] = x;
	}
	*batch = bat ? bat : 1;
	return LPFPGA_OK;
}

static lpfpga_status lpf_infer_locked(struct lpfpga_model *m, const lpfpga_tensor *inputs,
				      int n_inputs, lpfpga_tensor *outputs, int n_outputs)
{
	const struct lpf_graph *g = m->graph;
	const lpfpga_tensor **bound = m->bound;
	struct lpf_instance *inst;
	lpfpga_counters c = { 0 };
	int batch = 1;
	lpfpga_status st;

	if (n_outputs != g->n_outputs || (n_outputs && !outputs) || (n_inputs && !inputs))
		return lpf_err_set(&m->err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "%s: model has %d outputs, %d given", g->path, g->n_outputs,
				   n_outputs);
	st = lpf_bind_inputs(m, inputs, n_inputs, bound, &batch);
	if (st == LPFPGA_OK)
		st = lpf_get_instance(m, batch, bound, &inst);
	if (st != LPFPGA_OK)
		return st;
	inst->last_use = ++m->use_clock;
	for (int i = 0; i < g->n_inputs; i++) {
		int v = inst->prog->value_of_tensor[g->inputs[i]];

		/* Shape inputs were folded into the instance; they have no arena slot to fill. */
		if (v >= 0 && inst->prog->values[v].seg == LPF_PROG_SEG_ARENA)
			memcpy(lpf_instance_value_ptr(inst, v), bound[i]->data,
			       inst->prog->values[v].nbytes);
	}
	st = lpf_instance_run(m->dev, inst, &c, &m->err);
	if (st != LPFPGA_OK)
		return st;
	for (int i = 0; i < g->n_outputs; i++) {
		const struct lpf_value *v =
			&inst->prog->values[inst->prog->value_of_tensor[g->outputs[i]]];

		if (!outputs[i].data || outputs[i].size < v->nbytes)
			return lpf_err_set(&m->err, LPFPGA_ERROR_INVALID_ARGUMENT,
					   "%s: output '%s' needs %llu bytes, buffer holds %zu",
					   g->path, g->tensors[g->outputs[i]].name,
					   (unsigned long long)v->nbytes,
					   outputs[i].data ? outputs[i].size : 0);
	}
	for (int i = 0; i < g->n_outputs; i++) {
		const struct lpf_value *v =
			&inst->prog->values[inst->prog->value_of_tensor[g->outputs[i]]];
		lpfpga_tensor *o = &outputs[i];

		memcpy(o->data, lpf_instance_value_ptr(inst, inst->prog->value_of_tensor[g->outputs[i]]),
		       v->nbytes);
		o->dtype = (lpfpga_dtype)v->dtype;
		o->rank = v->rank;
		memcpy(o->dims, v->dims, sizeof(o->dims));
		if (!o->name)
			o->name = g->tensors[g->outputs[i]].name;
	}
	m->counters = c;
	return LPFPGA_OK;
}

LPFPGA_API lpfpga_status lpfpga_infer(lpfpga_model *m, const lpfpga_tensor *inputs, int n_inputs,
				      lpfpga_tensor *outputs, int n_outputs)
{
	lpfpga_status st;

	if (!m)
		return LPFPGA_ERROR_INVALID_ARGUMENT;
	pthread_mutex_lock(&m->lock);
	lpf_err_clear(&m->err);
	st = lpf_infer_locked(m, inputs, n_inputs, outputs, n_outputs);
	pthread_mutex_unlock(&m->lock);
	return st;
}
