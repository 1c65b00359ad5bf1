/* SPDX-License-Identifier: MIT */
/*
 * lpf_compile: bind the batch, infer every tensor's type and shape, fold host ops
 * on constants, partition into fabric layers, tile them, place every value in the
 * constant image or the arena, pack constant parameters, and emit the command
 * stream and the steps that run it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler_internal.h"
#include "hostops/hostops.h"

#define LPF_ALIGN 64

const char *lpf_cc_path(const struct lpf_cc *cc)
{
	return cc->g->path ? cc->g->path : "model";
}

const char *lpf_cc_tname(const struct lpf_cc *cc, int t)
{
	return t >= 0 && cc->g->tensors[t].name ? cc->g->tensors[t].name : "?";
}

lpfpga_status lpf_node_err(const struct lpf_cc *cc, const struct lpf_node *n, lpfpga_status st,
			   struct lpf_err *err, const char *fmt, ...)
{
	char msg[LPF_ERR_MSG_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lpf_err_set(err, st, "%s: node '%s' (%s): %s", lpf_cc_path(cc), n->name,
			   n->op_type, msg);
}

int64_t lpf_ct_numel(const struct lpf_ctensor *t)
{
	int64_t n = 1;
	int i;

	if (t->rank < 0)
		return -1;
	for (i = 0; i < t->rank; i++)
		n *= t->dims[i];
	return n;
}

void lpf_ct_shape_str(const struct lpf_ctensor *t, char *buf, size_t size)
{
	size_t o = 0;
	int i;

	if (t->rank < 0) {
		snprintf(buf, size, "[?]");
		return;
	}
	o += (size_t)snprintf(buf, size, "[");
	for (i = 0; i < t->rank && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%lld", i ? "," : "",
				      (long long)t->dims[i]);
	if (o < size)
		snprintf(buf + o, size - o, "]");
}

static uint64_t align_up(uint64_t v)
{
	return (v + LPF_ALIGN - 1) / LPF_ALIGN * LPF_ALIGN;
}

static uint64_t ct_bytes(const struct lpf_ctensor *t)
{
	return (uint64_t)lpf_ct_numel(t) * lpf_dtype_size(t->dtype);
}

/* --- binding and inference ---------------------------------------------------------- */

static lpfpga_status bind(struct lpf_cc *cc, struct lpf_err *err)
{
	const struct lpf_graph *g = cc->g;
	int i, j;

	for (i = 0; i < g->n_tensors; i++) {
		const struct lpf_tensor *s = &g->tensors[i];
		struct lpf_ctensor *t = &cc->t[i];

		t->consumer = -1;
		t->rank = -1;
		if (!s->data && !s->is_input)
			continue;
		t->dtype = s->dtype;
		t->rank = s->rank;
		t->data = s->data;
		if (s->rank < 0 || s->rank > LPF_MAX_RANK)
			return lpf_err_set(err, LPFPGA_ERROR_SHAPE_MISMATCH,
					   "%s: input '%s' has no usable shape", lpf_cc_path(cc),
					   lpf_cc_tname(cc, i));
		for (j = 0; j < s->rank; j++) {
			t->dims[j] = s->dims[j] == LPF_DIM_BATCH ? cc->batch : s->dims[j];
			if (t->dims[j] < 0)
				return lpf_err_set(err, LPFPGA_ERROR_SHAPE_MISMATCH,
						   "%s: input '%s' has a symbolic dimension other "
						   "than the batch", lpf_cc_path(cc),
						   lpf_cc_tname(cc, i));
		}
		if (s->data && s->nbytes != ct_bytes(t))
			return lpf_err_set(
				err, LPFPGA_ERROR_MODEL_INVALID,
				"%s: constant '%s' holds %zu bytes, its shape needs %llu",
				lpf_cc_path(cc), lpf_cc_tname(cc, i), s->nbytes,
				(unsigned long long)ct_bytes(t));
	}
	for (i = 0; i < g->n_nodes; i++) {
		for (j = 0; j < g->nodes[i].n_in; j++) {
			int k = g->nodes[i].in[j];

			if (k < 0)
				continue;
			cc->t[k].n_consumers++;
			cc->t[k].consumer = i;
		}
	}
	return LPFPGA_OK;
}

static void to_hval(const struct lpf_ctensor *t, struct lpf_hval *h)
{
	memset(h, 0, sizeof(*h));
	h->dtype = t->dtype;
	h->rank = t->rank < 0 ? 0 : t->rank;
	memcpy(h->dims, t->dims, sizeof(h->dims));
	h->data = (void *)t->data;
}

/*
 * ConstantOfShape on a constant shape (exporters write it for zero points): its value
 * is a tensor attribute, which only the graph holds, so it is folded here.
 */
