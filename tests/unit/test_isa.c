/* SPDX-License-Identifier: MIT */
/*
 * ISA encoder/decoder: random round trips, range and reserved-bit rejection, and the
 * hand-written golden encodings in tests/data/isa_golden.txt. The test keeps its own
 * field table (from the spec macros), independent of the one inside isa.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "isa/isa.h"

struct tfield {
	const char *name;               /* "LOAD.X_SIZE" */
	size_t off;
	uint32_t word, shift, mask;
	int is_signed;
};

#define TF(INSN, NAME, member, sgn)                                                     \
	{ #INSN "." #NAME, offsetof(struct lpf_insn, u.member),                         \
	  LPF_INSN_##INSN##_##NAME##_WORD, LPF_INSN_##INSN##_##NAME##_SHIFT,            \
	  LPF_INSN_##INSN##_##NAME##_MASK, sgn }

static const struct tfield t_load[] = {
	TF(LOAD, BUF, load.buf, 0),           TF(LOAD, SEG, load.seg, 0),
	TF(LOAD, PAD_VALUE, load.pad_value, 0), TF(LOAD, DRAM_OFF, load.dram_off, 0),
	TF(LOAD, SRAM_OFF, load.sram_off, 0), TF(LOAD, X_SIZE, load.x_size, 0),
	TF(LOAD, Y_SIZE, load.y_size, 0),     TF(LOAD, Z_SIZE, load.z_size, 0),
	TF(LOAD, X_STRIDE, load.x_stride, 0), TF(LOAD, Y_STRIDE, load.y_stride, 0),
	TF(LOAD, Z_STRIDE, load.z_stride, 0), TF(LOAD, PAD_X0, load.pad_x0, 0),
	TF(LOAD, PAD_X1, load.pad_x1, 0),     TF(LOAD, PAD_Y0, load.pad_y0, 0),
	TF(LOAD, PAD_Y1, load.pad_y1, 0),
};

static const struct tfield t_conv[] = {
	TF(CONV, ACC_MODE, conv.acc_mode, 0), TF(CONV, X_SIGNED, conv.x_signed, 0),
	TF(CONV, W_SIGNED, conv.w_signed, 0), TF(CONV, X_ZP, conv.x_zp, 0),
	TF(CONV, INP_OFF, conv.inp_off, 0),   TF(CONV, WGT_OFF, conv.wgt_off, 0),
	TF(CONV, ACC_OFF, conv.acc_off, 0),   TF(CONV, PARAM_OFF, conv.param_off, 0),
	TF(CONV, IN_H, conv.in_h, 0),         TF(CONV, IN_W, conv.in_w, 0),
	TF(CONV, OUT_H, conv.out_h, 0),       TF(CONV, OUT_W, conv.out_w, 0),
	TF(CONV, KH, conv.kh, 0),             TF(CONV, KW, conv.kw, 0),
	TF(CONV, SH, conv.sh, 0),             TF(CONV, SW, conv.sw, 0),
	TF(CONV, DH, conv.dh, 0),             TF(CONV, DW, conv.dw, 0),
	TF(CONV, ICPG, conv.icpg, 0),         TF(CONV, OCPG, conv.ocpg, 0),
	TF(CONV, GROUPS, conv.groups, 0),
};

static const struct tfield t_post[] = {
	TF(POST, MODE, post.mode, 0),           TF(POST, OUT_SIGNED, post.out_signed, 0),
	TF(POST, OUT_ZP, post.out_zp, 0),       TF(POST, ACC_OFF, post.acc_off, 0),
	TF(POST, PARAM_OFF, post.param_off, 0), TF(POST, OUT_OFF, post.out_off, 0),
	TF(POST, TH, post.th, 0),               TF(POST, TW, post.tw, 0),
	TF(POST, C, post.c, 0),                 TF(POST, CLIP_LO, post.clip_lo, 0),
	TF(POST, CLIP_HI, post.clip_hi, 0),     TF(POST, PK_H, post.pk_h, 0),
	TF(POST, PK_W, post.pk_w, 0),           TF(POST, PS_H, post.ps_h, 0),
	TF(POST, PS_W, post.ps_w, 0),           TF(POST, PY0, post.py0, 1),
	TF(POST, PX0, post.px0, 1),             TF(POST, PH, post.ph, 0),
	TF(POST, PW, post.pw, 0),
};

static const struct tfield t_store[] = {
	TF(STORE, SEG, store.seg, 0),           TF(STORE, ELEM_LOG2, store.elem_log2, 0),
	TF(STORE, DRAM_OFF, store.dram_off, 0), TF(STORE, SRAM_OFF, store.sram_off, 0),
	TF(STORE, X_SIZE, store.x_size, 0),     TF(STORE, Y_SIZE, store.y_size, 0),
	TF(STORE, Z_SIZE, store.z_size, 0),     TF(STORE, X_STRIDE, store.x_stride, 0),
	TF(STORE, Y_STRIDE, store.y_stride, 0), TF(STORE, Z_STRIDE, store.z_stride, 0),
};

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

struct top {
	const char *name;
	uint32_t opcode;
	const struct tfield *f;
	size_t n;
};

static const struct top t_ops[] = {
	{ "LOAD", LPF_OP_LOAD, t_load, LEN(t_load) },
	{ "CONV", LPF_OP_CONV, t_conv, LEN(t_conv) },
	{ "POST", LPF_OP_POST, t_post, LEN(t_post) },
	{ "STORE", LPF_OP_STORE, t_store, LEN(t_store) },
	{ "END", LPF_OP_END, NULL, 0 },
};

struct tflag {
	const char *name;
	size_t off;
	uint32_t word, mask;
};

static const struct tflag t_flags[] = {
	{ "POP_PREV", offsetof(struct lpf_insn, pop_prev), LPF_INSN_POP_PREV_WORD,
	  LPF_INSN_POP_PREV_MASK },
	{ "POP_NEXT", offsetof(struct lpf_insn, pop_next), LPF_INSN_POP_NEXT_WORD,
	  LPF_INSN_POP_NEXT_MASK },
	{ "PUSH_PREV", offsetof(struct lpf_insn, push_prev), LPF_INSN_PUSH_PREV_WORD,
	  LPF_INSN_PUSH_PREV_MASK },
	{ "PUSH_NEXT", offsetof(struct lpf_insn, push_next), LPF_INSN_PUSH_NEXT_WORD,
	  LPF_INSN_PUSH_NEXT_MASK },
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static uint32_t fmax_of(const struct tfield *f)
{
	return f->mask >> f->shift;
}

static void set_raw(struct lpf_insn *in, const struct tfield *f, uint32_t raw)
{
	char *p = (char *)in + f->off;
	uint32_t max = fmax_of(f);

	if (f->is_signed) {
		int64_t v = raw > (max >> 1) ? (int64_t)raw - (int64_t)max - 1 : (int64_t)raw;

		*(int32_t *)p = (int32_t)v;
	} else {
		*(uint32_t *)p = raw;
	}
}

static void zero_insn(struct lpf_insn *in, uint32_t opcode)
{
	memset(in, 0, sizeof(*in));
	in->opcode = opcode;
}

/* Random instruction with every field in range; ends and zero/max values weighted up. */
static void random_insn(struct lpf_insn *in, const struct top *op)
{
	zero_insn(in, op->opcode);
	for (size_t i = 0; i < LEN(t_flags); i++)
		*(bool *)((char *)in + t_flags[i].off) = rnd() & 1;
	for (size_t i = 0; i < op->n; i++) {
		uint32_t max = fmax_of(&op->f[i]), r = rnd() % 8;

		set_raw(in, &op->f[i], r == 0 ? 0 : r == 1 ? max : rnd() & max);
	}
}

static void isa_round_trips_random(void)
{
	for (size_t k = 0; k < LEN(t_ops); k++) {
		for (int it = 0; it < 3000; it++) {
			struct lpf_insn in, out;
			uint8_t b[LPF_INSN_BYTES], b2[LPF_INSN_BYTES];
			const char *bad = NULL;

			random_insn(&in, &t_ops[k]);
			CU_ASSERT_EQUAL_FATAL(lpf_insn_encode(&in, b, &bad), 0);
			memset(&out, 0xa5, sizeof(out));
			CU_ASSERT_EQUAL_FATAL(lpf_insn_decode(b, &out), 0);
			CU_ASSERT_EQUAL_FATAL(memcmp(&in, &out, sizeof(in)), 0);
			CU_ASSERT_EQUAL_FATAL(lpf_insn_encode(&out, b2, &bad), 0);
			CU_ASSERT_EQUAL_FATAL(memcmp(b, b2, sizeof(b)), 0);
		}
	}
}

/* Each field alone at its largest value lands exactly on its mask in its word. */
static void isa_encodes_each_field_at_its_mask(void)
{
	for (size_t k = 0; k < LEN(t_ops); k++) {
		for (size_t i = 0; i < t_ops[k].n; i++) {
			const struct tfield *f = &t_ops[k].f[i];
			struct lpf_insn in;
			uint8_t b[LPF_INSN_BYTES];
			uint32_t w;

			zero_insn(&in, t_ops[k].opcode);
			set_raw(&in, f, fmax_of(f));
			CU_ASSERT_EQUAL_FATAL(lpf_insn_encode(&in, b, NULL), 0);
			w = (uint32_t)b[4 * f->word] | (uint32_t)b[4 * f->word + 1] << 8 |
			    (uint32_t)b[4 * f->word + 2] << 16 | (uint32_t)b[4 * f->word + 3] << 24;
			if (f->word == LPF_INSN_OPCODE_WORD)
				w &= ~LPF_INSN_OPCODE_MASK;
			CU_ASSERT_EQUAL(w, f->mask);
		}
	}
}

static void expect_bad(const struct lpf_insn *in, const char *field)
{
	uint8_t b[LPF_INSN_BYTES];
	const char *bad = NULL;

	CU_ASSERT_EQUAL(lpf_insn_encode(in, b, &bad), -1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(bad);
	if (strcmp(bad, field))
		fprintf(stderr, "\n  expected bad field %s, got %s\n", field, bad);
	CU_ASSERT_STRING_EQUAL(bad, field);
}

static void isa_rejects_each_out_of_range_field(void)
{
	size_t checked = 0;

	for (size_t k = 0; k < LEN(t_ops); k++) {
		for (size_t i = 0; i < t_ops[k].n; i++) {
			const struct tfield *f = &t_ops[k].f[i];
			uint32_t max = fmax_of(f);
			struct lpf_insn in;
			int32_t *sp;

			zero_insn(&in, t_ops[k].opcode);
			if (f->is_signed) {
				sp = (int32_t *)((char *)&in + f->off);
				*sp = (int32_t)(max >> 1) + 1;
				expect_bad(&in, f->name);
				*sp = -(int32_t)(max >> 1) - 2;
				expect_bad(&in, f->name);
				*sp = INT32_MIN;
				expect_bad(&in, f->name);
				checked++;
			} else if (max != UINT32_MAX) {
				set_raw(&in, f, max + 1);
				expect_bad(&in, f->name);
				set_raw(&in, f, UINT32_MAX);
				expect_bad(&in, f->name);
				checked++;
			}
		}
	}
	CU_ASSERT(checked > 0);
}

static void isa_rejects_unknown_opcode(void)
{
	const uint32_t bad_ops[] = { 0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 16, 0x1f, UINT32_MAX };
	uint8_t b[LPF_INSN_BYTES];
	struct lpf_insn in;

	for (size_t i = 0; i < LEN(bad_ops); i++) {
		zero_insn(&in, bad_ops[i]);
		expect_bad(&in, "OPCODE");
	}
	for (uint32_t op = 0; op <= LPF_INSN_OPCODE_MASK >> LPF_INSN_OPCODE_SHIFT; op++) {
		int known = 0;

		for (size_t k = 0; k < LEN(t_ops); k++)
			known |= t_ops[k].opcode == op;
		memset(b, 0, sizeof(b));
		b[4 * LPF_INSN_OPCODE_WORD] = (uint8_t)(op << LPF_INSN_OPCODE_SHIFT);
		CU_ASSERT_EQUAL(lpf_insn_decode(b, &in), known ? 0 : -1);
	}
	CU_ASSERT_STRING_EQUAL(lpf_op_name(LPF_OP_STORE), "STORE");
	CU_ASSERT_STRING_EQUAL(lpf_op_name(0), "?");
}

static int bit_owned(const struct top *op, unsigned int word, uint32_t bit)
{
	if (word == LPF_INSN_OPCODE_WORD && (bit & LPF_INSN_OPCODE_MASK))
		return 1;
	for (size_t i = 0; i < LEN(t_flags); i++)
		if (t_flags[i].word == word && (t_flags[i].mask & bit))
			return 1;
	for (size_t i = 0; i < op->n; i++)
		if (op->f[i].word == word && (op->f[i].mask & bit))
			return 1;
	return 0;
}

/* Flip every non-opcode bit of a valid encoding: owned bits decode, the rest are refused. */
static void isa_rejects_reserved_bits(void)
{
	size_t reserved = 0;

	for (size_t k = 0; k < LEN(t_ops); k++) {
		struct lpf_insn in, out;
		uint8_t base[LPF_INSN_BYTES], b[LPF_INSN_BYTES];

		random_insn(&in, &t_ops[k]);
		CU_ASSERT_EQUAL_FATAL(lpf_insn_encode(&in, base, NULL), 0);
		for (unsigned int word = 0; word < LPF_INSN_WORDS; word++) {
			for (unsigned int s = 0; s < 32; s++) {
				int owned = bit_owned(&t_ops[k], word, 1U << s);

				if (word == LPF_INSN_OPCODE_WORD &&
				    ((1U << s) & LPF_INSN_OPCODE_MASK))
					continue;
				memcpy(b, base, sizeof(b));
				b[4 * word + s / 8] ^= (uint8_t)(1U << (s % 8));
				CU_ASSERT_EQUAL(lpf_insn_decode(b, &out), owned ? 0 : -1);
				reserved += !owned;
			}
		}
	}
	CU_ASSERT(reserved > 0);
}

/* --- golden file --------------------------------------------------------------------- */

struct gcase {
	char name[64];
	const struct top *op;           /* NULL: REJECT */
	struct lpf_insn in;
	uint8_t bytes[LPF_INSN_BYTES];
	size_t nbytes;
	int bad;                        /* a line of the case did not parse */
};

static int set_named(struct gcase *c, const char *name, long long v)
{
	char full[96];

	for (size_t i = 0; i < LEN(t_flags); i++) {
		if (!strcmp(name, t_flags[i].name) && (v == 0 || v == 1)) {
			*(bool *)((char *)&c->in + t_flags[i].off) = v;
			return 0;
		}
	}
	snprintf(full, sizeof(full), "%s.%s", c->op->name, name);
	for (size_t i = 0; i < c->op->n; i++) {
		const struct tfield *f = &c->op->f[i];

		if (strcmp(full, f->name))
			continue;
		if (f->is_signed)
			*(int32_t *)((char *)&c->in + f->off) = (int32_t)v;
		else
			*(uint32_t *)((char *)&c->in + f->off) = (uint32_t)v;
		return 0;
	}
	return -1;
}

static void golden_check(struct gcase *c, size_t *n_ok, size_t *n_rej)
{
	uint8_t b[LPF_INSN_BYTES];
	struct lpf_insn out;
	const char *bad = NULL;
	int ok;

	ok = !c->bad && c->nbytes == LPF_INSN_BYTES;
	if (ok && !c->op) {
		ok = lpf_insn_decode(c->bytes, &out) == -1;
		*n_rej += ok;
	} else if (ok) {
		ok = lpf_insn_encode(&c->in, b, &bad) == 0 && !memcmp(b, c->bytes, sizeof(b));
		memset(&out, 0x5a, sizeof(out));
		ok = ok && lpf_insn_decode(c->bytes, &out) == 0 &&
		     !memcmp(&out, &c->in, sizeof(out));
		*n_ok += ok;
	}
	if (!ok)
		fprintf(stderr, "\n  golden case %s failed (bad field: %s)\n", c->name,
			bad ? bad : "-");
	CU_ASSERT(ok);
}

static void isa_matches_golden_encodings(void)
{
	char path[4096], line[512], kw[64], arg[64];
	struct gcase c;
	size_t n_ok = 0, n_rej = 0;
	int in_case = 0;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/tests/data/isa_golden.txt", lpf_test_srcdir());
	fp = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	while (fgets(line, sizeof(line), fp)) {
		char *save = NULL, *tok = strtok_r(line, " \t\r\n", &save);

		if (!tok || tok[0] == '#')
			continue;
		if (!strcmp(tok, "case")) {
			CU_ASSERT_FALSE(in_case);
			memset(&c, 0, sizeof(c));
			in_case = 1;
			tok = strtok_r(NULL, " \t\r\n", &save);
			snprintf(c.name, sizeof(c.name), "%s", tok ? tok : "?");
			tok = strtok_r(NULL, " \t\r\n", &save);
			snprintf(kw, sizeof(kw), "%s", tok ? tok : "");
			c.bad = 1;
			if (!strcmp(kw, "REJECT"))
				c.bad = 0;
			for (size_t k = 0; k < LEN(t_ops); k++) {
				if (!strcmp(kw, t_ops[k].name)) {
					c.op = &t_ops[k];
					zero_insn(&c.in, t_ops[k].opcode);
					c.bad = 0;
				}
			}
		} else if (!strcmp(tok, "bytes")) {
			while ((tok = strtok_r(NULL, " \t\r\n", &save))) {
				if (c.nbytes == LPF_INSN_BYTES) {
					c.bad = 1;
					break;
				}
				c.bytes[c.nbytes++] = (uint8_t)strtoul(tok, NULL, 16);
			}
		} else if (!strcmp(tok, "end")) {
			CU_ASSERT_TRUE(in_case);
			golden_check(&c, &n_ok, &n_rej);
			in_case = 0;
		} else {
			char *end;
			long long v;

			snprintf(kw, sizeof(kw), "%s", tok);
			tok = strtok_r(NULL, " \t\r\n", &save);
			snprintf(arg, sizeof(arg), "%s", tok ? tok : "");
			v = strtoll(arg, &end, 0);
			if (!in_case || !c.op || !arg[0] || *end || set_named(&c, kw, v)) {
				fprintf(stderr, "\n  golden: bad line '%s %s'\n", kw, arg);
				c.bad = 1;
			}
		}
	}
	fclose(fp);
	CU_ASSERT_FALSE(in_case);
	/* The file holds 8 encodings and 5 rejections; a parse slip must not shrink that. */
	CU_ASSERT_EQUAL(n_ok, 8);
	CU_ASSERT_EQUAL(n_rej, 5);
}

/* --- disassembly --------------------------------------------------------------------- */

static void isa_disasm_prints_every_field(void)
{
	struct lpf_insn in;
	char buf[256];

	zero_insn(&in, LPF_OP_LOAD);
	in.pop_prev = in.push_next = true;
	in.u.load = (struct lpf_insn_load){ .buf = LPF_BUF_INP, .seg = 1, .dram_off = 0x100,
					    .x_size = 28, .y_size = 28, .z_size = 1,
					    .x_stride = 1, .y_stride = 28, .z_stride = 784,
					    .pad_x0 = 1, .pad_x1 = 1, .pad_y0 = 1, .pad_y1 = 1 };
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, sizeof(buf)),
			       "LOAD buf=INP seg=1 dram=0x100 sram=0x0 x=28 y=28 z=1 xs=1 ys=28 "
			       "zs=784 pad=1,1,1,1 pv=0 [pop_prev push_next]");

	zero_insn(&in, LPF_OP_POST);
	in.pop_next = true;
	in.u.post = (struct lpf_insn_post){ .mode = LPF_POST_MODE_REQUANT, .out_signed = 1,
					    .out_zp = 0xfb, .acc_off = 256, .param_off = 16,
					    .out_off = 0xffff, .th = 28, .tw = 27, .c = 16,
					    .clip_lo = 0x80, .clip_hi = 0x7f, .pk_h = 2, .pk_w = 3,
					    .ps_h = 2, .ps_w = 1, .py0 = -1, .px0 = -2, .ph = 14,
					    .pw = 13 };
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, sizeof(buf)),
			       "POST mode=REQUANT out=s8 zp=-5 acc=256 param=16 out_off=0xffff "
			       "c=16 th=28 tw=27 clip=-128,127 pool=2x3/2x1 at=-1,-2 ph=14 pw=13 "
			       "[pop_next]");

	zero_insn(&in, LPF_OP_CONV);
	in.u.conv = (struct lpf_insn_conv){ .acc_mode = 1, .x_zp = 128, .w_signed = 1,
					    .inp_off = 0x40, .wgt_off = 0x80, .acc_off = 3,
					    .param_off = 4, .in_h = 30, .in_w = 30, .out_h = 28,
					    .out_w = 28, .kh = 3, .kw = 3, .sh = 1, .sw = 1,
					    .dh = 1, .dw = 1, .icpg = 1, .ocpg = 16, .groups = 1 };
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, sizeof(buf)),
			       "CONV add x=u8 xzp=128 w=s8 inp=0x40 wgt=0x80 acc=3 param=4 "
			       "in=30x30 out=28x28 k=3x3 s=1x1 d=1x1 icpg=1 ocpg=16 groups=1");

	zero_insn(&in, LPF_OP_STORE);
	in.push_prev = true;
	in.u.store = (struct lpf_insn_store){ .seg = 1, .elem_log2 = 2, .dram_off = 0x10,
					      .sram_off = 0x20, .x_size = 3, .y_size = 2,
					      .z_size = 1, .x_stride = 4, .y_stride = 12,
					      .z_stride = 24 };
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, sizeof(buf)),
			       "STORE seg=1 dram=0x10 sram=0x20 elem_log2=2 x=3 y=2 z=1 xs=4 "
			       "ys=12 zs=24 [push_prev]");

	zero_insn(&in, LPF_OP_END);
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, sizeof(buf)), "END");
	zero_insn(&in, 7);
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, sizeof(buf)), "? opcode=7");
}

