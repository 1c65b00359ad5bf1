/* SPDX-License-Identifier: MIT */
/*
 * The golden fabric model, driven like a board: command streams are built from
 * struct lpf_insn, encoded into a simulated DRAM and started through the register
 * interface. Results are compared with a naive NCHW reference written here
 * (convolution with explicit zero-point padding, requantize with libm rintf,
 * ONNX-style max pool with pads), error streams with hand-chosen ERR_CODE/ERR_PC.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "fabric/fabric_model.h"
#include "isa/isa.h"

#define DRAM_BASE 0x80000000ull
#define DRAM_SIZE 0x100000u
#define CMD_OFF 0x0u
#define SEG0_OFF 0x10000u               /* constants: params, weights */
#define SEG1_OFF 0x80000u               /* activations */
#define PARAM_DRAM 0x0u                 /* in segment 0 */
#define WGT_DRAM 0x1000u                /* in segment 0 */
#define X_DRAM 0x0u                     /* in segment 1 */
#define Y_DRAM 0x20000u                 /* in segment 1 */
#define MAX_PROG 64

struct tb {
	struct lpf_fabric *f;
	uint8_t *mem;
	struct lpf_insn prog[MAX_PROG];
	uint32_t n;
	int faults;                     /* DRAM accesses refused */
};

static int in_dram(uint64_t addr, size_t n)
{
	return addr >= DRAM_BASE && addr - DRAM_BASE <= DRAM_SIZE &&
	       n <= DRAM_SIZE - (addr - DRAM_BASE);
}

static int tb_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	struct tb *t = ctx;

	if (!in_dram(addr, n)) {
		t->faults++;
		return -1;
	}
	memcpy(dst, t->mem + (addr - DRAM_BASE), n);
	return 0;
}

static int tb_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	struct tb *t = ctx;

	if (!in_dram(addr, n)) {
		t->faults++;
		return -1;
	}
	memcpy(t->mem + (addr - DRAM_BASE), src, n);
	return 0;
}

static struct tb *tb_new(void)
{
	struct tb *t = calloc(1, sizeof(*t));
	struct lpf_dram_ops ops = {.read = tb_read, .write = tb_write, .ctx = t};

	CU_ASSERT_FATAL(t != NULL);
	t->mem = calloc(1, DRAM_SIZE);
	CU_ASSERT_FATAL(t->mem != NULL);
	t->f = lpf_fabric_new(&ops);
	CU_ASSERT_FATAL(t->f != NULL);
	return t;
}

static void tb_free(struct tb *t)
{
	lpf_fabric_free(t->f);
	free(t->mem);
	free(t);
}

static uint32_t rd(struct tb *t, uint32_t reg)
{
	return lpf_fabric_reg_read(t->f, reg);
}

static void wr(struct tb *t, uint32_t reg, uint32_t v)
{
	lpf_fabric_reg_write(t->f, reg, v);
}

static void tb_emit(struct tb *t, struct lpf_insn in)
{
	CU_ASSERT_FATAL(t->n < MAX_PROG);
	t->prog[t->n++] = in;
}

static void tb_encode(struct tb *t)
{
	for (uint32_t i = 0; i < t->n; i++) {
		const char *bad = NULL;

		CU_ASSERT_EQUAL_FATAL(lpf_insn_encode(&t->prog[i], t->mem + CMD_OFF +
							  i * LPF_INSN_BYTES, &bad), 0);
	}
}

/* Point the fabric at the stream and the segments, START; returns STATUS. */
static uint32_t tb_start(struct tb *t, uint32_t n_insns)
{
	const uint64_t cmd = DRAM_BASE + CMD_OFF;

	wr(t, LPF_REG_SEG0_LO, (uint32_t)(DRAM_BASE + SEG0_OFF));
	wr(t, LPF_REG_SEG0_HI, (uint32_t)((DRAM_BASE + SEG0_OFF) >> 32));
	wr(t, LPF_REG_SEG1_LO, (uint32_t)(DRAM_BASE + SEG1_OFF));
	wr(t, LPF_REG_SEG1_HI, (uint32_t)((DRAM_BASE + SEG1_OFF) >> 32));
	wr(t, LPF_REG_CMD_BASE_LO, (uint32_t)cmd);
	wr(t, LPF_REG_CMD_BASE_HI, (uint32_t)(cmd >> 32));
	wr(t, LPF_REG_CMD_LEN, n_insns);
	wr(t, LPF_REG_IRQ_STATUS, 0xFFFFFFFFu);
	wr(t, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	return rd(t, LPF_REG_STATUS);
}

static uint32_t tb_run(struct tb *t)
{
	tb_encode(t);
	return tb_start(t, t->n);
}

static void expect_done(struct tb *t, uint32_t status)
{
	CU_ASSERT_EQUAL(status, LPF_REG_STATUS_DONE_MASK);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_ERR_CODE), LPF_ERR_NONE);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_IRQ_STATUS), LPF_REG_IRQ_STATUS_DONE_MASK);
}

static void expect_error(struct tb *t, uint32_t status, uint32_t code, uint32_t pc)
{
	CU_ASSERT_EQUAL(status, LPF_REG_STATUS_ERROR_MASK);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_ERR_CODE), code);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_ERR_PC), pc);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_IRQ_STATUS), LPF_REG_IRQ_STATUS_ERROR_MASK);
}

/* --- instruction builders ---------------------------------------------------------- */

static struct lpf_insn op_load(uint32_t buf, uint32_t seg, uint32_t dram_off, uint32_t sram_off,
			       uint32_t x, uint32_t y, uint32_t z, uint32_t xs, uint32_t ys,
			       uint32_t zs)
{
	struct lpf_insn in = {.opcode = LPF_OP_LOAD};

	in.u.load = (struct lpf_insn_load){
		.buf = buf, .seg = seg, .dram_off = dram_off, .sram_off = sram_off,
		.x_size = x, .y_size = y, .z_size = z, .x_stride = xs, .y_stride = ys,
		.z_stride = zs,
	};
	return in;
}

static struct lpf_insn op_load_bytes(uint32_t buf, uint32_t seg, uint32_t dram_off,
				     uint32_t sram_off, uint32_t n)
{
	return op_load(buf, seg, dram_off, sram_off, n, 1, 1, 1, n, n);
}

static struct lpf_insn op_store(uint32_t dram_off, uint32_t sram_off, uint32_t x, uint32_t y,
				uint32_t z, uint32_t elem_log2, uint32_t xs, uint32_t ys,
				uint32_t zs)
{
	struct lpf_insn in = {.opcode = LPF_OP_STORE};

	in.u.store = (struct lpf_insn_store){
		.seg = 1, .elem_log2 = elem_log2, .dram_off = dram_off, .sram_off = sram_off,
		.x_size = x, .y_size = y, .z_size = z, .x_stride = xs, .y_stride = ys,
		.z_stride = zs,
	};
	return in;
}

/* Plain 1x1 convolution of a c x h x w tile at INP 0 into ACC 0, params at entry 0. */
static struct lpf_insn op_conv1x1(uint32_t c, uint32_t oc, uint32_t h, uint32_t w)
{
	struct lpf_insn in = {.opcode = LPF_OP_CONV};

	in.u.conv = (struct lpf_insn_conv){
		.in_h = h, .in_w = w, .out_h = h, .out_w = w, .kh = 1, .kw = 1, .sh = 1,
		.sw = 1, .dh = 1, .dw = 1, .icpg = c, .ocpg = oc, .groups = 1,
	};
	return in;
}

/* Identity-pool POST of c x h x w accumulators at ACC 0 into OUT 0, uint8. */
static struct lpf_insn op_post(uint32_t mode, uint32_t c, uint32_t h, uint32_t w)
{
	struct lpf_insn in = {.opcode = LPF_OP_POST};

