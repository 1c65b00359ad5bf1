// SPDX-License-Identifier: MIT
// Float32 product to an 8-bit output: round half to even, sign, zero point, saturate, clip.
//
// Steps 4 and 5 of lpf_requantize_int() (hw/arith/lpf_arith.h), followed by the POST clip. For an
// 8-bit output only products below 2^10 need an exact integer: from 2^10 on, rne(p) +- y_zp lies
// outside [-128, 255] whatever the 8-bit zero point, so such products saturate by sign like the
// model's 2^40 limit does. Below 2^-1 the result is 0 (the model's "tiny" case). In between the
// value man_i * 2^(lead_i - 23), lead_i in [-1, 9], is shifted left by lead_i + 1 into a fixed
// point number with 24 fraction bits, whose integer part is at most 2^10.
//
// Saturation to the output type and the clip fold into one clamp: CLIP_LO and CLIP_HI are values
// of the output type, so min(max(saturate(v), lo), hi) = min(max(v, lo), hi) for any lo, hi.
// Combinational.
module post_round (
  input  logic [24:0]       man_i,         // float32 mantissa of |product|, in [2^23, 2^24]
  input  logic signed [9:0] lead_i,        // exponent of the leading bit before rounding
  input  logic              zero_i,        // product counts as 0 (acc 0, M 0/subnormal/NaN, 0*inf)
  input  logic              inf_i,         // product is infinite (M infinite, acc != 0)
  input  logic              neg_i,         // sign of the product
  input  logic              out_signed_i,  // output is int8 (else uint8)
  input  logic [7:0]        zp_i,          // output zero point, output signedness
  input  logic [7:0]        clip_lo_i,     // lower clamp, output signedness
  input  logic [7:0]        clip_hi_i,     // upper clamp, output signedness
  output logic [7:0]        q_o
);

  logic              big;       // |product| >= 2^10: saturates
  logic              tiny;      // |product| < 2^-1: rounds to 0
  logic [3:0]        shamt;     // lead_i + 1 in [0, 10] when neither big nor tiny
  logic [34:0]       fixed;     // |product| * 2^24
  logic [10:0]       int_part;
  logic              round_up;
  logic [11:0]       mag;       // rne(|product|) <= 2^10
  logic signed [12:0] val;      // +-mag + zp, or a saturating stand-in
  logic signed [12:0] zp_ext;
  logic signed [12:0] lo_ext;
  logic signed [12:0] hi_ext;
  logic              below_lo;
  logic              above_hi;
  logic              lo_above_hi;

  assign big = inf_i | (lead_i >= 10'sd10);
  assign tiny = zero_i | (lead_i <= -10'sd2);

  // For lead_i in [-1, 9], lead_i + 1 fits 4 bits (-1 wraps to 0); outside, the shifter output
  // is unused.
  assign shamt = lead_i[3:0] + 4'd1;
  assign fixed = {10'd0, man_i} << shamt;
  assign int_part = fixed[34:24];
  assign round_up = fixed[23] & (fixed[24] | (|fixed[22:0]));
  assign mag = {1'b0, int_part} + {11'd0, round_up};

  assign zp_ext = {{5{out_signed_i & zp_i[7]}}, zp_i};
  assign lo_ext = {{5{out_signed_i & clip_lo_i[7]}}, clip_lo_i};
  assign hi_ext = {{5{out_signed_i & clip_hi_i[7]}}, clip_hi_i};

  always_comb begin
    if (tiny) begin
      val = zp_ext;
    end else if (big) begin
      val = neg_i ? -13'sd2048 : 13'sd2047;
    end else if (neg_i) begin
      val = zp_ext - $signed({1'b0, mag});
    end else begin
      val = zp_ext + $signed({1'b0, mag});
    end
  end

  // q = min(max(val, lo), hi), written as one 3-way select of 8-bit values.
  assign below_lo = val < lo_ext;
  assign above_hi = val > hi_ext;
  assign lo_above_hi = lo_ext > hi_ext;

  assign q_o = (below_lo ? lo_above_hi : above_hi) ? clip_hi_i :
               below_lo                          ? clip_lo_i : val[7:0];

endmodule : post_round
