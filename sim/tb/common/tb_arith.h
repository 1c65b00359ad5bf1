// SPDX-License-Identifier: MIT
// The arithmetic contract of hw/arith/lpf_arith.h, compiled as C11 (tb_arith.c) and called
// from the C++ Verilator harnesses, so that the reference is the header exactly as the C code
// of the project compiles it.
#ifndef TB_ARITH_H
#define TB_ARITH_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// lpf_requantize(acc, float from mult_bits, zp, qmin, qmax): the float32 contract.
int32_t tb_requantize_f32(int32_t acc, uint32_t mult_bits, int32_t zp, int32_t qmin,
                          int32_t qmax);
// lpf_requantize_int(acc, mult_bits, zp, qmin, qmax): the integer datapath model.
int32_t tb_requantize_int(int32_t acc, uint32_t mult_bits, int32_t zp, int32_t qmin,
                          int32_t qmax);

#ifdef __cplusplus
}
#endif

#endif
