/* SPDX-License-Identifier: MIT */
/*
 * Tile-size and loop-order search. Every candidate is checked against half of
 * each on-chip buffer (the other half belongs to the tile in flight) and the ISA
 * field widths; its cost is the DRAM bytes its loads and stores move, halo
 * re-reads included, plus a fixed charge per instruction and a smaller one per
 * CONV cycle (so that, between tilings moving about the same bytes, the one with
 * fewer partial pixel blocks and INP bank conflicts wins). The emitter walks the
 * same tiles with the same rule (load only what neither half of a buffer holds)
 * and the same row pitches, so the predicted traffic is the traffic the command
 * stream produces.
 */
#include "compiler/tiler.h"

#include <stdlib.h>

#include "lpf_spec.h"

#define FIELD16 0xFFFFLL
#define FIELD12 0xFFFLL
#define FIELD8 0xFFLL

struct axis {
	int64_t p, ps, pk, ppad, o, s, k, d, pad, in;
};

/* Tiles of one axis alike for the CONV's pixel blocks and the row pitch. */
struct span_class {
	int64_t conv, stored, pad1, n;
};

#define N_CLASSES 6

/* Per-axis summary of the tiles of one length. */
struct axis_stats {
	int64_t t, n, sum_ld, max_stored, max_conv, max_pad;
	int n_cls;                      /* classes of its tiles, -1 if more than N_CLASSES */
	struct span_class cls[N_CLASSES];
	bool ok;
};

/* Per-(oc_t, ic_t) summary of the output-channel tiles. */
struct oc_stats {
	int64_t n_oc, n_chunks, max_noc, max_nch, max_ng, max_ocpg, max_icpg;
	uint64_t sum_ch, chg_ch, n_chg, wgt_loads;
	uint64_t steps;                 /* reduction steps per pixel block of all CONVs */
	bool ok;
};