static lpfpga_status fold_constant_of_shape(struct lpf_cc *cc, int node, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_attr *a = lpf_node_attr(n, "value");
	const struct lpf_tensor *v = a && a->type == LPF_ATTR_TENSOR && a->tensor >= 0 ?
					     &cc->g->tensors[a->tensor] : NULL;
	const struct lpf_ctensor *shape = n->n_in == 1 && n->in[0] >= 0 ? &cc->t[n->in[0]] : NULL;
	struct lpf_ctensor *t;
	size_t es = v ? lpf_dtype_size(v->dtype) : 4;
	int64_t i, numel;

	if (!shape || !shape->data || shape->dtype != LPF_DT_INT64 || shape->rank != 1 ||
	    shape->dims[0] > LPF_MAX_RANK || n->n_out != 1 || n->out[0] < 0)
		return lpf_node_err(cc, n, LPFPGA_ERROR_NOT_SUPPORTED, err,
				    "only a constant int64 shape of rank <= %d is supported",
				    LPF_MAX_RANK);
	if (v && (!v->data || v->nbytes != es || !es))
		return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
				    "attribute 'value' must be a one-element tensor");
	t = &cc->t[n->out[0]];
	t->dtype = v ? v->dtype : LPF_DT_FLOAT;
	t->rank = (int)shape->dims[0];
	for (i = 0; i < t->rank; i++) {
		t->dims[i] = ((const int64_t *)shape->data)[i];
		if (t->dims[i] < 0)
			return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
					    "negative dimension %lld", (long long)t->dims[i]);
	}
	numel = lpf_ct_numel(t);
	t->owned = calloc(1, numel ? (size_t)numel * es : 1);
	if (!t->owned)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory folding");
	for (i = 0; v && i < numel; i++)
		memcpy((uint8_t *)t->owned + i * (int64_t)es, v->data, es);
	t->data = t->owned;
	cc->role[node] = LPF_ROLE_FOLDED;
	return LPFPGA_OK;
}

static lpfpga_status infer_host(struct lpf_cc *cc, int node, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_hostop *op = lpf_hostop_find(n->domain, n->op_type);
	struct lpf_hval in[LPF_STEP_MAX_IO], out[LPF_STEP_MAX_IO];
	bool all_const = true;
	lpfpga_status st;
	int i;

	if (!op)
		return lpf_node_err(cc, n, LPFPGA_ERROR_UNSUPPORTED_OP, err,
				    "operator '%s' (domain '%s') is not supported", n->op_type,
				    n->domain);
	if (n->n_in > LPF_STEP_MAX_IO || n->n_out > LPF_STEP_MAX_IO)
		return lpf_node_err(cc, n, LPFPGA_ERROR_NOT_SUPPORTED, err,
				    "more than %d inputs or outputs", LPF_STEP_MAX_IO);
	for (i = 0; i < n->n_in; i++) {
		if (n->in[i] < 0) {
			memset(&in[i], 0, sizeof(in[i]));
			continue;
		}
		if (cc->t[n->in[i]].rank < 0)
			return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					    "input '%s' has no known shape",
					    lpf_cc_tname(cc, n->in[i]));
		to_hval(&cc->t[n->in[i]], &in[i]);
		all_const &= cc->t[n->in[i]].data != NULL;
	}
	memset(out, 0, sizeof(out));
	st = op->infer(n, in, n->n_in, out, n->n_out, err);
	if (st) {
		lpf_err_prefix(err, "%s", lpf_cc_path(cc));
		return st;
	}
	for (i = 0; i < n->n_out; i++) {
		struct lpf_ctensor *t;

		if (n->out[i] < 0)
			continue;
		t = &cc->t[n->out[i]];
		t->dtype = out[i].dtype;
		t->rank = out[i].rank;
		memcpy(t->dims, out[i].dims, sizeof(t->dims));
		if (lpf_ct_numel(t) < 0 || !lpf_dtype_size(t->dtype))
			return lpf_node_err(cc, n, LPFPGA_ERROR_DTYPE_MISMATCH, err,
					    "output %d has type %s, which the runtime cannot hold",
					    i, lpf_dtype_name(t->dtype));
	}
	cc->role[node] = LPF_ROLE_HOST;
	if (!all_const || n->n_in == 0)
		return LPFPGA_OK;
	/* every input is a constant: run it now */
	for (i = 0; i < n->n_out; i++) {
		struct lpf_ctensor *t;

		if (n->out[i] < 0)
			continue;
		t = &cc->t[n->out[i]];
		t->owned = calloc(1, ct_bytes(t) ? ct_bytes(t) : 1);
		if (!t->owned)
			return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory folding");
		out[i].data = t->owned;
	}
	st = op->run(n, in, n->n_in, out, n->n_out, err);
	if (st) {
		lpf_err_prefix(err, "%s", lpf_cc_path(cc));
		return st;
	}
	for (i = 0; i < n->n_out; i++)
		if (n->out[i] >= 0)
			cc->t[n->out[i]].data = cc->t[n->out[i]].owned;
	cc->role[node] = LPF_ROLE_FOLDED;
	return LPFPGA_OK;
}

