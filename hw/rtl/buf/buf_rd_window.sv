// SPDX-License-Identifier: MIT
// Window read of a buf_banked buffer: Lanes <= Banks consecutive elements starting at any
// element address in one access. Request: the word each bank reads (combinational from
// addr_i). Response, one cycle after en_i: lane i = element addr_i + i, rotated back from the
// raw bank outputs with the registered low address bits.
module buf_rd_window #(
  parameter int Banks = 16,
  parameter int Width = 8,
  parameter int Lanes = 16,
  parameter int AddrBits = 12,
  parameter int BankBits = $clog2(Banks),
  parameter int WordBits = AddrBits - BankBits
) (
  input  logic                      clk_i,
  input  logic                      en_i,
  input  logic [AddrBits-1:0]       addr_i,
  output logic [Banks-1:0]          bank_en_o,
  output logic [Banks*WordBits-1:0] bank_word_o,
  input  logic [Banks*Width-1:0]    bank_data_i,
  output logic [Lanes*Width-1:0]    data_o
);

  logic [BankBits-1:0] rot_q;

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      rot_q <= addr_i[BankBits-1:0];
    end
  end

  for (genvar b = 0; b < Banks; b++) begin : g_req
    // bank b holds element addr_i + ((b - addr_i) mod Banks): the next word if b < addr_i mod
    // Banks
    logic [BankBits:0] diff;  // b - (addr_i mod Banks), borrow in the top bit
    assign diff = (BankBits + 1)'(b) - {1'b0, addr_i[BankBits-1:0]};
    assign bank_en_o[b] = en_i;
    assign bank_word_o[WordBits*b +: WordBits] =
        addr_i[AddrBits-1:BankBits] + WordBits'(diff[BankBits]);
  end

  for (genvar i = 0; i < Lanes; i++) begin : g_rsp
    logic [BankBits-1:0] bank;
    assign bank = rot_q + BankBits'(i);
    assign data_o[Width*i +: Width] = bank_data_i[Width*bank +: Width];
  end

endmodule : buf_rd_window
