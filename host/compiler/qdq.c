/* SPDX-License-Identifier: MIT */
/*
 * QDQ import: a float Conv, MatMul or Gemm whose input comes from DequantizeLinear
 * and whose weights are DequantizeLinear of quantized constants is the fabric layer
 * of the equivalent QLinearConv / QLinearMatMul with bias. This file matches the input
 * side (what the layer reads, its weights, scales, zero points and int32 bias);
 * partition.c matches the output side (Relu / Clip / MaxPool up to QuantizeLinear)
 * and builds the layer. Anything that does not match exactly stays on the CPU.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler_internal.h"

static bool onnx_op(const struct lpf_node *n, const char *op)
{
	return (!n->domain[0] || !strcmp(n->domain, "ai.onnx")) && !strcmp(n->op_type, op);
}

static const struct lpf_node *producer(const struct lpf_cc *cc, int t)
{
	int p = t >= 0 ? cc->g->tensors[t].producer : -1;

	return p >= 0 ? &cc->g->nodes[p] : NULL;
}

static int node_index(const struct lpf_cc *cc, const struct lpf_node *n)
{
	return (int)(n - cc->g->nodes);
}

static int32_t int_at(const struct lpf_ctensor *t, int64_t i)
{
	if (t->dtype == LPF_DT_INT8)
		return ((const int8_t *)t->data)[i];
	if (t->dtype == LPF_DT_UINT8)
		return ((const uint8_t *)t->data)[i];
	return ((const int32_t *)t->data)[i];
}

static bool is_q8(int dt)
{
	return dt == LPF_DT_UINT8 || dt == LPF_DT_INT8;
}

bool lpf_qdq_params(const struct lpf_cc *cc, const struct lpf_node *n, float *s, int32_t *zp)
{
	const struct lpf_ctensor *st, *zt;

	if (n->n_in < 2 || n->in[1] < 0 || n->n_out < 1 || n->out[0] < 0)
		return false;
	st = &cc->t[n->in[1]];
	if (!st->data || st->dtype != LPF_DT_FLOAT || lpf_ct_numel(st) != 1)
		return false;
	*s = *(const float *)st->data;
	if (!isfinite(*s) || *s <= 0.0f)
		return false;
	*zp = 0;
	if (n->n_in < 3 || n->in[2] < 0)
		return true;
	zt = &cc->t[n->in[2]];
	if (!zt->data || lpf_ct_numel(zt) != 1 || !is_q8(zt->dtype))
		return false;
	*zp = int_at(zt, 0);
	return true;
}

bool lpf_qdq_noop_cast(const struct lpf_cc *cc, const struct lpf_node *n)
{
	return onnx_op(n, "Cast") && n->n_in == 1 && n->in[0] >= 0 &&
	       lpf_node_attr_int(n, "to", 0) == cc->t[n->in[0]].dtype;
}

bool lpf_qdq_candidate(const struct lpf_cc *cc, int node)
{
	const struct lpf_node *n = &cc->g->nodes[node];

	return onnx_op(n, "Conv") || onnx_op(n, "MatMul") || onnx_op(n, "Gemm");
}

static void note(struct lpf_qdq *m, const struct lpf_cc *cc, const struct lpf_node *n)
{
	if (m->n_nodes < LPF_QDQ_MAX_NODES)
		m->nodes[m->n_nodes++] = node_index(cc, n);
}

/* A DequantizeLinear of an 8-bit tensor with per-tensor constant parameters. */
static bool dq_of(const struct lpf_cc *cc, const struct lpf_node *n, float *s, int32_t *zp)
{
	if (!n || !onnx_op(n, "DequantizeLinear") || n->in[0] < 0 ||
	    !is_q8(cc->t[n->in[0]].dtype) || !lpf_qdq_params(cc, n, s, zp))
		return false;
	return n->n_in < 3 || n->in[2] < 0 || cc->t[n->in[2]].dtype == cc->t[n->in[0]].dtype;
}

/*
 * The tensor holding the same bytes as t: back through no-op Casts and through
 * DequantizeLinear -> Flatten / Reshape -> QuantizeLinear with one quantization
 * (re-quantizing a dequantized value gives it back), while those nodes run on the CPU.
 */
static int trace_bytes(const struct lpf_cc *cc, int t, struct lpf_qdq *m)
{
	for (;;) {
		const struct lpf_node *p = producer(cc, t), *r, *d;
		float s, s2;
		int32_t zp, zp2;

		if (!p || cc->role[node_index(cc, p)] != LPF_ROLE_HOST)
			return t;
		if (lpf_qdq_noop_cast(cc, p)) {
			note(m, cc, p);
			t = p->in[0];
			continue;
		}
		if (!onnx_op(p, "QuantizeLinear") || !lpf_qdq_params(cc, p, &s, &zp))
			return t;
		r = producer(cc, p->in[0]);
		if (!r || cc->role[node_index(cc, r)] != LPF_ROLE_HOST ||
		    (!onnx_op(r, "Flatten") && !onnx_op(r, "Reshape")))
			return t;
		d = producer(cc, r->in[0]);
		if (!d || cc->role[node_index(cc, d)] != LPF_ROLE_HOST ||
		    !dq_of(cc, d, &s2, &zp2) || s2 != s || zp2 != zp ||
		    cc->t[d->in[0]].dtype != cc->t[t].dtype)
			return t;
		note(m, cc, p);
		note(m, cc, r);
		note(m, cc, d);
		t = d->in[0];
	}
}

