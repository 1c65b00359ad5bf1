/* SPDX-License-Identifier: MIT */
/*
 * The part of the SIMD CONV kernels that does not depend on the instruction set.
 *
 * A kernel sees the input tile as 32-bit words, each holding one pixel of a k group
 * of KG_CH consecutive input channels (4 bytes for VNNI, 2 int16 for AVX2), and
 * weights packed the same way (struct lpf_fab_wpack), so that one multiply-add
 * instruction takes one k group of every pixel of a vector. With S the sum of the
 * products of tile words and packed weights, the kernels store
 *
 *   acc = S + d_oc * X + c_oc
 *
 * where X is the pixel's sum of tile values over its window (only computed when
 * some d_oc != 0). For tile value x - x_zp + xo (xo: 0, or the shift that makes
 * the input unsigned) and packed weight w - w_zp - d_oc:
 *   sum (x - x_zp)(w - w_zp) = S + d_oc * X - xo * sum(w packed) - K * xo * d_oc,
 * all modulo 2^32 like the accumulators, so the result is exact.
 */
#ifndef LPF_FABRIC_CONV_SIMD_H
#define LPF_FABRIC_CONV_SIMD_H

#include "fabric/fabric_internal.h"

struct lpf_fab_conv_job;

/* Computes pixel vectors [pv0, pv1) of channel block nbi of group g. */
typedef void (*lpf_fab_block_fn)(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi,
				 uint32_t pv0, uint32_t pv1);

struct lpf_fab_conv_job {
	struct lpf_fabric *f;
	const struct lpf_insn_conv *in;
	const uint32_t *tile;           /* [GROUPS][kg][IN_H][IN_W] words */
	const uint32_t *packed;         /* [GROUPS][nb][kg][KH][KW][LPF_FAB_NT] words */
	uint32_t kg;                    /* k groups per group */
	uint32_t n_taps;                /* kg * KH * KW */
	const uint32_t *toff;           /* word offset in a group's tile of each tap */
	uint32_t nb;                    /* blocks of LPF_FAB_NT output channels per group */
	uint32_t nxv;                   /* pixel vectors per output row */
	uint32_t chunk, n_chunks;       /* pixel vectors per work unit, units per block */
	bool xsum;                      /* some d_oc != 0 */
	lpf_fab_block_fn block;
};

/*
 * The packed weights of in for a kernel with kg_ch input channels per word:
 * lane j of a word holds encode(w) of channel kg_ch * k + j (0 past ICPG or OCPG).
 * Returns NULL when out of memory.
 */
const struct lpf_fab_wpack *lpf_fab_wpack_get(struct lpf_fabric *f,
					      const struct lpf_insn_conv *in, uint32_t kg_ch);

/*
 * Fill f->chan_c / f->chan_d for the tile offset xo and the packed-weight offset
 * (w_packed = w - w_ofs), set up the work split for vectors of vl pixels and run
 * j->block over it on the fabric's pool. The caller has set f, in, tile, packed,
 * kg and block.
 */
void lpf_fab_conv_run(struct lpf_fab_conv_job *j, const struct lpf_fab_wpack *wp, uint32_t vl,
		      uint32_t xo, uint32_t w_ofs);

#endif
