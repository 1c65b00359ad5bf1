// SPDX-License-Identifier: MIT
// PARAM buffer: Entries entries of EntryBytes bytes, one byte-wide bank per byte lane of an
// entry (buf_banked with Banks = EntryBytes). LOAD writes a window of up to EntryBytes
// consecutive bytes at any byte address per cycle; CONV and POST read one whole entry per
// access. A copy of the low byte of every entry's weight zero point (byte WzpByte) is kept in a
// second banked store, Entries x 8 bits interleaved over WzpLanes banks, so CONV reads the zero
// points of WzpLanes consecutive output channels in one access.
module buf_param #(
  parameter int Entries = lpf_spec_pkg::ParamBufEntries,
  parameter int EntryBytes = lpf_spec_pkg::ParamEntryBytes,
  parameter int WzpByte = 8,   // byte offset of the int32 w_zp in an entry
  parameter int WzpLanes = lpf_spec_pkg::PeCols,
  parameter int EntryBits = $clog2(Entries),
  parameter int LaneBits = $clog2(EntryBytes)
) (
  input  logic                          clk_i,
  input  logic                          wr_en_i,
  input  logic [EntryBits+LaneBits-1:0] wr_addr_i,  // byte address of lane 0
  input  logic [EntryBytes-1:0]         wr_mask_i,
  input  logic [EntryBytes*8-1:0]       wr_data_i,
  input  logic                          rd_en_i,
  input  logic [EntryBits-1:0]          rd_entry_i,
  output logic [EntryBytes*8-1:0]       rd_data_o,  // byte b of the entry at [8*b +: 8]
  input  logic                          wzp_en_i,
  input  logic [EntryBits-1:0]          wzp_entry_i,
  output logic [WzpLanes*8-1:0]         wzp_data_o  // low w_zp byte of entry wzp_entry_i + i
);

  localparam int WzpBanks = WzpLanes;
  localparam int WzpBankBits = $clog2(WzpBanks);

  buf_banked #(
    .Banks (EntryBytes),
    .Depth (Entries * EntryBytes),
    .Width (8),
    .Lanes (EntryBytes)
  ) u_lanes (
    .clk_i     (clk_i),
    .wr_en_i   (wr_en_i),
    .wr_addr_i (wr_addr_i),
    .wr_mask_i (wr_mask_i),
    .wr_data_i (wr_data_i),
    .rd_en_i   ({EntryBytes{rd_en_i}}),
    .rd_word_i ({EntryBytes{rd_entry_i}}),
    .rd_data_o (rd_data_o)
  );

  // the window lane that carries byte WzpByte of an entry, if any
  logic [LaneBits-1:0]  wz_lane;
  logic [EntryBits-1:0] wz_entry;
  assign wz_lane = LaneBits'(WzpByte) - wr_addr_i[LaneBits-1:0];
  assign wz_entry = wr_addr_i[EntryBits+LaneBits-1:LaneBits] +
                    EntryBits'(LaneBits'(WzpByte) < wr_addr_i[LaneBits-1:0]);

  logic [WzpBanks-1:0]                       wz_bank_en;
  logic [WzpBanks*(EntryBits-WzpBankBits)-1:0] wz_bank_word;
  logic [WzpBanks*8-1:0]                     wz_bank_data;

  buf_banked #(
    .Banks (WzpBanks),
    .Depth (Entries),
    .Width (8),
    .Lanes (1)
  ) u_wzp (
    .clk_i     (clk_i),
    .wr_en_i   (wr_en_i && wr_mask_i[wz_lane]),
    .wr_addr_i (wz_entry),
    .wr_mask_i (1'b1),
    .wr_data_i (wr_data_i[8*wz_lane +: 8]),
    .rd_en_i   (wz_bank_en),
    .rd_word_i (wz_bank_word),
    .rd_data_o (wz_bank_data)
  );

  buf_rd_window #(
    .Banks    (WzpBanks),
    .Width    (8),
    .Lanes    (WzpLanes),
    .AddrBits (EntryBits)
  ) u_wzp_rd (
    .clk_i       (clk_i),
    .en_i        (wzp_en_i),
    .addr_i      (wzp_entry_i),
    .bank_en_o   (wz_bank_en),
    .bank_word_o (wz_bank_word),
    .bank_data_i (wz_bank_data),
    .data_o      (wzp_data_o)
  );

endmodule : buf_param