/* Weights: DequantizeLinear of a constant, per tensor or per output channel (axis oc_axis). */
static bool match_weights(const struct lpf_cc *cc, int wt, int oc_axis, int64_t oc,
			  struct lpf_qdq *m)
{
	const struct lpf_node *d = producer(cc, wt);
	const struct lpf_ctensor *q, *s, *z = NULL;
	int axis;

	if (!d || !onnx_op(d, "DequantizeLinear") || d->n_in < 2 || d->in[0] < 0 || d->in[1] < 0)
		return false;
	q = &cc->t[d->in[0]];
	s = &cc->t[d->in[1]];
	if (!q->data || !is_q8(q->dtype) || !s->data || s->dtype != LPF_DT_FLOAT)
		return false;
	if (d->n_in > 2 && d->in[2] >= 0) {
		z = &cc->t[d->in[2]];
		if (!z->data || z->dtype != q->dtype || lpf_ct_numel(z) != lpf_ct_numel(s))
			return false;
	}
	if (lpf_ct_numel(s) != 1) {
		axis = (int)lpf_node_attr_int(d, "axis", 1);
		if (axis < 0)
			axis += q->rank;
		if (s->rank != 1 || s->dims[0] != oc || axis != oc_axis)
			return false;
	}
	m->pin[LPF_PI_W] = d->in[0];
	m->pin[LPF_PI_WSCALE] = d->in[1];
	m->pin[LPF_PI_WZP] = z ? d->in[2] : -1;
	note(m, cc, d);
	return true;
}

/*
 * Bias: DequantizeLinear of an int32 constant with scale x_scale * w_scale and zero
 * point 0 is that integer bias; any other constant float bias b becomes
 * round_half_even(b / float32(x_scale * w_scale)).
 */
static bool match_bias(struct lpf_cc *cc, int bt, int64_t oc, float xs, struct lpf_qdq *m)
{
	const struct lpf_node *d = producer(cc, bt);
	const struct lpf_ctensor *b = &cc->t[bt], *ws = &cc->t[m->pin[LPF_PI_WSCALE]];
	const float *wsv = ws->data;
	int64_t nws = lpf_ct_numel(ws), c;
	bool exact = d && onnx_op(d, "DequantizeLinear") && d->in[0] >= 0 && d->in[1] >= 0 &&
		     cc->t[d->in[0]].data && cc->t[d->in[0]].dtype == LPF_DT_INT32 &&
		     cc->t[d->in[1]].data && cc->t[d->in[1]].dtype == LPF_DT_FLOAT;

	if (lpf_ct_numel(b) != oc || b->dims[b->rank - 1] != oc)
		return false;
	if (exact && d->n_in > 2 && d->in[2] >= 0) {
		const struct lpf_ctensor *z = &cc->t[d->in[2]];

		for (c = 0; c < lpf_ct_numel(z) && exact; c++)
			exact = z->data && int_at(z, c) == 0;
	}
	if (exact) {
		const struct lpf_ctensor *s = &cc->t[d->in[1]];
		int64_t ns = lpf_ct_numel(s);

		for (c = 0; c < oc && exact; c++) {
			float want = xs * wsv[nws > 1 ? c : 0];

			exact = (ns == 1 || ns == oc) &&
				((const float *)s->data)[ns > 1 ? c : 0] == want;
		}
	}
	if (exact) {
		m->pin[LPF_PI_BIAS] = d->in[0];
		note(m, cc, d);
		return true;
	}
	if (!b->data || b->dtype != LPF_DT_FLOAT)
		return false;
	m->bias = malloc((size_t)oc * sizeof(*m->bias));
	if (!m->bias)
		return false;
	for (c = 0; c < oc; c++) {
		float v = ((const float *)b->data)[c], s = xs * wsv[nws > 1 ? c : 0];
		double r = rint((double)v / (double)s);

		if (!(fabs(r) < 2147483647.0)) {
			free(m->bias);
			m->bias = NULL;
			return false;
		}
		m->bias[c] = (int32_t)r;
		m->bias_rounded += (float)m->bias[c] * s != v;
	}
	if (d && onnx_op(d, "DequantizeLinear"))
		note(m, cc, d);
	return true;
}

/* MatMul followed by an Add of a constant [N] bias. */
static int bias_add(const struct lpf_cc *cc, const struct lpf_node *n, int *bt)
{
	const struct lpf_ctensor *y = &cc->t[n->out[0]];
	const struct lpf_node *c;

	if (y->n_consumers != 1 || cc->g->tensors[n->out[0]].is_output)
		return -1;
	c = &cc->g->nodes[y->consumer];
	if (!onnx_op(c, "Add") || c->n_in != 2 || cc->role[y->consumer] != LPF_ROLE_HOST)
		return -1;
	*bt = c->in[0] == n->out[0] ? c->in[1] : c->in[0];
	if (*bt < 0 || *bt == n->out[0] || !cc->t[*bt].data || cc->t[*bt].rank > 2 ||
	    cc->t[c->out[0]].rank != y->rank)
		return -1;
	return y->consumer;
}