	in.u.post = (struct lpf_insn_post){
		.mode = mode, .th = h, .tw = w, .c = c, .clip_lo = 0, .clip_hi = 255,
		.pk_h = 1, .pk_w = 1, .ps_h = 1, .ps_w = 1, .ph = h, .pw = w,
	};
	return in;
}

static struct lpf_insn op_end(void)
{
	struct lpf_insn in = {.opcode = LPF_OP_END};

	return in;
}

static struct lpf_insn with_flags(struct lpf_insn in, int pop_prev, int pop_next, int push_prev,
				  int push_next)
{
	in.pop_prev = pop_prev;
	in.pop_next = pop_next;
	in.push_prev = push_prev;
	in.push_next = push_next;
	return in;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static int32_t get_le32(const uint8_t *p)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[3] << 24;
	int32_t s;

	memcpy(&s, &v, sizeof(s));
	return s;
}

static void put_param(struct tb *t, uint32_t entry, int32_t bias, float mult, int32_t wzp)
{
	uint8_t *p = t->mem + SEG0_OFF + PARAM_DRAM + entry * LPF_PARAM_ENTRY_BYTES;
	uint32_t mb;

	memcpy(&mb, &mult, sizeof(mb));
	put_le32(p, (uint32_t)bias);
	put_le32(p + 4, mb);
	put_le32(p + 8, (uint32_t)wzp);
	put_le32(p + 12, 0);
}

/* --- reference --------------------------------------------------------------------- */

static uint64_t rng_state;

static uint32_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return (uint32_t)((z ^ (z >> 31)) >> 16);
}

static int32_t rnd_range(int32_t lo, int32_t hi)
{
	return lo + (int32_t)(rnd() % (uint32_t)(hi - lo + 1));
}

static int32_t type_min(int is_signed)
{
	return is_signed ? -128 : 0;
}

static int32_t type_max(int is_signed)
{
	return is_signed ? 127 : 255;
}

static int32_t byte_val(uint8_t b, int is_signed)
{
	return is_signed && b > 127 ? (int32_t)b - 256 : b;
}

struct conv_case {
	uint32_t c, h, w, oc, groups, kh, kw, sh, sw, dh, dw, pt, pb, pl, pr;
	int x_signed, w_signed, y_signed;
	int32_t x_zp, y_zp;
	int per_channel_wzp;
	int32_t wzp;                    /* when not per channel */
	int raw32;
	int split_ic;                   /* two CONVs over input-channel halves (groups 1) */
	uint32_t pk, ps, ppt, ppb, ppl, ppr;   /* max pool (pk 0: none), ONNX pads */
	int32_t clip_lo, clip_hi;       /* used when clip_hi > clip_lo */
	uint64_t seed;
};

struct conv_data {
	uint32_t oh, ow, ph, pw, icpg, ocpg;
	uint8_t *x, *w;                 /* NCHW input, OIHW weights */
	int32_t *bias, *wzp;
	float *mult;
	int64_t *acc;                   /* reference accumulators [OC][OH][OW], bias included */
	int32_t *y;                     /* reference output [OC][PH][PW] */
};

/* Input value at (ic, iy, ix) of the unpadded input; outside it, the zero point (ONNX pads). */
static int32_t ref_input(const struct conv_case *cc, const struct conv_data *d, uint32_t ic,
			 int64_t iy, int64_t ix)
{
	if (iy < 0 || iy >= cc->h || ix < 0 || ix >= cc->w)
		return cc->x_zp;
	return byte_val(d->x[(ic * cc->h + iy) * cc->w + ix], cc->x_signed);
}

/* One output of the textbook convolution, bias included. */
static int64_t ref_conv_at(const struct conv_case *cc, const struct conv_data *d, uint32_t o,
			   uint32_t oy, uint32_t ox)
{
	uint32_t g = o / d->ocpg;
	int64_t s = d->bias[o];

	for (uint32_t ci = 0; ci < d->icpg; ci++) {
		for (uint32_t ky = 0; ky < cc->kh; ky++) {
			for (uint32_t kx = 0; kx < cc->kw; kx++) {
				int64_t iy = (int64_t)oy * cc->sh - cc->pt + (int64_t)ky * cc->dh;
				int64_t ix = (int64_t)ox * cc->sw - cc->pl + (int64_t)kx * cc->dw;
				int32_t xv = ref_input(cc, d, g * d->icpg + ci, iy, ix);
				uint8_t wb = d->w[((o * d->icpg + ci) * cc->kh + ky) * cc->kw + kx];

				s += (int64_t)(xv - cc->x_zp) *
				     (byte_val(wb, cc->w_signed) - d->wzp[o]);
			}
		}
	}
	return s;
}

static void ref_conv(const struct conv_case *cc, struct conv_data *d)
{
	for (uint32_t o = 0; o < cc->oc; o++)
		for (uint32_t oy = 0; oy < d->oh; oy++)
			for (uint32_t ox = 0; ox < d->ow; ox++)
				d->acc[(o * d->oh + oy) * d->ow + ox] =
					ref_conv_at(cc, d, o, oy, ox);
}

static int32_t ref_requant(const struct conv_case *cc, int64_t v, float mult)
{
	float p = (float)v * mult;
	double r = (double)rintf(p) + cc->y_zp;
	int32_t lo = type_min(cc->y_signed), hi = type_max(cc->y_signed);

	if (cc->clip_hi > cc->clip_lo) {
		lo = lo > cc->clip_lo ? lo : cc->clip_lo;
		hi = hi < cc->clip_hi ? hi : cc->clip_hi;
	}
	return r < lo ? lo : r > hi ? hi : (int32_t)r;
}

/* Max pool (ONNX pads never win) over the requantized or raw outputs; no pool: k = s = 1. */
static int32_t ref_pool_at(const struct conv_case *cc, const struct conv_data *d, uint32_t o,
			   uint32_t py, uint32_t px)
{
	uint32_t k = cc->pk ? cc->pk : 1, s = cc->pk ? cc->ps : 1;
	int32_t m = INT32_MIN;

	for (uint32_t i = 0; i < k; i++) {
		for (uint32_t j = 0; j < k; j++) {
			int64_t y = (int64_t)py * s - cc->ppt + i;
			int64_t x = (int64_t)px * s - cc->ppl + j;
			int64_t a;
			int32_t q;

			if (y < 0 || y >= d->oh || x < 0 || x >= d->ow)
				continue;
			a = d->acc[(o * d->oh + y) * d->ow + x];
			q = cc->raw32 ? (int32_t)a : ref_requant(cc, a, d->mult[o]);
			m = q > m ? q : m;
		}
	}
	return m;
}

static void ref_output(const struct conv_case *cc, struct conv_data *d)
{
	for (uint32_t o = 0; o < cc->oc; o++)
		for (uint32_t py = 0; py < d->ph; py++)
			for (uint32_t px = 0; px < d->pw; px++)
				d->y[(o * d->ph + py) * d->pw + px] = ref_pool_at(cc, d, o, py, px);
}