static lpfpga_status infer_all(struct lpf_cc *cc, struct lpf_err *err)
{
	int i, j;

	for (i = 0; i < cc->g->n_nodes; i++) {
		const struct lpf_node *n = &cc->g->nodes[i];
		bool have = n->n_out > 0;
		lpfpga_status st;

		for (j = 0; j < n->n_out; j++)
			have &= n->out[j] < 0 || cc->t[n->out[j]].data != NULL;
		if (have) {
			cc->role[i] = LPF_ROLE_SKIP;
			continue;
		}
		if (lpf_is_fabric_op(n)) {
			st = lpf_infer_fabric(cc, i, err);
			cc->role[i] = LPF_ROLE_FABRIC;
		} else if (!n->domain[0] && !strcmp(n->op_type, "ConstantOfShape")) {
			st = fold_constant_of_shape(cc, i, err);
		} else {
			st = infer_host(cc, i, err);
		}
		if (st)
			return st;
	}
	for (i = 0; i < cc->g->n_outputs; i++) {
		int k = cc->g->outputs[i];

		if (cc->t[k].rank < 0)
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "%s: graph output '%s' is never computed",
					   lpf_cc_path(cc), lpf_cc_tname(cc, k));
	}
	return LPFPGA_OK;
}

/* --- values --------------------------------------------------------------------------- */

static int new_value(struct lpf_cc *cc, int tensor, int dtype, int rank, const int64_t *dims,
		     bool is_const, uint64_t nbytes)
{
	struct lpf_program *p = cc->p;
	struct lpf_value *v;

	if (p->n_values == cc->cap_values) {
		int cap = cc->cap_values ? 2 * cc->cap_values : 64;
		struct lpf_value *nv = realloc(p->values, (size_t)cap * sizeof(*nv));

		if (!nv)
			return -1;
		p->values = nv;
		cc->cap_values = cap;
	}
	v = &p->values[p->n_values];
	memset(v, 0, sizeof(*v));
	v->tensor = tensor;
	v->dtype = dtype;
	v->rank = rank;
	memcpy(v->dims, dims, (size_t)rank * sizeof(*dims));
	v->nbytes = nbytes;
	if (is_const) {
		uint64_t off = align_up(p->const_size), end = off + (nbytes ? nbytes : 1);

		if (end > cc->cap_const) {
			uint64_t cap = cc->cap_const ? cc->cap_const : 4096;
			uint8_t *ni;

			while (cap < end)
				cap *= 2;
			ni = realloc(p->const_image, cap);
			if (!ni)
				return -1;
			memset(ni + cc->cap_const, 0, cap - cc->cap_const);
			p->const_image = ni;
			cc->cap_const = cap;
		}
		v->seg = LPF_PROG_SEG_CONST;
		v->off = off;
		p->const_size = off + nbytes;
	} else {
		v->seg = LPF_PROG_SEG_ARENA;
		v->off = align_up(p->arena_size);
		p->arena_size = v->off + nbytes;
	}
	return p->n_values++;
}

static lpfpga_status tensor_value(struct lpf_cc *cc, int k, struct lpf_err *err)
{
	const struct lpf_ctensor *t = &cc->t[k];
	int v;

	if (k < 0 || cc->p->value_of_tensor[k] >= 0)
		return LPFPGA_OK;
	v = new_value(cc, k, t->dtype, t->rank, t->dims, t->data != NULL, ct_bytes(t));
	if (v < 0)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory placing values");
	cc->p->value_of_tensor[k] = v;
	if (t->data)
		memcpy(cc->p->const_image + cc->p->values[v].off, t->data, ct_bytes(t));
	return LPFPGA_OK;
}