static bool match(struct lpf_cc *cc, int node, struct lpf_qdq *m)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_node *dx = n->n_in >= 2 ? producer(cc, n->in[0]) : NULL;
	const struct lpf_ctensor *w;
	int bt = n->n_in > 2 ? n->in[2] : -1, oc_axis = 0, i;
	bool gemm = onnx_op(n, "Gemm");
	int64_t oc;
	float xs;
	int32_t xzp;

	if (!dx || !dq_of(cc, dx, &xs, &xzp) || n->in[1] < 0 || n->n_out != 1 || n->out[0] < 0)
		return false;
	w = &cc->t[n->in[1]];
	if (w->rank < 2)
		return false;
	if (onnx_op(n, "Conv")) {
		oc = w->dims[0];
	} else if (gemm) {
		if (lpf_node_attr_int(n, "transA", 0) ||
		    lpf_node_attr_float(n, "alpha", 1.0f) != 1.0f ||
		    (bt >= 0 && lpf_node_attr_float(n, "beta", 1.0f) != 1.0f) ||
		    cc->t[n->in[0]].rank != 2 || w->rank != 2)
			return false;
		m->trans_b = lpf_node_attr_int(n, "transB", 0) != 0;
		oc_axis = m->trans_b ? 0 : 1;
		oc = w->dims[oc_axis];
	} else {
		if (w->rank != 2 || n->n_in != 2)
			return false;
		oc_axis = 1;
		oc = w->dims[1];
	}
	note(m, cc, dx);
	for (i = 0; i < LPF_PI_COUNT; i++)
		m->pin[i] = -1;
	m->pin[LPF_PI_XSCALE] = dx->in[1];
	m->pin[LPF_PI_XZP] = dx->n_in > 2 ? dx->in[2] : -1;
	if (!match_weights(cc, n->in[1], oc_axis, oc, m))
		return false;
	m->y_float = n->out[0];
	if (!onnx_op(n, "Conv") && bt < 0) {
		m->bias_node = bias_add(cc, n, &bt);
		if (m->bias_node >= 0) {
			m->y_float = cc->g->nodes[m->bias_node].out[0];
			note(m, cc, &cc->g->nodes[m->bias_node]);
		}
	}
	if (bt >= 0 && !match_bias(cc, bt, oc, xs, m))
		return false;
	m->x = trace_bytes(cc, dx->in[0], m);
	return true;
}

lpfpga_status lpf_qdq_match(struct lpf_cc *cc, int node, int *out, struct lpf_err *err)
{
	struct lpf_qdq *v = realloc(cc->qdq, (size_t)(cc->n_qdq + 1) * sizeof(*v)), *m;

	*out = -1;
	if (!v)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory matching QDQ");
	cc->qdq = v;
	m = &v[cc->n_qdq];
	memset(m, 0, sizeof(*m));
	m->node = node;
	m->bias_node = -1;
	m->q = -1;
	if (!match(cc, node, m)) {
		free(m->bias);
		return LPFPGA_OK;
	}
	*out = cc->n_qdq++;
	return LPFPGA_OK;
}

void lpf_qdq_prune(struct lpf_cc *cc)
{
	const struct lpf_graph *g = cc->g;
	bool *need = calloc((size_t)(g->n_tensors ? g->n_tensors : 1), sizeof(*need));
	int i, j;

	if (!need)
		return;
	for (i = 0; i < g->n_outputs; i++)
		need[g->outputs[i]] = true;
	for (i = 0; i < cc->n_layers; i++) {
		need[cc->layers[i].x] = true;
		for (j = 0; j < LPF_PI_COUNT; j++)
			if (cc->layers[i].pin[j] >= 0)
				need[cc->layers[i].pin[j]] = true;
	}
	for (i = g->n_nodes - 1; i >= 0; i--) {
		const struct lpf_node *n = &g->nodes[i];
		bool live = false;

		if (cc->role[i] != LPF_ROLE_HOST)
			continue;
		/* outputs nobody consumes are the model's business: keep such nodes */
		for (j = 0; j < n->n_out; j++)
			live |= n->out[j] >= 0 &&
				(need[n->out[j]] || !cc->t[n->out[j]].n_consumers);
		if (!live) {
			cc->role[i] = LPF_ROLE_FUSED;
			continue;
		}
		for (j = 0; j < n->n_in; j++)
			if (n->in[j] >= 0)
				need[n->in[j]] = true;
	}
	free(need);
}

void lpf_qdq_free(struct lpf_cc *cc)
{
	int i;

	for (i = 0; i < cc->n_qdq; i++)
		free(cc->qdq[i].bias);
	free(cc->qdq);
}
