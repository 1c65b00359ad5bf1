/* SPDX-License-Identifier: MIT */
/*
 * Running a SIMD CONV: the per-channel correction terms of fabric_conv_simd.h and
 * the split of the work into units (group, channel block, run of pixel vectors)
 * for the thread pool. Each accumulator is written by exactly one unit with
 * integer arithmetic, so the result does not depend on the number of threads.
 */
#include "fabric/fabric_conv_simd.h"
#include "fabric/fabric_pool.h"

/* Work units per thread, so that uneven units still balance. */
#define UNITS_PER_THREAD 2

/* Below this many multiply-adds a CONV is over before other threads could join in. */
#define PARALLEL_MIN_MACS 200000

static void run_unit(void *ctx, unsigned unit)
{
	const struct lpf_fab_conv_job *j = ctx;
	const uint32_t chunk = unit % j->n_chunks;
	const uint32_t nbi = unit / j->n_chunks % j->nb;
	const uint32_t g = unit / j->n_chunks / j->nb;
	const uint32_t n_pv = j->in->out_h * j->nxv;
	const uint32_t pv0 = chunk * j->chunk;
	const uint32_t pv1 = pv0 + j->chunk < n_pv ? pv0 + j->chunk : n_pv;

	j->block(j, g, nbi, pv0, pv1);
}

static void corrections(struct lpf_fab_conv_job *j, const struct lpf_fab_wpack *wp, uint32_t xo,
			uint32_t w_ofs)
{
	const struct lpf_insn_conv *in = j->in;
	const uint32_t k = in->icpg * in->kh * in->kw;
	const uint32_t n_oc = in->groups * in->ocpg;

	j->xsum = false;
	for (uint32_t oc = 0; oc < n_oc; oc++) {
		const uint8_t *e = lpf_fab_param_entry(j->f, in->param_off + oc);
		uint32_t d = w_ofs - lpf_fab_le32(e + LPF_FAB_PARAM_WZP);

		j->f->chan_d[oc] = d;
		j->f->chan_c[oc] = 0u - xo * wp->wsum[oc] - k * xo * d;
		j->xsum |= d != 0;
	}
}

/* Taps in the order of the packed weights: k group, then ky, then kx. */
static void tap_offsets(struct lpf_fab_conv_job *j)
{
	const struct lpf_insn_conv *in = j->in;
	const uint64_t plane = (uint64_t)in->in_h * in->in_w;
	uint32_t *t = j->f->toff;

	for (uint32_t q = 0; q < j->kg; q++)
		for (uint32_t ky = 0; ky < in->kh; ky++)
			for (uint32_t kx = 0; kx < in->kw; kx++)
				*t++ = (uint32_t)(q * plane + (uint64_t)ky * in->dh * in->in_w +
						  (uint64_t)kx * in->dw);
	j->n_taps = j->kg * in->kh * in->kw;
	j->toff = j->f->toff;
}

void lpf_fab_conv_run(struct lpf_fab_conv_job *j, const struct lpf_fab_wpack *wp, uint32_t vl,
		      uint32_t xo, uint32_t w_ofs)
{
	const struct lpf_insn_conv *in = j->in;
	const uint64_t macs = (uint64_t)in->groups * in->ocpg * in->icpg * in->kh * in->kw *
			      in->out_h * in->out_w;
	const uint32_t threads = macs >= PARALLEL_MIN_MACS ? lpf_pool_threads(j->f->pool) : 1;
	uint32_t n_pv, blocks, want;

	corrections(j, wp, xo, w_ofs);
	tap_offsets(j);
	j->packed = wp->packed;
	j->nb = (in->ocpg + LPF_FAB_NT - 1) / LPF_FAB_NT;
	j->nxv = (in->out_w + vl - 1) / vl;
	n_pv = in->out_h * j->nxv;
	blocks = in->groups * j->nb;
	want = threads > 1 ? (threads * UNITS_PER_THREAD + blocks - 1) / blocks : 1;
	if (want > (n_pv + 1) / 2)
		want = (n_pv + 1) / 2;
	if (want == 0)
		want = 1;
	/* Runs of an even number of vectors: the kernels work on pairs. */
	j->chunk = ((n_pv + want - 1) / want + 1) / 2 * 2;
	j->n_chunks = (n_pv + j->chunk - 1) / j->chunk;
	lpf_pool_run(threads > 1 ? j->f->pool : NULL, blocks * j->n_chunks, run_unit, j);
}