/* Scale and zero point of tensor k from the op that consumes or produces it. */
static bool qparams_at(struct lpf_cc *cc, int k, struct lpf_value *v)
{
	const struct lpf_graph *g = cc->g;
	int i, j, si = -1, zi = -1;

	for (i = 0; i < g->n_nodes && si < 0; i++) {
		const struct lpf_node *n = &g->nodes[i];
		bool q = !strcmp(n->op_type, "QLinearConv") || !strcmp(n->op_type, "QLinearMatMul");

		if (n->domain[0])
			continue;
		if ((q || !strcmp(n->op_type, "DequantizeLinear")) && n->n_in > 1 &&
		    n->in[0] == k) {
			si = n->in[1];
			zi = n->n_in > 2 ? n->in[2] : -1;
		} else if (q && n->n_in > 6 && n->out[0] == k) {
			si = n->in[6];
			zi = n->n_in > 7 ? n->in[7] : -1;
		} else if (!strcmp(n->op_type, "QuantizeLinear") && n->out[0] == k) {
			si = n->in[1];
			zi = n->n_in > 2 ? n->in[2] : -1;
		}
	}
	/* a fused chain's output carries the quantization of its layer */
	for (j = 0; j < cc->n_layers && si < 0; j++) {
		const struct lpf_layer *l = &cc->layers[j];

		if (l->y == k && l->kind == LPF_LK_QCONV) {
			si = l->pin[LPF_PI_YSCALE];
			zi = l->pin[LPF_PI_YZP];
		}
	}
	if (si < 0)
		return false;
	if (cc->t[si].data && cc->t[si].dtype == LPF_DT_FLOAT &&
	    lpf_ct_numel(&cc->t[si]) == 1)
		v->scale = *(const float *)cc->t[si].data;
	if (zi >= 0 && cc->t[zi].data && lpf_ct_numel(&cc->t[zi]) == 1) {
		if (cc->t[zi].dtype == LPF_DT_INT8)
			v->zero_point = *(const int8_t *)cc->t[zi].data;
		else if (cc->t[zi].dtype == LPF_DT_UINT8)
			v->zero_point = *(const uint8_t *)cc->t[zi].data;
	}
	return true;
}

/* Ops that move quantized values without changing them: the quantization passes through. */
static bool is_layout_op(const struct lpf_node *n)
{
	static const char *const ops[] = { "Flatten", "Reshape", "Transpose", "Squeeze",
					   "Unsqueeze", "Identity", "MaxPool", NULL };

	for (int i = 0; !n->domain[0] && ops[i]; i++)
		if (!strcmp(n->op_type, ops[i]))
			return true;
	return false;
}

/* Scale and zero point of a quantized graph input or output, looking through layout ops. */
static void qparams(struct lpf_cc *cc, int k, struct lpf_value *v)
{
	for (int depth = 0; depth < 16 && k >= 0; depth++) {
		int p = cc->g->tensors[k].producer;

		if (qparams_at(cc, k, v) || p < 0 || !is_layout_op(&cc->g->nodes[p]) ||
		    cc->g->nodes[p].n_in < 1)
			return;
		k = cc->g->nodes[p].in[0];
	}
}

static lpfpga_status place_values(struct lpf_cc *cc, struct lpf_err *err)
{
	const struct lpf_graph *g = cc->g;
	lpfpga_status st = LPFPGA_OK;
	int i, j;

	for (i = 0; i < g->n_inputs && !st; i++)
		st = tensor_value(cc, g->inputs[i], err);
	for (i = 0; i < g->n_outputs && !st; i++)
		st = tensor_value(cc, g->outputs[i], err);
	for (i = 0; i < g->n_nodes && !st; i++) {
		const struct lpf_node *n = &g->nodes[i];

		if (cc->role[i] != LPF_ROLE_HOST)
			continue;
		for (j = 0; j < n->n_in && !st; j++)
			st = tensor_value(cc, n->in[j], err);
		for (j = 0; j < n->n_out && !st; j++)
			st = tensor_value(cc, n->out[j], err);
	}
	for (i = 0; i < cc->n_layers && !st; i++) {
		struct lpf_layer *l = &cc->layers[i];
		int64_t dims[2];

		st = tensor_value(cc, l->x, err);
		if (!st)
			st = tensor_value(cc, l->y, err);
		for (j = 0; j < LPF_PI_COUNT && !st && l->runtime; j++)
			st = tensor_value(cc, l->pin[j], err);
		if (st)
			break;
		lpf_pack_sizes(&l->pd);
		dims[0] = (int64_t)l->pd.wpack_bytes;
		dims[1] = (int64_t)l->pd.param_bytes;
		l->wpack_val = new_value(cc, -1, LPF_DT_UINT8, 1, &dims[0], !l->runtime,
					 l->pd.wpack_bytes);
		l->param_val = new_value(cc, -1, LPF_DT_UINT8, 1, &dims[1], !l->runtime,
					 l->pd.param_bytes);
		if (l->wpack_val < 0 || l->param_val < 0)
			st = lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY,
					 "out of memory placing values");
	}
	for (i = 0; i < g->n_inputs; i++)
		qparams(cc, g->inputs[i], &cc->p->values[cc->p->value_of_tensor[g->inputs[i]]]);
	for (i = 0; i < g->n_outputs && !st; i++)
		qparams(cc, g->outputs[i], &cc->p->values[cc->p->value_of_tensor[g->outputs[i]]]);
	return st;
}

