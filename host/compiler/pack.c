/* SPDX-License-Identifier: MIT */
/*
 * Packing of a layer's weights into the per-tile blocks the CONV instruction reads
 * ([G][ICPG][KH][KW][OCPG] per output-channel tile and input-channel chunk, in
 * walk order) and of its PARAM table (bias, multiplier, weight zero point per
 * output channel). The same code packs constants at compile time and run-time
 * parameters inside a HOST step, which also patches the zero-point fields of the
 * layer's instructions.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/compiler_internal.h"
#include "lpf_arith.h"

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

void lpf_pack_sizes(struct lpf_pack_desc *d)
{
	const struct lpf_conv_geom *g = &d->geom;

	d->wpack_bytes = (uint64_t)(g->oc * (g->c / g->groups) * g->kh * g->kw);
	d->param_bytes = (uint64_t)g->oc * LPF_PARAM_ENTRY_BYTES;
}

uint64_t lpf_pack_wblock_off(const struct lpf_pack_desc *d, const struct lpf_octile *o,
			     int64_t chunk)
{
	const struct lpf_conv_geom *g = &d->geom;
	int64_t kk = g->kh * g->kw, icpg = g->c / g->groups;

	/* tiles cover the output channels in order, so earlier blocks hold oc0 channels */
	return (uint64_t)(o->oc0 * icpg * kk + o->noc * chunk * d->tiling.ic_t * kk);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* Element i of an 8-bit or int32 tensor as a signed value. */
static int32_t int_at(const void *data, int dtype, int64_t i)
{
	if (dtype == LPF_DT_INT8)
		return ((const int8_t *)data)[i];
	if (dtype == LPF_DT_UINT8)
		return ((const uint8_t *)data)[i];
	return ((const int32_t *)data)[i];
}

static lpfpga_status check_scale(const char *name, const char *what, const float *s, int64_t n,
				 struct lpf_err *err)
{
	int64_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(s[i]) || s[i] <= 0.0f)
			return lpf_err_set(
				err, LPFPGA_ERROR_MODEL_INVALID,
				"node '%s': %s[%lld] = %g is not a positive finite scale", name,
				what, (long long)i, (double)s[i]);
	return LPFPGA_OK;
}

static void pack_weights(const struct lpf_pack_desc *d, const uint8_t *w, uint8_t *out)
{
	const struct lpf_conv_geom *g = &d->geom;
	const struct lpf_tiling *t = &d->tiling;
	int64_t icpg = g->c / g->groups, n_oc = lpf_tile_n_oc(g, t);
	int64_t nk = lpf_tile_n_chunks(g, t), i, k, gi, ci, ky, kx, j;
	struct lpf_octile o;

	for (i = 0; i < n_oc; i++) {
		lpf_tile_oc(g, t, i, &o);
		for (k = 0; k < nk; k++) {
			int64_t c_base = o.ng > 1 ? 0 : k * t->ic_t;
			int64_t icc = o.ng > 1 ? icpg : min64(t->ic_t, icpg - c_base);
			int64_t ocpg_t = o.noc / o.ng;
			uint8_t *dst = out + lpf_pack_wblock_off(d, &o, k);

			for (gi = 0; gi < o.ng; gi++)
				for (ci = 0; ci < icc; ci++)
					for (ky = 0; ky < g->kh; ky++)
						for (kx = 0; kx < g->kw; kx++)
							for (j = 0; j < ocpg_t; j++) {
								int64_t oc =
									o.oc0 + gi * ocpg_t + j;
								int64_t c = c_base + ci, src;

								if (d->mm_n)
									src = c * d->mm_n + oc;
								else
									src = ((oc * icpg + c) *
										       g->kh +
									       ky) * g->kw +
									      kx;
								*dst++ = w[d->w_elem_off + src];
							}
		}
	}
}

