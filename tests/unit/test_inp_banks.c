/* SPDX-License-Identifier: MIT */
/*
 * INP bank conflicts (host/compiler/inp_banks.c): step cycles against a block-by-block
 * count written here, the pitch that makes stride 2 conflict-free, the natural width
 * kept when it already is, the pitch limit, and the memo giving the same answers.
 */
#include <stdbool.h>
#include <stdint.h>

#include "common/lpf_test.h"
#include "common/lpf_test_banks.h"
#include "compiler/inp_banks.h"
#include "lpf_spec.h"

static uint32_t rng_state = 777;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

static uint64_t blocks(const struct lpf_inp_conv *c)
{
	return (uint64_t)((c->out_h * c->out_w + LPF_PE_ROWS - 1) / LPF_PE_ROWS);
}

/* Every block, every valid pixel: the busiest bank, summed. */
static uint64_t naive_cycles(const struct lpf_inp_conv *c, int64_t pitch)
{
	uint64_t sum = 0, b;

	for (b = 0; b < blocks(c); b++)
		sum += (uint64_t)lpf_test_block_cycles(c->out_h, c->out_w, c->sh, c->sw, pitch,
						       (int64_t)b);
	return sum;
}

static void inp_banks_cycles_match_block_count(void)
{
	int n;

	for (n = 0; n < 2000; n++) {
		struct lpf_inp_conv c = { 1 + rnd(40), 1 + rnd(70), 1 + rnd(4), 1 + rnd(4), 0 };
		int64_t pitch = (c.out_w - 1) * c.sw + 1 + rnd(80);

		CU_ASSERT_EQUAL(lpf_inp_step_cycles(&c, pitch), naive_cycles(&c, pitch));
	}
}

static void inp_banks_stride2_pitch_continues_rows(void)
{
	/* 14 x 7 outputs of a 3x3 stride-2 window: 15 columns stored */
	struct lpf_inp_conv c = { 14, 7, 2, 2, 15 };
	uint64_t cyc;

	CU_ASSERT_TRUE(naive_cycles(&c, 15) > blocks(&c));
	/* SH * pitch = SW * OUT_W (mod 32): row y + 1 continues row y's banks */
	CU_ASSERT_EQUAL(lpf_inp_pitch(&c, 1000, &cyc), 23);
	CU_ASSERT_EQUAL(cyc, blocks(&c));
	CU_ASSERT_EQUAL(naive_cycles(&c, 23), blocks(&c));
}

static void inp_banks_conflict_free_width_stays(void)
{
	/* stride 1, 3x3, tiles 56 and 12 wide: natural widths 58 and 14 */
	struct lpf_inp_conv a = { 4, 56, 1, 1, 58 }, b = { 19, 12, 1, 1, 14 };
	uint64_t cyc;

	CU_ASSERT_EQUAL(lpf_inp_pitch(&a, 1000, &cyc), 58);
	CU_ASSERT_EQUAL(cyc, blocks(&a));
	CU_ASSERT_EQUAL(lpf_inp_pitch(&b, 1000, &cyc), 14);
	CU_ASSERT_EQUAL(cyc, blocks(&b));
}

static void inp_banks_pitch_best_within_limit(void)
{
	int n;

	for (n = 0; n < 500; n++) {
		struct lpf_inp_conv c = { 1 + rnd(30), 1 + rnd(40), 1 + rnd(3), 1 + rnd(3), 0 };
		int64_t limit, p, best_p;
		uint64_t cyc, best;

		c.natural = (c.out_w - 1) * c.sw + 1 + rnd(6);
		limit = c.natural + rnd(50);
		best_p = c.natural;
		best = naive_cycles(&c, best_p);
		for (p = c.natural + 1; p <= limit && p < c.natural + LPF_INP_BANKS; p++) {
			if (naive_cycles(&c, p) < best) {
				best = naive_cycles(&c, p);
				best_p = p;
			}
		}
		CU_ASSERT_EQUAL(lpf_inp_pitch(&c, limit, &cyc), best_p);
		CU_ASSERT_EQUAL(cyc, best);
	}
}

static void inp_banks_memo_agrees(void)
{
	struct lpf_inp_memo m;
	int n;

	lpf_inp_memo_init(&m, 2, 2);
	for (n = 0; n < 3000; n++) {
		struct lpf_inp_conv c = { 1 + rnd(20), 1 + rnd(20), 2, 2, 0 };
		int64_t limit;
		uint64_t a, b;

		c.natural = 2 * c.out_w + 1;
		limit = c.natural + rnd(40);
		CU_ASSERT_EQUAL(lpf_inp_memo_pitch(&m, c.out_h, c.out_w, c.natural, limit, &a),
				lpf_inp_pitch(&c, limit, &b));
		CU_ASSERT_EQUAL(a, b);
	}
	CU_ASSERT_TRUE(m.n > 64);
	lpf_inp_memo_free(&m);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "inp_banks_cycles_match_block_count", inp_banks_cycles_match_block_count },
		{ "inp_banks_stride2_pitch_continues_rows", inp_banks_stride2_pitch_continues_rows },
		{ "inp_banks_conflict_free_width_stays", inp_banks_conflict_free_width_stays },
		{ "inp_banks_pitch_best_within_limit", inp_banks_pitch_best_within_limit },
		{ "inp_banks_memo_agrees", inp_banks_memo_agrees },
		{ NULL, NULL },
	};

	return lpf_test_run("inp_banks", cases);
}