static int64_t cdiv(int64_t a, int64_t b)
{
	return (a + b - 1) / b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static void axis_of(const struct lpf_conv_geom *g, int ax, struct axis *a)
{
	if (ax == 0) {
		*a = (struct axis){ g->ph, g->ps_h, g->pk_h, g->ppad_t, g->oh, g->sh, g->kh, g->dh,
				    g->pad_t, g->h };
	} else {
		*a = (struct axis){ g->pw, g->ps_w, g->pk_w, g->ppad_l, g->ow, g->sw, g->kw, g->dw,
				    g->pad_l, g->w };
	}
}

int lpf_contig_loads(uint64_t n)
{
	/* one LOAD moves up to 0xFFFF bytes per row, or whole 4 KiB rows */
	if (n <= FIELD16 || n % 4096 == 0)
		return 1;
	return 2;
}

void lpf_tile_span(const struct lpf_conv_geom *g, int axis, int64_t p0, int64_t p1,
		   struct lpf_span *s)
{
	struct axis a;
	int64_t st, en;

	axis_of(g, axis, &a);
	s->p0 = p0;
	s->p1 = p1;
	s->c0 = max64(0, p0 * a.ps - a.ppad);
	s->c1 = min64(a.o, (p1 - 1) * a.ps - a.ppad + a.pk);
	s->pool0 = p0 * a.ps - a.ppad - s->c0;
	st = s->c0 * a.s - a.pad;
	en = (s->c1 - 1) * a.s - a.pad + (a.k - 1) * a.d + 1;
	s->ld0 = max64(st, 0);
	s->ld1 = min64(en, a.in);
	s->skip = 0;
	if (s->ld0 < s->ld1) {
		s->pad0 = s->ld0 - st;
		s->pad1 = en - s->ld1;
	} else if (en <= 0) {
		/* the window lies in the leading padding: load one real element after it */
		s->ld0 = 0;
		s->ld1 = 1;
		s->pad0 = -st;
		s->pad1 = 0;
	} else {
		/* in the trailing padding: load the last real element and skip it */
		s->ld0 = a.in - 1;
		s->ld1 = a.in;
		s->pad0 = 0;
		s->pad1 = en - a.in;
		s->skip = st - (a.in - 1);
	}
}

static int64_t stored_width(const struct lpf_span *s)
{
	return s->pad0 + (s->ld1 - s->ld0) + s->pad1;
}

static void add_class(struct axis_stats *r, const struct lpf_span *s)
{
	struct span_class k = { s->c1 - s->c0, stored_width(s), s->pad1, 1 };
	int i;

	if (r->n_cls < 0)
		return;
	for (i = 0; i < r->n_cls; i++) {
		if (r->cls[i].conv == k.conv && r->cls[i].stored == k.stored &&
		    r->cls[i].pad1 == k.pad1) {
			r->cls[i].n++;
			return;
		}
	}
	if (r->n_cls == N_CLASSES)
		r->n_cls = -1;
	else
		r->cls[r->n_cls++] = k;
}

static void axis_stats(const struct lpf_conv_geom *g, int ax, int64_t t, struct axis_stats *r)
{
	struct axis a;
	struct lpf_span s;
	int64_t p0;

	axis_of(g, ax, &a);
	*r = (struct axis_stats){ .t = t, .ok = true };
	for (p0 = 0; p0 < a.p; p0 += t) {
		lpf_tile_span(g, ax, p0, min64(a.p, p0 + t), &s);
		if (s.c1 <= s.c0) {
			r->ok = false;
			return;
		}
		r->n++;
		r->sum_ld += s.ld1 - s.ld0;
		/* the CONV reads from skip on: count it against the buffer too */
		r->max_stored = max64(r->max_stored, stored_width(&s) + s.skip);
		r->max_conv = max64(r->max_conv, s.c1 - s.c0);
		r->max_pad = max64(r->max_pad, max64(s.pad0, s.pad1));
		add_class(r, &s);
	}
}

static bool whole_groups(const struct lpf_conv_geom *g, const struct lpf_tiling *t)
{
	return g->groups > 1 && t->oc_t >= g->oc / g->groups;
}

int64_t lpf_tile_n_oc(const struct lpf_conv_geom *g, const struct lpf_tiling *t)
{
	int64_t ocpg = g->oc / g->groups;

	if (whole_groups(g, t))
		return cdiv(g->groups, t->oc_t / ocpg);
	return g->groups * cdiv(ocpg, t->oc_t);
}

void lpf_tile_oc(const struct lpf_conv_geom *g, const struct lpf_tiling *t, int64_t i,
		 struct lpf_octile *o)
{
	int64_t ocpg = g->oc / g->groups, icpg = g->c / g->groups;
	int64_t per, gi, j;

	if (whole_groups(g, t)) {
		per = t->oc_t / ocpg;
		gi = i * per;
		o->ng = min64(per, g->groups - gi);
		o->oc0 = gi * ocpg;
		o->noc = o->ng * ocpg;
		o->ch0 = gi * icpg;
		o->nch = o->ng * icpg;
		return;
	}
	per = cdiv(ocpg, t->oc_t);
	gi = i / per;
	j = i % per;
	o->ng = 1;
	o->oc0 = gi * ocpg + j * t->oc_t;
	o->noc = min64(t->oc_t, ocpg - j * t->oc_t);
	o->ch0 = gi * icpg;
	o->nch = icpg;
}

int64_t lpf_tile_n_chunks(const struct lpf_conv_geom *g, const struct lpf_tiling *t)
{
	if (whole_groups(g, t))
		return 1;
	return cdiv(g->c / g->groups, t->ic_t);
}

static void oc_stats(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
		     struct oc_stats *r)
{
	int64_t icpg = g->c / g->groups, ocpg = g->oc / g->groups;
	int64_t kk = g->kh * g->kw, i, k, blocks, prev_ch0 = -1;
	struct lpf_octile o;

	*r = (struct oc_stats){ .ok = true };
	if (t->oc_t < 1 || t->ic_t < 1 || t->ic_t > icpg) {
		r->ok = false;
		return;
	}
	if (whole_groups(g, t) && (t->oc_t % ocpg || t->ic_t != icpg)) {
		r->ok = false;
		return;
	}
	if (!whole_groups(g, t) && t->oc_t > ocpg) {
		r->ok = false;
		return;
	}
	r->n_oc = lpf_tile_n_oc(g, t);
	r->n_chunks = lpf_tile_n_chunks(g, t);
	for (i = 0; i < r->n_oc; i++) {
		lpf_tile_oc(g, t, i, &o);
		r->max_noc = max64(r->max_noc, o.noc);
		r->max_ng = max64(r->max_ng, o.ng);
		r->max_ocpg = max64(r->max_ocpg, o.noc / o.ng);
		r->sum_ch += (uint64_t)o.nch;
		if (o.ch0 != prev_ch0) {
			r->chg_ch += (uint64_t)o.nch;
			r->n_chg++;
		}
		prev_ch0 = o.ch0;
		/* a CONV runs its groups and PE_COLS-wide channel blocks one after another */
		blocks = o.ng * cdiv(o.noc / o.ng, LPF_PE_COLS);
		if (o.ng > 1) {
			r->max_nch = max64(r->max_nch, o.nch);
			r->max_icpg = max64(r->max_icpg, icpg);
			r->wgt_loads += (uint64_t)lpf_contig_loads((uint64_t)(o.noc * icpg * kk));
			r->steps += (uint64_t)(blocks * icpg * kk);
			continue;
		}
		for (k = 0; k < r->n_chunks; k++) {
			int64_t n = min64(t->ic_t, icpg - k * t->ic_t);

			r->max_nch = max64(r->max_nch, n);
			r->max_icpg = max64(r->max_icpg, n);
			r->wgt_loads += (uint64_t)lpf_contig_loads((uint64_t)(o.noc * n * kk));
			r->steps += (uint64_t)(blocks * n * kk);
		}
	}
}

static bool fits_stats(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
		       const struct oc_stats *o, const struct axis_stats *rs,
		       const struct axis_stats *cs)
{
	int64_t kk = g->kh * g->kw;

	if (!o->ok || !rs->ok || !cs->ok)
		return false;
	if (t->ph_t < 1 || t->ph_t > g->ph || t->pw_t < 1 || t->pw_t > g->pw)
		return false;
	if (t->order != LPF_ORDER_WEIGHTS && t->order != LPF_ORDER_INPUT)
		return false;
	if (o->max_ng > FIELD8 || o->max_ocpg > FIELD12 || o->max_icpg > FIELD12 ||
	    o->max_nch > FIELD16 || o->max_noc > FIELD16)
		return false;
	if (rs->max_stored > FIELD16 || cs->max_stored > FIELD16 || rs->max_conv > FIELD16 ||
	    cs->max_conv > FIELD16 || rs->max_pad > FIELD8 || cs->max_pad > FIELD8)
		return false;
	if (o->max_nch * rs->max_stored * cs->max_stored > LPF_INP_BUF_BYTES / 2)
		return false;
	if (o->max_noc * o->max_icpg * kk > LPF_WGT_BUF_BYTES / 2)
		return false;
	if (o->max_noc * rs->max_conv * cs->max_conv > LPF_ACC_BUF_ENTRIES / 2)
		return false;
	if (o->max_noc * t->ph_t * t->pw_t * g->out_elem > LPF_OUT_BUF_BYTES / 2)
		return false;
	if (o->max_noc > LPF_PARAM_BUF_ENTRIES / 2)
		return false;
	return true;
}

static int64_t room_of(const struct oc_stats *o, const struct axis_stats *rs)
{
	int64_t plane_rows = o->max_nch * rs->max_stored;

	return plane_rows > 0 ? (int64_t)(LPF_INP_BUF_BYTES / 2) / plane_rows : 0;
}

static int64_t pitch_of(struct lpf_inp_memo *m, int64_t conv_h, int64_t conv_w,
			int64_t stored, int64_t pad1, int64_t room, uint64_t *cycles)
{
	/* the extra columns are LOAD padding after each row, counted in PAD_X1 */
	int64_t most = min64(min64(room, FIELD16), stored + FIELD8 - pad1);

	return lpf_inp_memo_pitch(m, conv_h, conv_w, stored, most, cycles);
}

int64_t lpf_tile_pitch(struct lpf_inp_memo *m, const struct lpf_span *sr,
		       const struct lpf_span *sc, int64_t room, uint64_t *cycles)
{
	return pitch_of(m, sr->c1 - sr->c0, sc->c1 - sc->c0, stored_width(sc), sc->pad1, room,
			cycles);
}

/* Step cycles summed over every spatial tile's pixel blocks, each at its row pitch. */
static uint64_t tile_cycles(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
			    const struct axis_stats *rs, const struct axis_stats *cs, int64_t room,
			    struct lpf_inp_memo *m)
{
	struct lpf_span sr, sc;
	uint64_t sum = 0, cyc;
	int64_t r0, c0;
	int i, j;

	if (rs->n_cls >= 0 && cs->n_cls >= 0) {
		for (i = 0; i < rs->n_cls; i++) {
			for (j = 0; j < cs->n_cls; j++) {
				pitch_of(m, rs->cls[i].conv, cs->cls[j].conv, cs->cls[j].stored,
					 cs->cls[j].pad1, room, &cyc);
				sum += cyc * (uint64_t)(rs->cls[i].n * cs->cls[j].n);
			}
		}
		return sum;
	}
	for (r0 = 0; r0 < g->ph; r0 += t->ph_t) {
		lpf_tile_span(g, 0, r0, min64(g->ph, r0 + t->ph_t), &sr);
		for (c0 = 0; c0 < g->pw; c0 += t->pw_t) {
			lpf_tile_span(g, 1, c0, min64(g->pw, c0 + t->pw_t), &sc);
			lpf_tile_pitch(m, &sr, &sc, room, &cyc);
			sum += cyc;
		}
	}
	return sum;
}

static void cost_stats(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
		       const struct oc_stats *o, const struct axis_stats *rs,
		       const struct axis_stats *cs, struct lpf_inp_memo *m,
		       struct lpf_tile_cost *c)
{
	uint64_t n_sp = (uint64_t)(g->n_img * rs->n * cs->n);
	uint64_t src = (uint64_t)(g->n_img * rs->sum_ld * cs->sum_ld);
	uint64_t no = (uint64_t)o->n_oc, nk = (uint64_t)o->n_chunks;
	uint64_t w_total = (uint64_t)(g->oc * (g->c / g->groups) * g->kh * g->kw);
	uint64_t p_total = (uint64_t)g->oc * LPF_PARAM_ENTRY_BYTES;
	uint64_t inp_loads, wgt_rep, par_rep, par_loads;

	/*
	 * Each buffer keeps two contents (emitter.c): a content sequence that cycles
	 * through at most two is loaded once; longer cycles reload every step.
	 */
	*c = (struct lpf_tile_cost){ 0 };
	if (t->order == LPF_ORDER_WEIGHTS) {
		bool inp_kept = n_sp * nk <= 2;

		c->inp_bytes = (inp_kept ? o->chg_ch : o->sum_ch) * src;
		inp_loads = inp_kept ? o->n_chg * n_sp * nk : no * n_sp * nk;
		wgt_rep = nk > 2 ? n_sp : 1;
		par_rep = 1;
		par_loads = no;
	} else {
		bool inp_kept = nk <= 2;

		c->inp_bytes = (inp_kept ? o->chg_ch : o->sum_ch) * src;
		inp_loads = inp_kept ? o->n_chg * nk * n_sp : no * n_sp * nk;
		wgt_rep = no * nk <= 2 ? 1 : n_sp;
		par_rep = no <= 2 ? 1 : n_sp;
		par_loads = no * par_rep;
	}
	c->wgt_bytes = w_total * wgt_rep;
	c->param_bytes = p_total * par_rep;
	c->out_bytes = (uint64_t)(g->oc * g->n_img * g->ph * g->pw * g->out_elem);
	c->n_tiles = no * n_sp;
	c->n_insns = inp_loads + o->wgt_loads * wgt_rep + par_loads + no * n_sp * nk +
		     2 * c->n_tiles;
	c->conv_cycles = (uint64_t)g->n_img * o->steps *
			 tile_cycles(g, t, rs, cs, room_of(o, rs), m);
	c->cost = c->inp_bytes + c->wgt_bytes + c->param_bytes + c->out_bytes +
		  LPF_TILE_INSN_COST * c->n_insns + c->conv_cycles / LPF_TILE_CYCLES_PER_BYTE;
}

bool lpf_tiling_fits(const struct lpf_conv_geom *g, const struct lpf_tiling *t)
{
	struct oc_stats o;
	struct axis_stats rs, cs;

	if (t->ph_t < 1 || t->ph_t > g->ph || t->pw_t < 1 || t->pw_t > g->pw)
		return false;
	oc_stats(g, t, &o);
	axis_stats(g, 0, t->ph_t, &rs);
	axis_stats(g, 1, t->pw_t, &cs);
	return fits_stats(g, t, &o, &rs, &cs);
}

void lpf_tiling_cost(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
		     struct lpf_tile_cost *c)
{
	struct oc_stats o;
	struct axis_stats rs, cs;
	struct lpf_inp_memo m;

	oc_stats(g, t, &o);
	axis_stats(g, 0, t->ph_t, &rs);
	axis_stats(g, 1, t->pw_t, &cs);
	lpf_inp_memo_init(&m, g->sh, g->sw);
	cost_stats(g, t, &o, &rs, &cs, &m, c);
	lpf_inp_memo_free(&m);
}

int64_t lpf_tile_pitch_room(const struct lpf_conv_geom *g, const struct lpf_tiling *t)
{
	struct oc_stats o;
	struct axis_stats rs;

	oc_stats(g, t, &o);
	axis_stats(g, 0, t->ph_t, &rs);
	return room_of(&o, &rs);
}

/* Input elements along one axis that some output depends on (strides may skip some). */
static int64_t touched(const struct lpf_conv_geom *g, int ax)
{
	struct axis a;
	uint8_t *conv, *inp;
	int64_t p, o, k, n = 0;

	axis_of(g, ax, &a);
	conv = calloc((size_t)a.o, 1);
	inp = calloc((size_t)a.in, 1);
	if (!conv || !inp) {
		free(conv);
		free(inp);
		return a.in;
	}
	for (p = 0; p < a.p; p++)
		for (o = max64(0, p * a.ps - a.ppad); o < min64(a.o, p * a.ps - a.ppad + a.pk); o++)
			conv[o] = 1;
	for (o = 0; o < a.o; o++) {
		for (k = 0; conv[o] && k < a.k; k++) {
			int64_t r = o * a.s - a.pad + k * a.d;

			if (r >= 0 && r < a.in && !inp[r]) {
				inp[r] = 1;
				n++;
			}
		}
	}
	free(conv);
	free(inp);
	return n;
}

uint64_t lpf_tile_lower_bound(const struct lpf_conv_geom *g)
{
	return (uint64_t)(g->n_img * g->c * touched(g, 0) * touched(g, 1)) +
	       (uint64_t)(g->oc * (g->c / g->groups) * g->kh * g->kw) +
	       (uint64_t)g->oc * LPF_PARAM_ENTRY_BYTES +
	       (uint64_t)(g->oc * g->n_img * g->ph * g->pw * g->out_elem);
}

lpfpga_status lpf_tile_check_geom(const struct lpf_conv_geom *g, struct lpf_err *err)
{
	if (g->n_img < 1 || g->c < 1 || g->h < 1 || g->w < 1 || g->oc < 1 || g->groups < 1 ||
	    g->oh < 1 || g->ow < 1 || g->ph < 1 || g->pw < 1)
		return lpf_err_set(err, LPFPGA_ERROR_SHAPE_MISMATCH,
				   "empty tensor (input [%lld,%lld,%lld,%lld], output [%lld,%lld])",
				   (long long)g->n_img, (long long)g->c, (long long)g->h,
				   (long long)g->w, (long long)g->ph, (long long)g->pw);
	if (g->c % g->groups || g->oc % g->groups)
		return lpf_err_set(err, LPFPGA_ERROR_SHAPE_MISMATCH,
				   "channels %lld -> %lld not divisible by group %lld",
				   (long long)g->c, (long long)g->oc, (long long)g->groups);
	if (g->sh < 1 || g->sw < 1 || g->dh < 1 || g->dw < 1 || g->ps_h < 1 || g->ps_w < 1 ||
	    g->kh < 1 || g->kw < 1 || g->pk_h < 1 || g->pk_w < 1)
		return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
				   "zero or negative kernel, stride or dilation");
	if (g->pad_t < 0 || g->pad_l < 0 || g->ppad_t < 0 || g->ppad_l < 0)
		return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID, "negative padding");
	if (g->kh > LPF_MAX_KERNEL || g->kw > LPF_MAX_KERNEL)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "kernel %lldx%lld larger than the fabric's %u",
				   (long long)g->kh, (long long)g->kw, LPF_MAX_KERNEL);
	if (g->sh > 15 || g->sw > 15 || g->dh > 15 || g->dw > 15)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "stride %lldx%lld or dilation %lldx%lld does not fit the CONV "
				   "instruction (at most 15)",
				   (long long)g->sh, (long long)g->sw, (long long)g->dh,
				   (long long)g->dw);
	if (g->pk_h > LPF_MAX_POOL || g->pk_w > LPF_MAX_POOL || g->ps_h > LPF_MAX_POOL ||
	    g->ps_w > LPF_MAX_POOL)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "pool window %lldx%lld stride %lldx%lld larger than %u",
				   (long long)g->pk_h, (long long)g->pk_w, (long long)g->ps_h,
				   (long long)g->ps_w, LPF_MAX_POOL);
	if (g->pad_t > FIELD8 || g->pad_l > FIELD8 || g->ppad_t >= g->pk_h ||
	    g->ppad_l >= g->pk_w)
		return lpf_err_set(
			err, LPFPGA_ERROR_NOT_SUPPORTED,
			"padding %lld,%lld larger than the LOAD pad fields (255) or pool "
			"padding not smaller than its window",
			(long long)g->pad_t, (long long)g->pad_l);
	if (g->out_elem != 1 && g->out_elem != 4)
		return lpf_err_set(err, LPFPGA_ERROR_INTERNAL, "bad output element size %d",
				   g->out_elem);
	return LPFPGA_OK;
}

