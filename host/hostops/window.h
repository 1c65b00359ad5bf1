/* SPDX-License-Identifier: MIT */
/*
 * Sliding-window geometry shared by the pools and Conv: kernel, strides, dilations,
 * pads (explicit or from auto_pad) and the output size of each spatial dimension.
 */
#ifndef LPF_HOSTOP_WINDOW_H
#define LPF_HOSTOP_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "hostops/hostops.h"

#define LPF_HOP_MAX_SPATIAL 3

struct lpf_hop_window {
	int nsp;                                /* spatial dimensions */
	int64_t in[LPF_HOP_MAX_SPATIAL];
	int64_t k[LPF_HOP_MAX_SPATIAL];
	int64_t stride[LPF_HOP_MAX_SPATIAL];
	int64_t dil[LPF_HOP_MAX_SPATIAL];
	int64_t pad_begin[LPF_HOP_MAX_SPATIAL];
	int64_t pad_end[LPF_HOP_MAX_SPATIAL];
	int64_t out[LPF_HOP_MAX_SPATIAL];
};

/*
 * Geometry for input x ([N, C, spatial...]) and kernel k (x->rank - 2 entries),
 * from the node's auto_pad, pads, strides and dilations attributes. ceil_mode
 * rounds the output size up; a last window that would start in the end padding
 * is dropped, as onnxruntime and PyTorch do.
 */
lpfpga_status lpf_hop_window_init(const struct lpf_node *n, const struct lpf_hval *x,
				  const int64_t *k, bool ceil_mode, struct lpf_hop_window *w,
				  struct lpf_err *err);

/* w padded to LPF_HOP_MAX_SPATIAL dimensions with leading size-1 dimensions. */
void lpf_hop_window_to_3d(const struct lpf_hop_window *w, struct lpf_hop_window *g);

#endif