static void make_data(const struct conv_case *cc, struct conv_data *d)
{
	uint32_t nx = cc->c * cc->h * cc->w, k;

	d->icpg = cc->c / cc->groups;
	d->ocpg = cc->oc / cc->groups;
	d->oh = (cc->h + cc->pt + cc->pb - cc->dh * (cc->kh - 1) - 1) / cc->sh + 1;
	d->ow = (cc->w + cc->pl + cc->pr - cc->dw * (cc->kw - 1) - 1) / cc->sw + 1;
	d->ph = cc->pk ? (d->oh + cc->ppt + cc->ppb - cc->pk) / cc->ps + 1 : d->oh;
	d->pw = cc->pk ? (d->ow + cc->ppl + cc->ppr - cc->pk) / cc->ps + 1 : d->ow;
	k = d->icpg * cc->kh * cc->kw;
	d->x = malloc(nx);
	d->w = malloc(cc->oc * k);
	d->bias = malloc(cc->oc * sizeof(int32_t));
	d->wzp = malloc(cc->oc * sizeof(int32_t));
	d->mult = malloc(cc->oc * sizeof(float));
	d->acc = malloc(cc->oc * d->oh * d->ow * sizeof(int64_t));
	d->y = malloc(cc->oc * d->ph * d->pw * sizeof(int32_t));
	CU_ASSERT_FATAL(d->x && d->w && d->bias && d->wzp && d->mult && d->acc && d->y);

	rng_state = cc->seed;
	for (uint32_t i = 0; i < nx; i++)
		d->x[i] = (uint8_t)rnd();
	for (uint32_t i = 0; i < cc->oc * k; i++)
		d->w[i] = (uint8_t)rnd();
	for (uint32_t o = 0; o < cc->oc; o++) {
		d->bias[o] = rnd_range(-3000, 3000);
		d->wzp[o] = cc->per_channel_wzp ? rnd_range(type_min(cc->w_signed),
							    type_max(cc->w_signed))
						: cc->wzp;
	}
	ref_conv(cc, d);
	/* multipliers that spread each channel over about +-150 (some saturation) */
	for (uint32_t o = 0; o < cc->oc; o++) {
		int64_t mx = 1;

		for (uint32_t i = 0; i < d->oh * d->ow; i++) {
			int64_t a = d->acc[o * d->oh * d->ow + i];

			mx = a > mx ? a : -a > mx ? -a : mx;
		}
		d->mult[o] = (float)(150.0 / (double)mx * (0.5 + (rnd() % 1000) / 1000.0));
	}
	ref_output(cc, d);
}

static void free_data(struct conv_data *d)
{
	free(d->x);
	free(d->w);
	free(d->bias);
	free(d->wzp);
	free(d->mult);
	free(d->acc);
	free(d->y);
}

/* OIHW weights, input channels [ic0, ic0 + n) of each group -> [G][n][KH][KW][OCPG]. */
static uint32_t pack_weights(const struct conv_case *cc, const struct conv_data *d, uint32_t ic0,
			     uint32_t n, uint8_t *dst)
{
	uint32_t i = 0;

	for (uint32_t g = 0; g < cc->groups; g++)
		for (uint32_t ci = ic0; ci < ic0 + n; ci++)
			for (uint32_t ky = 0; ky < cc->kh; ky++)
				for (uint32_t kx = 0; kx < cc->kw; kx++)
					for (uint32_t j = 0; j < d->ocpg; j++)
						dst[i++] = d->w[(((g * d->ocpg + j) * d->icpg +
								  ci) * cc->kh + ky) * cc->kw + kx];
	return i;
}

static struct lpf_insn conv_insn(const struct conv_case *cc, const struct conv_data *d,
				 uint32_t icpg, uint32_t inp_off, uint32_t wgt_off, int acc_mode)
{
	struct lpf_insn in = {.opcode = LPF_OP_CONV};

	in.u.conv = (struct lpf_insn_conv){
		.acc_mode = (uint32_t)acc_mode, .x_signed = (uint32_t)cc->x_signed,
		.w_signed = (uint32_t)cc->w_signed, .x_zp = (uint32_t)cc->x_zp & 0xFF,
		.inp_off = inp_off, .wgt_off = wgt_off,
		.in_h = cc->h + cc->pt + cc->pb, .in_w = cc->w + cc->pl + cc->pr,
		.out_h = d->oh, .out_w = d->ow, .kh = cc->kh, .kw = cc->kw, .sh = cc->sh,
		.sw = cc->sw, .dh = cc->dh, .dw = cc->dw, .icpg = icpg, .ocpg = d->ocpg,
		.groups = cc->groups,
	};
	return in;
}

static struct lpf_insn post_insn(const struct conv_case *cc, const struct conv_data *d)
{
	struct lpf_insn in = op_post(cc->raw32 ? LPF_POST_MODE_RAW32 : LPF_POST_MODE_REQUANT,
				     cc->oc, d->oh, d->ow);
	struct lpf_insn_post *p = &in.u.post;

	p->out_signed = (uint32_t)cc->y_signed;
	p->out_zp = (uint32_t)cc->y_zp & 0xFF;
	p->clip_lo = (uint32_t)(cc->clip_hi > cc->clip_lo ? cc->clip_lo : type_min(cc->y_signed));
	p->clip_hi = (uint32_t)(cc->clip_hi > cc->clip_lo ? cc->clip_hi : type_max(cc->y_signed));
	p->clip_lo &= 0xFF;
	p->clip_hi &= 0xFF;
	if (cc->pk) {
		p->pk_h = p->pk_w = cc->pk;
		p->ps_h = p->ps_w = cc->ps;
		p->py0 = -(int32_t)cc->ppt;
		p->px0 = -(int32_t)cc->ppl;
	}
	p->ph = d->ph;
	p->pw = d->pw;
	return in;
}

/* Build LOADs, CONV(s), POST, STORE, END for a case in t; returns the output element size. */
static uint32_t build_conv_job(struct tb *t, const struct conv_case *cc, const struct conv_data *d)
{
	uint8_t *wdst = t->mem + SEG0_OFF + WGT_DRAM;
	uint32_t halves = cc->split_ic ? 2 : 1, icph = d->icpg / halves, wbytes = 0, elem;
	uint32_t in_plane = (cc->h + cc->pt + cc->pb) * (cc->w + cc->pl + cc->pr);
	uint32_t woff[2];
	struct lpf_insn ld;

	for (uint32_t o = 0; o < cc->oc; o++)
		put_param(t, o, d->bias[o], d->mult[o], d->wzp[o]);
	for (uint32_t hh = 0; hh < halves; hh++) {
		woff[hh] = wbytes;
		wbytes += pack_weights(cc, d, hh * icph, icph, wdst + wbytes);
	}
	memcpy(t->mem + SEG1_OFF + X_DRAM, d->x, cc->c * cc->h * cc->w);

	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, cc->oc * LPF_PARAM_ENTRY_BYTES));
	tb_emit(t, op_load_bytes(LPF_BUF_WGT, 0, WGT_DRAM, 0, wbytes));
	ld = op_load(LPF_BUF_INP, 1, X_DRAM, 0, cc->w, cc->h, cc->c, 1, cc->w, cc->h * cc->w);
	ld.u.load.pad_x0 = cc->pl;
	ld.u.load.pad_x1 = cc->pr;
	ld.u.load.pad_y0 = cc->pt;
	ld.u.load.pad_y1 = cc->pb;
	ld.u.load.pad_value = (uint32_t)cc->x_zp & 0xFF;
	tb_emit(t, with_flags(ld, 0, 0, 0, 1));
	for (uint32_t hh = 0; hh < halves; hh++)
		tb_emit(t, with_flags(conv_insn(cc, d, icph, hh * icph * in_plane, woff[hh],
						hh > 0), hh == 0, 0, 0, 0));
	tb_emit(t, with_flags(post_insn(cc, d), 0, 0, 0, 1));
	elem = cc->raw32 ? 4 : 1;
	tb_emit(t, with_flags(op_store(Y_DRAM, 0, d->pw, d->ph, cc->oc, cc->raw32 ? 2 : 0, elem,
				       d->pw * elem, d->ph * d->pw * elem), 1, 0, 0, 0));
	tb_emit(t, op_end());
	return elem;
}

