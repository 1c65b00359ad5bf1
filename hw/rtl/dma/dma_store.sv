// SPDX-License-Identifier: MIT
// STORE engine: copies the dense [Z_SIZE][Y_SIZE][X_SIZE] block of (1 << ELEM_LOG2)-byte
// elements at SRAM_OFF of the OUT buffer to DRAM with the given strides.
//
// A row whose X_STRIDE equals the element size is one contiguous run of bytes; otherwise
// every element is a run of its bytes. A run is written with INCR bursts of 16-byte beats at
// 16-byte aligned addresses, never across a 4 KiB boundary; bytes outside the run are masked
// off with WSTRB. Each beat is one window read of the banked OUT buffer (its run bytes, any
// alignment), shifted to its lanes; the read of the next beat is issued with the handshake of
// the current one, so a burst streams one beat per cycle after one fill cycle.
// One burst is in flight at a time: AW, its W beats, then B. SLVERR/DECERR on B ends the
// instruction with ERR_DMA; abort_i ends it at the next burst boundary.
module dma_store #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8,
  parameter int NumSegs = lpf_spec_pkg::NumSegs,
  parameter int DataBits = lpf_spec_pkg::AxiDataBits,
  parameter int AddrBits = lpf_spec_pkg::AxiAddrBits,
  parameter int OutBits = $clog2(lpf_spec_pkg::OutBufBytes),
  parameter int LaneBits = $clog2(DataBits / 8)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  start_i,
  input  logic [InsnBits-1:0]   insn_i,
  input  logic                  abort_i,
  input  logic [NumSegs*64-1:0] seg_base_i,
  output logic                  done_o,
  output logic [7:0]            err_o,
  // OUT buffer window read (lane i = byte rd_addr_o + i): data one cycle after rd_en_o and
  // held until the next read
  output logic                  rd_en_o,
  output logic [OutBits-1:0]    rd_addr_o,
  input  logic [DataBits-1:0]   rd_data_i,
  // AXI4 write channels
  output logic [AddrBits-1:0]   aw_addr_o,
  output logic [7:0]            aw_len_o,
  output logic                  aw_valid_o,
  input  logic                  aw_ready_i,
  output logic [DataBits-1:0]   w_data_o,
  output logic [DataBits/8-1:0] w_strb_o,
  output logic                  w_last_o,
  output logic                  w_valid_o,
  input  logic                  w_ready_i,
  input  logic [1:0]            b_resp_i,
  input  logic                  b_valid_i,
  output logic                  b_ready_o,
  output logic [LaneBits:0]     perf_wr_o   // bytes of the block read for sending
);

  localparam int Lanes = DataBits / 8;

  localparam int SegBits = $clog2(NumSegs);

  // Fields come from the lpf_spec_pkg accessors (32 bits each); insn_i is stable while the
  // engine runs. N'({...}) sizes an accessor's result: Icarus 11 cannot cast a call directly.
  logic [31:0] elem;
  logic        dense;
  logic [63:0] seg_base;
  assign elem = 32'd1 << lpf_spec_pkg::insn_store_elem_log2(insn_i);
  assign dense = (lpf_spec_pkg::insn_store_x_stride(insn_i) == elem);
  assign seg_base = seg_base_i[64 * SegBits'({lpf_spec_pkg::insn_store_seg(insn_i)}) +: 64];

  typedef enum logic [2:0] {
    StIdle,
    StRow,
    StAw,
    StFill,
    StW,
    StB,
    StDone
  } state_e;

  state_e                state_q;
  logic [31:0]           z_q, y_q, x_q, rem_q;
  logic [8:0]            beats_q;
  logic [OutBits:0]      src_q;
  logic [63:0]           plane_addr_q, row_addr_q, elem_addr_q, cur_q;
  logic [LaneBits-1:0]   lane_q;
  logic [LaneBits:0]     n_q, run_n;
  logic                  err_q;
  logic                  rd_issue;
  logic [12:0]           to_4k;
  logic [31:0]           burst_bytes;
  logic [31:0]           beats;

  // run bytes of the beat at cur_q
  assign run_n = (rem_q < 32'(Lanes) - 32'(cur_q[LaneBits-1:0])) ?
                 (LaneBits + 1)'(rem_q) :
                 (LaneBits + 1)'(Lanes) - (LaneBits + 1)'(cur_q[LaneBits-1:0]);
  assign rd_issue = (state_q == StFill) || (state_q == StW && w_ready_i && beats_q != 9'd1);
  assign to_4k = 13'h1000 - {1'b0, cur_q[11:0]};
  assign burst_bytes = (rem_q < 32'(to_4k)) ? rem_q : 32'(to_4k);
  assign beats = (32'(cur_q[LaneBits-1:0]) + burst_bytes + 32'(DataBits / 8 - 1)) >> LaneBits;

  assign aw_valid_o = (state_q == StAw);
  assign aw_addr_o = {cur_q[AddrBits-1:LaneBits], {LaneBits{1'b0}}};
  assign aw_len_o = 8'(beats - 32'd1);
  assign w_valid_o = (state_q == StW);
  assign w_data_o = rd_data_i << {lane_q, 3'b000};
  assign w_strb_o = (Lanes'((Lanes + 1)'(1) << n_q) - Lanes'(1)) << lane_q;
  assign w_last_o = (beats_q == 9'd1);
  assign b_ready_o = (state_q == StB);
  assign rd_en_o = rd_issue;
  assign rd_addr_o = src_q[OutBits-1:0];
  assign perf_wr_o = rd_issue ? run_n : '0;
  assign done_o = (state_q == StDone);
  assign err_o = err_q ? 8'(lpf_spec_pkg::ErrDma) : 8'(lpf_spec_pkg::ErrNone);

  // the read of the next beat is issued this cycle
  task automatic next_beat;
    lane_q <= cur_q[LaneBits-1:0];
    n_q <= run_n;
    src_q <= src_q + (OutBits + 1)'(run_n);
    cur_q <= cur_q + 64'(run_n);
    rem_q <= rem_q - 32'(run_n);
  endtask

  task automatic row_end;
    if (y_q == lpf_spec_pkg::insn_store_y_size(insn_i) - 32'd1) begin
      y_q <= '0;
      z_q <= z_q + 32'd1;
      plane_addr_q <= plane_addr_q + 64'({lpf_spec_pkg::insn_store_z_stride(insn_i)});
      row_addr_q <= plane_addr_q + 64'({lpf_spec_pkg::insn_store_z_stride(insn_i)});
      state_q <= (z_q == lpf_spec_pkg::insn_store_z_size(insn_i) - 32'd1 || abort_i) ?
                 StDone : StRow;
    end else begin
      y_q <= y_q + 32'd1;
      row_addr_q <= row_addr_q + 64'({lpf_spec_pkg::insn_store_y_stride(insn_i)});
      state_q <= abort_i ? StDone : StRow;
    end
  endtask

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      z_q <= '0;
      y_q <= '0;
      x_q <= '0;
      rem_q <= '0;
      beats_q <= '0;
      src_q <= '0;
      plane_addr_q <= '0;
      row_addr_q <= '0;
      elem_addr_q <= '0;
      cur_q <= '0;
      lane_q <= '0;
      n_q <= '0;
      err_q <= 1'b0;
    end else begin
      unique case (state_q)
        StIdle: begin
          if (start_i) begin
            z_q <= '0;
            y_q <= '0;
            src_q <= (OutBits + 1)'({lpf_spec_pkg::insn_store_sram_off(insn_i)});
            plane_addr_q <= seg_base + 64'({lpf_spec_pkg::insn_store_dram_off(insn_i)});
            row_addr_q <= seg_base + 64'({lpf_spec_pkg::insn_store_dram_off(insn_i)});
            err_q <= 1'b0;
            state_q <= StRow;
          end
        end
        StRow: begin
          x_q <= '0;
          elem_addr_q <= row_addr_q;
          cur_q <= row_addr_q;
          rem_q <= dense ? (lpf_spec_pkg::insn_store_x_size(insn_i) <<
                            lpf_spec_pkg::insn_store_elem_log2(insn_i)) : elem;
          state_q <= StAw;
        end
        StAw: begin
          if (aw_ready_i) begin
            beats_q <= 9'(beats);
            state_q <= StFill;
          end
        end
        StFill: begin
          next_beat();
          state_q <= StW;
        end
        StW: begin
          if (w_ready_i) begin
            beats_q <= beats_q - 9'd1;
            if (beats_q == 9'd1) begin
              state_q <= StB;
            end else begin
              next_beat();
            end
          end
        end
        StB: begin
          if (b_valid_i) begin
            if (b_resp_i[1]) begin
              err_q <= 1'b1;
              state_q <= StDone;
            end else if (rem_q != '0) begin
              state_q <= abort_i ? StDone : StAw;
            end else if (dense || x_q == lpf_spec_pkg::insn_store_x_size(insn_i) - 32'd1) begin
              row_end();
            end else begin
              x_q <= x_q + 32'd1;
              elem_addr_q <= elem_addr_q + 64'({lpf_spec_pkg::insn_store_x_stride(insn_i)});
              cur_q <= elem_addr_q + 64'({lpf_spec_pkg::insn_store_x_stride(insn_i)});
              rem_q <= elem;
              state_q <= abort_i ? StDone : StAw;
            end
          end
        end
        StDone: state_q <= StIdle;
        default: state_q <= StIdle;
      endcase
    end
  end

endmodule : dma_store