/* --- layers: tiling and compile-time packing ------------------------------------------ */

static void pack_src_const(const struct lpf_cc *cc, const struct lpf_layer *l,
			   struct lpf_pack_src *src)
{
	int i;

	memset(src, 0, sizeof(*src));
	for (i = 0; i < LPF_PI_COUNT; i++) {
		if (l->pin[i] < 0)
			continue;
		src->data[i] = cc->t[l->pin[i]].data;
		src->dtype[i] = cc->t[l->pin[i]].dtype;
		src->numel[i] = lpf_ct_numel(&cc->t[l->pin[i]]);
	}
	if (l->qdq >= 0 && cc->qdq[l->qdq].bias) {
		/* a QDQ float bias, rounded to int32 at match time */
		src->data[LPF_PI_BIAS] = cc->qdq[l->qdq].bias;
		src->dtype[LPF_PI_BIAS] = LPF_DT_INT32;
		src->numel[LPF_PI_BIAS] = l->pd.geom.oc;
	}
}

static lpfpga_status tile_layers(struct lpf_cc *cc, struct lpf_err *err)
{
	int i;

	for (i = 0; i < cc->n_layers; i++) {
		struct lpf_layer *l = &cc->layers[i];
		lpfpga_status st = lpf_tile_choose(&l->pd.geom, &l->pd.tiling, err);

		if (st) {
			lpf_err_prefix(err, "%s: node '%s' (%s)", lpf_cc_path(cc), l->name, l->op);
			return st;
		}
	}
	return LPFPGA_OK;
}

static lpfpga_status pack_constants(struct lpf_cc *cc, struct lpf_err *err)
{
	int i;

	for (i = 0; i < cc->n_layers; i++) {
		struct lpf_layer *l = &cc->layers[i];
		struct lpf_program *p = cc->p;
		struct lpf_pack_src src;
		lpfpga_status st;

		pack_src_const(cc, l, &src);
		if (l->runtime) {
			/* run-time parameters: the patch step fills the zero points */
			l->zp.x_zp = 0;
			l->zp.y_zp = 0;
			continue;
		}
		st = lpf_pack_layer(&l->pd, &src, p->const_image + p->values[l->wpack_val].off,
				    p->const_image + p->values[l->param_val].off, &l->zp, l->name,
				    err);
		if (st) {
			lpf_err_prefix(err, "%s", lpf_cc_path(cc));
			return st;
		}
	}
	return LPFPGA_OK;
}

/* --- steps ---------------------------------------------------------------------------- */

static struct lpf_step *add_step(struct lpf_cc *cc, int *cap, struct lpf_err *err)
{
	struct lpf_program *p = cc->p;

	if (p->n_steps == *cap) {
		int ncap = *cap ? 2 * *cap : 16;
		struct lpf_step *v = realloc(p->steps, (size_t)ncap * sizeof(*v));

		if (!v) {
			lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory for steps");
			return NULL;
		}
		p->steps = v;
		*cap = ncap;
	}
	memset(&p->steps[p->n_steps], 0, sizeof(p->steps[0]));
	return &p->steps[p->n_steps++];
}

static lpfpga_status host_node_step(const struct lpf_program *p, const struct lpf_step *s,
				    struct lpf_hval *in, struct lpf_hval *out, uint8_t *cmd,
				    struct lpf_err *err)
{
	const struct lpf_hostop *op = lpf_hostop_find(s->node->domain, s->node->op_type);
	struct lpf_hval hin[LPF_STEP_MAX_IO];
	int i;

	(void)p;
	(void)cmd;
	if (!op)
		return lpf_err_set(err, LPFPGA_ERROR_UNSUPPORTED_OP, "node '%s': no host op '%s'",
				   s->node->name, s->node->op_type);
	for (i = 0; i < s->n_in; i++) {
		hin[i] = in[i];
		if (s->in[i] < 0)
			memset(&hin[i], 0, sizeof(hin[i]));
	}
	return op->run(s->node, hin, s->n_in, out, s->n_out, err);
}

static lpfpga_status add_pack_step(struct lpf_cc *cc, struct lpf_layer *l, int *cap,
				   struct lpf_err *err)
{
	struct lpf_step *s = add_step(cc, cap, err);
	struct lpf_pack_priv *pp;
	int i;

