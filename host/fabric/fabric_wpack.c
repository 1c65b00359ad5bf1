/* SPDX-License-Identifier: MIT */
/*
 * Packed weight blocks for the SIMD CONV kernels, cached per fabric. Weights of a
 * compiled program are constants, and a layer's weight block is usually loaded
 * once and convolved many times, so packing it once pays. An entry is reused only
 * while the WGT buffer provably holds the bytes it was packed from: either no WGT
 * LOAD happened since it was last checked, or its saved copy compares equal. So a
 * stale entry can never be used, whatever DRAM the fabric is given, and nothing
 * needs invalidating when buffers are freed. Allocation happens only when an entry
 * is created or grows: never in the steady state of a model.
 */
#include <stdlib.h>
#include <string.h>

#include "fabric/fabric_conv_simd.h"

void lpf_fab_wpack_free(struct lpf_fabric *f)
{
	for (int i = 0; i < LPF_FAB_WCACHE; i++) {
		free(f->wpack[i].raw);
		free(f->wpack[i].packed);
		free(f->wpack[i].wsum);
		memset(&f->wpack[i], 0, sizeof(f->wpack[i]));
	}
}

/* DRAM address of the latest WGT LOAD to wgt_off, or ~0 if none is remembered. */
static uint64_t wgt_source(const struct lpf_fabric *f, uint32_t wgt_off)
{
	for (uint32_t i = 1; i <= LPF_FAB_WGT_SRCS; i++) {
		uint32_t k = (f->wgt_src_next + LPF_FAB_WGT_SRCS - i) % LPF_FAB_WGT_SRCS;

		if (f->wgt_src[k].sram_off == wgt_off)
			return f->wgt_src[k].addr;
	}
	return ~(uint64_t)0;
}

static bool same_key(const struct lpf_fab_wpack *e, const struct lpf_insn_conv *in,
		     uint32_t kernel, uint64_t src)
{
	return e->valid && e->kernel == kernel && e->src == src && e->wgt_off == in->wgt_off &&
	       e->groups == in->groups && e->icpg == in->icpg && e->ocpg == in->ocpg &&
	       e->kh == in->kh && e->kw == in->kw && e->w_signed == in->w_signed;
}

/* Grow *p to at least n bytes; false when out of memory (*p then unchanged). */
static bool reserve(void **p, uint64_t *cap, uint64_t n)
{
	void *q;

	if (n <= *cap)
		return true;
	q = aligned_alloc(64, (n + 63) / 64 * 64);
	if (!q)
		return false;
	free(*p);
	*p = q;
	*cap = n;
	return true;
}

/* Packed value of one weight byte: int8 w - 128*unsigned (kg_ch 4) or int16 w (kg_ch 2). */
static int32_t packed_value(uint8_t raw, uint32_t w_signed, uint32_t kg_ch)
{
	int32_t v = lpf_fab_byte_value(raw, w_signed);

	return kg_ch == 4 && !w_signed ? v - 128 : v;
}

/* The word of output channel n (< OCPG) for k group k and tap of group g; adds to wsum. */
static uint32_t pack_word(struct lpf_fab_wpack *e, const uint8_t *w, uint32_t g, uint32_t k,
			  uint32_t tap, uint32_t n, uint32_t kg_ch)
{
	const uint32_t bits = 32 / kg_ch, taps = e->kh * e->kw;
	const uint32_t lane_mask = kg_ch == 4 ? 0xFFu : 0xFFFFu;
	uint32_t word = 0;

	for (uint32_t l = 0; l < kg_ch && k * kg_ch + l < e->icpg; l++) {
		uint64_t ci = (uint64_t)g * e->icpg + k * kg_ch + l;
		int32_t v = packed_value(w[(ci * taps + tap) * e->ocpg + n], e->w_signed, kg_ch);

		word |= ((uint32_t)v & lane_mask) << (l * bits);
		e->wsum[g * e->ocpg + n] += (uint32_t)v;
	}
	return word;
}

static void pack(struct lpf_fab_wpack *e, const uint8_t *w, uint32_t kg_ch)
{
	const uint32_t kg = (e->icpg + kg_ch - 1) / kg_ch;
	const uint32_t nb = (e->ocpg + LPF_FAB_NT - 1) / LPF_FAB_NT;
	const uint32_t taps = e->kh * e->kw;
	uint32_t *out = e->packed;

	memset(e->wsum, 0, (uint64_t)e->groups * e->ocpg * sizeof(*e->wsum));
	for (uint32_t g = 0; g < e->groups; g++) {
		for (uint32_t b = 0; b < nb; b++) {
			for (uint32_t k = 0; k < kg; k++) {
				for (uint32_t tap = 0; tap < taps; tap++) {
					for (uint32_t t = 0; t < LPF_FAB_NT; t++) {
						uint32_t n = b * LPF_FAB_NT + t;

						*out++ = n < e->ocpg ? pack_word(e, w, g, k, tap, n,
										 kg_ch) : 0;
					}
				}
			}
		}
	}
}

const struct lpf_fab_wpack *lpf_fab_wpack_get(struct lpf_fabric *f,
					      const struct lpf_insn_conv *in, uint32_t kg_ch)
{
	const uint8_t *w = f->wgt + in->wgt_off;
	const uint64_t src = wgt_source(f, in->wgt_off);
	const uint64_t n_raw = (uint64_t)in->groups * in->icpg * in->kh * in->kw * in->ocpg;
	const uint64_t nb = (in->ocpg + LPF_FAB_NT - 1) / LPF_FAB_NT;
	const uint64_t n_packed = in->groups * nb * ((in->icpg + kg_ch - 1) / kg_ch) * in->kh *
				  in->kw * LPF_FAB_NT;
	struct lpf_fab_wpack *e = NULL;

	for (int i = 0; i < LPF_FAB_WCACHE; i++) {
		struct lpf_fab_wpack *c = &f->wpack[i];

		if (same_key(c, in, f->kernel, src)) {
			e = c;
			break;
		}
		if (!e || !c->valid || (e->valid && c->last_use < e->last_use))
			e = c;
	}
	e->last_use = ++f->wpack_clock;
	if (same_key(e, in, f->kernel, src) &&
	    (e->verified_gen == f->wgt_gen || !memcmp(e->raw, w, n_raw))) {
		e->verified_gen = f->wgt_gen;
		return e;
	}
	e->valid = false;
	if (!reserve((void **)&e->raw, &e->cap_raw, n_raw) ||
	    !reserve((void **)&e->packed, &e->cap_packed, n_packed * sizeof(uint32_t)) ||
	    !reserve((void **)&e->wsum, &e->cap_sum,
		     (uint64_t)in->groups * in->ocpg * sizeof(uint32_t)))
		return NULL;
	e->kernel = f->kernel;
	e->src = src;
	e->wgt_off = in->wgt_off;
	e->groups = in->groups;
	e->icpg = in->icpg;
	e->ocpg = in->ocpg;
	e->kh = in->kh;
	e->kw = in->kw;
	e->w_signed = in->w_signed;
	e->n_raw = n_raw;
	memcpy(e->raw, w, n_raw);
	pack(e, w, kg_ch);
	e->verified_gen = f->wgt_gen;
	e->valid = true;
	return e;
}
