/* SPDX-License-Identifier: MIT */
/*
 * Partition: every fabric node becomes one layer (a batched matrix product with
 * batched B, one per slice), and the ops that follow it and fold into POST are
 * fused: Relu and Clip become the clip bounds, one MaxPool becomes the pool
 * window. A fused op must be the only consumer of its input, and that input must
 * not be a graph output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler_internal.h"

struct fuse {
	int32_t lo, hi;                 /* clip bounds, output-type values */
	bool pooled;
	struct lpf_conv_attrs pool;
	int y;                          /* final output tensor */
	int nodes[8];
	int n;
};

static struct lpf_layer *add_layer(struct lpf_cc *cc, struct lpf_err *err)
{
	if (cc->n_layers == cc->cap_layers) {
		int cap = cc->cap_layers ? 2 * cc->cap_layers : 16;
		struct lpf_layer *v = realloc(cc->layers, (size_t)cap * sizeof(*v));

		if (!v) {
			lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory for layers");
			return NULL;
		}
		cc->layers = v;
		cc->cap_layers = cap;
	}
	memset(&cc->layers[cc->n_layers], 0, sizeof(cc->layers[0]));
	return &cc->layers[cc->n_layers++];
}

static bool const_scalar(const struct lpf_cc *cc, const struct lpf_node *n, int idx, int dtype,
			 int32_t *v)
{
	const struct lpf_ctensor *t;

	if (idx >= n->n_in || n->in[idx] < 0)
		return true;
	t = &cc->t[n->in[idx]];
	if (!t->data || t->dtype != dtype || lpf_ct_numel(t) != 1)
		return false;
	*v = dtype == LPF_DT_INT8 ? *(const int8_t *)t->data : *(const uint8_t *)t->data;
	return true;
}

static bool fuse_pool(const struct lpf_cc *cc, const struct lpf_node *c, int y, struct fuse *f)
{
	const struct lpf_ctensor *t = &cc->t[y];
	const struct lpf_attr *dil = lpf_node_attr(c, "dilations");
	int64_t in_hw[2];
	int sp = t->rank - 2, i;

	if (f->pooled || sp < 1 || sp > 2 || (c->n_out > 1 && c->out[1] >= 0) ||
	    lpf_node_attr_int(c, "storage_order", 0) != 0)
		return false;
	for (i = 0; dil && i < dil->n; i++)
		if (dil->type != LPF_ATTR_INTS || dil->ints[i] != 1)
			return false;
	for (i = 0; i < sp; i++)
		in_hw[i] = t->dims[2 + i];
	if (lpf_conv_attrs(cc, c, sp, in_hw, NULL, true, &f->pool, NULL))
		return false;
	if (f->pool.kh > LPF_MAX_POOL || f->pool.kw > LPF_MAX_POOL || f->pool.sh > LPF_MAX_POOL ||
	    f->pool.sw > LPF_MAX_POOL || f->pool.pt >= f->pool.kh || f->pool.pl >= f->pool.kw)
		return false;
	/* every window must cover at least one convolution output */
	if ((f->pool.oh - 1) * f->pool.sh - f->pool.pt >= (sp == 2 ? in_hw[0] : 1) ||
	    (f->pool.ow - 1) * f->pool.sw - f->pool.pl >= in_hw[sp - 1])
		return false;
	f->pooled = true;
	return true;
}

