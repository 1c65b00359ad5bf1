/* SPDX-License-Identifier: MIT */
/*
 * CONV: checks, then the kernel's SIMD code (fabric_avx512.c, fabric_avx2.c) or the
 * portable reference below: direct convolution with implicit im2col, plain integer
 * loops, always available and the definition the others are tested against. The input
 * tile is converted once to (x - x_zp); each weight tap (w - w_zp) then scales a
 * shifted view of one input plane into one accumulator plane, so the innermost loop
 * runs along an output row. Accumulation is modulo 2^32 like an int32 adder.
 */
#include <string.h>

#include "fabric/fabric_internal.h"

static bool fields_valid(const struct lpf_insn_conv *in)
{
	return in->groups && in->icpg && in->ocpg && in->kh && in->kw && in->sh && in->sw &&
	       in->dh && in->dw && in->in_h && in->in_w && in->out_h && in->out_w &&
	       in->kh <= LPF_MAX_KERNEL && in->kw <= LPF_MAX_KERNEL;
}

/* Rows (or columns) the windows span: (out - 1) * stride + (k - 1) * dilation + 1. */
static uint64_t span(uint32_t out, uint32_t stride, uint32_t k, uint32_t dil)
{
	return (uint64_t)(out - 1) * stride + (uint64_t)(k - 1) * dil + 1;
}

static void convert_input(struct lpf_fabric *f, const struct lpf_insn_conv *in, uint64_t n)
{
	const int32_t x_zp = lpf_fab_byte_value(in->x_zp, in->x_signed);
	const uint8_t *src = f->inp + in->inp_off;

	for (uint64_t i = 0; i < n; i++)
		f->xs[i] = (int16_t)(lpf_fab_byte_value(src[i], in->x_signed) - x_zp);
}

/* acc[y][x] += xs[y*SH + ky*DH][x*SW + kx*DW] * wv over the output plane. */
static void add_tap(const struct lpf_insn_conv *in, const int16_t *plane, uint32_t ky,
		    uint32_t kx, uint32_t wv, uint32_t *acc)
{
	for (uint32_t y = 0; y < in->out_h; y++) {
		const int16_t *row = plane + (uint64_t)(y * in->sh + ky * in->dh) * in->in_w +
				     kx * in->dw;
		uint32_t *a = acc + (uint64_t)y * in->out_w;

		for (uint32_t x = 0; x < in->out_w; x++)
			a[x] += (uint32_t)(int32_t)row[(uint64_t)x * in->sw] * wv;
	}
}

static void conv_channel(struct lpf_fabric *f, const struct lpf_insn_conv *in, uint32_t g,
			 uint32_t j)
{
	const uint32_t oc = g * in->ocpg + j;
	const uint64_t in_plane = (uint64_t)in->in_h * in->in_w;
	const uint64_t out_plane = (uint64_t)in->out_h * in->out_w;
	const uint8_t *entry = lpf_fab_param_entry(f, in->param_off + oc);
	const int64_t w_zp = lpf_fab_i32(lpf_fab_le32(entry + LPF_FAB_PARAM_WZP));
	uint32_t *acc = f->acc + in->acc_off + oc * out_plane;

	if (!in->acc_mode)
		memset(acc, 0, out_plane * sizeof(*acc));
	for (uint32_t ci = 0; ci < in->icpg; ci++) {
		const uint64_t ch = (uint64_t)g * in->icpg + ci;
		const int16_t *plane = f->xs + ch * in_plane;
		const uint8_t *w = f->wgt + in->wgt_off + ch * in->kh * in->kw * in->ocpg + j;

		for (uint32_t ky = 0; ky < in->kh; ky++) {
			for (uint32_t kx = 0; kx < in->kw; kx++, w += in->ocpg) {
				uint32_t wv = (uint32_t)(lpf_fab_byte_value(*w, in->w_signed) -
							 w_zp);

				if (wv)
					add_tap(in, plane, ky, kx, wv, acc);
			}
		}
	}
}

uint32_t lpf_fab_conv(struct lpf_fabric *f, const struct lpf_insn_conv *in)
{
	uint64_t n_in, n_wgt, n_oc, n_acc;

	if (!fields_valid(in))
		return LPF_ERR_BAD_FIELD;
	if (span(in->out_h, in->sh, in->kh, in->dh) > in->in_h ||
	    span(in->out_w, in->sw, in->kw, in->dw) > in->in_w)
		return LPF_ERR_KERNEL_RANGE;
	n_in = (uint64_t)in->groups * in->icpg * in->in_h * in->in_w;
	n_wgt = (uint64_t)in->groups * in->icpg * in->kh * in->kw * in->ocpg;
	n_oc = (uint64_t)in->groups * in->ocpg;
	n_acc = n_oc * in->out_h * in->out_w;
	if (!lpf_fab_fits(in->inp_off, n_in, LPF_INP_BUF_BYTES) ||
	    !lpf_fab_fits(in->wgt_off, n_wgt, LPF_WGT_BUF_BYTES) ||
	    !lpf_fab_fits(in->acc_off, n_acc, LPF_ACC_BUF_ENTRIES) ||
	    !lpf_fab_fits(in->param_off, n_oc, LPF_PARAM_BUF_ENTRIES))
		return LPF_ERR_SRAM_RANGE;

	if (!f->ops->conv || !f->ops->conv(f, in)) {
		convert_input(f, in, n_in);
		for (uint32_t g = 0; g < in->groups; g++)
			for (uint32_t j = 0; j < in->ocpg; j++)
				conv_channel(f, in, g, j);
	}
	f->perf.macs += n_acc * in->icpg * in->kh * in->kw;
	return LPF_ERR_NONE;
}