static uint32_t one_if_zero(uint32_t v)
{
	return v ? v : 1;
}

/* Groups, strides and dilations left 0 in a case mean 1. */
static void run_conv_case(const struct conv_case *spec)
{
	struct conv_case c1 = *spec, *cc = &c1;
	struct tb *t = tb_new();
	struct conv_data d;
	uint32_t elem, n, bad = 0;
	uint64_t macs;

	c1.groups = one_if_zero(c1.groups);
	c1.sh = one_if_zero(c1.sh);
	c1.sw = one_if_zero(c1.sw);
	c1.dh = one_if_zero(c1.dh);
	c1.dw = one_if_zero(c1.dw);
	make_data(cc, &d);
	elem = build_conv_job(t, cc, &d);
	expect_done(t, tb_run(t));
	n = cc->oc * d.ph * d.pw;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = t->mem + SEG1_OFF + Y_DRAM + i * elem;
		int32_t got = elem == 4 ? get_le32(p) : byte_val(*p, cc->y_signed);

		bad += got != d.y[i];
	}
	CU_ASSERT_EQUAL(bad, 0);
	macs = (uint64_t)d.oh * d.ow * cc->oc * d.icpg * cc->kh * cc->kw;
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_MACS_LO), (uint32_t)macs);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_WR_BYTES_LO), n * elem);
	CU_ASSERT_EQUAL(t->faults, 0);
	free_data(&d);
	tb_free(t);
}

/* --- convolution cases ------------------------------------------------------------- */

static void fabric_model_conv3x3_pad1_uint8_int8(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 3, .h = 8, .w = 8, .oc = 4, .pt = 1, .pb = 1,
			       .pl = 1, .pr = 1, .w_signed = 1, .x_zp = 17, .y_zp = 120,
			       .seed = 1};

	run_conv_case(&cc);
}

static void fabric_model_conv_stride2(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 4, .h = 9, .w = 7, .oc = 5, .sh = 2, .sw = 2,
			       .pt = 1, .pb = 1, .pl = 1, .pr = 1, .x_signed = 1, .w_signed = 1,
			       .y_signed = 1, .x_zp = -5, .y_zp = 3, .seed = 2};

	run_conv_case(&cc);
}

static void fabric_model_conv_dilation2_uint8_weights_zp255(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 2, .h = 10, .w = 10, .oc = 3, .dh = 2,
			       .dw = 2, .pt = 2, .pb = 2, .pl = 2, .pr = 2, .x_zp = 128, .wzp = 255,
			       .y_zp = 0, .seed = 3};

	run_conv_case(&cc);
}

static void fabric_model_conv_grouped(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 6, .h = 7, .w = 6, .oc = 6, .groups = 3,
			       .pt = 1, .pb = 1, .pl = 1, .pr = 1, .w_signed = 1, .x_zp = 3,
			       .y_zp = 128, .seed = 4};

	run_conv_case(&cc);
}

static void fabric_model_conv_depthwise_per_channel_wzp(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 8, .h = 6, .w = 6, .oc = 8, .groups = 8,
			       .pt = 1, .pb = 1, .pl = 1, .pr = 1, .x_signed = 1, .w_signed = 1,
			       .y_signed = 1, .x_zp = 0, .per_channel_wzp = 1, .y_zp = -10,
			       .seed = 5};

	run_conv_case(&cc);
}

static void fabric_model_conv_accumulates_input_channel_halves(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 8, .h = 5, .w = 6, .oc = 4, .pt = 1, .pb = 1,
			       .pl = 1, .pr = 1, .w_signed = 1, .x_zp = 9, .y_zp = 50,
			       .per_channel_wzp = 1, .split_ic = 1, .seed = 6};

	run_conv_case(&cc);
}

static void fabric_model_conv_int8_act_uint8_weights(void)
{
	struct conv_case cc = {.c = 5, .h = 6, .w = 5, .oc = 7, .kh = 2, .kw = 3,
			       .pt = 0, .pb = 1, .pl = 2, .pr = 0, .x_signed = 1, .x_zp = -128,
			       .per_channel_wzp = 1, .y_zp = 77, .seed = 7};

	run_conv_case(&cc);
}

static void fabric_model_conv_raw32(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 3, .h = 5, .w = 5, .oc = 4, .pt = 1, .pb = 1,
			       .pl = 1, .pr = 1, .w_signed = 1, .x_zp = 200,
			       .per_channel_wzp = 1, .raw32 = 1, .seed = 8};

	run_conv_case(&cc);
}

static void fabric_model_conv_relu_clip(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 3, .h = 6, .w = 6, .oc = 4, .pt = 1, .pb = 1,
			       .pl = 1, .pr = 1, .w_signed = 1, .y_signed = 1, .x_zp = 30,
			       .y_zp = -20, .clip_lo = -20, .clip_hi = 100, .seed = 9};

	run_conv_case(&cc);
}

static void fabric_model_maxpool_2x2_stride2(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 2, .h = 8, .w = 8, .oc = 3, .pt = 1, .pb = 1,
			       .pl = 1, .pr = 1, .w_signed = 1, .x_zp = 10, .y_zp = 128,
			       .pk = 2, .ps = 2, .seed = 10};

	run_conv_case(&cc);
}

static void fabric_model_maxpool_3x3_stride2_negative_origin(void)
{
	struct conv_case cc = {.kh = 3, .kw = 3, .c = 2, .h = 8, .w = 9, .oc = 3, .pt = 1, .pb = 1,
			       .pl = 1, .pr = 1, .x_signed = 1, .w_signed = 1, .y_signed = 1,
			       .x_zp = 4, .y_zp = -3, .pk = 3, .ps = 2, .ppt = 1, .ppb = 1,
			       .ppl = 1, .ppr = 1, .seed = 11};

	run_conv_case(&cc);
}

/* --- LOAD / STORE ------------------------------------------------------------------ */

/*
 * LOAD a strided view with a padding ring, then read the tile back through a
 * depthwise 1x1 convolution with weight 1 (x_zp 0) and RAW32, which copies it out.
 */
static void fabric_model_load_3d_strided_with_padding(void)
{
	const uint32_t xs = 3, ys = 40, zs = 7, xn = 4, yn = 3, zn = 2;
	const uint32_t px0 = 1, px1 = 2, py0 = 2, py1 = 1, pad = 0xA5;
	const uint32_t tw = px0 + xn + px1, th = py0 + yn + py1;
	struct tb *t = tb_new();
	struct lpf_insn ld, cv, po;
	uint32_t bad = 0;

	for (uint32_t i = 0; i < 512; i++)
		t->mem[SEG1_OFF + X_DRAM + i] = (uint8_t)(i * 7 + 1);
	for (uint32_t c = 0; c < zn; c++) {
		put_param(t, c, 0, 1.0f, 0);
		t->mem[SEG0_OFF + WGT_DRAM + c] = 1;
	}
	ld = op_load(LPF_BUF_INP, 1, X_DRAM + 5, 0, xn, yn, zn, xs, ys, zs);
	ld.u.load.pad_x0 = px0;
	ld.u.load.pad_x1 = px1;
	ld.u.load.pad_y0 = py0;
	ld.u.load.pad_y1 = py1;
	ld.u.load.pad_value = pad;
	cv = op_conv1x1(1, 1, th, tw);
	cv.u.conv.groups = zn;
	po = op_post(LPF_POST_MODE_RAW32, zn, th, tw);
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, zn * LPF_PARAM_ENTRY_BYTES));
	tb_emit(t, op_load_bytes(LPF_BUF_WGT, 0, WGT_DRAM, 0, zn));
	tb_emit(t, ld);
	tb_emit(t, cv);
	tb_emit(t, po);
	tb_emit(t, op_store(Y_DRAM, 0, tw, th, zn, 2, 4, tw * 4, th * tw * 4));
	tb_emit(t, op_end());
	expect_done(t, tb_run(t));
	for (uint32_t z = 0; z < zn; z++) {
		for (uint32_t y = 0; y < th; y++) {
			for (uint32_t x = 0; x < tw; x++) {
				int inside = y >= py0 && y < py0 + yn && x >= px0 && x < px0 + xn;
				int32_t want = pad;
				int32_t got = get_le32(t->mem + SEG1_OFF + Y_DRAM +
						       ((z * th + y) * tw + x) * 4);

				if (inside)
					want = t->mem[SEG1_OFF + X_DRAM + 5 + z * zs +
						      (y - py0) * ys + (x - px0) * xs];
				bad += got != want;
			}
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	/* DRAM bytes: params, weights and the 24 strided elements, not the padding */
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_RD_BYTES_LO), zn * LPF_PARAM_ENTRY_BYTES + zn + 24);
	tb_free(t);
}