/* Absorb the Relu/Clip/MaxPool chain after an 8-bit layer output. */
static void fuse_chain(struct lpf_cc *cc, int y, bool is_signed, struct fuse *f)
{
	f->lo = is_signed ? -128 : 0;
	f->hi = is_signed ? 127 : 255;
	f->y = y;
	f->n = 0;
	f->pooled = false;
	while (f->n < (int)(sizeof(f->nodes) / sizeof(f->nodes[0]))) {
		const struct lpf_ctensor *t = &cc->t[f->y];
		const struct lpf_node *c;
		int32_t lo = f->lo, hi = f->hi;

		if (t->n_consumers != 1 || cc->g->tensors[f->y].is_output ||
		    cc->role[t->consumer] != LPF_ROLE_HOST)
			return;
		c = &cc->g->nodes[t->consumer];
		if (c->domain[0] || c->n_out < 1 || c->out[0] < 0)
			return;
		if (!strcmp(c->op_type, "Relu") && c->n_in == 1) {
			if (lo < 0)
				lo = 0;
		} else if (!strcmp(c->op_type, "Clip") && cc->g->opset >= 11) {
			int32_t a = lo, b = hi;

			if (!const_scalar(cc, c, 1, t->dtype, &a) ||
			    !const_scalar(cc, c, 2, t->dtype, &b))
				return;
			lo = a > lo ? a : lo;
			hi = b < hi ? b : hi;
			if (lo > hi)
				return;
		} else if (!strcmp(c->op_type, "MaxPool") && c->n_in == 1) {
			if (!fuse_pool(cc, c, f->y, f))
				return;
		} else {
			return;
		}
		f->lo = lo;
		f->hi = hi;
		cc->t[f->y].fused = true;
		cc->role[t->consumer] = LPF_ROLE_FUSED;
		f->nodes[f->n++] = t->consumer;
		f->y = c->out[0];
	}
}

static void name_layer(struct lpf_cc *cc, struct lpf_layer *l, const struct fuse *f)
{
	const struct lpf_node *n = &cc->g->nodes[l->node];
	int i;

	snprintf(l->op, sizeof(l->op), "%s", n->op_type);
	snprintf(l->name, sizeof(l->name), "%s", n->name);
	for (i = 0; i < f->n; i++) {
		const struct lpf_node *c = &cc->g->nodes[f->nodes[i]];
		size_t lo = strlen(l->op), ln = strlen(l->name);

		snprintf(l->op + lo, sizeof(l->op) - lo, "+%s", c->op_type);
		snprintf(l->name + ln, sizeof(l->name) - ln, "+%s", c->name);
		l->fused_nodes[l->n_fused++] = f->nodes[i];
	}
}

static void set_pins(struct lpf_layer *l, const struct lpf_node *n, bool q)
{
	int i, map_q[LPF_PI_COUNT] = { 3, 4, 5, 1, 2, 6, 7, 8 };
	int map_i[LPF_PI_COUNT] = { 1, -1, 3, -1, 2, -1, -1, -1 };

	for (i = 0; i < LPF_PI_COUNT; i++) {
		int k = q ? map_q[i] : map_i[i];

		l->pin[i] = k >= 0 && k < n->n_in ? n->in[k] : -1;
	}
}

static void finish_layer(struct lpf_cc *cc, struct lpf_layer *l, const struct fuse *f)
{
	int i;

	l->x_signed = cc->t[l->x].dtype == LPF_DT_INT8;
	l->w_signed = cc->t[l->pin[LPF_PI_W]].dtype == LPF_DT_INT8;
	l->y_signed = cc->t[f->y].dtype == LPF_DT_INT8;
	l->clip_lo = (uint8_t)f->lo;
	l->clip_hi = (uint8_t)f->hi;
	l->y = f->y;
	l->pd.kind = l->kind;
	l->pd.x_dtype = cc->t[l->x].dtype;
	l->pd.w_dtype = cc->t[l->pin[LPF_PI_W]].dtype;
	l->pd.y_dtype = cc->t[f->y].dtype;
	for (i = 0; i < LPF_PI_COUNT; i++)
		if (l->pin[i] >= 0 && !cc->t[l->pin[i]].data)
			l->runtime = true;
	lpf_ct_shape_str(&cc->t[l->x], l->in_shape, sizeof(l->in_shape));
	lpf_ct_shape_str(&cc->t[l->pin[LPF_PI_W]], l->w_shape, sizeof(l->w_shape));
	lpf_ct_shape_str(&cc->t[f->y], l->out_shape, sizeof(l->out_shape));
}