/* Distinct values of ceil(n / k), k = 1..n, largest first. */
static int64_t *divisions(int64_t n, int *count)
{
	int64_t *v = NULL, k = 1;
	int cap = 0;

	*count = 0;
	while (k <= n) {
		int64_t q = cdiv(n, k);

		if (*count == cap) {
			int64_t *nv;

			cap = cap ? 2 * cap : 16;
			nv = realloc(v, (size_t)cap * sizeof(*v));
			if (!nv) {
				free(v);
				*count = -1;
				return NULL;
			}
			v = nv;
		}
		v[(*count)++] = q;
		if (q == 1)
			break;
		k = cdiv(n, q - 1);
	}
	return v;
}

static int append_unique(int64_t **v, int *n, int *cap, int64_t x)
{
	int i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == x)
			return 0;
	if (*n == *cap) {
		int64_t *nv;

		*cap = *cap ? 2 * *cap : 32;
		nv = realloc(*v, (size_t)*cap * sizeof(**v));
		if (!nv)
			return -1;
		*v = nv;
	}
	(*v)[(*n)++] = x;
	return 0;
}

/*
 * Output row or column counts to try: the distinct ceil(n / k), and each rounded up to
 * a multiple of 2, 4, ... PE_ROWS, which gives as many tiles with whole pixel blocks.
 */
