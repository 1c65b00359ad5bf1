// SPDX-License-Identifier: MIT
// Run-time dependency-token queue between two units. A token carries no data, so the queue is
// a counter of 0..Depth tokens: push_i adds one (the pushing unit waits while full_o), pop_i
// takes one (the popping unit waits while !avail_o). clear_i empties it (job abort).
module ctrl_token #(
  parameter int Depth = lpf_spec_pkg::TokenDepth,
  parameter int CntBits = $clog2(Depth + 1)
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic clear_i,
  input  logic push_i,
  input  logic pop_i,
  output logic avail_o,
  output logic full_o
);

  logic [CntBits-1:0] cnt_q;
  logic [CntBits-1:0] cnt_d;

  always_comb begin
    cnt_d = cnt_q;
    if (push_i && !pop_i) begin
      cnt_d = cnt_q + CntBits'(1);
    end else if (pop_i && !push_i) begin
      cnt_d = cnt_q - CntBits'(1);
    end
    if (clear_i) begin
      cnt_d = '0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= '0;
    end else begin
      cnt_q <= cnt_d;
    end
  end

  assign avail_o = (cnt_q != '0);
  assign full_o = (cnt_q == CntBits'(Depth));

endmodule : ctrl_token