static void isa_disasm_truncates_safely(void)
{
	struct lpf_insn in;
	char buf[12];

	zero_insn(&in, LPF_OP_LOAD);
	memset(buf, 'x', sizeof(buf));
	CU_ASSERT_STRING_EQUAL(lpf_insn_disasm(&in, buf, 10), "LOAD buf=");
	CU_ASSERT_EQUAL(buf[10], 'x');
	CU_ASSERT_PTR_EQUAL(lpf_insn_disasm(&in, buf, 0), buf);
	CU_ASSERT_EQUAL(buf[0], 'L');
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "isa_round_trips_random", isa_round_trips_random },
		{ "isa_encodes_each_field_at_its_mask", isa_encodes_each_field_at_its_mask },
		{ "isa_rejects_each_out_of_range_field", isa_rejects_each_out_of_range_field },
		{ "isa_rejects_unknown_opcode", isa_rejects_unknown_opcode },
		{ "isa_rejects_reserved_bits", isa_rejects_reserved_bits },
		{ "isa_matches_golden_encodings", isa_matches_golden_encodings },
		{ "isa_disasm_prints_every_field", isa_disasm_prints_every_field },
		{ "isa_disasm_truncates_safely", isa_disasm_truncates_safely },
		{ NULL, NULL },
	};

	return lpf_test_run("isa", cases);
}