static int64_t *spatial_candidates(int64_t n, int *count)
{
	int64_t *d, *v = NULL, m;
	int nd, i, cnt = 0, cap = 0, bad = 0;

	d = divisions(n, &nd);
	if (nd < 0)
		return NULL;
	for (i = 0; i < nd && !bad; i++)
		for (m = 1; m <= LPF_PE_ROWS && !bad; m *= 2)
			if (cdiv(d[i], m) * m <= n)
				bad = append_unique(&v, &cnt, &cap, cdiv(d[i], m) * m);
	free(d);
	if (bad) {
		free(v);
		return NULL;
	}
	*count = cnt;
	return v;
}

/* Output-channel tile candidates: multiples of PE_COLS where possible, whole groups. */
static int64_t *oc_candidates(const struct lpf_conv_geom *g, int *count)
{
	int64_t ocpg = g->oc / g->groups, *d, *v = NULL;
	int nd, i, n = 0, cap = 0, bad = 0;

	d = divisions(ocpg, &nd);
	if (nd < 0)
		return NULL;
	for (i = 0; i < nd; i++) {
		int64_t r = min64(ocpg, cdiv(d[i], LPF_PE_COLS) * LPF_PE_COLS);

		bad |= append_unique(&v, &n, &cap, r);
		/* fewer than PE_COLS channels leave array columns idle: only when all are fewer */
		if (d[i] < LPF_PE_COLS && ocpg < LPF_PE_COLS)
			bad |= append_unique(&v, &n, &cap, d[i]);
	}
	free(d);
	if (g->groups > 1 && !bad) {
		d = divisions(g->groups, &nd);
		if (nd < 0)
			bad = 1;
		for (i = 0; i < nd && !bad; i++)
			bad |= append_unique(&v, &n, &cap, d[i] * ocpg);
		free(d);
	}
	if (bad) {
		free(v);
		return NULL;
	}
	*count = n;
	return v;
}

