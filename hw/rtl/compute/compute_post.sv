// SPDX-License-Identifier: MIT
// POST engine: bias, requantize, clip and max pool from ACC into OUT (REQUANT), or acc + bias
// as little-endian int32 (RAW32).
//
// Per channel the engine first reads the channel's PARAM entry (int32 bias at byte 0, float32
// multiplier at byte 4): three cycles per channel with the first window.
//
// Fast path (PK = PS = 1, always the case in RAW32): each output row is a run of PW consecutive
// ACC elements; Lanes of them per cycle go through Lanes post_requant pipelines (bias,
// multiplier, zero point and clip travel with each element) and out as one OUT window write:
// Lanes bytes (REQUANT) or Lanes little-endian int32 sums acc + bias (RAW32).
//
// Pool path: per pooled output (py, px) the ACC elements of the window (rows PY0 + py*PS_H +
// [0, PK_H) and columns PX0 + px*PS_W + [0, PK_W), clipped to the tile) stream, up to Lanes
// elements of a window row per cycle, through the requantizers; the maximum of the valid lanes
// goes into post_maxpool, and each window maximum to the next OUT byte. The clipped bounds of
// the next window are computed while the current one streams, so windows follow each other
// without a gap. Overlapping windows simply read their elements again.
module compute_post #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8,
  parameter int AccBits = $clog2(lpf_spec_pkg::AccBufEntries),
  parameter int OutBits = $clog2(lpf_spec_pkg::OutBufBytes),
  parameter int ParBits = $clog2(lpf_spec_pkg::ParamBufEntries),
  parameter int ParEntryBits = lpf_spec_pkg::ParamEntryBytes * 8,
  parameter int Lanes = 4   // fast-path elements per cycle (RAW32: 4*Lanes OUT bytes)
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    start_i,
  input  logic [InsnBits-1:0]     insn_i,
  input  logic                    abort_i,
  output logic                    done_o,
  output logic                    par_rd_en_o,
  output logic [ParBits-1:0]      par_rd_entry_o,
  input  logic [ParEntryBits-1:0] par_rd_data_i,
  output logic                    acc_rd_en_o,
  output logic [AccBits-1:0]      acc_rd_addr_o,
  input  logic [Lanes*32-1:0]     acc_rd_data_i,  // window: entry acc_rd_addr_o + l
  output logic                    out_wr_en_o,
  output logic [OutBits-1:0]      out_wr_addr_o,  // byte address of lane 0
  output logic [Lanes*4-1:0]      out_wr_mask_o,  // window of consecutive OUT bytes
  output logic [Lanes*32-1:0]     out_wr_data_o
);

  localparam int Lat = 6;  // ACC read (1) + post_requant (5)

  // Fields come from the lpf_spec_pkg accessors (32 bits each); insn_i is stable while the
  // engine runs. N'({...}) sizes an accessor's result: Icarus 11 cannot cast a call directly.
  logic raw;
  assign raw = (lpf_spec_pkg::insn_post_mode(insn_i) == 32'(lpf_spec_pkg::PostModeRaw32));

  typedef enum logic [3:0] {
    StIdle,
    StSetup,
    StParRd,
    StParWait,
    StWin,
    StElem,
    StFast,
    StFlush,
    StDone
  } state_e;

  state_e state_q;

  logic [31:0] tile_q, ch_q, chan_base_q, py_q, px_q, row_addr_q, out_ptr_q;
  logic [31:0] bias_q, mult_q;
  logic signed [31:0] wr0_q, wc0_q;    // window origin (signed)
  logic [31:0] rs_q, re_q, cs_q, ce_q;   // clipped window [rs, re) x [cs, ce)
  logic [31:0] r_q, col_q, flush_q;

  // [start, end) of a window starting at org of size k, clipped to [0, lim)
  function automatic logic [63:0] clip(input logic signed [31:0] org, input logic [31:0] k,
                                       input logic [31:0] lim);
    logic signed [31:0] e;
    logic [31:0] lo, hi;
    e = org + $signed(k);
    lo = (org < 0) ? 32'd0 : org;
    hi = (e > $signed(lim)) ? lim : e;
    clip = {hi, lo};
  endfunction

  // clipped window of the current origin
  logic [31:0] rs_d, re_d, cs_d, ce_d;
  assign {re_d, rs_d} = clip(wr0_q, lpf_spec_pkg::insn_post_pk_h(insn_i),
                             lpf_spec_pkg::insn_post_th(insn_i));
  assign {ce_d, cs_d} = clip(wc0_q, lpf_spec_pkg::insn_post_pk_w(insn_i),
                             lpf_spec_pkg::insn_post_tw(insn_i));

  // origin and clipped window of the next window of the channel
  logic               next_in_row, next_in_chan;
  logic signed [31:0] nwr0, nwc0;
  logic [31:0]        nrs, nre, ncs, nce;
  assign next_in_row = (px_q != lpf_spec_pkg::insn_post_pw(insn_i) - 32'd1);
  assign next_in_chan = next_in_row || (py_q != lpf_spec_pkg::insn_post_ph(insn_i) - 32'd1);
  assign nwr0 = next_in_row ? wr0_q : wr0_q + $signed({lpf_spec_pkg::insn_post_ps_h(insn_i)});
  assign nwc0 = next_in_row ? wc0_q + $signed({lpf_spec_pkg::insn_post_ps_w(insn_i)}) :
                              lpf_spec_pkg::insn_post_px0(insn_i);
  assign {nre, nrs} = clip(nwr0, lpf_spec_pkg::insn_post_pk_h(insn_i),
                           lpf_spec_pkg::insn_post_th(insn_i));
  assign {nce, ncs} = clip(nwc0, lpf_spec_pkg::insn_post_pk_w(insn_i),
                           lpf_spec_pkg::insn_post_tw(insn_i));

  // ---------------------------------------------------------------- requantizer and pool
  // Fast path (1x1 pool with stride 1, always the case in RAW32): each output row is a run of
  // PW consecutive ACC elements; it streams Lanes elements per cycle (one ACC window read)
  // through Lanes requantizers, and their bytes (or int32 sums) go to OUT as one window write.
  // Otherwise lane 0 alone streams window elements into post_maxpool.
  logic               fast;
  logic               fast_issue, elem_issue, elem_first, elem_last;
  logic [31:0]        fast_left;
  logic [Lanes-1:0]   fast_mask;
  logic [Lat-1:0]     first_pipe_q, last_pipe_q;
  logic [Lanes-1:0]   mask_pipe_q [Lat];
  logic               rq_valid_q;
  logic [Lanes-1:0]   rq_out_valid;
  logic [Lanes*8-1:0] rq_q;
  logic [Lanes*32-1:0] rq_sum;
  logic [Lanes-1:0]   rq_mask;
  logic               mp_valid;
  logic [7:0]         mp_q;

  assign fast = (lpf_spec_pkg::insn_post_pk_h(insn_i) == 32'd1) &&
                (lpf_spec_pkg::insn_post_pk_w(insn_i) == 32'd1) &&
                (lpf_spec_pkg::insn_post_ps_h(insn_i) == 32'd1) &&
                (lpf_spec_pkg::insn_post_ps_w(insn_i) == 32'd1);
  assign fast_issue = (state_q == StFast);
  assign fast_left = lpf_spec_pkg::insn_post_pw(insn_i) - col_q;
  for (genvar l = 0; l < Lanes; l++) begin : g_mask
    assign fast_mask[l] = (32'(l) < fast_left);
  end
  assign elem_issue = (state_q == StElem);
  // pool path: up to Lanes elements of a window row per cycle
  logic [31:0]      elem_left;
  logic [Lanes-1:0] elem_mask;
  assign elem_left = ce_q - col_q;
  for (genvar l = 0; l < Lanes; l++) begin : g_emask
    assign elem_mask[l] = (32'(l) < elem_left);
  end
  assign elem_first = (r_q == rs_q) && (col_q == cs_q);
  assign elem_last = (r_q == re_q - 32'd1) && (elem_left <= 32'(Lanes));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rq_valid_q <= 1'b0;
    end else begin
      rq_valid_q <= elem_issue || fast_issue;
    end
  end

  always_ff @(posedge clk_i) begin
    first_pipe_q <= {first_pipe_q[Lat-2:0], elem_first};
    last_pipe_q <= {last_pipe_q[Lat-2:0], elem_last};
    mask_pipe_q[0] <= fast_issue ? fast_mask : elem_mask;
    for (int i = 1; i < Lat; i++) begin
      mask_pipe_q[i] <= mask_pipe_q[i-1];
    end
  end
  assign rq_mask = mask_pipe_q[Lat-1];

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    post_requant u_requant (
      .clk_i        (clk_i),
      .rst_ni       (rst_ni),
      .valid_i      (rq_valid_q),
      .acc_i        (acc_rd_data_i[32*l +: 32]),
      .bias_i       (bias_q),
      .mult_i       (mult_q),
      .out_signed_i (1'({lpf_spec_pkg::insn_post_out_signed(insn_i)})),
      .zp_i         (8'({lpf_spec_pkg::insn_post_out_zp(insn_i)})),
      .clip_lo_i    (8'({lpf_spec_pkg::insn_post_clip_lo(insn_i)})),
      .clip_hi_i    (8'({lpf_spec_pkg::insn_post_clip_hi(insn_i)})),
      .valid_o      (rq_out_valid[l]),
      .q_o          (rq_q[8*l +: 8]),
      .sum_o        (rq_sum[32*l +: 32])
    );
  end

  // maximum of the valid lanes (lane 0 always is), in the output's signedness
  logic [7:0] lane_max;
  always_comb begin
    lane_max = rq_q[7:0];
    for (int l = 1; l < Lanes; l++) begin
      if (rq_mask[l] && (1'({lpf_spec_pkg::insn_post_out_signed(insn_i)}) ?
                         ($signed(rq_q[8*l +: 8]) > $signed(lane_max)) :
                         (rq_q[8*l +: 8] > lane_max))) begin
        lane_max = rq_q[8*l +: 8];
      end
    end
  end

  post_maxpool u_maxpool (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .valid_i      (rq_out_valid[0] && !fast),
    .first_i      (first_pipe_q[Lat-1]),
    .last_i       (last_pipe_q[Lat-1]),
    .out_signed_i (1'({lpf_spec_pkg::insn_post_out_signed(insn_i)})),
    .q_i          (lane_max),
    .valid_o      (mp_valid),
    .q_o          (mp_q)
  );

  // ---------------------------------------------------------------- buffer ports
  logic [Lanes*4-1:0] raw_mask;
  logic [31:0]        out_n;
  for (genvar l = 0; l < Lanes; l++) begin : g_raw_mask
    assign raw_mask[4*l +: 4] = {4{rq_mask[l]}};
  end
  always_comb begin
    out_n = '0;
    for (int l = 0; l < Lanes; l++) begin
      out_n = out_n + 32'(rq_mask[l]);
    end
    if (raw) begin
      out_n = out_n << 2;
    end
  end

  assign par_rd_en_o = (state_q == StParRd);
  assign par_rd_entry_o = ParBits'(lpf_spec_pkg::insn_post_param_off(insn_i) + ch_q);
  assign acc_rd_en_o = elem_issue || fast_issue;
  assign acc_rd_addr_o = AccBits'(row_addr_q + col_q);
  assign out_wr_en_o = fast ? rq_out_valid[0] : mp_valid;
  assign out_wr_addr_o = OutBits'(out_ptr_q);
  assign out_wr_mask_o = raw ? raw_mask : fast ? (Lanes * 4)'(rq_mask) : (Lanes * 4)'(1);
  assign out_wr_data_o = raw ? rq_sum : fast ? (Lanes * 32)'(rq_q) : (Lanes * 32)'(mp_q);
  assign done_o = (state_q == StDone);

  task automatic next_channel;
    if (ch_q == lpf_spec_pkg::insn_post_c(insn_i) - 32'd1 || abort_i) begin
      flush_q <= 32'(Lat + 2);
      state_q <= StFlush;
    end else begin
      ch_q <= ch_q + 32'd1;
      chan_base_q <= chan_base_q + tile_q;
      state_q <= StParRd;
    end
  endtask

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      out_ptr_q <= '0;
    end else begin
      if (out_wr_en_o) begin
        out_ptr_q <= out_ptr_q + (fast ? out_n : 32'd1);
      end
      unique case (state_q)
        StIdle: begin
          if (start_i) begin
            state_q <= StSetup;
          end
        end
        StSetup: begin
          tile_q <= lpf_spec_pkg::insn_post_th(insn_i) * lpf_spec_pkg::insn_post_tw(insn_i);
          ch_q <= '0;
          chan_base_q <= lpf_spec_pkg::insn_post_acc_off(insn_i);
          out_ptr_q <= lpf_spec_pkg::insn_post_out_off(insn_i);
          state_q <= StParRd;
        end
        StParRd: state_q <= StParWait;
        StParWait: begin
          bias_q <= par_rd_data_i[31:0];
          mult_q <= par_rd_data_i[63:32];
          py_q <= '0;
          px_q <= '0;
          wr0_q <= lpf_spec_pkg::insn_post_py0(insn_i);
          wc0_q <= lpf_spec_pkg::insn_post_px0(insn_i);
          // fast path: row py of the output is ACC row PY0 + py from column PX0 (both >= 0,
          // ctrl_check rejects empty 1x1 windows)
          row_addr_q <= chan_base_q +
                        lpf_spec_pkg::insn_post_py0(insn_i) * lpf_spec_pkg::insn_post_tw(insn_i) +
                        lpf_spec_pkg::insn_post_px0(insn_i);
          col_q <= '0;
          state_q <= fast ? StFast : StWin;
        end
        StFast: begin
          if (fast_left > 32'(Lanes)) begin
            col_q <= col_q + 32'(Lanes);
          end else if (py_q != lpf_spec_pkg::insn_post_ph(insn_i) - 32'd1) begin
            col_q <= '0;
            py_q <= py_q + 32'd1;
            row_addr_q <= row_addr_q + lpf_spec_pkg::insn_post_tw(insn_i);
          end else begin
            next_channel();
          end
        end
        StWin: begin
          rs_q <= rs_d;
          re_q <= re_d;
          cs_q <= cs_d;
          ce_q <= ce_d;
          r_q <= rs_d;
          col_q <= cs_d;
          row_addr_q <= chan_base_q + rs_d * lpf_spec_pkg::insn_post_tw(insn_i);
          state_q <= StElem;
        end
        StElem: begin
          if (elem_left > 32'(Lanes)) begin
            col_q <= col_q + 32'(Lanes);
          end else if (r_q != re_q - 32'd1) begin
            col_q <= cs_q;
            r_q <= r_q + 32'd1;
            row_addr_q <= row_addr_q + lpf_spec_pkg::insn_post_tw(insn_i);
          end else if (next_in_chan) begin
            // next window, issued back to back
            px_q <= next_in_row ? px_q + 32'd1 : 32'd0;
            py_q <= next_in_row ? py_q : py_q + 32'd1;
            wr0_q <= nwr0;
            wc0_q <= nwc0;
            rs_q <= nrs;
            re_q <= nre;
            cs_q <= ncs;
            ce_q <= nce;
            r_q <= nrs;
            col_q <= ncs;
            row_addr_q <= chan_base_q + nrs * lpf_spec_pkg::insn_post_tw(insn_i);
          end else begin
            next_channel();
          end
        end
        StFlush: begin
          flush_q <= flush_q - 32'd1;
          if (flush_q == 32'd1) begin
            state_q <= StDone;
          end
        end
        StDone: state_q <= StIdle;
        default: state_q <= StIdle;
      endcase
    end
  end

  logic unused_valid;  // the lanes run in lock step with lane 0
  assign unused_valid = ^rq_out_valid[Lanes-1:1];

endmodule : compute_post