static lpfpga_status conv_layer(struct lpf_cc *cc, int node, bool q, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_ctensor *x = &cc->t[n->in[0]], *w = &cc->t[n->in[q ? 3 : 1]];
	struct lpf_conv_geom *g;
	struct lpf_conv_attrs a;
	struct lpf_layer *l;
	struct fuse f = { 0 };
	int64_t in_hw[2], k_hw[2], elem = q ? 1 : 4;
	int sp = x->rank - 2, i;
	lpfpga_status st;

	for (i = 0; i < sp; i++) {
		in_hw[i] = x->dims[2 + i];
		k_hw[i] = w->dims[2 + i];
	}
	st = lpf_conv_attrs(cc, n, sp, in_hw, k_hw, false, &a, err);
	if (st)
		return st;
	if (q)
		fuse_chain(cc, n->out[0], cc->t[n->out[0]].dtype == LPF_DT_INT8, &f);
	else
		f = (struct fuse){ .y = n->out[0], .lo = 0, .hi = 255 };
	l = add_layer(cc, err);
	if (!l)
		return LPFPGA_ERROR_NO_MEMORY;
	l->kind = q ? LPF_LK_QCONV : LPF_LK_ICONV;
	l->raw32 = !q;
	l->node = node;
	l->x = n->in[0];
	set_pins(l, n, q);
	g = &l->pd.geom;
	*g = (struct lpf_conv_geom){
		.n_img = x->dims[0], .c = x->dims[1], .h = sp == 2 ? x->dims[2] : 1,
		.w = x->dims[x->rank - 1], .oc = w->dims[0], .groups = a.group, .kh = a.kh,
		.kw = a.kw, .sh = a.sh, .sw = a.sw, .dh = a.dh, .dw = a.dw, .pad_t = a.pt,
		.pad_l = a.pl, .oh = a.oh, .ow = a.ow, .pk_h = 1, .pk_w = 1, .ps_h = 1,
		.ps_w = 1, .ph = a.oh, .pw = a.ow, .out_elem = (int)elem
	};
	if (f.pooled) {
		g->pk_h = f.pool.kh;
		g->pk_w = f.pool.kw;
		g->ps_h = f.pool.sh;
		g->ps_w = f.pool.sw;
		g->ppad_t = f.pool.pt;
		g->ppad_l = f.pool.pl;
		g->ph = f.pool.oh;
		g->pw = f.pool.ow;
	}
	l->in_img = g->c * g->h * g->w;
	l->izs = g->h * g->w;
	l->iys = g->w;
	l->ixs = 1;
	l->out_img = g->oc * g->ph * g->pw * elem;
	l->ozs = g->ph * g->pw * elem;
	l->oys = g->pw * elem;
	l->oxs = elem;
	name_layer(cc, l, &f);
	finish_layer(cc, l, &f);
	return LPFPGA_OK;
}

struct mm_shape {
	int64_t m, k, n, s;             /* s: output batch slices */
	int64_t bdims[LPF_MAX_RANK];    /* output batch dims */
	int nb;
	int64_t a_batch, b_batch;
};

static void mm_geom(struct lpf_layer *l, int64_t m, int64_t k, int64_t n, int64_t elem)
{
	struct lpf_conv_geom *g = &l->pd.geom;

	*g = (struct lpf_conv_geom){ .n_img = 1, .c = k, .h = 1, .w = m, .oc = n, .groups = 1,
				     .kh = 1, .kw = 1, .sh = 1, .sw = 1, .dh = 1, .dw = 1,
				     .oh = 1, .ow = m, .pk_h = 1, .pk_w = 1, .ps_h = 1,
				     .ps_w = 1, .ph = 1, .pw = m, .out_elem = (int)elem };
	l->izs = 1;
	l->ozs = elem;
	if (k <= 0xFFFF && n * elem <= 0xFFFF) {
		/* A[M,K] as a 1-row image: x = m (stride K), z = k (stride 1) */
		l->ixs = k;
		l->iys = k;
		l->oxs = n * elem;
		l->oys = n * elem;
	} else {
		/* strides beyond the 16-bit x fields: one column, y = m (32-bit stride) */
		g->h = g->oh = g->ph = m;
		g->w = g->ow = g->pw = 1;
		l->ixs = 1;
		l->iys = k;
		l->oxs = elem;
		l->oys = n * elem;
	}
	l->in_img = m * k;
	l->out_img = m * n * elem;
	l->pd.mm_n = n;
}

