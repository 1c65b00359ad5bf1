/* SPDX-License-Identifier: MIT */
/*
 * INP bank multiplicity of CONV pixel blocks and the choice of row pitch
 * (inp_banks.h). The arbitration it models is compute_conv.sv's: each bank serves
 * one pending row per cycle, so a step lasts as long as its busiest bank.
 */
#include "compiler/inp_banks.h"

#include <stdbool.h>
#include <stdlib.h>

#define BLOCK ((int64_t)LPF_PE_ROWS)

struct lpf_inp_memo_ent {
	int64_t out_h, out_w, natural, max_pitch;
	int64_t pitch;
	uint64_t cycles;
	bool used;
};

static int64_t gcd64(int64_t a, int64_t b)
{
	while (b) {
		int64_t r = a % b;

		a = b;
		b = r;
	}
	return a;
}

/* Busiest bank of the n pixels from column x0 on (the block's own row counts as 0). */
static int64_t block_mult(const struct lpf_inp_conv *c, int64_t pitch, int64_t x0, int64_t n)
{
	int64_t cnt[LPF_INP_BANKS] = { 0 }, r, m = 0;

	for (r = 0; r < n; r++) {
		int64_t x = x0 + r;
		int64_t b = ((x / c->out_w) * c->sh * pitch + (x % c->out_w) * c->sw) %
			    LPF_INP_BANKS;

		if (++cnt[b] > m)
			m = cnt[b];
	}
	return m;
}

uint64_t lpf_inp_step_cycles(const struct lpf_inp_conv *c, int64_t pitch)
{
	int64_t n = c->out_h * c->out_w, full = n / BLOCK, rest = n % BLOCK;
	/* a block's residues depend only on its first column, which repeats with this period */
	int64_t period = c->out_w / gcd64(c->out_w, BLOCK), b;
	uint64_t sum = 0;

	for (b = 0; b < full && b < period; b++)
		sum += (uint64_t)(block_mult(c, pitch, b * BLOCK % c->out_w, BLOCK) *
				  ((full - 1 - b) / period + 1));
	if (rest)
		sum += (uint64_t)block_mult(c, pitch, full * BLOCK % c->out_w, rest);
	return sum;
}

int64_t lpf_inp_pitch(const struct lpf_inp_conv *c, int64_t max_pitch, uint64_t *cycles)
{
	/* one cycle per block is the least: the first pitch reaching it is the answer */
	uint64_t least = (uint64_t)((c->out_h * c->out_w + BLOCK - 1) / BLOCK);
	uint64_t best = lpf_inp_step_cycles(c, c->natural);
	int64_t p, best_p = c->natural;

	for (p = c->natural + 1; best > least && p <= max_pitch && p < c->natural + LPF_INP_BANKS;
	     p++) {
		uint64_t cyc = lpf_inp_step_cycles(c, p);

		if (cyc < best) {
			best = cyc;
			best_p = p;
		}
	}
	*cycles = best;
	return best_p;
}

void lpf_inp_memo_init(struct lpf_inp_memo *m, int64_t sh, int64_t sw)
{
	*m = (struct lpf_inp_memo){ .sh = sh, .sw = sw };
}

void lpf_inp_memo_free(struct lpf_inp_memo *m)
{
	free(m->ent);
	m->ent = NULL;
	m->cap = m->n = 0;
}

static size_t slot_of(const struct lpf_inp_memo *m, int64_t oh, int64_t ow, int64_t nat,
		      int64_t mx)
{
	uint64_t h = (uint64_t)oh * 0x9E3779B97F4A7C15ull;

	h = (h ^ (uint64_t)ow) * 0xC2B2AE3D27D4EB4Full;
	h = (h ^ (uint64_t)nat) * 0x165667B19E3779F9ull;
	h = (h ^ (uint64_t)mx) * 0x9E3779B97F4A7C15ull;
	h = h % m->cap;
	while (m->ent[h].used && (m->ent[h].out_h != oh || m->ent[h].out_w != ow ||
				  m->ent[h].natural != nat || m->ent[h].max_pitch != mx))
		h = (h + 1) % m->cap;
	return (size_t)h;
}

/* Doubles the table; false when memory runs out (the memo then stops growing). */
static bool grow(struct lpf_inp_memo *m)
{
	struct lpf_inp_memo old = *m;
	size_t i;

	m->cap = old.cap ? 2 * old.cap : 64;
	m->ent = calloc(m->cap, sizeof(*m->ent));
	if (!m->ent) {
		*m = old;
		return false;
	}
	for (i = 0; i < old.cap; i++)
		if (old.ent[i].used)
			m->ent[slot_of(m, old.ent[i].out_h, old.ent[i].out_w, old.ent[i].natural,
				       old.ent[i].max_pitch)] = old.ent[i];
	free(old.ent);
	return true;
}

int64_t lpf_inp_memo_pitch(struct lpf_inp_memo *m, int64_t out_h, int64_t out_w,
			   int64_t natural, int64_t max_pitch, uint64_t *cycles)
{
	struct lpf_inp_conv c = { out_h, out_w, m->sh, m->sw, natural };
	struct lpf_inp_memo_ent *e;
	size_t s;

	/* pitches past the bank count repeat residues: one key for all such limits */
	if (max_pitch > natural + LPF_INP_BANKS - 1)
		max_pitch = natural + LPF_INP_BANKS - 1;
	if (2 * (m->n + 1) > m->cap && !grow(m) && m->n + 1 >= m->cap)
		return lpf_inp_pitch(&c, max_pitch, cycles);
	s = slot_of(m, out_h, out_w, natural, max_pitch);
	e = &m->ent[s];
	if (!e->used) {
		*e = (struct lpf_inp_memo_ent){ out_h, out_w, natural, max_pitch, 0, 0, true };
		e->pitch = lpf_inp_pitch(&c, max_pitch, &e->cycles);
		m->n++;
	}
	*cycles = e->cycles;
	return e->pitch;
}
