/* SPDX-License-Identifier: MIT */
/*
 * Partition: every fabric node becomes one layer (a batched matrix product with
 * batched B, one per slice), and the ops that follow it and fold into POST are
 * fused: Relu and Clip become the clip bounds, one MaxPool becomes the pool
 * window. A fused op must be the only consumer of its input, and that input must
 * not be a graph output. A float Conv / MatMul / Gemm matched as a QDQ pattern
 * (qdq.c) becomes a layer too, its output chain running in float up to the
 * QuantizeLinear that gives the layer's output quantization.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/compiler_internal.h"
#include "lpf_arith.h"

struct fuse {
	int32_t lo, hi;                 /* clip bounds, output-type values */
	bool pooled;
	struct lpf_conv_attrs pool;
	int y;                          /* final output tensor */
	int q;                          /* the QuantizeLinear a float start ends at, or -1 */
	int nodes[LPF_QDQ_MAX_NODES];
	int n;
};

/* Where the chain walker stands: on 8-bit values, or on floats between DQ and Q. */
struct chain {
	bool flt;
	bool known;                     /* the float domain's quantization is known */
	float s;
	int32_t zp;
	int dtype;                      /* 8-bit type of the chain */
	float flo, fhi;                 /* float Relu / Clip bounds not yet quantized */
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
	cc->layers[cc->n_layers].qdq = -1;
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

static bool const_float(const struct lpf_cc *cc, const struct lpf_node *n, int idx, float *v)
{
	const struct lpf_ctensor *t;

	if (idx >= n->n_in || n->in[idx] < 0)
		return true;
	t = &cc->t[n->in[idx]];
	if (!t->data || t->dtype != LPF_DT_FLOAT || lpf_ct_numel(t) != 1)
		return false;
	*v = *(const float *)t->data;
	return *v == *v;
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

static int32_t quantize_bound(float v, const struct chain *ch, int32_t qmin, int32_t qmax)
{
	if (v <= -FLT_MAX)
		return qmin;
	if (v >= FLT_MAX)
		return qmax;
	return lpf_quantize_f32(v, ch->s, ch->zp, qmin, qmax);
}

/* One step of the chain on 8-bit values; false if c does not fuse. */
static bool step_int(struct lpf_cc *cc, const struct lpf_node *c, int y, struct chain *ch,
		     struct fuse *f)
{
	int32_t a = f->lo, b = f->hi;

	if (!strcmp(c->op_type, "Relu") && c->n_in == 1) {
		f->lo = f->lo < 0 ? 0 : f->lo;
	} else if (!strcmp(c->op_type, "Clip") && cc->g->opset >= 11) {
		if (!const_scalar(cc, c, 1, ch->dtype, &a) ||
		    !const_scalar(cc, c, 2, ch->dtype, &b))
			return false;
		if ((a > f->lo ? a : f->lo) > (b < f->hi ? b : f->hi))
			return false;
		f->lo = a > f->lo ? a : f->lo;
		f->hi = b < f->hi ? b : f->hi;
	} else if (!strcmp(c->op_type, "MaxPool") && c->n_in == 1) {
		return fuse_pool(cc, c, y, f);
	} else if (!strcmp(c->op_type, "DequantizeLinear") &&
		   lpf_qdq_params(cc, c, &ch->s, &ch->zp)) {
		ch->flt = true;
		ch->known = true;
		ch->flo = -FLT_MAX;
		ch->fhi = FLT_MAX;
	} else if (!lpf_qdq_noop_cast(cc, c)) {
		return false;
	}
	return true;
}

/* One step on floats between DequantizeLinear and QuantizeLinear. */
static bool step_float(struct lpf_cc *cc, int node, const struct lpf_node *c, int y,
		       struct chain *ch, struct fuse *f)
{
	float a = -FLT_MAX, b = FLT_MAX, s;
	int32_t zp, qmin, qmax;
	int dt;

	if (!strcmp(c->op_type, "Relu") && c->n_in == 1) {
		ch->flo = ch->flo < 0.0f ? 0.0f : ch->flo;
	} else if (!strcmp(c->op_type, "Clip") && cc->g->opset >= 11) {
		if (!const_float(cc, c, 1, &a) || !const_float(cc, c, 2, &b))
			return false;
		ch->flo = a > ch->flo ? a : ch->flo;
		ch->fhi = b < ch->fhi ? b : ch->fhi;
		if (ch->flo > ch->fhi)
			return false;
	} else if (!strcmp(c->op_type, "MaxPool") && c->n_in == 1) {
		return fuse_pool(cc, c, y, f);
	} else if (!strcmp(c->op_type, "QuantizeLinear") && lpf_qdq_params(cc, c, &s, &zp)) {
		dt = cc->t[c->out[0]].dtype;
		if (ch->known && (s != ch->s || zp != ch->zp || dt != ch->dtype))
			return false;
		if (dt != LPF_DT_UINT8 && dt != LPF_DT_INT8)
			return false;
		if (!ch->known) {
			/* the pattern's QuantizeLinear sets the layer's output quantization */
			f->q = node;
			ch->dtype = dt;
			f->lo = dt == LPF_DT_INT8 ? -128 : 0;
			f->hi = dt == LPF_DT_INT8 ? 127 : 255;
		}
		ch->s = s;
		ch->zp = zp;
		qmin = dt == LPF_DT_INT8 ? -128 : 0;
		qmax = dt == LPF_DT_INT8 ? 127 : 255;
		/* Q is monotone: Q(clip(v, a, b)) = clip(Q(v), Q(a), Q(b)) */
		a = (float)quantize_bound(ch->flo, ch, qmin, qmax);
		b = (float)quantize_bound(ch->fhi, ch, qmin, qmax);
		f->lo = (int32_t)a > f->lo ? (int32_t)a : f->lo;
		f->hi = (int32_t)b < f->hi ? (int32_t)b : f->hi;
		if (f->lo > f->hi)
			return false;
		ch->flt = false;
		ch->known = true;
	} else {
		return false;
	}
	return true;
}

/*
 * The Relu / Clip / MaxPool chain after a layer's output y, computed without side
 * effects. On 8-bit values it also passes no-op Casts and DequantizeLinear -> (Relu,
 * Clip, MaxPool in float) -> QuantizeLinear with the same quantization, which are
 * exact on the 8-bit values (docs/arithmetic.md, section 2). A float start (QDQ) must
 * reach a QuantizeLinear; the chain ends at the last 8-bit tensor it reached.
 */
static void fuse_chain(struct lpf_cc *cc, int y, int dtype, bool flt, struct fuse *f)
{
	struct chain ch = { .flt = flt, .dtype = dtype, .flo = -FLT_MAX, .fhi = FLT_MAX };
	struct fuse cur;
	int k = y;

	f->lo = dtype == LPF_DT_INT8 ? -128 : 0;
	f->hi = dtype == LPF_DT_INT8 ? 127 : 255;
	f->y = flt ? -1 : y;
	f->q = -1;
	f->n = 0;
	f->pooled = false;
	cur = *f;
	while (cur.n < LPF_QDQ_MAX_NODES) {
		const struct lpf_ctensor *t = &cc->t[k];
		const struct lpf_node *c;
		int node = t->consumer;

		if (t->n_consumers != 1 || cc->g->tensors[k].is_output ||
		    cc->role[node] != LPF_ROLE_HOST)
			break;
		c = &cc->g->nodes[node];
		if ((c->domain[0] && strcmp(c->domain, "ai.onnx")) || c->n_out < 1 ||
		    c->out[0] < 0 || c->n_in < 1 || c->in[0] != k)
			break;
		if (ch.flt ? !step_float(cc, node, c, k, &ch, &cur) :
			     !step_int(cc, c, k, &ch, &cur))
			break;
		cur.nodes[cur.n++] = node;
		k = c->out[0];
		/* a chain may end only on 8-bit values, and not on a Cast or DequantizeLinear */
		if (!ch.flt && strcmp(c->op_type, "Cast")) {
			cur.y = k;
			*f = cur;
		}
	}
}

static void apply_fuse(struct lpf_cc *cc, const struct fuse *f)
{
	int i;

	for (i = 0; i < f->n; i++) {
		cc->t[cc->g->nodes[f->nodes[i]].in[0]].fused = true;
		cc->role[f->nodes[i]] = LPF_ROLE_FUSED;
	}
}

static bool shows_in_name(const struct lpf_node *c)
{
	return strcmp(c->op_type, "QuantizeLinear") && strcmp(c->op_type, "DequantizeLinear") &&
	       strcmp(c->op_type, "Cast");
}

/* What a layer reads: a fabric node's own inputs, or a QDQ pattern's quantized tensors. */
struct src {
	int kind;                       /* enum lpf_layer_kind */
	int x;                          /* tensor the layer reads */
	int xv, wv;                     /* tensors whose shapes give the geometry */
	int pin[LPF_PI_COUNT];
	bool trans_b;                   /* matrix B is [N,K] */
	int qdq;                        /* index into cc->qdq, or -1 */
};

static void name_layer(struct lpf_cc *cc, struct lpf_layer *l, const struct fuse *f)
{
	const struct lpf_node *n = &cc->g->nodes[l->node];
	int i;

	snprintf(l->op, sizeof(l->op), "%s%s", l->qdq >= 0 ? "QDQ " : "", n->op_type);
	snprintf(l->name, sizeof(l->name), "%s", n->name);
	for (i = 0; i < f->n; i++) {
		const struct lpf_node *c = &cc->g->nodes[f->nodes[i]];
		size_t lo = strlen(l->op), ln = strlen(l->name);

		l->fused_nodes[l->n_fused++] = f->nodes[i];
		if (!shows_in_name(c))
			continue;
		snprintf(l->op + lo, sizeof(l->op) - lo, "+%s", c->op_type);
		snprintf(l->name + ln, sizeof(l->name) - ln, "+%s", c->name);
	}
}

/* Parameter inputs of a fabric node, by its operator's input order. */
static void node_src(const struct lpf_cc *cc, int node, struct src *s)
{
	static const int map_q[LPF_PI_COUNT] = { 3, 4, 5, 1, 2, 6, 7, 8 };
	static const int map_g[LPF_PI_COUNT] = { 3, 4, 5, 1, 2, 7, 8, 6 };
	static const int map_i[LPF_PI_COUNT] = { 1, -1, 3, -1, 2, -1, -1, -1 };
	const struct lpf_node *n = &cc->g->nodes[node];
	const int *map = map_q;
	int i;

	memset(s, 0, sizeof(*s));
	s->qdq = -1;
	if (!strcmp(n->op_type, "QLinearConv")) {
		s->kind = LPF_LK_QCONV;
	} else if (!strcmp(n->op_type, "ConvInteger")) {
		s->kind = LPF_LK_ICONV;
		map = map_i;
	} else if (!strcmp(n->op_type, "MatMulInteger")) {
		s->kind = LPF_LK_IMATMUL;
		map = map_i;
	} else {
		s->kind = LPF_LK_QMATMUL;
		if (!strcmp(n->op_type, "QGemm")) {
			map = map_g;
			s->trans_b = lpf_node_attr_int(n, "transB", 0) != 0;
		}
	}
	for (i = 0; i < LPF_PI_COUNT; i++)
		s->pin[i] = map[i] >= 0 && map[i] < n->n_in ? n->in[map[i]] : -1;
	s->x = s->xv = n->in[0];
	s->wv = s->pin[LPF_PI_W];
}

static void finish_layer(struct lpf_cc *cc, struct lpf_layer *l, const struct src *s,
			 const struct fuse *f)
{
	int i;

	memcpy(l->pin, s->pin, sizeof(l->pin));
	l->x = s->x;
	l->qdq = s->qdq;
	name_layer(cc, l, f);
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
	if (s->trans_b)
		l->pd.mm_n = 0;
	for (i = 0; i < LPF_PI_COUNT; i++)
		if (l->pin[i] >= 0 && !cc->t[l->pin[i]].data)
			l->runtime = true;
	lpf_ct_shape_str(&cc->t[s->xv], l->in_shape, sizeof(l->in_shape));
	lpf_ct_shape_str(&cc->t[s->wv], l->w_shape, sizeof(l->w_shape));
	lpf_ct_shape_str(&cc->t[f->y], l->out_shape, sizeof(l->out_shape));
}

static lpfpga_status conv_layer(struct lpf_cc *cc, int node, const struct src *s,
				const struct fuse *f, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_ctensor *x = &cc->t[s->xv], *w = &cc->t[s->wv];
	bool q = s->kind == LPF_LK_QCONV;
	struct lpf_conv_geom *g;
	struct lpf_conv_attrs a;
	struct lpf_layer *l;
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
	l = add_layer(cc, err);
	if (!l)
		return LPFPGA_ERROR_NO_MEMORY;
	l->kind = s->kind;
	l->raw32 = !q;
	l->node = node;
	g = &l->pd.geom;
	*g = (struct lpf_conv_geom){
		.n_img = x->dims[0], .c = x->dims[1], .h = sp == 2 ? x->dims[2] : 1,
		.w = x->dims[x->rank - 1], .oc = w->dims[0], .groups = a.group, .kh = a.kh,
		.kw = a.kw, .sh = a.sh, .sw = a.sw, .dh = a.dh, .dw = a.dw, .pad_t = a.pt,
		.pad_l = a.pl, .oh = a.oh, .ow = a.ow, .pk_h = 1, .pk_w = 1, .ps_h = 1,
		.ps_w = 1, .ph = a.oh, .pw = a.ow, .out_elem = (int)elem
	};
	if (f->pooled) {
		g->pk_h = f->pool.kh;
		g->pk_w = f->pool.kw;
		g->ps_h = f->pool.sh;
		g->ps_w = f->pool.sw;
		g->ppad_t = f->pool.pt;
		g->ppad_l = f->pool.pl;
		g->ph = f->pool.oh;
		g->pw = f->pool.ow;
	}
	l->in_img = g->c * g->h * g->w;
	l->izs = g->h * g->w;
	l->iys = g->w;
	l->ixs = 1;
	l->out_img = g->oc * g->ph * g->pw * elem;
	l->ozs = g->ph * g->pw * elem;
	l->oys = g->pw * elem;
	l->oxs = elem;
	finish_layer(cc, l, s, f);
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

static lpfpga_status matmul_layers(struct lpf_cc *cc, int node, const struct src *src,
				   const struct fuse *f, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	const struct lpf_ctensor *a = &cc->t[src->xv], *b = &cc->t[src->wv];
	const struct lpf_ctensor *y = &cc->t[n->out[0]];
	bool q = src->kind == LPF_LK_QMATMUL;
	int64_t m = a->rank >= 2 ? a->dims[a->rank - 2] : 1, k = a->dims[a->rank - 1];
	int64_t nn = b->rank >= 2 ? b->dims[src->trans_b ? 0 : b->rank - 1] : 1, elem = q ? 1 : 4;
	int64_t s, slices = 1, b_batch = 1, a_batch = 1;
	int nb = y->rank - (a->rank >= 2) - (b->rank >= 2), i;

	for (i = 0; i < nb; i++)
		slices *= y->dims[i];
	for (i = 0; i + 2 < b->rank; i++)
		b_batch *= b->dims[i];
	for (i = 0; i + 2 < a->rank; i++)
		a_batch *= a->dims[i];
	for (s = 0; s < (b_batch == 1 ? 1 : slices); s++) {
		struct lpf_layer *l = add_layer(cc, err);
		int64_t ai = 0, bi = 0, as = 1, bs = 1, rem = s;

		if (!l)
			return LPFPGA_ERROR_NO_MEMORY;
		l->kind = src->kind;
		l->raw32 = !q;
		l->node = node;
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
		finish_layer(cc, l, src, f);
		if (b_batch != 1) {
			size_t ln = strlen(l->name);

			snprintf(l->name + ln, sizeof(l->name) - ln, "[%lld]", (long long)s);
		}
	}
	return LPFPGA_OK;
}

static bool is_conv(const struct lpf_node *n)
{
	return !strcmp(n->op_type, "QLinearConv") || !strcmp(n->op_type, "ConvInteger") ||
	       !strcmp(n->op_type, "Conv");
}

static lpfpga_status fabric_node(struct lpf_cc *cc, int node, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	struct fuse f = { .y = n->out[0], .q = -1, .lo = 0, .hi = 255 };
	struct src s;

	node_src(cc, node, &s);
	if (s.kind == LPF_LK_QCONV || s.kind == LPF_LK_QMATMUL) {
		fuse_chain(cc, n->out[0], cc->t[n->out[0]].dtype, false, &f);
		apply_fuse(cc, &f);
	}
	if (is_conv(n))
		return conv_layer(cc, node, &s, &f, err);
	return matmul_layers(cc, node, &s, &f, err);
}

/* A float Conv / MatMul / Gemm between DequantizeLinear and QuantizeLinear. */
static lpfpga_status qdq_node(struct lpf_cc *cc, int node, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	struct lpf_qdq *m;
	struct fuse f;
	struct src s;
	lpfpga_status st;
	int qi, i;

	st = lpf_qdq_match(cc, node, &qi, err);
	if (st || qi < 0)
		return st;
	m = &cc->qdq[qi];
	fuse_chain(cc, m->y_float, LPF_DT_UINT8, true, &f);
	if (f.q < 0 || f.y < 0) {
		/* no QuantizeLinear to end at: the float ops stay on the CPU */
		free(m->bias);
		cc->n_qdq--;
		return LPFPGA_OK;
	}
	memset(&s, 0, sizeof(s));
	s.kind = is_conv(n) ? LPF_LK_QCONV : LPF_LK_QMATMUL;
	s.x = m->x;
	s.xv = n->in[0];
	s.wv = n->in[1];
	s.trans_b = m->trans_b;
	s.qdq = qi;
	memcpy(s.pin, m->pin, sizeof(s.pin));
	s.pin[LPF_PI_YSCALE] = cc->g->nodes[f.q].in[1];
	s.pin[LPF_PI_YZP] = cc->g->nodes[f.q].n_in > 2 ? cc->g->nodes[f.q].in[2] : -1;
	m->q = f.q;
	cc->role[node] = LPF_ROLE_FABRIC;
	if (m->bias_node >= 0) {
		cc->role[m->bias_node] = LPF_ROLE_FUSED;
		cc->t[n->out[0]].fused = true;
	}
	apply_fuse(cc, &f);
	for (i = 0; i < n->n_in; i++)
		if (n->in[i] >= 0 && !cc->t[n->in[i]].data)
			cc->t[n->in[i]].fused = true;
	if (is_conv(n))
		return conv_layer(cc, node, &s, &f, err);
	return matmul_layers(cc, node, &s, &f, err);
}

lpfpga_status lpf_partition(struct lpf_cc *cc, struct lpf_err *err)
{
	lpfpga_status st = LPFPGA_OK;
	int i;

	for (i = 0; i < cc->g->n_nodes && !st; i++) {
		if (cc->role[i] == LPF_ROLE_FABRIC)
			st = fabric_node(cc, i, err);
		else if (cc->role[i] == LPF_ROLE_HOST && lpf_qdq_candidate(cc, i))
			st = qdq_node(cc, i, err);
	}
	if (!st)
		lpf_qdq_prune(cc);
	return st;
}