	if (!s)
		return LPFPGA_ERROR_NO_MEMORY;
	s->kind = LPF_STEP_HOST;
	s->fn = lpf_pack_step;
	s->node = &cc->g->nodes[l->node];
	pp = malloc(sizeof(*pp) + (size_t)l->n_patch * sizeof(pp->patch[0]));
	if (!pp)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory for steps");
	pp->d = l->pd;
	snprintf(pp->name, sizeof(pp->name), "%s", l->name);
	pp->n_patch = l->n_patch;
	if (l->n_patch)
		memcpy(pp->patch, l->patch, (size_t)l->n_patch * sizeof(pp->patch[0]));
	s->priv = pp;
	s->n_in = LPF_PI_COUNT;
	for (i = 0; i < LPF_PI_COUNT; i++)
		s->in[i] = l->pin[i] >= 0 ? cc->p->value_of_tensor[l->pin[i]] : -1;
	s->n_out = 2;
	s->out[0] = l->wpack_val;
	s->out[1] = l->param_val;
	return LPFPGA_OK;
}

struct group {
	bool open;
	uint32_t insn_first;
	int layer_first, layer_end;     /* layers [layer_first, layer_end), emitted at close */
	int first_node;
};

static bool values_overlap(const struct lpf_value *a, const struct lpf_value *b)
{
	return a->seg == b->seg && a->off < b->off + b->nbytes && b->off < a->off + a->nbytes;
}

/*
 * Into how many jobs the group splits: every layer must split into the same units,
 * and a layer reading what an earlier one of the group wrote must read unit u where
 * that one wrote unit u, so that each job needs nothing from the others.
 */
static int group_parts(const struct lpf_cc *cc, const struct group *gr)
{
	struct lpf_split first, si, sj;
	int i, j;

	if (cc->parts < 2 || !lpf_layer_split(&cc->layers[gr->layer_first], &first))
		return 1;
	for (i = gr->layer_first; i < gr->layer_end; i++) {
		const struct lpf_layer *li = &cc->layers[i];
		const struct lpf_value *x = &cc->p->values[cc->p->value_of_tensor[li->x]];

		if (!lpf_layer_split(li, &si) || si.units != first.units)
			return 1;
		for (j = gr->layer_first; j < i; j++) {
			const struct lpf_layer *lj = &cc->layers[j];
			const struct lpf_value *y = &cc->p->values[cc->p->value_of_tensor[lj->y]];

			lpf_layer_split(lj, &sj);
			if (values_overlap(x, y) && (x->seg != y->seg || x->off != y->off ||
						     si.in_unit != sj.out_unit))
				return 1;
		}
	}
	return first.units < cc->parts ? (int)first.units : cc->parts;
}

/* The group's layers for units [lo, lo + n), then END: one self-contained job. */
static lpfpga_status emit_part(struct lpf_cc *cc, const struct group *gr,
			       const struct lpf_emit_part *part, struct lpf_err *err)
{
	struct lpf_emit_state es = { 0 };
	uint32_t first = cc->n_insns;
	lpfpga_status st = LPFPGA_OK;
	int i;

	for (i = gr->layer_first; i < gr->layer_end && !st; i++)
		st = lpf_emit_layer(cc, &cc->layers[i], part, &es, err);
	if (!st)
		st = lpf_emit_end(cc, &es, err);
	if (!st)
		st = lpf_emit_check_tokens(cc->insns, first, cc->n_insns - first, err);
	return st;
}

static lpfpga_status close_group(struct lpf_cc *cc, struct group *gr, int *cap,
				 struct lpf_err *err)
{
	uint32_t part_insn[LPF_MAX_PARTS + 1];
	struct lpf_split sp = { .units = 1 };
	struct lpf_step *s;
	lpfpga_status st = LPFPGA_OK;
	int i, n_parts;

	if (!gr->open)
		return LPFPGA_OK;
	gr->open = false;
	n_parts = group_parts(cc, gr);
	if (n_parts > 1)
		lpf_layer_split(&cc->layers[gr->layer_first], &sp);
	for (i = 0; i < n_parts && !st; i++) {
		/* units spread evenly: the first (units % parts) jobs take one more */
		int64_t base = sp.units / n_parts, extra = sp.units % n_parts;
		struct lpf_emit_part part = {
			.lo = i * base + (i < extra ? i : extra),
			.n = n_parts > 1 ? base + (i < extra) : 0,
			.first = i == 0,
		};

		part_insn[i] = cc->n_insns;
		st = emit_part(cc, gr, &part, err);
	}
	part_insn[n_parts] = cc->n_insns;
	for (i = gr->layer_first; i < gr->layer_end && !st; i++)
		if (cc->layers[i].runtime)
			st = add_pack_step(cc, &cc->layers[i], cap, err);
	if (st)
		return st;
	s = add_step(cc, cap, err);
	if (!s)
		return LPFPGA_ERROR_NO_MEMORY;
	s->kind = LPF_STEP_FABRIC;
	s->insn_first = gr->insn_first;
	s->insn_count = cc->n_insns - gr->insn_first;
	s->n_parts = n_parts;
	memcpy(s->part_insn, part_insn, (size_t)(n_parts + 1) * sizeof(part_insn[0]));
	s->layer_first = gr->layer_first;
	s->layer_count = gr->layer_end - gr->layer_first;
	return LPFPGA_OK;
}