struct search {
	int n_oc, n_ic, n_r, n_c;
	int64_t *oc, *ic, *r, *c;
	struct axis_stats *rs, *cs;
	struct lpf_inp_memo memo;
};

static void search_free(struct search *s)
{
	lpf_inp_memo_free(&s->memo);
	free(s->oc);
	free(s->ic);
	free(s->r);
	free(s->c);
	free(s->rs);
	free(s->cs);
}

static lpfpga_status search_init(const struct lpf_conv_geom *g, struct search *s,
				 struct lpf_err *err)
{
	int i;

	*s = (struct search){ 0 };
	lpf_inp_memo_init(&s->memo, g->sh, g->sw);
	s->oc = oc_candidates(g, &s->n_oc);
	s->ic = divisions(g->c / g->groups, &s->n_ic);
	s->r = spatial_candidates(g->ph, &s->n_r);
	s->c = spatial_candidates(g->pw, &s->n_c);
	if (!s->oc || !s->ic || !s->r || !s->c)
		goto oom;
	s->rs = calloc((size_t)s->n_r, sizeof(*s->rs));
	s->cs = calloc((size_t)s->n_c, sizeof(*s->cs));
	if (!s->rs || !s->cs)
		goto oom;
	for (i = 0; i < s->n_r; i++)
		axis_stats(g, 0, s->r[i], &s->rs[i]);
	for (i = 0; i < s->n_c; i++)
		axis_stats(g, 1, s->c[i], &s->cs[i]);
	return LPFPGA_OK;
oom:
	search_free(s);
	return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory in the tiler");
}