/*
 * GEMM as a 1x1 convolution: A[M][K] read with x stride K and z stride 1, Y[M][N]
 * written with x stride N and z stride 1 (int32 via RAW32, w_zp 0, x_zp 0).
 */
static void fabric_model_gemm_with_strided_load_and_store(void)
{
	enum { M = 5, K = 6, N = 3 };
	uint8_t a[M][K], b[K][N];
	struct tb *t = tb_new();
	uint32_t bad = 0, untouched = 0;

	rng_state = 77;
	for (int m = 0; m < M; m++)
		for (int k = 0; k < K; k++)
			a[m][k] = (uint8_t)rnd();
	for (int k = 0; k < K; k++)
		for (int n = 0; n < N; n++)
			b[k][n] = (uint8_t)rnd();
	memcpy(t->mem + SEG1_OFF + X_DRAM, a, sizeof(a));
	memcpy(t->mem + SEG0_OFF + WGT_DRAM, b, sizeof(b));
	memset(t->mem + SEG1_OFF + Y_DRAM, 0xEE, M * N * 4 * 2);
	for (int n = 0; n < N; n++)
		put_param(t, n, 1000 * n, 1.0f, 0);

	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, N * LPF_PARAM_ENTRY_BYTES));
	tb_emit(t, op_load_bytes(LPF_BUF_WGT, 0, WGT_DRAM, 0, sizeof(b)));
	tb_emit(t, op_load(LPF_BUF_INP, 1, X_DRAM, 0, M, 1, K, K, 0, 1));
	tb_emit(t, op_conv1x1(K, N, 1, M));
	tb_emit(t, op_post(LPF_POST_MODE_RAW32, N, 1, M));
	/* rows of Y spaced 2*N*4 bytes apart: the gaps must stay untouched */
	tb_emit(t, op_store(Y_DRAM, 0, M, 1, N, 2, 2 * N * 4, 0, 4));
	tb_emit(t, op_end());
	expect_done(t, tb_run(t));
	for (int m = 0; m < M; m++) {
		for (int n = 0; n < N; n++) {
			int32_t want = 1000 * n;

			for (int k = 0; k < K; k++)
				want += a[m][k] * b[k][n];
			bad += get_le32(t->mem + SEG1_OFF + Y_DRAM + (m * 2 * N + n) * 4) != want;
			for (int i = 0; i < 4; i++)
				untouched += t->mem[SEG1_OFF + Y_DRAM + (m * 2 * N + N + n) * 4 + i]
					     == 0xEE;
		}
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(untouched, M * N * 4);
	tb_free(t);
}

/* --- registers --------------------------------------------------------------------- */

static void fabric_model_identity_and_capability_registers(void)
{
	struct tb *t = tb_new();

	CU_ASSERT_EQUAL(rd(t, LPF_REG_ID), LPF_ID_MAGIC);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_ID), 0x4C504631u);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_VERSION),
			LPF_SPEC_VERSION_MAJOR << 16 | LPF_SPEC_VERSION_MINOR);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_SPEC_HASH), LPF_SPEC_HASH);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CAP0), LPF_PE_ROWS | LPF_PE_COLS << 16);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CAP1),
			LPF_INP_BUF_BYTES / 1024 | (LPF_WGT_BUF_BYTES / 1024) << 16);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CAP2),
			LPF_ACC_BUF_ENTRIES / 16 | LPF_PARAM_BUF_ENTRIES << 16);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CAP3), 0x1Fu);
	/* read-only registers ignore writes */
	wr(t, LPF_REG_ID, 0);
	wr(t, LPF_REG_CAP0, 0);
	wr(t, LPF_REG_STATUS, 0xFF);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_ID), LPF_ID_MAGIC);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CAP0), LPF_PE_ROWS | LPF_PE_COLS << 16);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_STATUS), 0);
	/* unknown and unaligned offsets read 0 */
	CU_ASSERT_EQUAL(rd(t, 0x03C), 0);
	CU_ASSERT_EQUAL(rd(t, 0xFFC), 0);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_ID + 1), 0);
	tb_free(t);
}

static void fabric_model_config_registers_read_back(void)
{
	struct tb *t = tb_new();
	static const uint32_t regs[] = {
		LPF_REG_CMD_BASE_LO, LPF_REG_CMD_BASE_HI, LPF_REG_CMD_LEN, LPF_REG_SEG0_LO,
		LPF_REG_SEG0_HI,     LPF_REG_SEG1_LO,     LPF_REG_SEG1_HI, LPF_REG_SEG2_LO,
		LPF_REG_SEG2_HI,     LPF_REG_SEG3_LO,     LPF_REG_SEG3_HI,
	};

	for (uint32_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		wr(t, regs[i], 0x1000u * i + 0xABCD0000u + i);
	for (uint32_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		CU_ASSERT_EQUAL(rd(t, regs[i]), 0x1000u * i + 0xABCD0000u + i);
	wr(t, LPF_REG_IRQ_ENABLE, 0xFFFFFFFFu);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_IRQ_ENABLE), 3u);
	/* CTRL bits self-clear: nothing to read back */
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CTRL), 0);
	tb_free(t);
}

static void fabric_model_irq_status_is_write_one_to_clear(void)
{
	struct tb *t = tb_new();

	tb_emit(t, op_end());
	tb_run(t);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_IRQ_STATUS), LPF_REG_IRQ_STATUS_DONE_MASK);
	wr(t, LPF_REG_IRQ_STATUS, LPF_REG_IRQ_STATUS_ERROR_MASK);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_IRQ_STATUS), LPF_REG_IRQ_STATUS_DONE_MASK);
	wr(t, LPF_REG_IRQ_STATUS, LPF_REG_IRQ_STATUS_DONE_MASK);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_IRQ_STATUS), 0);
	/* STATUS is not affected by acknowledging the interrupt */
	CU_ASSERT_EQUAL(rd(t, LPF_REG_STATUS), LPF_REG_STATUS_DONE_MASK);
	tb_free(t);
}

/*
 * The cycle estimate documented in fabric_exec.c, by hand: PARAM 16 B (1 beat),
 * WGT 4 B (1), INP 4x4x4 = 64 B (4) -> load unit busy until 6, token at 6; CONV waits
 * 6 cycles, takes ceil(16/PE_ROWS) * ceil(1/PE_COLS) * 4 = 4 -> 10; POST 16 values
 * in ceil(16/PE_COLS) = 1 -> 11, token; STORE 16 B in 1 -> 12.
 */
