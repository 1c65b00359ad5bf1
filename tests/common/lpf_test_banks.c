/* SPDX-License-Identifier: MIT */
#include "common/lpf_test_banks.h"

#include "lpf_spec.h"

int lpf_test_block_cycles(int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t pitch,
			  int64_t block)
{
	int64_t n = out_h * out_w, p;
	int cnt[LPF_INP_BANKS] = { 0 }, worst = 0;

	for (p = block * LPF_PE_ROWS; p < n && p < (block + 1) * LPF_PE_ROWS; p++) {
		int *k = &cnt[(p / out_w * sh * pitch + p % out_w * sw) % LPF_INP_BANKS];

		if (++*k > worst)
			worst = *k;
	}
	return worst;
}