lpfpga_status lpf_pack_layer(const struct lpf_pack_desc *d, const struct lpf_pack_src *src,
			     uint8_t *wout, uint8_t *pout, struct lpf_pack_zp *zp,
			     const char *name, struct lpf_err *err)
{
	const struct lpf_conv_geom *g = &d->geom;
	bool requant = d->kind == LPF_LK_QCONV || d->kind == LPF_LK_QMATMUL;
	const float *ws = src->data[LPF_PI_WSCALE];
	float xs = 0.0f, ys = 0.0f;
	lpfpga_status st;
	int64_t oc;

	if (!src->data[LPF_PI_W])
		return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID, "node '%s': no weights", name);
	if (requant) {
		if (!ws || !src->data[LPF_PI_XSCALE] || !src->data[LPF_PI_YSCALE])
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "node '%s': missing scale", name);
		xs = *(const float *)src->data[LPF_PI_XSCALE];
		ys = *(const float *)src->data[LPF_PI_YSCALE];
		st = check_scale(name, "x_scale", &xs, 1, err);
		if (!st)
			st = check_scale(name, "w_scale", ws, src->numel[LPF_PI_WSCALE], err);
		if (!st)
			st = check_scale(name, "y_scale", &ys, 1, err);
		if (st)
			return st;
	}
	zp->x_zp = src->data[LPF_PI_XZP] ?
			   (uint8_t)int_at(src->data[LPF_PI_XZP], src->dtype[LPF_PI_XZP], 0) : 0;
	zp->y_zp = src->data[LPF_PI_YZP] ?
			   (uint8_t)int_at(src->data[LPF_PI_YZP], src->dtype[LPF_PI_YZP], 0) : 0;
	pack_weights(d, src->data[LPF_PI_W], wout);
	memset(pout, 0, d->param_bytes);
	for (oc = 0; oc < g->oc; oc++) {
		uint8_t *e = pout + oc * LPF_PARAM_ENTRY_BYTES;
		int32_t bias = 0, wzp = 0;
		float mult = 0.0f;

		if (src->data[LPF_PI_BIAS])
			bias = int_at(src->data[LPF_PI_BIAS], LPF_DT_INT32, oc);
		if (src->data[LPF_PI_WZP])
			wzp = int_at(src->data[LPF_PI_WZP], src->dtype[LPF_PI_WZP],
				     src->numel[LPF_PI_WZP] > 1 ? oc : 0);
		if (requant)
			mult = lpf_requant_multiplier(
				xs, ws[src->numel[LPF_PI_WSCALE] > 1 ? oc : 0], ys);
		put32(e, (uint32_t)bias);
		put32(e + 4, lpf_f32_to_bits(mult));
		put32(e + 8, (uint32_t)wzp);
	}
	return LPFPGA_OK;
}

static lpfpga_status patch_insns(const struct lpf_pack_priv *pp, const struct lpf_pack_zp *zp,
				 uint8_t *cmd, uint32_t n_insns, struct lpf_err *err)
{
	const char *bad = NULL;
	struct lpf_insn in;
	uint32_t i;

	for (i = 0; i < pp->n_patch; i++) {
		uint32_t k = pp->patch[i];
		uint8_t *b = cmd + (size_t)k * LPF_INSN_BYTES;

		if (k >= n_insns || lpf_insn_decode(b, &in))
			return lpf_err_set(err, LPFPGA_ERROR_INTERNAL,
					   "node '%s': instruction %u to patch is invalid",
					   pp->name, k);
		if (in.opcode == LPF_OP_CONV)
			in.u.conv.x_zp = zp->x_zp;
		else if (in.opcode == LPF_OP_LOAD)
			in.u.load.pad_value = zp->x_zp;
		else if (in.opcode == LPF_OP_POST)
			in.u.post.out_zp = zp->y_zp;
		if (lpf_insn_encode(&in, b, &bad))
			return lpf_err_set(err, LPFPGA_ERROR_INTERNAL,
					   "node '%s': patched field %s does not fit", pp->name,
					   bad ? bad : "?");
	}
	return LPFPGA_OK;
}

lpfpga_status lpf_pack_step(const struct lpf_program *p, const struct lpf_step *s,
			    struct lpf_hval *in, struct lpf_hval *out, uint8_t *cmd,
			    struct lpf_err *err)
{
	const struct lpf_pack_priv *pp = s->priv;
	struct lpf_pack_src src;
	struct lpf_pack_zp zp;
	lpfpga_status st;
	int i, r;

	memset(&src, 0, sizeof(src));
	for (i = 0; i < LPF_PI_COUNT && i < s->n_in; i++) {
		if (s->in[i] < 0)
			continue;
		src.data[i] = in[i].data;
		src.dtype[i] = in[i].dtype;
		src.numel[i] = 1;
		for (r = 0; r < in[i].rank; r++)
			src.numel[i] *= in[i].dims[r];
	}
	st = lpf_pack_layer(&pp->d, &src, out[0].data, out[1].data, &zp, pp->name, err);
	if (st)
		return st;
	return patch_insns(pp, &zp, cmd, p->n_insns, err);
}