static lpfpga_status matmul_layers(struct lpf_cc *cc, int node, bool q, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_ctensor *a = &cc->t[n->in[0]], *b = &cc->t[n->in[q ? 3 : 1]];
	const struct lpf_ctensor *y = &cc->t[n->out[0]];
	int64_t m = a->rank >= 2 ? a->dims[a->rank - 2] : 1, k = a->dims[a->rank - 1];
	int64_t nn = b->rank >= 2 ? b->dims[b->rank - 1] : 1, elem = q ? 1 : 4;
	int64_t s, slices = 1, b_batch = 1, a_batch = 1;
	int nb = y->rank - (a->rank >= 2) - (b->rank >= 2), i;
	struct fuse f = { .y = n->out[0], .lo = 0, .hi = 255 };

	for (i = 0; i < nb; i++)
		slices *= y->dims[i];
	for (i = 0; i + 2 < b->rank; i++)
		b_batch *= b->dims[i];
	for (i = 0; i + 2 < a->rank; i++)
		a_batch *= a->dims[i];
	if (q)
		fuse_chain(cc, n->out[0], y->dtype == LPF_DT_INT8, &f);
	for (s = 0; s < (b_batch == 1 ? 1 : slices); s++) {
		struct lpf_layer *l = add_layer(cc, err);
		int64_t ai = 0, bi = 0, as = 1, bs = 1, rem = s;

		if (!l)
			return LPFPGA_ERROR_NO_MEMORY;
		l->kind = q ? LPF_LK_QMATMUL : LPF_LK_IMATMUL;
		l->raw32 = !q;
		l->node = node;
		l->x = n->in[0];
		set_pins(l, n, q);
		if (b_batch == 1) {
			mm_geom(l, m * a_batch, k, nn, elem);
		} else {
			/* this slice's A and B slices under broadcasting */
			for (i = nb - 1; i >= 0; i--) {
				int64_t idx = rem % y->dims[i];
				int ia = i - (nb - (a->rank - 2)), ib = i - (nb - (b->rank - 2));

				rem /= y->dims[i];
				if (ia >= 0) {
					ai += (a->dims[ia] == 1 ? 0 : idx) * as;
					as *= a->dims[ia];
				}
				if (ib >= 0) {
					bi += (b->dims[ib] == 1 ? 0 : idx) * bs;
					bs *= b->dims[ib];
				}
			}
			mm_geom(l, m, k, nn, elem);
			l->in_byte_off = ai * m * k;
			l->out_byte_off = s * m * nn * elem;
			l->pd.w_elem_off = bi * k * nn;
		}
		name_layer(cc, l, &f);
		if (b_batch != 1) {
			size_t ln = strlen(l->name);

			snprintf(l->name + ln, sizeof(l->name) - ln, "[%lld]", (long long)s);
		}
		finish_layer(cc, l, &f);
	}
	return LPFPGA_OK;
}

lpfpga_status lpf_partition(struct lpf_cc *cc, struct lpf_err *err)
{
	lpfpga_status st = LPFPGA_OK;
	int i;

	for (i = 0; i < cc->g->n_nodes && !st; i++) {
		const struct lpf_node *n = &cc->g->nodes[i];

		if (cc->role[i] != LPF_ROLE_FABRIC)
			continue;
		if (!strcmp(n->op_type, "QLinearConv"))
			st = conv_layer(cc, i, true, err);
		else if (!strcmp(n->op_type, "ConvInteger"))
			st = conv_layer(cc, i, false, err);
		else
			st = matmul_layers(cc, i, !strcmp(n->op_type, "QLinearMatMul"), err);
	}
	return st;
}