static void fabric_model_perf_counters_follow_the_estimate(void)
{
	struct tb *t = tb_new();

	put_param(t, 0, 0, 1.0f, 0);
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_load_bytes(LPF_BUF_WGT, 0, WGT_DRAM, 0, 4));
	tb_emit(t, with_flags(op_load(LPF_BUF_INP, 1, X_DRAM, 0, 4, 4, 4, 1, 4, 16), 0, 0, 0, 1));
	tb_emit(t, with_flags(op_conv1x1(4, 1, 4, 4), 1, 0, 0, 0));
	tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 4, 4), 0, 0, 0, 1));
	tb_emit(t, with_flags(op_store(Y_DRAM, 0, 4, 4, 1, 0, 1, 4, 16), 1, 0, 0, 0));
	tb_emit(t, op_end());
	CU_ASSERT_EQUAL_FATAL(LPF_PE_ROWS >= 16 && LPF_PE_COLS >= 16 && LPF_AXI_DATA_BITS == 128,
			      1);
	expect_done(t, tb_run(t));
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_BUSY_LO), 12);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_BUSY_HI), 0);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_STALL_LO), 6);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_MACS_LO), 64);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_MACS_HI), 0);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_RD_BYTES_LO), 84);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_WR_BYTES_LO), 16);
	/* START clears the counters */
	t->n = 0;
	tb_emit(t, op_end());
	expect_done(t, tb_run(t));
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_MACS_LO), 0);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_RD_BYTES_LO), 0);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_PERF_BUSY_LO), 0);
	tb_free(t);
}

/* --- tokens ------------------------------------------------------------------------ */

/* Two tiles through one set of buffers, ordered only by tokens (VTA-style). */
static void fabric_model_token_pipeline_runs_to_done(void)
{
	struct tb *t = tb_new();
	struct lpf_insn l2 = op_load(LPF_BUF_INP, 1, X_DRAM + 16, 0, 4, 4, 1, 1, 4, 16);

	for (uint32_t i = 0; i < 32; i++)
		t->mem[SEG1_OFF + X_DRAM + i] = (uint8_t)(3 * i);
	put_param(t, 0, 1, 0.5f, 0);
	t->mem[SEG0_OFF + WGT_DRAM] = 2;
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_load_bytes(LPF_BUF_WGT, 0, WGT_DRAM, 0, 1));
	tb_emit(t, with_flags(op_load(LPF_BUF_INP, 1, X_DRAM, 0, 4, 4, 1, 1, 4, 16), 0, 0, 0, 1));
	tb_emit(t, with_flags(op_conv1x1(1, 1, 4, 4), 1, 0, 1, 0));
	tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 4, 4), 0, 0, 0, 1));
	tb_emit(t, with_flags(l2, 0, 1, 0, 1));
	tb_emit(t, with_flags(op_store(Y_DRAM, 0, 16, 1, 1, 0, 1, 16, 16), 1, 0, 1, 0));
	tb_emit(t, with_flags(op_conv1x1(1, 1, 4, 4), 1, 0, 0, 0));
	tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 4, 4), 0, 1, 0, 1));
	tb_emit(t, with_flags(op_store(Y_DRAM + 16, 0, 16, 1, 1, 0, 1, 16, 16), 1, 0, 0, 0));
	tb_emit(t, op_end());
	expect_done(t, tb_run(t));
	/* y = rne((2x + 1) * 0.5) = rne(x + 0.5) with x = 3i */
	for (uint32_t i = 0; i < 32; i++) {
		uint32_t x = 3 * i, want = (x & 1) ? x + 1 : x;

		CU_ASSERT_EQUAL(t->mem[SEG1_OFF + Y_DRAM + i], want > 255 ? 255 : want);
	}
	tb_free(t);
}

static void fabric_model_token_queue_holds_exactly_token_depth(void)
{
	struct tb *t = tb_new();

	put_param(t, 0, 0, 1.0f, 0);
	for (uint32_t i = 0; i < LPF_TOKEN_DEPTH; i++)
		tb_emit(t, with_flags(op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16), 0, 0, 0,
				      1));
	for (uint32_t i = 0; i < LPF_TOKEN_DEPTH; i++)
		tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 1, 1), 1, 0, 0, 0));
	tb_emit(t, op_end());
	expect_done(t, tb_run(t));

	/* one push more than the queue holds */
	t->n = 0;
	for (uint32_t i = 0; i <= LPF_TOKEN_DEPTH; i++)
		tb_emit(t, with_flags(op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16), 0, 0, 0,
				      1));
	tb_emit(t, op_end());
	expect_error(t, tb_run(t), LPF_ERR_TOKEN_OVERFLOW, LPF_TOKEN_DEPTH);
	tb_free(t);
}

static void fabric_model_token_underflow_and_leftover(void)
{
	struct tb *t = tb_new();

	put_param(t, 0, 0, 1.0f, 0);
	/* STORE pops a compute token nobody pushed */
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_post(LPF_POST_MODE_REQUANT, 1, 1, 1));
	tb_emit(t, with_flags(op_store(Y_DRAM, 0, 1, 1, 1, 0, 1, 1, 1), 1, 0, 0, 0));
	tb_emit(t, op_end());
	expect_error(t, tb_run(t), LPF_ERR_TOKEN_UNDERFLOW, 2);

	/* compute pops a store token that only a later STORE would push */
	t->n = 0;
	tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 1, 1), 0, 1, 0, 0));
	tb_emit(t, with_flags(op_store(Y_DRAM, 0, 1, 1, 1, 0, 1, 1, 1), 0, 0, 1, 0));
	tb_emit(t, op_end());
	expect_error(t, tb_run(t), LPF_ERR_TOKEN_UNDERFLOW, 0);

	/* a compute->load token never popped */
	t->n = 0;
	tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 1, 1), 0, 0, 1, 0));
	tb_emit(t, op_store(Y_DRAM, 0, 1, 1, 1, 0, 1, 1, 1));
	tb_emit(t, op_end());
	expect_error(t, tb_run(t), LPF_ERR_TOKEN_LEFTOVER, 2);
	tb_free(t);
}

static void fabric_model_token_flags_without_peer_are_bad_fields(void)
{
	struct tb *t = tb_new();
	const struct {
		struct lpf_insn in;
		int pop_prev, pop_next, push_prev, push_next;
	} cases[] = {
		{op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16), 1, 0, 0, 0},
		{op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16), 0, 0, 1, 0},
		{op_store(Y_DRAM, 0, 1, 1, 1, 0, 1, 1, 1), 0, 1, 0, 0},
		{op_store(Y_DRAM, 0, 1, 1, 1, 0, 1, 1, 1), 0, 0, 0, 1},
		{op_end(), 0, 0, 0, 1},
		{op_end(), 1, 0, 0, 0},
	};

	for (uint32_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		t->n = 0;
		tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
		tb_emit(t, with_flags(cases[i].in, cases[i].pop_prev, cases[i].pop_next,
				      cases[i].push_prev, cases[i].push_next));
		tb_emit(t, op_end());
		expect_error(t, tb_run(t), LPF_ERR_BAD_FIELD, 1);
	}
	tb_free(t);
}

/* --- errors ------------------------------------------------------------------------ */

