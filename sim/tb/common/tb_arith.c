/* SPDX-License-Identifier: MIT */
/* C11 shim around hw/arith/lpf_arith.h for the C++ testbenches (see tb_arith.h). */
#include "tb_arith.h"

#include "lpf_arith.h"

int32_t tb_requantize_f32(int32_t acc, uint32_t mult_bits, int32_t zp, int32_t qmin,
			  int32_t qmax)
{
	return lpf_requantize(acc, lpf_bits_to_f32(mult_bits), zp, qmin, qmax);
}

int32_t tb_requantize_int(int32_t acc, uint32_t mult_bits, int32_t zp, int32_t qmin,
			  int32_t qmax)
{
	return lpf_requantize_int(acc, mult_bits, zp, qmin, qmax);
}