/* A run-time parameter computed by a layer of the open job needs the job split. */
static bool needs_split(const struct lpf_cc *cc, const struct lpf_layer *l,
			const struct group *gr)
{
	int i;

	if (!gr->open || !l->runtime)
		return false;
	for (i = 0; i < LPF_PI_COUNT; i++) {
		int pr = l->pin[i] >= 0 ? cc->g->tensors[l->pin[i]].producer : -1;

		if (pr >= gr->first_node &&
		    (cc->role[pr] == LPF_ROLE_FABRIC || cc->role[pr] == LPF_ROLE_FUSED))
			return true;
	}
	return false;
}

static lpfpga_status build_steps(struct lpf_cc *cc, struct lpf_err *err)
{
	struct group gr = { 0 };
	lpfpga_status st = LPFPGA_OK;
	int cap = 0, i, j, li = 0;

	for (i = 0; i < cc->g->n_nodes && !st; i++) {
		const struct lpf_node *n = &cc->g->nodes[i];

		if (cc->role[i] == LPF_ROLE_HOST) {
			struct lpf_step *s;

			st = close_group(cc, &gr, &cap, err);
			s = st ? NULL : add_step(cc, &cap, err);
			if (!s)
				return st ? st : LPFPGA_ERROR_NO_MEMORY;
			s->kind = LPF_STEP_HOST;
			s->fn = host_node_step;
			s->node = n;
			s->n_in = n->n_in;
			s->n_out = n->n_out;
			for (j = 0; j < n->n_in; j++)
				s->in[j] = n->in[j] >= 0 ? cc->p->value_of_tensor[n->in[j]] : -1;
			for (j = 0; j < n->n_out; j++)
				s->out[j] = n->out[j] >= 0 ? cc->p->value_of_tensor[n->out[j]] : -1;
			continue;
		}
		if (cc->role[i] != LPF_ROLE_FABRIC)
			continue;
		for (; li < cc->n_layers && cc->layers[li].node == i && !st; li++) {
			struct lpf_layer *l = &cc->layers[li];

			if (needs_split(cc, l, &gr) || (cc->job_per_layer && gr.open))
				st = close_group(cc, &gr, &cap, err);
			if (st)
				break;
			if (!gr.open) {
				gr = (struct group){ .open = true, .insn_first = cc->n_insns,
						     .layer_first = li, .first_node = i };
			}
			gr.layer_end = li + 1;
		}
	}
	if (!st)
		st = close_group(cc, &gr, &cap, err);
	return st;
}

static lpfpga_status encode(struct lpf_cc *cc, struct lpf_err *err)
{
	struct lpf_program *p = cc->p;
	uint32_t k;
	int i;

	p->cmd = malloc((size_t)(cc->n_insns ? cc->n_insns : 1) * LPF_INSN_BYTES);
	if (!p->cmd)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory encoding");
	p->n_insns = cc->n_insns;
	for (k = 0; k < cc->n_insns; k++) {
		const char *bad = NULL;

		if (!lpf_insn_encode(&cc->insns[k], p->cmd + (size_t)k * LPF_INSN_BYTES, &bad))
			continue;
		for (i = 0; i < cc->n_layers; i++) {
			const struct lpf_layer *l = &cc->layers[i];

			if (k >= l->insn_first && k < l->insn_first + l->insn_count)
				return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
						   "%s: node '%s' (%s): field %s of instruction %u "
						   "does not fit (shape %s -> %s)",
						   lpf_cc_path(cc), l->name, l->op, bad ? bad : "?",
						   k, l->in_shape, l->out_shape);
		}
		return lpf_err_set(err, LPFPGA_ERROR_INTERNAL, "instruction %u: field %s",
				   k, bad ? bad : "?");
	}
	return LPFPGA_OK;
}