/* A small complete job that must succeed after any failed one. */
static void expect_good_job_runs(struct tb *t)
{
	t->n = 0;
	memset(t->mem + SEG1_OFF + Y_DRAM, 0, 16);
	for (uint32_t i = 0; i < 16; i++)
		t->mem[SEG1_OFF + X_DRAM + i] = (uint8_t)(10 + i);
	put_param(t, 0, 0, 0.25f, 0);
	t->mem[SEG0_OFF + WGT_DRAM] = 2;
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_load_bytes(LPF_BUF_WGT, 0, WGT_DRAM, 0, 1));
	tb_emit(t, with_flags(op_load(LPF_BUF_INP, 1, X_DRAM, 0, 4, 4, 1, 1, 4, 16), 0, 0, 0, 1));
	tb_emit(t, with_flags(op_conv1x1(1, 1, 4, 4), 1, 0, 0, 0));
	tb_emit(t, with_flags(op_post(LPF_POST_MODE_REQUANT, 1, 4, 4), 0, 0, 0, 1));
	tb_emit(t, with_flags(op_store(Y_DRAM, 0, 16, 1, 1, 0, 1, 16, 16), 1, 0, 0, 0));
	tb_emit(t, op_end());
	expect_done(t, tb_run(t));
	/* y = rne((10 + i) * 2 * 0.25) = rne(5 + i/2) */
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t half = 10 + i, want = half / 2 + ((half & 1) && ((half / 2) & 1));

		CU_ASSERT_EQUAL(t->mem[SEG1_OFF + Y_DRAM + i], want);
	}
}

/* Stream: n_good valid LOADs, then bad, then END; the error must point at n_good. */
static void expect_insn_error(struct tb *t, struct lpf_insn bad, uint32_t n_good, uint32_t code)
{
	t->n = 0;
	for (uint32_t i = 0; i < n_good; i++)
		tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, bad);
	tb_emit(t, op_end());
	expect_error(t, tb_run(t), code, n_good);
	expect_good_job_runs(t);
}

static void fabric_model_bad_opcode(void)
{
	struct tb *t = tb_new();
	uint8_t *slot = t->mem + CMD_OFF + 2 * LPF_INSN_BYTES;

	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_end());
	tb_emit(t, op_end());
	tb_encode(t);
	memset(slot, 0, LPF_INSN_BYTES);      /* zeroed memory traps */
	expect_error(t, tb_start(t, t->n), LPF_ERR_BAD_OPCODE, 2);
	slot[0] = 5;
	expect_error(t, tb_start(t, t->n), LPF_ERR_BAD_OPCODE, 2);
	expect_good_job_runs(t);
	tb_free(t);
}

static void fabric_model_bad_fields(void)
{
	struct tb *t = tb_new();
	struct lpf_insn in;

	in = op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16);
	in.u.load.x_size = 0;
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16);
	in.u.load.z_size = 0;
	expect_insn_error(t, in, 2, LPF_ERR_BAD_FIELD);
	in = op_load_bytes(3, 0, PARAM_DRAM, 0, 16);
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_conv1x1(1, 1, 4, 4);
	in.u.conv.sw = 0;
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_conv1x1(1, 1, 4, 4);
	in.u.conv.groups = 0;
	expect_insn_error(t, in, 0, LPF_ERR_BAD_FIELD);
	in = op_post(LPF_POST_MODE_RAW32, 1, 4, 4);
	in.u.post.pk_h = in.u.post.pk_w = in.u.post.ps_h = in.u.post.ps_w = 2;
	in.u.post.ph = in.u.post.pw = 2;
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_post(LPF_POST_MODE_RAW32, 1, 4, 4);
	in.u.post.py0 = -1;
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_post(2, 1, 4, 4);
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_post(LPF_POST_MODE_REQUANT, 1, 4, 4);
	in.u.post.clip_lo = 200;
	in.u.post.clip_hi = 100;
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_post(LPF_POST_MODE_REQUANT, 1, 4, 4);
	in.u.post.ps_w = 0;
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_store(Y_DRAM, 0, 4, 1, 1, 1, 2, 8, 8);
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_store(Y_DRAM, 0, 4, 1, 1, 2, 2, 16, 16);
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	in = op_store(Y_DRAM, 0, 4, 0, 1, 0, 1, 4, 4);
	expect_insn_error(t, in, 1, LPF_ERR_BAD_FIELD);
	tb_free(t);
}

static void fabric_model_reserved_bit_is_bad_field(void)
{
	struct tb *t = tb_new();

	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_end());
	tb_emit(t, op_end());
	tb_encode(t);
	/* END owns no bit of word 7 */
	t->mem[CMD_OFF + LPF_INSN_BYTES + 31] = 0x80;
	expect_error(t, tb_start(t, t->n), LPF_ERR_BAD_FIELD, 1);
	expect_good_job_runs(t);
	tb_free(t);
}

static void fabric_model_sram_range(void)
{
	struct tb *t = tb_new();
	struct lpf_insn in;

	/* one byte past the input buffer, with the padding counted */
	in = op_load(LPF_BUF_INP, 1, X_DRAM, LPF_INP_BUF_BYTES - 16, 4, 4, 1, 1, 4, 16);
	in.u.load.pad_x1 = 1;
	expect_insn_error(t, in, 1, LPF_ERR_SRAM_RANGE);
	in = op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM,
			   LPF_PARAM_BUF_ENTRIES * LPF_PARAM_ENTRY_BYTES - 8, 16);
	expect_insn_error(t, in, 0, LPF_ERR_SRAM_RANGE);
	in = op_conv1x1(1, 1, 4, 4);
	in.u.conv.acc_off = LPF_ACC_BUF_ENTRIES - 15;
	expect_insn_error(t, in, 1, LPF_ERR_SRAM_RANGE);
	in = op_conv1x1(1, 2, 4, 4);
	in.u.conv.param_off = LPF_PARAM_BUF_ENTRIES - 1;
	expect_insn_error(t, in, 1, LPF_ERR_SRAM_RANGE);
	in = op_conv1x1(1, 1, 4, 4);
	in.u.conv.wgt_off = LPF_WGT_BUF_BYTES;
	expect_insn_error(t, in, 1, LPF_ERR_SRAM_RANGE);
	in = op_post(LPF_POST_MODE_RAW32, 1, 4, 4);
	in.u.post.out_off = LPF_OUT_BUF_BYTES - 63;
	expect_insn_error(t, in, 1, LPF_ERR_SRAM_RANGE);
	in = op_store(Y_DRAM, LPF_OUT_BUF_BYTES - 3, 1, 1, 1, 2, 4, 4, 4);
	expect_insn_error(t, in, 1, LPF_ERR_SRAM_RANGE);
	tb_free(t);
}

static void fabric_model_dma_error(void)
{
	struct tb *t = tb_new();
	struct lpf_insn in;

	/* the last row of a strided read leaves DRAM */
	in = op_load(LPF_BUF_INP, 1, DRAM_SIZE - SEG1_OFF - 40, 0, 4, 3, 1, 1, 20, 0);
	expect_insn_error(t, in, 1, LPF_ERR_DMA);
	in = op_store(DRAM_SIZE - SEG1_OFF - 2, 0, 4, 1, 1, 0, 1, 4, 4);
	expect_insn_error(t, in, 2, LPF_ERR_DMA);
	tb_free(t);
}

