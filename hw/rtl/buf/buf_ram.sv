// SPDX-License-Identifier: MIT
// Simple dual-port RAM: one synchronous write port, one synchronous read port (read data one
// cycle after rd_en_i). Written in the plain array form that synthesis maps onto block RAM; no
// reset, no byte enables, no read-during-write guarantee (the fabric's token discipline never
// reads and writes one location in the same cycle).
module buf_ram #(
  parameter int Depth = 1024,
  parameter int Width = 8,
  parameter int AddrBits = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic                clk_i,
  input  logic                wr_en_i,
  input  logic [AddrBits-1:0] wr_addr_i,
  input  logic [Width-1:0]    wr_data_i,
  input  logic                rd_en_i,
  input  logic [AddrBits-1:0] rd_addr_i,
  output logic [Width-1:0]    rd_data_o
);

  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rd_data_q;

  always_ff @(posedge clk_i) begin
    if (wr_en_i) begin
      mem_q[wr_addr_i] <= wr_data_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (rd_en_i) begin
      rd_data_q <= mem_q[rd_addr_i];
    end
  end

  assign rd_data_o = rd_data_q;

endmodule : buf_ram
