// SPDX-License-Identifier: MIT
// One processing element of the output-stationary MAC array.
//
// Two stages: the 9x9-bit signed product is registered (it maps onto one DSP multiplier with
// its output register), then added to the int32 accumulator. The first valid product of an
// output tile (first_i) replaces the accumulator instead of adding to it, so no separate clear
// cycle is needed. The sum wraps in 32-bit two's complement like onnxruntime's int32 kernels.
module array_mac (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,  // x_i and w_i carry a product term this cycle
  input  logic              first_i,  // first term of a new output: overwrite, do not add
  input  logic signed [8:0] x_i,      // input minus its zero point
  input  logic signed [8:0] w_i,      // weight minus its zero point
  output logic [31:0]       acc_o     // accumulator, int32
);

  logic               valid_q;
  logic               first_q;
  logic signed [17:0] prod_q;  // |x * w| <= 255 * 255 < 2^17
  logic [31:0]        acc_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else begin
      valid_q <= valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    first_q <= first_i;
    prod_q <= x_i * w_i;
    if (valid_q) begin
      acc_q <= (first_q ? 32'd0 : acc_q) + {{14{prod_q[17]}}, prod_q};
    end
  end

  assign acc_o = acc_q;

endmodule : array_mac