static void fabric_model_cmd_fetch_errors(void)
{
	struct tb *t = tb_new();

	/* no END within CMD_LEN */
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16));
	tb_emit(t, op_end());
	tb_encode(t);
	expect_error(t, tb_start(t, 2), LPF_ERR_CMD_FETCH, 2);
	expect_error(t, tb_start(t, 0), LPF_ERR_CMD_FETCH, 0);
	/* stream outside DRAM */
	wr(t, LPF_REG_CMD_BASE_LO, 0x1000);
	wr(t, LPF_REG_CMD_BASE_HI, 0);
	wr(t, LPF_REG_CMD_LEN, 3);
	wr(t, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	expect_error(t, rd(t, LPF_REG_STATUS), LPF_ERR_CMD_FETCH, 0);
	/* CMD_BASE not aligned to an instruction */
	wr(t, LPF_REG_CMD_BASE_LO, (uint32_t)(DRAM_BASE + CMD_OFF + LPF_INSN_BYTES / 2));
	wr(t, LPF_REG_CMD_BASE_HI, (uint32_t)((DRAM_BASE + CMD_OFF) >> 32));
	wr(t, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	expect_error(t, rd(t, LPF_REG_STATUS), LPF_ERR_CMD_FETCH, 0);
	expect_good_job_runs(t);
	tb_free(t);
}

static void fabric_model_pool_window_error(void)
{
	struct tb *t = tb_new();
	struct lpf_insn in;

	/* first window rows -3..-2: above the tile */
	in = op_post(LPF_POST_MODE_REQUANT, 1, 4, 4);
	in.u.post.pk_h = in.u.post.pk_w = 2;
	in.u.post.ps_h = in.u.post.ps_w = 2;
	in.u.post.py0 = -3;
	in.u.post.ph = in.u.post.pw = 2;
	expect_insn_error(t, in, 1, LPF_ERR_POOL_WINDOW);
	/* third pooled column starts at column 4 of a 4-wide tile */
	in = op_post(LPF_POST_MODE_REQUANT, 1, 4, 4);
	in.u.post.pk_h = in.u.post.pk_w = 2;
	in.u.post.ps_h = in.u.post.ps_w = 2;
	in.u.post.ph = 2;
	in.u.post.pw = 3;
	expect_insn_error(t, in, 1, LPF_ERR_POOL_WINDOW);
	/* RAW32 wider than its tile */
	in = op_post(LPF_POST_MODE_RAW32, 1, 4, 4);
	in.u.post.pw = 5;
	expect_insn_error(t, in, 1, LPF_ERR_POOL_WINDOW);
	tb_free(t);
}

static void fabric_model_kernel_range_error(void)
{
	struct tb *t = tb_new();
	struct lpf_insn in;

	/* 3x3 over a 6-row tile gives 4 rows, not 5 */
	in = op_conv1x1(1, 1, 6, 6);
	in.u.conv.kh = in.u.conv.kw = 3;
	in.u.conv.out_h = 5;
	in.u.conv.out_w = 4;
	expect_insn_error(t, in, 1, LPF_ERR_KERNEL_RANGE);
	/* dilation 3: span (2-1)*2 + (3-1)*3 + 1 = 9 > 8 columns */
	in = op_conv1x1(1, 1, 8, 8);
	in.u.conv.kh = in.u.conv.kw = 3;
	in.u.conv.dw = 3;
	in.u.conv.sw = 2;
	in.u.conv.out_h = 6;
	in.u.conv.out_w = 2;
	expect_insn_error(t, in, 1, LPF_ERR_KERNEL_RANGE);
	tb_free(t);
}

static void fabric_model_soft_reset_clears_status_and_tokens(void)
{
	struct tb *t = tb_new();
	uint32_t wrong = 0;

	tb_emit(t, with_flags(op_load_bytes(LPF_BUF_PARAM, 0, PARAM_DRAM, 0, 16), 0, 0, 0, 1));
	tb_emit(t, op_end());
	expect_error(t, tb_run(t), LPF_ERR_TOKEN_LEFTOVER, 1);
	wr(t, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_STATUS), 0);
	/* configuration survives the reset */
	CU_ASSERT_EQUAL(rd(t, LPF_REG_CMD_LEN), 2);
	CU_ASSERT_EQUAL(rd(t, LPF_REG_SEG1_LO), (uint32_t)(DRAM_BASE + SEG1_OFF));
	expect_good_job_runs(t);
	/* reset and start in one write */
	wr(t, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK | LPF_REG_CTRL_START_MASK);
	expect_done(t, rd(t, LPF_REG_STATUS));

	/* the buffers keep their contents across a reset, as the RTL's block RAMs do: the
	 * accumulators still hold the good job's 2 * x */
	wr(t, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK);
	t->n = 0;
	tb_emit(t, op_post(LPF_POST_MODE_RAW32, 1, 4, 4));
	tb_emit(t, op_store(Y_DRAM, 0, 16, 1, 1, 2, 4, 64, 64));
	tb_emit(t, op_end());
	memset(t->mem + SEG1_OFF + Y_DRAM, 0xEE, 64);
	expect_done(t, tb_run(t));
	for (uint32_t i = 0; i < 16; i++) {
		const uint8_t *p = t->mem + SEG1_OFF + Y_DRAM + 4 * i;
		uint32_t v = p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;

		wrong += v != 2 * (10 + i);
	}
	CU_ASSERT_EQUAL(wrong, 0);
	tb_free(t);
}

static const struct lpf_test_case cases[] = {
	{"fabric_model_conv3x3_pad1_uint8_int8", fabric_model_conv3x3_pad1_uint8_int8},
	{"fabric_model_conv_stride2", fabric_model_conv_stride2},
	{"fabric_model_conv_dilation2_uint8_weights_zp255",
	 fabric_model_conv_dilation2_uint8_weights_zp255},
	{"fabric_model_conv_grouped", fabric_model_conv_grouped},
	{"fabric_model_conv_depthwise_per_channel_wzp",
	 fabric_model_conv_depthwise_per_channel_wzp},
	{"fabric_model_conv_accumulates_input_channel_halves",
	 fabric_model_conv_accumulates_input_channel_halves},
	{"fabric_model_conv_int8_act_uint8_weights", fabric_model_conv_int8_act_uint8_weights},
	{"fabric_model_conv_raw32", fabric_model_conv_raw32},
	{"fabric_model_conv_relu_clip", fabric_model_conv_relu_clip},
	{"fabric_model_maxpool_2x2_stride2", fabric_model_maxpool_2x2_stride2},
	{"fabric_model_maxpool_3x3_stride2_negative_origin",
	 fabric_model_maxpool_3x3_stride2_negative_origin},
	{"fabric_model_load_3d_strided_with_padding", fabric_model_load_3d_strided_with_padding},
	{"fabric_model_gemm_with_strided_load_and_store",
	 fabric_model_gemm_with_strided_load_and_store},
	{"fabric_model_identity_and_capability_registers",
	 fabric_model_identity_and_capability_registers},
	{"fabric_model_config_registers_read_back", fabric_model_config_registers_read_back},
	{"fabric_model_irq_status_is_write_one_to_clear",
	 fabric_model_irq_status_is_write_one_to_clear},
	{"fabric_model_perf_counters_follow_the_estimate",
	 fabric_model_perf_counters_follow_the_estimate},
	{"fabric_model_token_pipeline_runs_to_done", fabric_model_token_pipeline_runs_to_done},
	{"fabric_model_token_queue_holds_exactly_token_depth",
	 fabric_model_token_queue_holds_exactly_token_depth},
	{"fabric_model_token_underflow_and_leftover", fabric_model_token_underflow_and_leftover},
	{"fabric_model_token_flags_without_peer_are_bad_fields",
	 fabric_model_token_flags_without_peer_are_bad_fields},
	{"fabric_model_bad_opcode", fabric_model_bad_opcode},
	{"fabric_model_bad_fields", fabric_model_bad_fields},
	{"fabric_model_reserved_bit_is_bad_field", fabric_model_reserved_bit_is_bad_field},
	{"fabric_model_sram_range", fabric_model_sram_range},
	{"fabric_model_dma_error", fabric_model_dma_error},
	{"fabric_model_cmd_fetch_errors", fabric_model_cmd_fetch_errors},
	{"fabric_model_pool_window_error", fabric_model_pool_window_error},
	{"fabric_model_kernel_range_error", fabric_model_kernel_range_error},
	{"fabric_model_soft_reset_clears_status_and_tokens",
	 fabric_model_soft_reset_clears_status_and_tokens},
	{NULL, NULL},
};

int main(void)
{
	return lpf_test_run("fabric_model", cases);
}
