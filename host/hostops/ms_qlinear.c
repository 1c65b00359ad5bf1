/* SPDX-License-Identifier: MIT */
/* Scale and zero point inputs of the com.microsoft quantized host ops (see ms_qlinear.h). */
#include "hostops/ms_qlinear.h"

#include <math.h>

lpfpga_status lpf_ms_qparams(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     int si, int zi, int dtype, struct lpf_ms_q *q, struct lpf_err *err)
{
	char b[LPF_HOP_SHAPE_MAX];

	if (!lpf_hop_present(in, n_in, si) || in[si].dtype != LPF_DT_FLOAT ||
	    lpf_hop_numel(&in[si]) != 1)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "input %d (scale) must be one float32 value%s%s", si,
				    lpf_hop_present(in, n_in, si) ? "; got " : " and is absent",
				    lpf_hop_present(in, n_in, si) ?
					    lpf_hop_shape(&in[si], b, sizeof(b)) : "");
	if (lpf_hop_present(in, n_in, zi) &&
	    (in[zi].dtype != dtype || lpf_hop_numel(&in[zi]) != 1))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "input %d (zero point) must be one %s value; got %s %s", zi,
				    lpf_dtype_name(dtype), lpf_dtype_name(in[zi].dtype),
				    lpf_hop_shape(&in[zi], b, sizeof(b)));
	q->scale = 1.0f;
	q->zp = 0;
	if (in[si].data) {
		q->scale = *(const float *)in[si].data;
		if (!isfinite(q->scale) || q->scale <= 0.0f)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
					    "input %d: scale %g is not positive and finite", si,
					    (double)q->scale);
	}
	if (lpf_hop_present(in, n_in, zi) && in[zi].data)
		q->zp = lpf_ms_get(&in[zi], 0);
	return LPFPGA_OK;
}
