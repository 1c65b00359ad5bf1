// SPDX-License-Identifier: MIT
// int32 magnitude to float32 mantissa and exponent, round to nearest even.
//
// Step 1 of lpf_requantize_int() (hw/arith/lpf_arith.h): the magnitude is normalised so that
// its leading one sits at bit 23 of a 24-bit mantissa; the bits below the top 24 (only present
// from 2^24 on) are rounded off with RNE, exactly as the int32 -> float32 conversion does. When
// rounding carries out of 24 bits the mantissa is renormalised (2^24 * 2^e = 2^23 * 2^(e+1)),
// which keeps the following 24x24 multiplier at 24 bits. Combinational.
module post_i2f (
  input  logic [31:0]       mag_i,  // |acc|, 0 < mag_i <= 2^31 (0 gives a don't-care result)
  output logic [23:0]       man_o,  // mantissa, bit 23 set: value = man_o * 2^exp_o
  output logic signed [5:0] exp_o   // -23 .. 8
);

  logic [4:0]  msb;      // index of the leading one
  logic [31:0] norm;     // mag_i shifted so that the leading one is bit 31
  logic        round_up;
  logic [24:0] man_rnd;

  // Priority encoder: the last assignment (highest set bit) wins. A function rather than an
  // always_comb loop: Icarus 11 cannot take bit selects into the sensitivity of always_*.
  function automatic logic [4:0] leading_one(logic [31:0] v);
    leading_one = 5'd0;
    for (int i = 1; i < 32; i++) begin
      if (v[i]) begin
        leading_one = i[4:0];
      end
    end
  endfunction

  assign msb = leading_one(mag_i);

  assign norm = mag_i << (5'd31 - msb);

  // Keep norm[31:8]; guard bit norm[7], sticky norm[6:0], ties to the even mantissa.
  assign round_up = norm[7] & (norm[8] | (|norm[6:0]));
  assign man_rnd = {1'b0, norm[31:8]} + {24'd0, round_up};

  assign man_o = man_rnd[24] ? 24'h80_0000 : man_rnd[23:0];
  assign exp_o = $signed({1'b0, msb}) - (man_rnd[24] ? 6'sd22 : 6'sd23);

endmodule : post_i2f
