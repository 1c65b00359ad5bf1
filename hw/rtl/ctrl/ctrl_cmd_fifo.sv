// SPDX-License-Identifier: MIT
// Instruction queue in front of one unit: Depth entries of {pc, instruction}, written by the
// dispatcher in stream order, read by the unit. flush_i drops every entry (job abort).
module ctrl_cmd_fifo #(
  parameter int Depth = 2,
  parameter int Width = 288,
  parameter int PtrBits = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             flush_i,
  input  logic             wr_valid_i,
  output logic             wr_ready_o,
  input  logic [Width-1:0] wr_data_i,
  output logic             rd_valid_o,
  input  logic             rd_ready_i,
  output logic [Width-1:0] rd_data_o,
  output logic             empty_o
);

  logic [Width-1:0]   mem_q [Depth];
  logic [PtrBits-1:0] wr_ptr_q;
  logic [PtrBits-1:0] rd_ptr_q;
  logic [PtrBits:0]   cnt_q;
  logic               do_wr;
  logic               do_rd;

  assign wr_ready_o = (cnt_q != (PtrBits + 1)'(Depth));
  assign rd_valid_o = (cnt_q != '0);
  assign do_wr = wr_valid_i && wr_ready_o;
  assign do_rd = rd_valid_o && rd_ready_i;
  assign rd_data_o = mem_q[rd_ptr_q];
  assign empty_o = (cnt_q == '0);

  function automatic logic [PtrBits-1:0] next_ptr(input logic [PtrBits-1:0] p);
    logic [PtrBits-1:0] n;
    if (p == PtrBits'(Depth - 1)) begin
      n = '0;
    end else begin
      n = p + PtrBits'(1);
    end
    next_ptr = n;
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      cnt_q <= '0;
    end else if (flush_i) begin
      wr_ptr_q <= '0;
      rd_ptr_q <= '0;
      cnt_q <= '0;
    end else begin
      if (do_wr) begin
        wr_ptr_q <= next_ptr(wr_ptr_q);
      end
      if (do_rd) begin
        rd_ptr_q <= next_ptr(rd_ptr_q);
      end
      if (do_wr && !do_rd) begin
        cnt_q <= cnt_q + (PtrBits + 1)'(1);
      end else if (do_rd && !do_wr) begin
        cnt_q <= cnt_q - (PtrBits + 1)'(1);
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (do_wr && !flush_i) begin
      mem_q[wr_ptr_q] <= wr_data_i;
    end
  end

endmodule : ctrl_cmd_fifo
