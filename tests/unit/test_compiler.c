/* SPDX-License-Identifier: MIT */
/*
 * Compiler: graphs built here (and ONNX conformance models) are compiled, their
 * steps run here on the golden fabric model and the host ops, and the outputs
 * compared with a naive reference written in this file (direct convolution and
 * the requantization contract in float32 with nearbyintf).
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/lpf_test.h"
#include "common/lpf_test_banks.h"
#include "compiler/program.h"
#include "fabric/fabric_model.h"
#include "isa/isa.h"
#include "lpf_spec.h"
#include "onnx/onnx_import.h"

/* --- random numbers ------------------------------------------------------------------- */

static uint32_t rng = 2463534242u;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static int32_t rnd_range(int32_t lo, int32_t hi)
{
	return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

/* --- graph building ------------------------------------------------------------------- */

static char *dupstr(const char *s)
{
	char *d = malloc(strlen(s) + 1);

	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	strcpy(d, s);
	return d;
}

static struct lpf_graph *gb_new(void)
{
	struct lpf_graph *g = calloc(1, sizeof(*g));

	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	g->path = dupstr("test.onnx");
	g->opset = 13;
	return g;
}

static void *grow(void *p, size_t n, size_t size)
{
	void *q = realloc(p, n * size);

	CU_ASSERT_PTR_NOT_NULL_FATAL(q);
	return q;
}

/* data (nbytes) is copied; NULL for activations. */
static int gb_tensor(struct lpf_graph *g, const char *name, int dtype, int rank,
		     const int64_t *dims, const void *data, bool input)
{
	struct lpf_tensor *t;
	size_t n = 1;
	int i;

	g->tensors = grow(g->tensors, (size_t)g->n_tensors + 1, sizeof(*g->tensors));
	t = &g->tensors[g->n_tensors];
	memset(t, 0, sizeof(*t));
	t->name = dupstr(name);
	t->dtype = dtype;
	t->rank = rank;
	t->producer = -1;
	for (i = 0; i < rank; i++) {
		t->dims[i] = dims[i];
		n *= (size_t)(dims[i] < 0 ? 1 : dims[i]);
	}
	if (data) {
		t->nbytes = n * lpf_dtype_size(dtype);
		t->data = malloc(t->nbytes ? t->nbytes : 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(t->data);
		memcpy(t->data, data, t->nbytes);
	}
	if (input) {
		t->is_input = true;
		g->inputs = grow(g->inputs, (size_t)g->n_inputs + 1, sizeof(int));
		g->inputs[g->n_inputs++] = g->n_tensors;
	}
	if (!data && !input)
		t->rank = -1;
	return g->n_tensors++;
}

static void gb_output(struct lpf_graph *g, int t)
{
	g->tensors[t].is_output = true;
	g->outputs = grow(g->outputs, (size_t)g->n_outputs + 1, sizeof(int));
	g->outputs[g->n_outputs++] = t;
}

static struct lpf_node *gb_node(struct lpf_graph *g, const char *op, const char *name, int n_in,
				const int *in, int out)
{
	struct lpf_node *n;

	g->nodes = grow(g->nodes, (size_t)g->n_nodes + 1, sizeof(*g->nodes));
	n = &g->nodes[g->n_nodes];
	memset(n, 0, sizeof(*n));
	n->name = dupstr(name);
	n->op_type = dupstr(op);
	n->domain = dupstr("");
	n->n_in = n_in;
	n->in = malloc((size_t)n_in * sizeof(int));
	CU_ASSERT_PTR_NOT_NULL_FATAL(n->in);
	memcpy(n->in, in, (size_t)n_in * sizeof(int));
	n->n_out = 1;
	n->out = malloc(sizeof(int));
	CU_ASSERT_PTR_NOT_NULL_FATAL(n->out);
	n->out[0] = out;
	g->tensors[out].producer = g->n_nodes++;
	return n;
}

static void gb_ints(struct lpf_node *n, const char *name, int cnt, const int64_t *v)
{
	struct lpf_attr *a;

	n->attrs = grow(n->attrs, (size_t)n->n_attr + 1, sizeof(*n->attrs));
	a = &n->attrs[n->n_attr++];
	memset(a, 0, sizeof(*a));
	a->name = dupstr(name);
	a->type = LPF_ATTR_INTS;
	a->n = cnt;
	a->ints = malloc((size_t)cnt * sizeof(int64_t));
	CU_ASSERT_PTR_NOT_NULL_FATAL(a->ints);
	memcpy(a->ints, v, (size_t)cnt * sizeof(int64_t));
}

static void gb_int(struct lpf_node *n, const char *name, int64_t v)
{
	struct lpf_attr *a;

	n->attrs = grow(n->attrs, (size_t)n->n_attr + 1, sizeof(*n->attrs));
	a = &n->attrs[n->n_attr++];
	memset(a, 0, sizeof(*a));
	a->name = dupstr(name);
	a->type = LPF_ATTR_INT;
	a->i = v;
}

static int scalar_f(struct lpf_graph *g, const char *name, float v)
{
	return gb_tensor(g, name, LPF_DT_FLOAT, 0, NULL, &v, false);
}

static int scalar_q(struct lpf_graph *g, const char *name, int dtype, int32_t v)
{
	int8_t s = (int8_t)v;
	uint8_t u = (uint8_t)v;

	return gb_tensor(g, name, dtype, 0, NULL, dtype == LPF_DT_INT8 ? (void *)&s : (void *)&u,
			 false);
}

/* --- running a program: the golden model over a test-side DRAM ------------------------ */

#define SEG_CONST_BASE 0x10000000ull
#define SEG_ARENA_BASE 0x40000000ull
#define CMD_BASE 0x80000000ull

struct mem {
	uint8_t *cst, *arena, *cmd;
	uint64_t cst_n, arena_n, cmd_n;
};

static uint8_t *mem_at(struct mem *m, uint64_t addr, size_t n)
{
	if (addr >= CMD_BASE && addr + n <= CMD_BASE + m->cmd_n)
		return m->cmd + (addr - CMD_BASE);
	if (addr >= SEG_ARENA_BASE && addr + n <= SEG_ARENA_BASE + m->arena_n)
		return m->arena + (addr - SEG_ARENA_BASE);
	if (addr >= SEG_CONST_BASE && addr + n <= SEG_CONST_BASE + m->cst_n)
		return m->cst + (addr - SEG_CONST_BASE);
	return NULL;
}

static int dram_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	uint8_t *p = mem_at(ctx, addr, n);

	if (!p)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

static int dram_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	uint8_t *p = mem_at(ctx, addr, n);

	if (!p || (addr >= SEG_CONST_BASE && addr < SEG_ARENA_BASE))
		return -1;
	memcpy(p, src, n);
	return 0;
}

static void *value_data(struct mem *m, const struct lpf_value *v)
{
	return (v->seg == LPF_PROG_SEG_CONST ? m->cst : m->arena) + v->off;
}

static int run_job(struct mem *m, const struct lpf_step *s, uint64_t *macs)
{
	struct lpf_dram_ops ops = { dram_read, dram_write, m };
	struct lpf_fabric *f = lpf_fabric_new(&ops);
	uint64_t cmd = CMD_BASE + (uint64_t)s->insn_first * LPF_INSN_BYTES;
	uint32_t status, code;

	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	lpf_fabric_reg_write(f, LPF_REG_SEG0_LO, (uint32_t)SEG_CONST_BASE);
	lpf_fabric_reg_write(f, LPF_REG_SEG0_HI, 0);
	lpf_fabric_reg_write(f, LPF_REG_SEG1_LO, (uint32_t)SEG_ARENA_BASE);
	lpf_fabric_reg_write(f, LPF_REG_SEG1_HI, 0);
	lpf_fabric_reg_write(f, LPF_REG_CMD_BASE_LO, (uint32_t)cmd);
	lpf_fabric_reg_write(f, LPF_REG_CMD_BASE_HI, (uint32_t)(cmd >> 32));
	lpf_fabric_reg_write(f, LPF_REG_CMD_LEN, s->insn_count);
	lpf_fabric_reg_write(f, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	status = lpf_fabric_reg_read(f, LPF_REG_STATUS);
	code = lpf_fabric_reg_read(f, LPF_REG_ERR_CODE);
	if (macs)
		*macs += lpf_fabric_reg_read(f, LPF_REG_PERF_MACS_LO);
	if (!(status & LPF_REG_STATUS_DONE_MASK) || code)
		fprintf(stderr, "fabric error %u at instruction %u\n", code,
			lpf_fabric_reg_read(f, LPF_REG_ERR_PC));
	lpf_fabric_free(f);
	return (status & LPF_REG_STATUS_DONE_MASK) && !code ? 0 : -1;
}

static void hval_of(struct mem *m, const struct lpf_program *p, int vi, struct lpf_hval *h)
{
	memset(h, 0, sizeof(*h));
	if (vi < 0)
		return;
	h->dtype = p->values[vi].dtype;
	h->rank = p->values[vi].rank;
	memcpy(h->dims, p->values[vi].dims, sizeof(h->dims));
	h->data = value_data(m, &p->values[vi]);
}

/* Runs p with the graph inputs in[] (in graph order); outputs copied to out[]. */
static int run_program(const struct lpf_program *p, void *const *in, void **out)
{
	const struct lpf_graph *g = p->graph;
	struct mem m = { 0 };
	int i, j, rc = 0;

	m.cst_n = p->const_size;
	m.arena_n = p->arena_size;
	m.cmd_n = (uint64_t)p->n_insns * LPF_INSN_BYTES;
	m.cst = calloc(1, m.cst_n + 1);
	m.arena = calloc(1, m.arena_n + 1);
	m.cmd = malloc(m.cmd_n + 1);
	CU_ASSERT_FATAL(m.cst && m.arena && m.cmd);
	if (m.cst_n)
		memcpy(m.cst, p->const_image, m.cst_n);
	memcpy(m.cmd, p->cmd, m.cmd_n);
	for (i = 0; i < g->n_inputs; i++) {
		const struct lpf_value *v = &p->values[p->value_of_tensor[g->inputs[i]]];

		memcpy(value_data(&m, v), in[i], v->nbytes);
	}
	for (i = 0; i < p->n_steps && !rc; i++) {
		const struct lpf_step *s = &p->steps[i];
		struct lpf_hval hin[LPF_STEP_MAX_IO], hout[LPF_STEP_MAX_IO];
		struct lpf_err err = { 0 };

		if (s->kind == LPF_STEP_FABRIC) {
			rc = run_job(&m, s, NULL);
			continue;
		}
		for (j = 0; j < s->n_in; j++)
			hval_of(&m, p, s->in[j], &hin[j]);
		for (j = 0; j < s->n_out; j++)
			hval_of(&m, p, s->out[j], &hout[j]);
		if (s->fn(p, s, hin, hout, m.cmd, &err)) {
			fprintf(stderr, "host step %d: %s\n", i, err.msg);
			rc = -1;
		}
	}
	for (i = 0; i < g->n_outputs && !rc; i++) {
		const struct lpf_value *v = &p->values[p->value_of_tensor[g->outputs[i]]];

		memcpy(out[i], value_data(&m, v), v->nbytes);
	}
	free(m.cst);
	free(m.arena);
	free(m.cmd);
	return rc;
}

/* --- the reference -------------------------------------------------------------------- */

struct conv_case {
	int n, c, h, w, oc, kh, kw, sh, sw, dh, dw, group;
	int pads[4];                    /* top, left, bottom, right */
	int x_dt, w_dt, y_dt;
	bool per_channel, bias, relu, runtime, raw32;
	int pool_k, pool_s, pool_pad;   /* 0: no pool */
	int32_t clip_lo, clip_hi;       /* applied when clip_lo <= clip_hi and !relu: Clip */
	bool clip;
};

static int32_t qmin(int dt)
{
	return dt == LPF_DT_INT8 ? -128 : 0;
}

static int32_t qmax(int dt)
{
	return dt == LPF_DT_INT8 ? 127 : 255;
}

static int32_t qval(const void *p, int dt, int64_t i)
{
	return dt == LPF_DT_INT8 ? ((const int8_t *)p)[i] : ((const uint8_t *)p)[i];
}

static void fill_q(void *p, int dt, int64_t n)
{
	int64_t i;

	for (i = 0; i < n; i++) {
		if (dt == LPF_DT_INT8)
			((int8_t *)p)[i] = (int8_t)rnd_range(-128, 127);
		else
			((uint8_t *)p)[i] = (uint8_t)rnd_range(0, 255);
	}
}

struct conv_data {
	void *x, *w;
	float xs, ys, *ws;
	int32_t xzp, yzp, *wzp, *bias;
	int oh, ow, ph, pw;
};

/* bias + sum (x - x_zp) * (w - w_zp) for one output element, padding reading x_zp */
static int32_t conv_acc(const struct conv_case *cc, const struct conv_data *d, int n, int oc,
			int oy, int ox)
{
	int icpg = cc->c / cc->group, c0 = oc / (cc->oc / cc->group) * icpg;
	int32_t a = cc->bias ? d->bias[oc] : 0, wz = d->wzp[cc->per_channel ? oc : 0];
	int ci, ky, kx;

	for (ci = 0; ci < icpg; ci++) {
		for (ky = 0; ky < cc->kh; ky++) {
			for (kx = 0; kx < cc->kw; kx++) {
				int iy = oy * cc->sh - cc->pads[0] + ky * cc->dh;
				int ix = ox * cc->sw - cc->pads[1] + kx * cc->dw;
				int64_t xi =
					(((int64_t)n * cc->c + c0 + ci) * cc->h + iy) * cc->w + ix;
				int64_t wi =
					(((int64_t)oc * icpg + ci) * cc->kh + ky) * cc->kw + kx;
				int32_t xv = d->xzp;

				if (iy >= 0 && iy < cc->h && ix >= 0 && ix < cc->w)
					xv = qval(d->x, cc->x_dt, xi);
				a += (xv - d->xzp) * (qval(d->w, cc->w_dt, wi) - wz);
			}
		}
	}
	return a;
}

/* The contract: M = f32(f32(xs * ws) / ys), y = sat(rne(f32(acc) * M) + y_zp), then clips. */
static int32_t requant(const struct conv_case *cc, const struct conv_data *d, int oc, int32_t a)
{
	float t = d->xs * d->ws[cc->per_channel ? oc : 0];
	float mult = t / d->ys;
	float v = nearbyintf((float)a * mult) + (float)d->yzp;
	int32_t q = (int32_t)fminf(fmaxf(v, (float)qmin(cc->y_dt)), (float)qmax(cc->y_dt));

	if (cc->relu && q < 0)
		q = 0;
	if (cc->clip) {
		q = q < cc->clip_lo ? cc->clip_lo : q;
		q = q > cc->clip_hi ? cc->clip_hi : q;
	}
	return q;
}

/* Max over the pool window's elements inside the conv output. */
static int32_t pool_at(const struct conv_case *cc, const struct conv_data *d,
		       const int32_t *acc, int oc, int py, int px)
{
	int32_t best = INT32_MIN;
	int ky, kx;

	if (!cc->pool_k)
		return acc[(oc * d->oh + py) * d->ow + px];
	for (ky = 0; ky < cc->pool_k; ky++) {
		for (kx = 0; kx < cc->pool_k; kx++) {
			int r = py * cc->pool_s - cc->pool_pad + ky;
			int q = px * cc->pool_s - cc->pool_pad + kx;

			if (r >= 0 && r < d->oh && q >= 0 && q < d->ow &&
			    acc[(oc * d->oh + r) * d->ow + q] > best)
				best = acc[(oc * d->oh + r) * d->ow + q];
		}
	}
	return best;
}

static void conv_ref(const struct conv_case *cc, const struct conv_data *d, void *y)
{
	int32_t *acc = malloc(sizeof(int32_t) * (size_t)(cc->oc * d->oh * d->ow) + 4);
	int n, oc, oy, ox, py, px;

	CU_ASSERT_PTR_NOT_NULL_FATAL(acc);
	for (n = 0; n < cc->n; n++) {
		for (oc = 0; oc < cc->oc; oc++) {
			for (oy = 0; oy < d->oh; oy++) {
				for (ox = 0; ox < d->ow; ox++) {
					int32_t a = conv_acc(cc, d, n, oc, oy, ox);

					acc[(oc * d->oh + oy) * d->ow + ox] =
						cc->raw32 ? a : requant(cc, d, oc, a);
				}
			}
		}
		for (oc = 0; oc < cc->oc; oc++) {
			for (py = 0; py < d->ph; py++) {
				for (px = 0; px < d->pw; px++) {
					int64_t o =
						(((int64_t)n * cc->oc + oc) * d->ph + py) * d->pw +
						px;
					int32_t v = pool_at(cc, d, acc, oc, py, px);

					if (cc->raw32)
						((int32_t *)y)[o] = v;
					else if (cc->y_dt == LPF_DT_INT8)
						((int8_t *)y)[o] = (int8_t)v;
					else
						((uint8_t *)y)[o] = (uint8_t)v;
				}
			}
		}
	}
	free(acc);
}

/* --- one convolution case: build, compile, run, compare -------------------------------- */

static struct lpf_program *compile_ok(struct lpf_graph *g, int batch)
{
	struct lpf_program *p = NULL;
	struct lpf_err err = { 0 };
	lpfpga_status st = lpf_compile(g, batch, &p, &err);

	if (st)
		fprintf(stderr, "compile: %s\n", err.msg);
	CU_ASSERT_EQUAL(st, LPFPGA_OK);
	/* the tiler chose by the traffic the emitted stream really has */
	for (int i = 0; p && i < p->n_layers; i++) {
		const struct lpf_layer_info *l = &p->layers[i];

		if (l->est_read != l->dram_read || l->est_write != l->dram_write)
			fprintf(stderr, "layer %s tile %s: predicted %llu+%llu B, emitted %llu+%llu B\n",
				l->name, l->tile, (unsigned long long)l->est_read,
				(unsigned long long)l->est_write, (unsigned long long)l->dram_read,
				(unsigned long long)l->dram_write);
		CU_ASSERT_EQUAL(l->est_read, l->dram_read);
		CU_ASSERT_EQUAL(l->est_write, l->dram_write);
	}
	return p;
}

static int check_conv(const struct conv_case *cc, struct lpf_program **keep)
{
	struct lpf_graph *g = gb_new();
	struct conv_data d = { 0 };
	int icpg = cc->c / cc->group, i, x, w, y, out, mismatch = 0;
	int64_t xd[4] = { cc->n, cc->c, cc->h, cc->w };
	int64_t wd[4] = { cc->oc, icpg, cc->kh, cc->kw };
	int64_t nx = (int64_t)cc->n * cc->c * cc->h * cc->w,
		nw = (int64_t)cc->oc * icpg * cc->kh * cc->kw;
	int64_t ny, oc1 = cc->oc;
	int64_t pads[4] = { cc->pads[0], cc->pads[1], cc->pads[2], cc->pads[3] };
	int64_t k2[2] = { cc->kh, cc->kw }, s2[2] = { cc->sh, cc->sw }, d2[2] = { cc->dh, cc->dw };
	int nsc = cc->per_channel ? cc->oc : 1, ins[9], n_ins;
	void *in_data[8], *yv, *yr;
	struct lpf_node *nd;
	struct lpf_program *p;

	d.oh = (cc->h + cc->pads[0] + cc->pads[2] - ((cc->kh - 1) * cc->dh + 1)) / cc->sh + 1;
	d.ow = (cc->w + cc->pads[1] + cc->pads[3] - ((cc->kw - 1) * cc->dw + 1)) / cc->sw + 1;
	d.ph = cc->pool_k ? (d.oh + 2 * cc->pool_pad - cc->pool_k) / cc->pool_s + 1 : d.oh;
	d.pw = cc->pool_k ? (d.ow + 2 * cc->pool_pad - cc->pool_k) / cc->pool_s + 1 : d.ow;
	d.x = malloc((size_t)nx);
	d.w = malloc((size_t)nw);
	d.ws = malloc(sizeof(float) * (size_t)nsc);
	d.wzp = malloc(sizeof(int32_t) * (size_t)nsc);
	d.bias = malloc(sizeof(int32_t) * (size_t)cc->oc);
	CU_ASSERT_FATAL(d.x && d.w && d.ws && d.wzp && d.bias);
	fill_q(d.x, cc->x_dt, nx);
	fill_q(d.w, cc->w_dt, nw);
	d.xs = 0.01f + (float)(rnd() % 100) / 1000.0f;
	d.ys = 0.05f + (float)(rnd() % 100) / 100.0f * (float)(icpg * cc->kh * cc->kw) / 20.0f;
	d.xzp = rnd_range(qmin(cc->x_dt), qmax(cc->x_dt));
	d.yzp = rnd_range(qmin(cc->y_dt), qmax(cc->y_dt));
	for (i = 0; i < nsc; i++) {
		uint8_t b = (uint8_t)rnd_range(qmin(cc->w_dt), qmax(cc->w_dt));

		d.ws[i] = 0.001f + (float)(rnd() % 1000) / 50000.0f;
		d.wzp[i] = cc->w_dt == LPF_DT_INT8 ? (int8_t)b : b;
	}
	for (i = 0; i < cc->oc; i++)
		d.bias[i] = rnd_range(-3000, 3000);

	x = gb_tensor(g, "x", cc->x_dt, 4, xd, NULL, true);
	w = gb_tensor(g, "w", cc->w_dt, 4, wd, cc->runtime ? NULL : d.w, cc->runtime);
	{
		int8_t zs[4096];
		uint8_t zu[4096];
		void *zp = cc->w_dt == LPF_DT_INT8 ? (void *)zs : (void *)zu;
		int wzt, wst, xst, xzt, yst, yzt;

		for (i = 0; i < nsc; i++) {
			zs[i] = (int8_t)d.wzp[i];
			zu[i] = (uint8_t)d.wzp[i];
		}
		if (cc->raw32) {
			xzt = scalar_q(g, "x_zp", cc->x_dt, d.xzp);
			wzt = gb_tensor(g, "w_zp", cc->w_dt, cc->per_channel ? 1 : 0, &oc1, zp,
					false);
			ins[0] = x;
			ins[1] = w;
			ins[2] = xzt;
			ins[3] = wzt;
			n_ins = 4;
		} else {
			xst = scalar_f(g, "x_scale", d.xs);
			xzt = scalar_q(g, "x_zp", cc->x_dt, d.xzp);
			wst = gb_tensor(g, "w_scale", LPF_DT_FLOAT, cc->per_channel ? 1 : 0, &oc1,
					d.ws, false);
			wzt = gb_tensor(g, "w_zp", cc->w_dt, cc->per_channel ? 1 : 0, &oc1, zp,
					false);
			yst = scalar_f(g, "y_scale", d.ys);
			yzt = scalar_q(g, "y_zp", cc->y_dt, d.yzp);
			ins[0] = x;
			ins[1] = xst;
			ins[2] = xzt;
			ins[3] = w;
			ins[4] = wst;
			ins[5] = wzt;
			ins[6] = yst;
			ins[7] = yzt;
			n_ins = 8;
			if (cc->bias)
				ins[n_ins++] =
					gb_tensor(g, "B", LPF_DT_INT32, 1, &oc1, d.bias, false);
		}
	}
	y = gb_tensor(g, "y", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
	nd = gb_node(g, cc->raw32 ? "ConvInteger" : "QLinearConv", "conv0", n_ins, ins, y);
	gb_ints(nd, "pads", 4, pads);
	gb_ints(nd, "kernel_shape", 2, k2);
	gb_ints(nd, "strides", 2, s2);
	gb_ints(nd, "dilations", 2, d2);
	gb_int(nd, "group", cc->group);
	out = y;
	if (cc->relu) {
		out = gb_tensor(g, "r", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
		gb_node(g, "Relu", "relu0", 1, &y, out);
	}
	if (cc->clip) {
		int cin[3] = { out, scalar_q(g, "lo", cc->y_dt, cc->clip_lo),
			       scalar_q(g, "hi", cc->y_dt, cc->clip_hi) };
		int o2 = gb_tensor(g, "c", LPF_DT_UNDEFINED, 0, NULL, NULL, false);

		gb_node(g, "Clip", "clip0", 3, cin, o2);
		out = o2;
	}
	if (cc->pool_k) {
		int64_t pk[2] = { cc->pool_k, cc->pool_k }, ps[2] = { cc->pool_s, cc->pool_s };
		int64_t pp[4] = { cc->pool_pad, cc->pool_pad, cc->pool_pad, cc->pool_pad };
		int o2 = gb_tensor(g, "pool", LPF_DT_UNDEFINED, 0, NULL, NULL, false);

		nd = gb_node(g, "MaxPool", "pool0", 1, &out, o2);
		gb_ints(nd, "kernel_shape", 2, pk);
		gb_ints(nd, "strides", 2, ps);
		gb_ints(nd, "pads", 4, pp);
		out = o2;
	}
	gb_output(g, out);
	ny = (int64_t)cc->n * cc->oc * d.ph * d.pw * (cc->raw32 ? 4 : 1);
	yv = calloc(1, (size_t)ny);
	yr = calloc(1, (size_t)ny);
	CU_ASSERT_FATAL(yv && yr);
	conv_ref(cc, &d, yr);
	p = compile_ok(g, cc->n);
	if (p) {
		in_data[0] = d.x;
		in_data[1] = d.w;
		CU_ASSERT_EQUAL(run_program(p, in_data, &yv), 0);
		for (i = 0; i < ny; i++)
			mismatch += ((uint8_t *)yv)[i] != ((uint8_t *)yr)[i];
		CU_ASSERT_EQUAL(mismatch, 0);
		if (mismatch)
			fprintf(stderr, "%d of %lld bytes differ\n%s", mismatch, (long long)ny,
				p->report);
	}
	if (keep)
		*keep = p;
	else
		lpf_program_free(p);
	if (!keep)
		lpf_graph_free(g);
	free(d.x);
	free(d.w);
	free(d.ws);
	free(d.wzp);
	free(d.bias);
	free(yv);
	free(yr);
	return mismatch;
}

static struct conv_case base(int c, int h, int w, int oc, int k)
{
	return (struct conv_case){ .n = 1, .c = c, .h = h, .w = w, .oc = oc, .kh = k, .kw = k,
				   .sh = 1, .sw = 1, .dh = 1, .dw = 1, .group = 1,
				   .x_dt = LPF_DT_UINT8, .w_dt = LPF_DT_UINT8,
				   .y_dt = LPF_DT_UINT8, .bias = true };
}

static void compiler_conv3x3_s1_p1(void)
{
	struct conv_case c = base(3, 8, 8, 8, 3);

	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	check_conv(&c, NULL);
}

static void compiler_conv3x3_s2_p1_odd(void)
{
	struct conv_case c = base(5, 11, 13, 7, 3);

	c.sh = c.sw = 2;
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	c.x_dt = c.w_dt = c.y_dt = LPF_DT_INT8;
	check_conv(&c, NULL);
}

static void compiler_conv5x5(void)
{
	struct conv_case c = base(4, 12, 13, 6, 5);

	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 2;
	c.w_dt = LPF_DT_INT8;
	check_conv(&c, NULL);
}

static void compiler_conv1x1_odd_channels(void)
{
	struct conv_case c = base(19, 7, 5, 21, 1);

	check_conv(&c, NULL);
}

static void compiler_conv_asymmetric_pads(void)
{
	struct conv_case c = base(3, 9, 8, 5, 3);

	c.kw = 2;
	c.pads[0] = 0;
	c.pads[1] = 1;
	c.pads[2] = 2;
	c.pads[3] = 0;
	check_conv(&c, NULL);
}

static void compiler_conv_dilation(void)
{
	struct conv_case c = base(4, 12, 12, 6, 3);

	c.dh = c.dw = 2;
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 2;
	check_conv(&c, NULL);
}

static void compiler_conv_grouped_and_depthwise(void)
{
	struct conv_case c = base(8, 9, 9, 6, 3);

	c.group = 2;
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	check_conv(&c, NULL);
	c = base(10, 9, 7, 10, 3);
	c.group = 10;
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	c.x_dt = LPF_DT_INT8;
	c.y_dt = LPF_DT_INT8;
	check_conv(&c, NULL);
}

static void compiler_conv_many_tiles_and_channel_split(void)
{
	struct conv_case c = base(2048, 12, 12, 8, 3);
	struct lpf_program *p = NULL;

	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	check_conv(&c, &p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT_TRUE(p->layers[0].n_tiles > 1 || strstr(p->layers[0].tile, "ic2048") == NULL);
	CU_ASSERT_TRUE(p->layers[0].dram_read + p->layers[0].dram_write >=
		       p->layers[0].lower_bound);
	lpf_graph_free((struct lpf_graph *)p->graph);
	lpf_program_free(p);

	c = base(16, 100, 90, 64, 3);
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	check_conv(&c, &p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_TRUE(p->layers[0].n_tiles > 4);
	lpf_graph_free((struct lpf_graph *)p->graph);
	lpf_program_free(p);
}

static void compiler_fused_relu_maxpool(void)
{
	struct conv_case c = base(3, 14, 15, 16, 3);
	struct lpf_program *p = NULL;

	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	c.relu = true;
	c.x_dt = c.y_dt = LPF_DT_INT8;
	c.pool_k = 2;
	c.pool_s = 2;
	check_conv(&c, &p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT_STRING_EQUAL(p->layers[0].op, "QLinearConv+Relu+MaxPool");
	CU_ASSERT_PTR_NOT_NULL(strstr(p->report, "0 host ops"));
	lpf_graph_free((struct lpf_graph *)p->graph);
	lpf_program_free(p);
	/* 3x3/2 pool with padding on a large image: pooled tiles with halos */
	c = base(8, 61, 47, 32, 3);
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	c.pool_k = 3;
	c.pool_s = 2;
	c.pool_pad = 1;
	c.clip = true;
	c.clip_lo = 20;
	c.clip_hi = 200;
	check_conv(&c, NULL);
}

static void compiler_int8_uint8_combinations(void)
{
	static const int dts[2] = { LPF_DT_UINT8, LPF_DT_INT8 };
	int a, b, y;

	for (a = 0; a < 2; a++)
		for (b = 0; b < 2; b++)
			for (y = 0; y < 2; y++) {
				struct conv_case c = base(6, 7, 6, 5, 3);

				c.pads[0] = c.pads[2] = 1;
				c.x_dt = dts[a];
				c.w_dt = dts[b];
				c.y_dt = dts[y];
				c.per_channel = (a + b + y) % 2;
				check_conv(&c, NULL);
			}
}

static void compiler_per_channel_and_runtime_weights(void)
{
	struct conv_case c = base(5, 8, 8, 12, 3);
	struct lpf_program *p = NULL;
	int i, packs = 0;

	c.per_channel = true;
	c.w_dt = LPF_DT_INT8;
	check_conv(&c, NULL);
	c.runtime = true;
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	check_conv(&c, &p);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	for (i = 0; i < p->n_steps; i++)
		packs += p->steps[i].kind == LPF_STEP_HOST;
	CU_ASSERT_EQUAL(packs, 1);
	lpf_graph_free((struct lpf_graph *)p->graph);
	lpf_program_free(p);
}

static void compiler_convinteger_raw32_and_batch(void)
{
	struct conv_case c = base(4, 9, 7, 9, 3);

	c.raw32 = true;
	c.bias = false;
	c.pads[0] = c.pads[3] = 1;
	c.per_channel = true;
	check_conv(&c, NULL);
	c = base(3, 10, 10, 4, 3);
	c.n = 3;
	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	check_conv(&c, NULL);
}

/* --- matrix products ------------------------------------------------------------------ */

static void compiler_fc_k1000_as_matmul(void)
{
	const int m = 3, k = 1000, n = 10;
	struct lpf_graph *g = gb_new();
	int64_t ad[2] = { m, k }, bd[2] = { k, n };
	uint8_t *a = malloc((size_t)(m * k)), *b = malloc((size_t)(k * n));
	int8_t yv[30], yr[30];
	float as = 0.02f, bs = 0.003f, ys = 0.4f;
	int32_t azp = 7, bzp = -3, yzp = 5;
	int ins[8], y, i, j, kk;
	void *in[1];
	void *out[1] = { yv };
	struct lpf_program *p;

	CU_ASSERT_FATAL(a && b);
	fill_q(a, LPF_DT_UINT8, m * k);
	fill_q(b, LPF_DT_INT8, k * n);
	ins[0] = gb_tensor(g, "A", LPF_DT_UINT8, 2, ad, NULL, true);
	ins[1] = scalar_f(g, "as", as);
	ins[2] = scalar_q(g, "azp", LPF_DT_UINT8, azp);
	ins[3] = gb_tensor(g, "B", LPF_DT_INT8, 2, bd, b, false);
	ins[4] = scalar_f(g, "bs", bs);
	ins[5] = scalar_q(g, "bzp", LPF_DT_INT8, bzp);
	ins[6] = scalar_f(g, "ys", ys);
	ins[7] = scalar_q(g, "yzp", LPF_DT_INT8, yzp);
	y = gb_tensor(g, "Y", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
	gb_node(g, "QLinearMatMul", "fc", 8, ins, y);
	gb_output(g, y);
	for (i = 0; i < m; i++)
		for (j = 0; j < n; j++) {
			int32_t acc = 0;
			float t = as * bs, mult = t / ys, v;

			for (kk = 0; kk < k; kk++)
				acc += (a[i * k + kk] - azp) * (((int8_t *)b)[kk * n + j] - bzp);
			v = nearbyintf((float)acc * mult) + (float)yzp;
			yr[i * n + j] = (int8_t)fminf(fmaxf(v, -128.0f), 127.0f);
		}
	p = compile_ok(g, 1);
	if (p) {
		in[0] = a;
		CU_ASSERT_EQUAL(run_program(p, in, out), 0);
		CU_ASSERT_EQUAL(memcmp(yv, yr, sizeof(yr)), 0);
		CU_ASSERT_EQUAL(p->n_layers, 1);
	}
	lpf_program_free(p);
	lpf_graph_free(g);
	free(a);
	free(b);
}

static void compiler_two_layers_one_job(void)
{
	/* conv -> conv: one fabric job, the second layer reads what the first stored */
	struct lpf_graph *g = gb_new();
	int64_t xd[4] = { 1, 4, 6, 6 }, wd[4] = { 4, 4, 3, 3 }, pads[4] = { 1, 1, 1, 1 };
	uint8_t w[144], x[144], y1[144], y2[144], got[144];
	int ins[8], t1, t2, i, oc, oy, ox, ci, ky, kx, fab = 0;
	void *in[1] = { x };
	void *out[1] = { got };
	struct lpf_program *p;
	struct lpf_node *n;
	uint8_t *src[2] = { x, y1 }, *dst[2] = { y1, y2 };

	fill_q(w, LPF_DT_UINT8, 144);
	fill_q(x, LPF_DT_UINT8, 144);
	ins[0] = gb_tensor(g, "x", LPF_DT_UINT8, 4, xd, NULL, true);
	ins[1] = scalar_f(g, "s", 0.05f);
	ins[2] = scalar_q(g, "z", LPF_DT_UINT8, 3);
	ins[3] = gb_tensor(g, "w", LPF_DT_UINT8, 4, wd, w, false);
	ins[4] = scalar_f(g, "ws", 0.01f);
	ins[5] = scalar_q(g, "wz", LPF_DT_UINT8, 128);
	ins[6] = scalar_f(g, "ys", 0.05f);
	ins[7] = ins[2];
	t1 = gb_tensor(g, "t1", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
	n = gb_node(g, "QLinearConv", "c1", 8, ins, t1);
	gb_ints(n, "pads", 4, pads);
	ins[0] = t1;
	t2 = gb_tensor(g, "t2", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
	n = gb_node(g, "QLinearConv", "c2", 8, ins, t2);
	gb_ints(n, "pads", 4, pads);
	gb_output(g, t2);
	for (i = 0; i < 2; i++)
		for (oc = 0; oc < 4; oc++)
			for (oy = 0; oy < 6; oy++)
				for (ox = 0; ox < 6; ox++) {
					int32_t acc = 0;
					float t = 0.05f * 0.01f, mult = t / 0.05f, v;

					for (ci = 0; ci < 4; ci++)
						for (ky = 0; ky < 3; ky++)
							for (kx = 0; kx < 3; kx++) {
								int iy = oy - 1 + ky,
								    ix = ox - 1 + kx;
								int xv = iy < 0 || iy >= 6 ||
											 ix < 0 ||
											 ix >= 6
										 ? 3
										 : src[i][(ci * 6 +
											   iy) * 6 +
											  ix];

								acc += (xv - 3) *
								       (w[((oc * 4 + ci) * 3 + ky) *
										  3 +
									  kx] -
									128);
							}
					v = nearbyintf((float)acc * mult) + 3.0f;
					dst[i][(oc * 6 + oy) * 6 + ox] =
						(uint8_t)fminf(fmaxf(v, 0.0f), 255.0f);
				}
	p = compile_ok(g, 1);
	if (p) {
		CU_ASSERT_EQUAL(run_program(p, in, out), 0);
		CU_ASSERT_EQUAL(memcmp(got, y2, sizeof(y2)), 0);
		for (i = 0; i < p->n_steps; i++)
			fab += p->steps[i].kind == LPF_STEP_FABRIC;
		CU_ASSERT_EQUAL(fab, 1);
		CU_ASSERT_EQUAL(p->n_layers, 2);
	}
	lpf_program_free(p);
	lpf_graph_free(g);
}

/* --- errors --------------------------------------------------------------------------- */

static void compiler_unsupported_op_names_node(void)
{
	struct lpf_graph *g = gb_new();
	int64_t d[1] = { 4 };
	int x = gb_tensor(g, "x", LPF_DT_FLOAT, 1, d, NULL, true);
	int y = gb_tensor(g, "y", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
	struct lpf_program *p = NULL;
	struct lpf_err err = { 0 };
	struct lpf_node *n = gb_node(g, "Foo", "n3", 1, &x, y);

	free(n->domain);
	n->domain = dupstr("x");
	gb_output(g, y);
	CU_ASSERT_EQUAL(lpf_compile(g, 1, &p, &err), LPFPGA_ERROR_UNSUPPORTED_OP);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'n3'"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "Foo"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "test.onnx"));
	lpf_graph_free(g);
}

static void compiler_rejects_bad_scale(void)
{
	struct lpf_graph *g = gb_new();
	int64_t xd[4] = { 1, 1, 4, 4 }, wd[4] = { 1, 1, 1, 1 };
	uint8_t w = 1;
	int32_t bad = 1;
	int ins[8], y;
	struct lpf_program *p = NULL;
	struct lpf_err err = { 0 };

	ins[0] = gb_tensor(g, "x", LPF_DT_UINT8, 4, xd, NULL, true);
	ins[1] = gb_tensor(g, "x_scale", LPF_DT_INT32, 0, NULL, &bad, false);
	ins[2] = scalar_q(g, "x_zp", LPF_DT_UINT8, 0);
	ins[3] = gb_tensor(g, "w", LPF_DT_UINT8, 4, wd, &w, false);
	ins[4] = scalar_f(g, "ws", 1.0f);
	ins[5] = scalar_q(g, "wz", LPF_DT_UINT8, 0);
	ins[6] = scalar_f(g, "ys", 1.0f);
	ins[7] = scalar_q(g, "yz", LPF_DT_UINT8, 0);
	y = gb_tensor(g, "y", LPF_DT_UNDEFINED, 0, NULL, NULL, false);
	gb_node(g, "QLinearConv", "qc", 8, ins, y);
	gb_output(g, y);
	CU_ASSERT_EQUAL(lpf_compile(g, 1, &p, &err), LPFPGA_ERROR_DTYPE_MISMATCH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "x_scale"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'qc'"));
	/* a zero scale is invalid too */
	g->tensors[ins[1]].dtype = LPF_DT_FLOAT;
	*(float *)g->tensors[ins[1]].data = 0.0f;
	CU_ASSERT_EQUAL(lpf_compile(g, 1, &p, &err), LPFPGA_ERROR_MODEL_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "x_scale"));
	/* a zero point of another type than its tensor */
	*(float *)g->tensors[ins[1]].data = 0.5f;
	g->tensors[ins[2]].dtype = LPF_DT_INT8;
	CU_ASSERT_EQUAL(lpf_compile(g, 1, &p, &err), LPFPGA_ERROR_DTYPE_MISMATCH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "x_zero_point"));
	lpf_graph_free(g);
}

/* --- INP row pitch and bank conflicts ----------------------------------------------- */

/* The worst pixel block of a CONV, by the tests' own bank rule (common/lpf_test_banks.h). */
static int conv_worst_block(const struct lpf_insn_conv *cv)
{
	int64_t b, n_blocks = ((int64_t)cv->out_h * cv->out_w + LPF_PE_ROWS - 1) / LPF_PE_ROWS;
	int worst = 0;

	for (b = 0; b < n_blocks; b++) {
		int m = lpf_test_block_cycles(cv->out_h, cv->out_w, cv->sh, cv->sw, cv->in_w, b);

		if (m > worst)
			worst = m;
	}
	return worst;
}

/* Input columns the CONV's windows span. */
static uint32_t conv_span_w(const struct lpf_insn_conv *cv)
{
	return (cv->out_w - 1) * cv->sw + (cv->kw - 1) * cv->dw + 1;
}

/*
 * Every CONV of p: its worst pixel block (the largest is returned), and IN_W against the
 * span and the LOAD that filled its INP half (the row the LOAD stores is IN_W wide).
 */
static int program_worst_block(const struct lpf_program *p, uint32_t *max_extra)
{
	uint32_t k, row_w[2] = { 0, 0 };
	int worst = 0;

	*max_extra = 0;
	for (k = 0; k < p->n_insns; k++) {
		struct lpf_insn in;

		CU_ASSERT_EQUAL_FATAL(lpf_insn_decode(p->cmd + (size_t)k * LPF_INSN_BYTES, &in), 0);
		if (in.opcode == LPF_OP_LOAD && in.u.load.buf == LPF_BUF_INP) {
			row_w[in.u.load.sram_off >= LPF_INP_BUF_BYTES / 2] =
				in.u.load.pad_x0 + in.u.load.x_size + in.u.load.pad_x1;
		} else if (in.opcode == LPF_OP_CONV) {
			const struct lpf_insn_conv *cv = &in.u.conv;
			int m = conv_worst_block(cv);

			CU_ASSERT_EQUAL(cv->in_w, row_w[cv->inp_off >= LPF_INP_BUF_BYTES / 2]);
			CU_ASSERT_TRUE(cv->in_w >= conv_span_w(cv));
			if (cv->in_w - conv_span_w(cv) > *max_extra)
				*max_extra = cv->in_w - conv_span_w(cv);
			if (m > worst)
				worst = m;
		}
	}
	return worst;
}

static void compiler_stride2_pitch_avoids_bank_conflicts(void)
{
	/* c, hw, oc, dilation, pad: ResNet-18's downsampling conv, odd sizes, dilation 2 */
	static const int cases[][5] = {
		{ 64, 56, 128, 1, 1 }, { 16, 57, 32, 1, 1 }, { 8, 13, 16, 1, 1 }, { 12, 29, 24, 2, 2 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct conv_case c = base(cases[i][0], cases[i][1], cases[i][1], cases[i][2], 3);
		struct lpf_program *p = NULL;
		uint32_t extra;
		int worst;

		c.sh = c.sw = 2;
		c.dh = c.dw = cases[i][3];
		c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = cases[i][4];
		c.x_dt = c.w_dt = LPF_DT_INT8;
		CU_ASSERT_EQUAL(check_conv(&c, &p), 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(p);
		/* the natural pitch collides on every block that crosses an output row */
		worst = program_worst_block(p, &extra);
		if (worst != 1)
			fprintf(stderr, "case %zu: a pixel block needs %d cycles per step\n%s", i,
				worst, p->report);
		CU_ASSERT_EQUAL(worst, 1);
		CU_ASSERT_TRUE(extra > 0 && extra < LPF_INP_BANKS);
		lpf_graph_free((struct lpf_graph *)p->graph);
		lpf_program_free(p);
	}
}

static void compiler_stride1_keeps_natural_pitch(void)
{
	struct conv_case c = base(16, 56, 56, 32, 3);
	struct lpf_program *p = NULL;
	uint32_t extra;

	c.pads[0] = c.pads[1] = c.pads[2] = c.pads[3] = 1;
	CU_ASSERT_EQUAL(check_conv(&c, &p), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(program_worst_block(p, &extra), 1);
	CU_ASSERT_EQUAL(extra, 0);
	lpf_graph_free((struct lpf_graph *)p->graph);
	lpf_program_free(p);
}

/* --- ONNX conformance models (weights, scales and zero points as graph inputs) -------- */

static void compiler_conformance_models_run(void)
{
	static const char *const names[] = {
		"test_qlinearconv",		"test_qlinearmatmul_2D", "test_qlinearmatmul_3D",
		"test_basic_convinteger",	"test_convinteger_with_padding",
		"test_matmulinteger",
	};
	const char *root = "/usr/share/libonnx-testdata/data/node";
	size_t i;

	if (access(root, R_OK)) {
		lpf_test_skip("libonnx-testdata is not installed");
		return;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[512];
		struct lpf_graph *g = NULL;
		struct lpf_program *p = NULL;
		struct lpf_err err = { 0 };
		void *in[16] = { 0 }, *out[4] = { 0 };
		int j;

		snprintf(path, sizeof(path), "%s/%s/model.onnx", root, names[i]);
		if (lpf_onnx_load_file(path, &g, &err)) {
			fprintf(stderr, "%s: %s\n", path, err.msg);
			CU_FAIL("conformance model does not load");
			continue;
		}
		p = compile_ok(g, 1);
		if (!p) {
			lpf_graph_free(g);
			continue;
		}
		CU_ASSERT_TRUE(p->n_layers >= 1);
		for (j = 0; j < g->n_inputs && j < 16; j++) {
			lpfpga_tensor t;

			snprintf(path, sizeof(path), "%s/%s/test_data_set_0/input_%d.pb", root,
				 names[i], j);
			CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_read(path, &t, NULL, 0), LPFPGA_OK);
			CU_ASSERT_EQUAL(t.size,
					p->values[p->value_of_tensor[g->inputs[j]]].nbytes);
			in[j] = t.data;
			t.data = NULL;
			lpfpga_tensor_release(&t);
		}
		for (j = 0; j < g->n_outputs && j < 4; j++) {
			out[j] = calloc(1, p->values[p->value_of_tensor[g->outputs[j]]].nbytes + 1);
			CU_ASSERT_PTR_NOT_NULL_FATAL(out[j]);
		}
		CU_ASSERT_EQUAL(run_program(p, in, out), 0);
		for (j = 0; j < g->n_outputs && j < 4; j++) {
			lpfpga_tensor t;

			snprintf(path, sizeof(path), "%s/%s/test_data_set_0/output_%d.pb", root,
				 names[i], j);
			CU_ASSERT_EQUAL_FATAL(lpfpga_tensor_read(path, &t, NULL, 0), LPFPGA_OK);
			CU_ASSERT_EQUAL(t.size,
					p->values[p->value_of_tensor[g->outputs[j]]].nbytes);
			CU_ASSERT_EQUAL(memcmp(out[j], t.data, t.size), 0);
			lpfpga_tensor_release(&t);
		}
		for (j = 0; j < 16; j++)
			free(in[j]);
		for (j = 0; j < 4; j++)
			free(out[j]);
		lpf_program_free(p);
		lpf_graph_free(g);
	}
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "compiler_conv3x3_s1_p1", compiler_conv3x3_s1_p1 },
		{ "compiler_conv3x3_s2_p1_odd", compiler_conv3x3_s2_p1_odd },
		{ "compiler_conv5x5", compiler_conv5x5 },
		{ "compiler_conv1x1_odd_channels", compiler_conv1x1_odd_channels },
		{ "compiler_conv_asymmetric_pads", compiler_conv_asymmetric_pads },
		{ "compiler_conv_dilation", compiler_conv_dilation },
		{ "compiler_conv_grouped_and_depthwise", compiler_conv_grouped_and_depthwise },
		{ "compiler_conv_many_tiles_and_channel_split",
		  compiler_conv_many_tiles_and_channel_split },
		{ "compiler_fused_relu_maxpool", compiler_fused_relu_maxpool },
		{ "compiler_int8_uint8_combinations", compiler_int8_uint8_combinations },
		{ "compiler_per_channel_and_runtime_weights",
		  compiler_per_channel_and_runtime_weights },
		{ "compiler_convinteger_raw32_and_batch", compiler_convinteger_raw32_and_batch },
		{ "compiler_fc_k1000_as_matmul", compiler_fc_k1000_as_matmul },
		{ "compiler_two_layers_one_job", compiler_two_layers_one_job },
		{ "compiler_unsupported_op_names_node", compiler_unsupported_op_names_node },
		{ "compiler_rejects_bad_scale", compiler_rejects_bad_scale },
		{ "compiler_stride2_pitch_avoids_bank_conflicts",
		  compiler_stride2_pitch_avoids_bank_conflicts },
		{ "compiler_stride1_keeps_natural_pitch", compiler_stride1_keeps_natural_pitch },
		{ "compiler_conformance_models_run", compiler_conformance_models_run },
		{ NULL, NULL },
	};

	return lpf_test_run("compiler", cases);
}
