// SPDX-License-Identifier: MIT
// Requantizer: q = clip(saturate(rne(float32(acc + bias) * M) + zp)), bit-exact to
// lpf_requantize_int() / lpf_requantize() in hw/arith/lpf_arith.h, in integer logic only.
//
// Five pipeline stages, one result per cycle, no back-pressure; valid_o follows valid_i by
// five cycles and every input travels with its own data (per-channel bias and multiplier,
// per-instruction zero point, clip bounds and signedness may change every cycle):
//   1  sum = acc + bias (int32, wraps), |sum|, sign; multiplier decode and special cases
//   2  |sum| -> 24-bit mantissa and exponent, RNE (post_i2f); exponent sum
//   3  24x24 mantissa product (DSP)
//   4  product rounded to float32 precision, RNE (post_fnorm)
//   5  round to integer (RNE), sign, zero point, saturate, clip (post_round)
// sum_o carries acc + bias alongside, aligned with q_o, for the RAW32 mode of POST.
module post_requant (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  input  logic [31:0] acc_i,         // int32 accumulator
  input  logic [31:0] bias_i,        // int32 bias of the channel
  input  logic [31:0] mult_i,        // float32 bits of M_c
  input  logic        out_signed_i,  // output is int8 (else uint8)
  input  logic [7:0]  zp_i,          // output zero point, output signedness
  input  logic [7:0]  clip_lo_i,     // lower clamp, output signedness
  input  logic [7:0]  clip_hi_i,     // upper clamp, output signedness
  output logic        valid_o,
  output logic [7:0]  q_o,           // requantized, clipped output byte
  output logic [31:0] sum_o          // acc_i + bias_i (int32, wraps)
);

  // Per-instruction fields travel with the data: {out_signed, zp, lo, hi}.
  localparam int CfgBits = 25;

  logic [CfgBits-1:0] cfg_in;
  assign cfg_in = {out_signed_i, zp_i, clip_lo_i, clip_hi_i};

  // ---------------------------------------------------------------- stage 1
  logic [31:0] sum_d1;
  logic [31:0] mag_d1;
  logic [7:0]  m_exp;
  logic [22:0] m_frac;
  logic        zero_d1;
  logic        inf_d1;
  logic        neg_d1;
  logic signed [9:0] em_d1;

  assign sum_d1 = acc_i + bias_i;
  assign mag_d1 = sum_d1[31] ? (32'd0 - sum_d1) : sum_d1;  // 2^31 stays exact as unsigned
  assign m_exp = mult_i[30:23];
  assign m_frac = mult_i[22:0];
  assign neg_d1 = sum_d1[31] ^ mult_i[31];
  // NaN, infinity times 0, a zero accumulator, a zero multiplier: the product counts as 0. A
  // subnormal multiplier gives |product| < 2^31 * 2^-126, which rounds to 0 as well.
  assign zero_d1 = (sum_d1 == 32'd0) || (m_exp == 8'd0) || ((m_exp == 8'hff) && (m_frac != 23'd0));
  assign inf_d1 = (m_exp == 8'hff) && (m_frac == 23'd0);
  assign em_d1 = $signed({2'b00, m_exp}) - 10'sd150;  // value = {1, m_frac} * 2^em

  logic               valid_q1;
  logic [31:0]        sum_q1;
  logic [31:0]        mag_q1;
  logic [23:0]        mm_q1;
  logic signed [9:0]  em_q1;
  logic               zero_q1;
  logic               inf_q1;
  logic               neg_q1;
  logic [CfgBits-1:0] cfg_q1;

  always_ff @(posedge clk_i) begin
    sum_q1 <= sum_d1;
    mag_q1 <= mag_d1;
    mm_q1 <= {1'b1, m_frac};
    em_q1 <= em_d1;
    zero_q1 <= zero_d1;
    inf_q1 <= inf_d1;
    neg_q1 <= neg_d1;
    cfg_q1 <= cfg_in;
  end

  // ---------------------------------------------------------------- stage 2
  logic [23:0]       ma_d2;
  logic signed [5:0] ea_d2;
  logic signed [9:0] exp_d2;

  post_i2f u_i2f (
    .mag_i (mag_q1),
    .man_o (ma_d2),
    .exp_o (ea_d2)
  );

  assign exp_d2 = em_q1 + {{4{ea_d2[5]}}, ea_d2};

  logic               valid_q2;
  logic [31:0]        sum_q2;
  logic [23:0]        ma_q2;
  logic [23:0]        mm_q2;
  logic signed [9:0]  exp_q2;
  logic               zero_q2;
  logic               inf_q2;
  logic               neg_q2;
  logic [CfgBits-1:0] cfg_q2;

  always_ff @(posedge clk_i) begin
    sum_q2 <= sum_q1;
    ma_q2 <= ma_d2;
    mm_q2 <= mm_q1;
    exp_q2 <= exp_d2;
    zero_q2 <= zero_q1;
    inf_q2 <= inf_q1;
    neg_q2 <= neg_q1;
    cfg_q2 <= cfg_q1;
  end

  // ---------------------------------------------------------------- stage 3
  logic               valid_q3;
  logic [31:0]        sum_q3;
  logic [47:0]        prod_q3;
  logic signed [9:0]  exp_q3;
  logic               zero_q3;
  logic               inf_q3;
  logic               neg_q3;
  logic [CfgBits-1:0] cfg_q3;

  always_ff @(posedge clk_i) begin
    sum_q3 <= sum_q2;
    prod_q3 <= ma_q2 * mm_q2;
    exp_q3 <= exp_q2;
    zero_q3 <= zero_q2;
    inf_q3 <= inf_q2;
    neg_q3 <= neg_q2;
    cfg_q3 <= cfg_q2;
  end

  // ---------------------------------------------------------------- stage 4
  logic [24:0]       man_d4;
  logic signed [9:0] lead_d4;

  post_fnorm u_fnorm (
    .prod_i (prod_q3),
    .exp_i  (exp_q3),
    .man_o  (man_d4),
    .lead_o (lead_d4)
  );

  logic               valid_q4;
  logic [31:0]        sum_q4;
  logic [24:0]        man_q4;
  logic signed [9:0]  lead_q4;
  logic               zero_q4;
  logic               inf_q4;
  logic               neg_q4;
  logic [CfgBits-1:0] cfg_q4;

  always_ff @(posedge clk_i) begin
    sum_q4 <= sum_q3;
    man_q4 <= man_d4;
    lead_q4 <= lead_d4;
    zero_q4 <= zero_q3;
    inf_q4 <= inf_q3;
    neg_q4 <= neg_q3;
    cfg_q4 <= cfg_q3;
  end

  // ---------------------------------------------------------------- stage 5
  logic [7:0] q_d5;

  post_round u_round (
    .man_i        (man_q4),
    .lead_i       (lead_q4),
    .zero_i       (zero_q4),
    .inf_i        (inf_q4),
    .neg_i        (neg_q4),
    .out_signed_i (cfg_q4[24]),
    .zp_i         (cfg_q4[23:16]),
    .clip_lo_i    (cfg_q4[15:8]),
    .clip_hi_i    (cfg_q4[7:0]),
    .q_o          (q_d5)
  );

  logic        valid_q5;
  logic [7:0]  q_q5;
  logic [31:0] sum_q5;

  always_ff @(posedge clk_i) begin
    q_q5 <= q_d5;
    sum_q5 <= sum_q4;
  end

  // Only the valid chain is reset; data registers need none.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q1 <= 1'b0;
      valid_q2 <= 1'b0;
      valid_q3 <= 1'b0;
      valid_q4 <= 1'b0;
      valid_q5 <= 1'b0;
    end else begin
      valid_q1 <= valid_i;
      valid_q2 <= valid_q1;
      valid_q3 <= valid_q2;
      valid_q4 <= valid_q3;
      valid_q5 <= valid_q4;
    end
  end

  assign valid_o = valid_q5;
  assign q_o = q_q5;
  assign sum_o = sum_q5;

endmodule : post_requant
