// SPDX-License-Identifier: MIT
// Streaming max over one pool window of 8-bit outputs.
//
// The POST controller streams the elements of a window (the clipped post_requant outputs that
// lie inside the tile, in any order) with first_i on the first and last_i on the last one; a
// window of one element has both. One cycle after the last element valid_o pulses with the
// window's maximum, compared as int8 or uint8 per out_signed_i. Idle cycles (valid_i low) may
// appear anywhere inside a window. Pooling after the requantizer is exact because the whole
// requantization is monotone (docs/arithmetic.md, section 2).
module post_maxpool (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  input  logic       first_i,       // first element of a window
  input  logic       last_i,        // last element of a window
  input  logic       out_signed_i,  // elements are int8 (else uint8)
  input  logic [7:0] q_i,
  output logic       valid_o,       // q_o holds a window's maximum
  output logic [7:0] q_o
);

  logic [7:0] max_q;
  logic [7:0] max_d;
  logic       valid_q;
  logic [7:0] q_q;
  logic       greater;

  // Flipping the sign bit maps int8 order onto unsigned order.
  assign greater = {q_i[7] ^ out_signed_i, q_i[6:0]} > {max_q[7] ^ out_signed_i, max_q[6:0]};
  assign max_d = (first_i || greater) ? q_i : max_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else begin
      valid_q <= valid_i & last_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (valid_i) begin
      max_q <= max_d;
    end
    if (valid_i && last_i) begin
      q_q <= max_d;
    end
  end

  assign valid_o = valid_q;
  assign q_o = q_q;

endmodule : post_maxpool
