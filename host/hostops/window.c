/* SPDX-License-Identifier: MIT */
/* Sliding-window geometry for pools and Conv (see window.h). */
#include "hostops/window.h"

#include <string.h>

#include "hostops/hostop_util.h"

static int64_t div_floor(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static lpfpga_status read_list(const struct lpf_node *n, const char *name, int want,
			       int64_t def, int64_t *vals, struct lpf_err *err)
{
	lpfpga_status st;
	int cnt;

	st = lpf_hop_attr_ints(n, name, vals, 2 * LPF_HOP_MAX_SPATIAL, &cnt, err);
	if (st)
		return st;
	if (cnt < 0) {
		for (int i = 0; i < want; i++)
			vals[i] = def;
		return LPFPGA_OK;
	}
	if (cnt != want)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "attribute '%s' has %d entries, expected %d", name, cnt, want);
	for (int i = 0; i < want; i++)
		if (vals[i] < (def == 0 ? 0 : 1))
			return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
					    "attribute '%s' has invalid entry %lld", name,
					    (long long)vals[i]);
	return LPFPGA_OK;
}

lpfpga_status lpf_hop_window_init(const struct lpf_node *n, const struct lpf_hval *x,
				  const int64_t *k, bool ceil_mode, struct lpf_hop_window *w,
				  struct lpf_err *err)
{
	const char *auto_pad = lpf_node_attr_str(n, "auto_pad", "NOTSET");
	int64_t pads[2 * LPF_HOP_MAX_SPATIAL];
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;
	int nsp = x->rank - 2;

	memset(w, 0, sizeof(*w));
	if (nsp < 1 || nsp > LPF_HOP_MAX_SPATIAL)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "input %s: 1 to %d spatial dimensions supported",
				    lpf_hop_shape(x, b, sizeof(b)), LPF_HOP_MAX_SPATIAL);
	w->nsp = nsp;
	st = read_list(n, "strides", nsp, 1, w->stride, err);
	if (!st)
		st = read_list(n, "dilations", nsp, 1, w->dil, err);
	if (!st)
		st = read_list(n, "pads", 2 * nsp, 0, pads, err);
	if (st)
		return st;
	for (int i = 0; i < nsp; i++) {
		int64_t span, total;

		w->in[i] = x->dims[2 + i];
		w->k[i] = k[i];
		if (k[i] < 1)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
					    "kernel size %lld is invalid", (long long)k[i]);
		span = (k[i] - 1) * w->dil[i] + 1;
		if (!strcmp(auto_pad, "SAME_UPPER") || !strcmp(auto_pad, "SAME_LOWER")) {
			w->out[i] = (w->in[i] + w->stride[i] - 1) / w->stride[i];
			total = (w->out[i] - 1) * w->stride[i] + span - w->in[i];
			if (total < 0)
				total = 0;
			w->pad_begin[i] = auto_pad[5] == 'U' ? total / 2 : total - total / 2;
			w->pad_end[i] = total - w->pad_begin[i];
			continue;
		}
		if (!strcmp(auto_pad, "VALID")) {
			w->pad_begin[i] = 0;
			w->pad_end[i] = 0;
		} else if (!strcmp(auto_pad, "NOTSET")) {
			w->pad_begin[i] = pads[i];
			w->pad_end[i] = pads[nsp + i];
		} else {
			return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
					    "auto_pad '%s' is invalid", auto_pad);
		}
		total = w->in[i] + w->pad_begin[i] + w->pad_end[i] - span;
		if (total < 0)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
					    "kernel span %lld exceeds padded input %s",
					    (long long)span, lpf_hop_shape(x, b, sizeof(b)));
		if (ceil_mode) {
			w->out[i] = -div_floor(-total, w->stride[i]) + 1;
			if ((w->out[i] - 1) * w->stride[i] >= w->in[i] + w->pad_begin[i])
				w->out[i]--;
		} else {
			w->out[i] = total / w->stride[i] + 1;
		}
	}
	return LPFPGA_OK;
}

void lpf_hop_window_to_3d(const struct lpf_hop_window *w, struct lpf_hop_window *g)
{
	int lead = LPF_HOP_MAX_SPATIAL - w->nsp;

	memset(g, 0, sizeof(*g));
	g->nsp = LPF_HOP_MAX_SPATIAL;
	for (int i = 0; i < LPF_HOP_MAX_SPATIAL; i++) {
		int j = i - lead;

		g->in[i] = j >= 0 ? w->in[j] : 1;
		g->k[i] = j >= 0 ? w->k[j] : 1;
		g->stride[i] = j >= 0 ? w->stride[j] : 1;
		g->dil[i] = j >= 0 ? w->dil[j] : 1;
		g->pad_begin[i] = j >= 0 ? w->pad_begin[j] : 0;
		g->pad_end[i] = j >= 0 ? w->pad_end[j] : 0;
		g->out[i] = j >= 0 ? w->out[j] : 1;
	}
}