lpfpga_status lpf_tile_choose(const struct lpf_conv_geom *g, struct lpf_tiling *t,
			      struct lpf_err *err)
{
	struct search s;
	struct lpf_tiling cand, best = { 0 };
	struct lpf_tile_cost c;
	uint64_t best_cost = UINT64_MAX;
	lpfpga_status st;
	int a, b, r, q, ord;

	st = lpf_tile_check_geom(g, err);
	if (st)
		return st;
	st = search_init(g, &s, err);
	if (st)
		return st;
	for (a = 0; a < s.n_oc; a++) {
		for (b = 0; b < s.n_ic; b++) {
			struct oc_stats os;

			cand = (struct lpf_tiling){ .oc_t = s.oc[a], .ic_t = s.ic[b] };
			oc_stats(g, &cand, &os);
			if (!os.ok)
				continue;
			for (r = 0; r < s.n_r; r++) {
				for (q = 0; q < s.n_c; q++) {
					for (ord = LPF_ORDER_WEIGHTS; ord <= LPF_ORDER_INPUT;
					     ord++) {
						cand.ph_t = s.r[r];
						cand.pw_t = s.c[q];
						cand.order = ord;
						if (!fits_stats(g, &cand, &os, &s.rs[r], &s.cs[q]))
							continue;
						cost_stats(g, &cand, &os, &s.rs[r], &s.cs[q],
							   &s.memo, &c);
						if (c.cost < best_cost) {
							best_cost = c.cost;
							best = cand;
						}
					}
				}
			}
		}
	}
	search_free(&s);
	if (best_cost == UINT64_MAX)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "no tiling fits the on-chip buffers (input %lldx%lldx%lld, "
				   "kernel %lldx%lld, %lld output channels, group %lld)",
				   (long long)g->c, (long long)g->h, (long long)g->w,
				   (long long)g->kh, (long long)g->kw, (long long)g->oc,
				   (long long)g->groups);
	*t = best;
	return LPFPGA_OK;
}
