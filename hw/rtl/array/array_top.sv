// SPDX-License-Identifier: MIT
// Output-stationary MAC array: Rows output pixels x Cols output channels.
//
// Every valid cycle takes one input byte per row (the same reduction index k of Rows output
// pixels) and one weight byte per column (the same k of Cols output channels) and adds
// (x[r] - x_zp) * (w[c] - w_zp[c]) into accumulator (r, c). Operands are broadcast: the zero
// points are subtracted once per row and column at the edge (array_operand), registered, and
// fanned out along the row or column; see docs/hw-datapath.md for why not a systolic skew.
//
// Timing: an input accepted at clock edge t passes the edge register (t), the product register
// (t + 1) and is in the accumulators after edge t + 2. A read presented at edge t' returns, after
// that edge, column rd_col_i as it was after edge t' - 1 (row r in rd_acc_o[32*r +: 32]), so it
// sees every input accepted up to edge t' - 3: two idle cycles after the last input suffice.
// Reads may be issued every cycle and never disturb accumulation; the first input of the next
// tile overwrites the accumulators two edges after it is accepted.
//
// Shadow = 1 adds a shadow copy of all accumulators: snap_i at edge t copies them as they were
// after edge t - 1 (so snap_i three edges after the last input of a tile), and reads return
// columns of the shadow instead. The next tile may then start the edge after the last input
// of the previous one (its first product lands two edges later, after the snapshot) and its
// accumulation overlaps the read-out of the previous tile. Shadow = 0 (default): no copy,
// snap_i is ignored, reads see the live accumulators as described above.
module array_top #(
  parameter int Rows = lpf_spec_pkg::PeRows,
  parameter int Cols = lpf_spec_pkg::PeCols,
  parameter int Shadow = 0,
  parameter int ColBits = (Cols > 1) ? $clog2(Cols) : 1  // derived; do not override
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               valid_i,     // x_i and w_i carry one reduction step
  input  logic               first_i,     // first step of an output tile: overwrite
  input  logic               x_signed_i,  // inputs (and x_zp_i) are int8, else uint8
  input  logic               w_signed_i,  // weights (and w_zp_i) are int8, else uint8
  input  logic [7:0]         x_zp_i,      // input zero point
  input  logic [Cols*8-1:0]  w_zp_i,      // weight zero point per column (output channel)
  input  logic [Rows*8-1:0]  x_i,         // one input byte per row
  input  logic [Cols*8-1:0]  w_i,         // one weight byte per column
  input  logic               snap_i,      // Shadow = 1: copy all accumulators to the shadow
  input  logic               rd_en_i,     // read the accumulators of column rd_col_i
  input  logic [ColBits-1:0] rd_col_i,    // column to read, < Cols
  output logic               rd_valid_o,
  output logic [Rows*32-1:0] rd_acc_o     // that column, row r at [32*r +: 32]
);

  // ---------------------------------------------------------------- edge: operands
  logic [Rows*9-1:0] x_d;
  logic [Cols*9-1:0] w_d;
  logic [Rows*9-1:0] x_q;
  logic [Cols*9-1:0] w_q;
  logic              valid_q, valid_p_q;
  logic              first_q, first_p_q;

  for (genvar r = 0; r < Rows; r++) begin : g_row_operand
    array_operand u_operand (
      .val_i    (x_i[8*r +: 8]),
      .zp_i     (x_zp_i),
      .signed_i (x_signed_i),
      .diff_o   (x_d[9*r +: 9])
    );
  end

  for (genvar c = 0; c < Cols; c++) begin : g_col_operand
    array_operand u_operand (
      .val_i    (w_i[8*c +: 8]),
      .zp_i     (w_zp_i[8*c +: 8]),
      .signed_i (w_signed_i),
      .diff_o   (w_d[9*c +: 9])
    );
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      valid_p_q <= 1'b0;
    end else begin
      valid_q <= valid_i;
      valid_p_q <= valid_q;
    end
  end

  always_ff @(posedge clk_i) begin
    first_q <= first_i;
    first_p_q <= first_q;
    x_q <= x_d;
    w_q <= w_d;
  end

  // ---------------------------------------------------------------- PEs, shadow, column read
  // Each row keeps its own Cols x 32-bit vector (row_acc[32*c +: 32] is PE (r, c)), so the
  // column read is one Cols:1 multiplexer per row; no Rows x Cols wide vector exists (it would
  // also cost Verilator a quadratic rebuild every cycle).
  logic [Rows*32-1:0] rd_acc_d;
  logic [Rows*32-1:0] rd_acc_q;
  logic               rd_valid_q;

  for (genvar r = 0; r < Rows; r++) begin : g_row
    logic [Cols*32-1:0] row_acc;
    logic [Cols*32-1:0] row_src;
    for (genvar c = 0; c < Cols; c++) begin : g_col
      array_mac u_mac (
        .clk_i   (clk_i),
        .valid_i (valid_p_q),
        .first_i (first_p_q),
        .x_i     (x_q[9*r +: 9]),
        .w_i     (w_q[9*c +: 9]),
        .acc_o   (row_acc[32*c +: 32])
      );
    end
    if (Shadow != 0) begin : g_shadow
      logic [Cols*32-1:0] row_shadow_q;
      always_ff @(posedge clk_i) begin
        if (snap_i) begin
          row_shadow_q <= row_acc;
        end
      end
      assign row_src = row_shadow_q;
    end else begin : g_live
      assign row_src = row_acc;
    end
    assign rd_acc_d[32*r +: 32] = row_src[{rd_col_i, 5'd0} +: 32];
  end

  if (Shadow == 0) begin : g_no_snap
    logic unused_snap;
    assign unused_snap = snap_i;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rd_valid_q <= 1'b0;
    end else begin
      rd_valid_q <= rd_en_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rd_en_i) begin
      rd_acc_q <= rd_acc_d;
    end
  end

  assign rd_valid_o = rd_valid_q;
  assign rd_acc_o = rd_acc_q;

endmodule : array_top
