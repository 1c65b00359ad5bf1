// SPDX-License-Identifier: MIT
// Float32 rounding of the exact 24x24-bit mantissa product, round to nearest even.
//
// Step 3 of lpf_requantize_int() (hw/arith/lpf_arith.h). Both factors have their leading one at
// bit 23, so the 48-bit product has its leading one at bit 46 or 47 and one guard/sticky
// split per case suffices (no leading-zero count). The result may round up to exactly 2^24;
// post_round accepts that. Combinational.
module post_fnorm (
  input  logic [47:0]       prod_i,  // ma * mm, in [2^46, 2^48)
  input  logic signed [9:0] exp_i,   // value = prod_i * 2^exp_i
  output logic [24:0]       man_o,   // prod_i rounded to 24 significant bits, <= 2^24
  output logic signed [9:0] lead_o   // floor(log2(value)): value ~ man_o * 2^(lead_o - 23)
);

  logic [23:0] keep;
  logic        lsb;
  logic        guard;
  logic        sticky;

  assign keep = prod_i[47] ? prod_i[47:24] : prod_i[46:23];
  assign guard = prod_i[47] ? prod_i[23] : prod_i[22];
  assign sticky = prod_i[47] ? (|prod_i[22:0]) : (|prod_i[21:0]);

  assign lsb = keep[0];
  assign man_o = {1'b0, keep} + {24'd0, guard & (lsb | sticky)};
  assign lead_o = exp_i + 10'sd46 + $signed({9'd0, prod_i[47]});

endmodule : post_fnorm
