// SPDX-License-Identifier: MIT
// One processing element of the output-stationary MAC array.
//
// Two stages: the 9x9-bit signed product is registered (it maps onto one DSP multiplier with
// its output register), then added to the int32 accumulator. The first valid product of an
// output tile (first_i) replaces the accumulator instead of adding to it, so no separate clear
// cycle is needed. The sum wraps in 32-bit two's complement like onnxruntime's int32 kernels.
// valid_i and first_i belong to the product register, one cycle after x_i and w_i: the array
// delays them once for all PEs instead of each PE keeping its own copy.
module array_mac (
  input  logic              clk_i,
  input  logic              valid_i,  // the product register holds a term: accumulate it
  input  logic              first_i,  // that term is the first of a new output: overwrite
  input  logic signed [8:0] x_i,      // input minus its zero point
  input  logic signed [8:0] w_i,      // weight minus its zero point
  output logic [31:0]       acc_o     // accumulator, int32
);

  logic signed [17:0] prod_q;  // |x * w| <= 255 * 255 < 2^17
  logic [31:0]        acc_q;

  always_ff @(posedge clk_i) begin
    prod_q <= x_i * w_i;
    if (valid_i) begin
      acc_q <= (first_i ? 32'd0 : acc_q) + 32'(prod_q);
    end
  end

  assign acc_o = acc_q;

endmodule : array_mac