static void fill_layer_info(struct lpf_cc *cc)
{
	int i;

	for (i = 0; i < cc->n_layers; i++) {
		const struct lpf_layer *l = &cc->layers[i];
		struct lpf_layer_info *li = &cc->p->layers[i];
		const struct lpf_conv_geom *g = &l->pd.geom;
		const struct lpf_tiling *t = &l->pd.tiling;
		struct lpf_tile_cost c;

		snprintf(li->name, sizeof(li->name), "%s", l->name);
		snprintf(li->op, sizeof(li->op), "%s", l->op);
		snprintf(li->in_shape, sizeof(li->in_shape), "%s", l->in_shape);
		snprintf(li->w_shape, sizeof(li->w_shape), "%s", l->w_shape);
		snprintf(li->out_shape, sizeof(li->out_shape), "%s", l->out_shape);
		snprintf(li->tile, sizeof(li->tile), "oc%lld oh%lld ow%lld ic%lld %s",
			 (long long)t->oc_t, (long long)t->ph_t, (long long)t->pw_t,
			 (long long)(lpf_tile_n_chunks(g, t) > 1 ? t->ic_t : g->c / g->groups),
			 t->order == LPF_ORDER_WEIGHTS ? "wgt-stationary" : "inp-stationary");
		li->n_tiles = (uint32_t)l->n_tiles;
		li->macs = (uint64_t)(g->n_img * g->oc * g->oh * g->ow * (g->c / g->groups) *
				      g->kh * g->kw);
		li->dram_read = l->dram_read;
		li->dram_write = l->dram_write;
		lpf_tiling_cost(g, t, &c);
		li->est_read = c.inp_bytes + c.wgt_bytes + c.param_bytes;
		li->est_write = c.out_bytes;
		li->est_conv_cycles = c.conv_cycles;
		li->lower_bound = lpf_tile_lower_bound(g);
		li->insn_first = l->insn_first;
		li->insn_count = l->insn_count;
	}
}

/* --- entry points --------------------------------------------------------------------- */

static void cc_free(struct lpf_cc *cc)
{
	int i;

	if (cc->t)
		for (i = 0; i < cc->g->n_tensors; i++)
			free(cc->t[i].owned);
	for (i = 0; i < cc->n_layers; i++)
		free(cc->layers[i].patch);
	free(cc->t);
	free(cc->role);
	free(cc->layers);
	free(cc->insns);
	lpf_qdq_free(cc);
}

lpfpga_status lpf_compile(const struct lpf_graph *g, int batch, struct lpf_program **out,
			  struct lpf_err *err)
{
	const struct lpf_compile_opts opts = { .batch = batch };

	return lpf_compile_opts(g, &opts, out, err);
}

lpfpga_status lpf_compile_opts(const struct lpf_graph *g, const struct lpf_compile_opts *opts,
			       struct lpf_program **out, struct lpf_err *err)
{
	struct lpf_cc cc = { .g = g, .batch = opts->batch, .job_per_layer = opts->job_per_layer,
			     .parts = opts->parts < 1 ? 1
			     : opts->parts > LPF_MAX_PARTS ? LPF_MAX_PARTS : opts->parts };
	int batch = opts->batch;
	lpfpga_status st;
	int i;

	if (!g || !out || batch < 1)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "lpf_compile: no graph or batch %d < 1", batch);
	cc.t = calloc((size_t)(g->n_tensors ? g->n_tensors : 1), sizeof(*cc.t));
	cc.role = calloc((size_t)(g->n_nodes ? g->n_nodes : 1), sizeof(*cc.role));
	cc.p = calloc(1, sizeof(*cc.p));
	if (!cc.t || !cc.role || !cc.p) {
		st = lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory compiling");
		goto fail;
	}
	cc.p->graph = g;
	cc.p->batch = batch;
	cc.p->value_of_tensor = malloc((size_t)(g->n_tensors ? g->n_tensors : 1) * sizeof(int));
	if (!cc.p->value_of_tensor) {
		st = lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory compiling");
		goto fail;
	}
	for (i = 0; i < g->n_tensors; i++)
		cc.p->value_of_tensor[i] = -1;
	st = bind(&cc, err);
	if (!st)
		st = infer_all(&cc, err);
	if (!st)
		st = lpf_partition(&cc, err);
	if (!st)
		st = tile_layers(&cc, err);
	if (!st)
		st = place_values(&cc, err);
	if (!st)
		st = pack_constants(&cc, err);
	if (!st)
		st = build_steps(&cc, err);
	if (!st)
		st = encode(&cc, err);
	if (st)
		goto fail;
	cc.p->n_layers = cc.n_layers;
	cc.p->layers = calloc((size_t)(cc.n_layers ? cc.n_layers : 1), sizeof(*cc.p->layers));
	if (!cc.p->layers) {
		st = lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory compiling");
		goto fail;
	}
	fill_layer_info(&cc);
	st = lpf_report(&cc, err);
	if (st)
		goto fail;
	cc_free(&cc);
	*out = cc.p;
	return LPFPGA_OK;
fail:
	lpf_program_free(cc.p);
	cc_free(&cc);
	return st;
}

void lpf_program_free(struct lpf_program *p)
{
	int i;

	if (!p)
		return;
	for (i = 0; i < p->n_steps; i++)
		free(p->steps[i].priv);
	free(p->steps);
	free(p->values);
	free(p->value_of_tensor);
	free(p->const_image);
	free(p->cmd);
	free(p->layers);
	free(p->report);
	free(p);
}
