/* SPDX-License-Identifier: MIT */
/*
 * The CONV engine's INP bank rule (hw/rtl/compute/compute_conv.sv), written out for the
 * tests independently of host/compiler/inp_banks.c: pixel p of a CONV reads INP at
 * T + (p / out_w)*sh*pitch + (p % out_w)*sw, and a block of PE_ROWS pixels takes per
 * step as many cycles as its busiest bank (of INP_BANKS) has valid pixels.
 */
#ifndef LPF_TEST_BANKS_H
#define LPF_TEST_BANKS_H

#include <stdint.h>

/* Cycles per step of pixel block `block` (0-based) of an out_h x out_w CONV at row pitch. */
int lpf_test_block_cycles(int64_t out_h, int64_t out_w, int64_t sh, int64_t sw, int64_t pitch,
			  int64_t block);

#endif
