// SPDX-License-Identifier: MIT
// Banked buffer: Banks interleaved buf_ram banks of Depth / Banks words each; element address a
// lives in bank a mod Banks at word a / Banks. The write port takes a window of Lanes <= Banks
// consecutive elements starting at any address (lane i = element wr_addr_i + i, written when
// wr_mask_i[i]), so every window hits distinct banks and is written in one cycle. The read port
// is per bank (raw): the user picks one word per bank (buf_rd_window for a window of
// consecutive elements, compute_conv for its own gather). Every bank stays a plain simple
// dual-port block RAM.
module buf_banked #(
  parameter int Banks = 16,
  parameter int Depth = 4096,   // elements in total, a multiple of Banks
  parameter int Width = 8,
  parameter int Lanes = 16,     // write window, <= Banks
  parameter int AddrBits = $clog2(Depth),
  parameter int BankBits = $clog2(Banks),
  parameter int WordBits = AddrBits - BankBits
) (
  input  logic                      clk_i,
  input  logic                      wr_en_i,
  input  logic [AddrBits-1:0]       wr_addr_i,
  input  logic [Lanes-1:0]          wr_mask_i,
  input  logic [Lanes*Width-1:0]    wr_data_i,
  input  logic [Banks-1:0]          rd_en_i,
  input  logic [Banks*WordBits-1:0] rd_word_i,  // word of bank b at [WordBits*b +: WordBits]
  output logic [Banks*Width-1:0]    rd_data_o   // bank b at [Width*b +: Width]
);

  // the window padded to Banks lanes; lanes >= Lanes are never written
  logic [Banks-1:0]       mask_pad;
  logic [Banks*Width-1:0] data_pad;
  assign mask_pad = Banks'(wr_mask_i);
  assign data_pad = (Banks * Width)'(wr_data_i);

  for (genvar b = 0; b < Banks; b++) begin : g_bank
    // lane of the window that lands in bank b
    // element wr_addr_i + lane: the next word if the window wraps past the last bank
    logic [BankBits:0]   diff;  // b - (wr_addr_i mod Banks), borrow in the top bit
    logic [BankBits-1:0] lane;
    logic [WordBits-1:0] word;
    assign diff = (BankBits + 1)'(b) - {1'b0, wr_addr_i[BankBits-1:0]};
    assign lane = diff[BankBits-1:0];
    assign word = wr_addr_i[AddrBits-1:BankBits] + WordBits'(diff[BankBits]);

    buf_ram #(
      .Depth (Depth / Banks),
      .Width (Width)
    ) u_ram (
      .clk_i     (clk_i),
      .wr_en_i   (wr_en_i && mask_pad[lane]),
      .wr_addr_i (word),
      .wr_data_i (data_pad[Width*lane +: Width]),
      .rd_en_i   (rd_en_i[b]),
      .rd_addr_i (rd_word_i[WordBits*b +: WordBits]),
      .rd_data_o (rd_data_o[Width*b +: Width])
    );
  end

endmodule : buf_banked
