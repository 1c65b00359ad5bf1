/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the com.microsoft quantized host ops (ms_*.c): per-tensor scale and
 * zero point inputs, 8-bit element access. Internal to host/hostops/.
 */
#ifndef LPF_MS_QLINEAR_H
#define LPF_MS_QLINEAR_H

#include <stdbool.h>
#include <stdint.h>

#include "hostops/hostop_util.h"

#define LPF_MS_DOMAIN "com.microsoft"
#define LPF_MS_Q8 (LPF_HOP_DT(LPF_DT_UINT8) | LPF_HOP_DT(LPF_DT_INT8))

struct lpf_ms_q {
	float scale;
	int32_t zp;
};

/*
 * Check the scale (input si: float32, one element) and zero point (input zi, optional:
 * one element of type dtype). When the data is present (always at run time) read them
 * into q; an absent zero point is 0.
 */
lpfpga_status lpf_ms_qparams(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     int si, int zi, int dtype, struct lpf_ms_q *q, struct lpf_err *err);

/* Element i of a uint8 / int8 tensor. */
static inline int32_t lpf_ms_get(const struct lpf_hval *v, int64_t i)
{
	if (v->dtype == LPF_DT_INT8)
		return ((const int8_t *)v->data)[i];
	return ((const uint8_t *)v->data)[i];
}

/* Store a value already saturated to the tensor's type. */
static inline void lpf_ms_put(struct lpf_hval *v, int64_t i, int32_t q)
{
	if (v->dtype == LPF_DT_INT8)
		((int8_t *)v->data)[i] = (int8_t)q;
	else
		((uint8_t *)v->data)[i] = (uint8_t)q;
}

static inline int32_t lpf_ms_qmin(int dtype)
{
	return dtype == LPF_DT_INT8 ? -128 : 0;
}

static inline int32_t lpf_ms_qmax(int dtype)
{
	return dtype == LPF_DT_INT8 ? 127 : 255;
}

#endif
