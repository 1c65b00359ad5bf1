// SPDX-License-Identifier: MIT
// LOAD engine: copies a 3-D strided box of bytes from DRAM into INP, WGT or PARAM and writes
// PAD_VALUE into the padding ring, walking the dense destination in order (plane, row,
// column), up to 16 buffer bytes (one window write of the banked buffers) per cycle.
//
// A source row with X_STRIDE 1 is one contiguous run of X_SIZE bytes; otherwise every element
// is a run of one byte. A run is read with INCR bursts of 16-byte beats at 16-byte aligned
// addresses; a burst never crosses a 4 KiB boundary (so it has at most 256 beats), and only
// the bytes of the run are taken from its first and last beat. Every R beat is written to the
// buffer in the cycle it arrives (as one window of its run bytes), so a contiguous run moves at
// the bus rate; padding goes out 16 bytes per cycle. SLVERR/DECERR on any beat:
// the burst is still drained to RLAST, then the instruction ends with ERR_DMA. abort_i ends
// the instruction at the next burst boundary.
module dma_load #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8,
  parameter int NumSegs = lpf_spec_pkg::NumSegs,
  parameter int DataBits = lpf_spec_pkg::AxiDataBits,
  parameter int AddrBits = lpf_spec_pkg::AxiAddrBits,
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
  // read port
  output logic                  ar_valid_o,
  input  logic                  ar_ready_i,
  output logic [AddrBits-1:0]   ar_addr_o,
  output logic [7:0]            ar_len_o,
  input  logic                  r_valid_i,
  output logic                  r_ready_o,
  input  logic [DataBits-1:0]   r_data_i,
  input  logic [1:0]            r_resp_i,
  input  logic                  r_last_i,
  // buffer write: a window of up to DataBits/8 consecutive bytes (registered)
  output logic                  wr_en_o,
  output logic [1:0]            wr_buf_o,   // BUF enum
  output logic [19:0]           wr_addr_o,  // byte offset of lane 0 in that buffer
  output logic [DataBits/8-1:0] wr_mask_o,  // lane i = byte wr_addr_o + i is written
  output logic [DataBits-1:0]   wr_data_o,
  output logic [LaneBits:0]     perf_rd_o   // DRAM bytes written into the buffer
);

  localparam int SegBits = $clog2(NumSegs);

  // Fields come from the lpf_spec_pkg accessors (32 bits each); insn_i is stable while the
  // engine runs. N'({...}) sizes an accessor's result: Icarus 11 cannot cast a call directly.
  logic [31:0] plane_h;
  logic [31:0] row_w;
  logic [63:0] seg_base;
  assign plane_h = lpf_spec_pkg::insn_load_pad_y0(insn_i) + lpf_spec_pkg::insn_load_y_size(insn_i) +
                   lpf_spec_pkg::insn_load_pad_y1(insn_i);
  assign row_w = lpf_spec_pkg::insn_load_pad_x0(insn_i) + lpf_spec_pkg::insn_load_x_size(insn_i) +
                 lpf_spec_pkg::insn_load_pad_x1(insn_i);
  assign seg_base = seg_base_i[64 * SegBits'({lpf_spec_pkg::insn_load_seg(insn_i)}) +: 64];

  // ---------------------------------------------------------------- state
  typedef enum logic [2:0] {
    StIdle,
    StRow,
    StPad,
    StAr,
    StRWait,
    StDone
  } state_e;

  typedef enum logic [1:0] {
    PhRow,  // a whole padding row
    PhX0,   // padding before the data of a row
    PhX1    // padding after the data of a row
  } phase_e;

  state_e              state_q;
  phase_e              phase_q;
  logic [31:0]         z_q, r_q, x_q, pad_q, rem_q;
  logic [20:0]         dst_q;
  logic [63:0]         plane_addr_q, row_addr_q, elem_addr_q, cur_q;
  logic                err_q;
  logic                data_row;
  logic [LaneBits:0]   pad_n, run_n;
  logic [LaneBits-1:0] lane;
  logic                beat_ok;
  logic                wr_en_q, wr_en_d;
  logic [19:0]         wr_addr_q;
  logic [DataBits/8-1:0] wr_mask_q, wr_mask_d;
  logic [DataBits-1:0] wr_data_q, wr_data_d;
  logic [LaneBits:0]   perf_q, perf_d;
  logic [12:0]         to_4k;
  logic [31:0]         burst_bytes;
  logic [31:0]         beats;

  assign data_row = (r_q >= lpf_spec_pkg::insn_load_pad_y0(insn_i)) &&
                    (r_q < lpf_spec_pkg::insn_load_pad_y0(insn_i) +
                           lpf_spec_pkg::insn_load_y_size(insn_i));
  localparam int Lanes = DataBits / 8;
  // bytes written this cycle: padding (up to a full window) or the run bytes of an R beat
  assign pad_n = (pad_q < 32'(Lanes)) ? (LaneBits + 1)'(pad_q) : (LaneBits + 1)'(Lanes);
  assign lane = cur_q[LaneBits-1:0];
  assign run_n = (rem_q < 32'(Lanes) - 32'(lane)) ? (LaneBits + 1)'(rem_q)
                                                  : (LaneBits + 1)'(Lanes) - (LaneBits + 1)'(lane);
  assign beat_ok = (state_q == StRWait) && r_valid_i && !r_resp_i[1] && !err_q;

  always_comb begin
    wr_en_d = 1'b0;
    wr_mask_d = '0;
    wr_data_d = '0;
    perf_d = '0;
    if (state_q == StPad) begin
      wr_en_d = 1'b1;
      wr_mask_d = Lanes'((DataBits / 8 + 1)'(1) << pad_n) - Lanes'(1);
      wr_data_d = {Lanes{8'({lpf_spec_pkg::insn_load_pad_value(insn_i)})}};
    end else if (beat_ok) begin
      wr_en_d = 1'b1;
      wr_mask_d = Lanes'((DataBits / 8 + 1)'(1) << run_n) - Lanes'(1);
      wr_data_d = r_data_i >> {lane, 3'b000};
      perf_d = run_n;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_en_q <= 1'b0;
      perf_q <= '0;
    end else begin
      wr_en_q <= wr_en_d;
      perf_q <= perf_d;
    end
  end

  always_ff @(posedge clk_i) begin
    wr_addr_q <= dst_q[19:0];
    wr_mask_q <= wr_mask_d;
    wr_data_q <= wr_data_d;
  end
  assign to_4k = 13'h1000 - {1'b0, cur_q[11:0]};
  assign burst_bytes = (rem_q < 32'(to_4k)) ? rem_q : 32'(to_4k);
  assign beats = (32'(cur_q[LaneBits-1:0]) + burst_bytes + 32'(DataBits / 8 - 1)) >> LaneBits;

  assign ar_valid_o = (state_q == StAr);
  assign ar_addr_o = {cur_q[AddrBits-1:LaneBits], {LaneBits{1'b0}}};
  assign ar_len_o = 8'(beats - 32'd1);
  assign r_ready_o = (state_q == StRWait);

  assign wr_en_o = wr_en_q;
  assign wr_buf_o = 2'({lpf_spec_pkg::insn_load_buf(insn_i)});
  assign wr_addr_o = wr_addr_q;
  assign wr_mask_o = wr_mask_q;
  assign wr_data_o = wr_data_q;
  assign perf_rd_o = perf_q;
  assign done_o = (state_q == StDone);
  assign err_o = err_q ? 8'(lpf_spec_pkg::ErrDma) : 8'(lpf_spec_pkg::ErrNone);

  // Next step after a row's padding or data is finished.
  task automatic row_end;
    if (data_row) begin
      row_addr_q <= row_addr_q + 64'({lpf_spec_pkg::insn_load_y_stride(insn_i)});
    end
    if (r_q == plane_h - 32'd1) begin
      r_q <= '0;
      z_q <= z_q + 32'd1;
      plane_addr_q <= plane_addr_q + 64'({lpf_spec_pkg::insn_load_z_stride(insn_i)});
      row_addr_q <= plane_addr_q + 64'({lpf_spec_pkg::insn_load_z_stride(insn_i)});
      state_q <= (z_q == lpf_spec_pkg::insn_load_z_size(insn_i) - 32'd1 || abort_i) ?
                 StDone : StRow;
    end else begin
      r_q <= r_q + 32'd1;
      state_q <= abort_i ? StDone : StRow;
    end
  endtask

  task automatic after_x0;
    x_q <= '0;
    elem_addr_q <= row_addr_q;
    cur_q <= row_addr_q;
    rem_q <= (lpf_spec_pkg::insn_load_x_stride(insn_i) == 32'd1) ?
             lpf_spec_pkg::insn_load_x_size(insn_i) : 32'd1;
    state_q <= StAr;
  endtask

  task automatic after_data;
    phase_q <= PhX1;
    pad_q <= lpf_spec_pkg::insn_load_pad_x1(insn_i);
    if (lpf_spec_pkg::insn_load_pad_x1(insn_i) == '0) begin
      row_end();
    end else begin
      state_q <= StPad;
    end
  endtask

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      phase_q <= PhRow;
      z_q <= '0;
      r_q <= '0;
      x_q <= '0;
      pad_q <= '0;
      rem_q <= '0;
      dst_q <= '0;
      plane_addr_q <= '0;
      row_addr_q <= '0;
      elem_addr_q <= '0;
      cur_q <= '0;
      err_q <= 1'b0;
    end else begin
      unique case (state_q)
        StIdle: begin
          if (start_i) begin
            z_q <= '0;
            r_q <= '0;
            dst_q <= 21'({lpf_spec_pkg::insn_load_sram_off(insn_i)});
            plane_addr_q <= seg_base + 64'({lpf_spec_pkg::insn_load_dram_off(insn_i)});
            row_addr_q <= seg_base + 64'({lpf_spec_pkg::insn_load_dram_off(insn_i)});
            err_q <= 1'b0;
            state_q <= StRow;
          end
        end
        StRow: begin
          if (data_row) begin
            phase_q <= PhX0;
            pad_q <= lpf_spec_pkg::insn_load_pad_x0(insn_i);
            if (lpf_spec_pkg::insn_load_pad_x0(insn_i) == '0) begin
              after_x0();
            end else begin
              state_q <= StPad;
            end
          end else begin
            phase_q <= PhRow;
            pad_q <= row_w;
            state_q <= StPad;
          end
        end
        StPad: begin
          dst_q <= dst_q + 21'(pad_n);
          pad_q <= pad_q - 32'(pad_n);
          if (abort_i) begin
            state_q <= StDone;
          end else if (pad_q <= 32'(Lanes)) begin
            unique case (phase_q)
              PhX0: after_x0();
              default: row_end();
            endcase
          end
        end
        StAr: begin
          if (ar_ready_i) begin
            state_q <= StRWait;
          end
        end
        StRWait: begin
          if (r_valid_i) begin
            if (r_resp_i[1]) begin
              err_q <= 1'b1;
            end
            if (r_resp_i[1] || err_q) begin
              state_q <= r_last_i ? StDone : StRWait;
            end else begin
              dst_q <= dst_q + 21'(run_n);
              cur_q <= cur_q + 64'(run_n);
              rem_q <= rem_q - 32'(run_n);
              if (r_last_i) begin
                if (rem_q != 32'(run_n)) begin
                  state_q <= abort_i ? StDone : StAr;
                end else if (lpf_spec_pkg::insn_load_x_stride(insn_i) == 32'd1 ||
                             x_q == lpf_spec_pkg::insn_load_x_size(insn_i) - 32'd1) begin
                  after_data();
                end else begin
                  // next element of a strided row
                  x_q <= x_q + 32'd1;
                  elem_addr_q <= elem_addr_q + 64'({lpf_spec_pkg::insn_load_x_stride(insn_i)});
                  cur_q <= elem_addr_q + 64'({lpf_spec_pkg::insn_load_x_stride(insn_i)});
                  rem_q <= 32'd1;
                  state_q <= abort_i ? StDone : StAr;
                end
              end
            end
          end
        end
        StDone: state_q <= StIdle;
        default: state_q <= StIdle;
      endcase
    end
  end

endmodule : dma_load
