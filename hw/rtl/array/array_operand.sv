// SPDX-License-Identifier: MIT
// One operand of the MAC array: a uint8 or int8 byte minus its zero point, as a 9-bit signed
// value. Both operands of a byte share one signedness (ONNX: x and x_zp have one type), so the
// difference lies in [-255, 255] and is exact. The array instantiates this at its edges, once
// per row (input) and once per column (weight), not once per PE. Combinational.
module array_operand (
  input  logic [7:0]        val_i,     // raw byte
  input  logic [7:0]        zp_i,      // zero point, same type as val_i
  input  logic              signed_i,  // val_i and zp_i are int8 (else uint8)
  output logic signed [8:0] diff_o     // val - zp
);

  logic signed [8:0] val_ext;
  logic signed [8:0] zp_ext;

  assign val_ext = {signed_i & val_i[7], val_i};
  assign zp_ext = {signed_i & zp_i[7], zp_i};
  assign diff_o = val_ext - zp_ext;

endmodule : array_operand
