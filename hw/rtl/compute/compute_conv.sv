// SPDX-License-Identifier: MIT
// CONV engine: grouped, strided, dilated convolution with implicit im2col on the
// output-stationary PE array (array_top, Rows output pixels x Cols output channels), one
// reduction step (ci, ky, kx) per cycle.
//
// Loop nest, outermost first: group g; block of Rows output pixels (row-major over
// OUT_H x OUT_W); block of Cols output channels of the group (a tile); reduction steps.
//
// - Pixel walker (background): computes the window origins base[r] = y*SH*IN_W + x*SW of the
//   Rows pixels of the next pixel block, one per cycle, while the current block runs.
// - Issue (one tile setup cycle, then the steps): a tile setup reads the Cols weight zero
//   points in one access (buf_param's w_zp store) and loads the step-0 input addresses. A step
//   needs input byte a[r] = T + base[r] per row (T = INP_OFF + (g*ICPG + ci)*IN_H*IN_W +
//   ky*DH*IN_W + kx*DW) from the INP buffer, interleaved over InpBanks byte banks, and the
//   Cols consecutive weights at WGT_OFF + ((g*ICPG + ci)*KH*KW + ky*KW + kx)*OCPG + j0 (one
//   window read of the banked WGT buffer, any alignment). Each bank serves the lowest pending
//   row that maps to it; a step whose rows all hit distinct banks (stride 1 blocks spanning
//   up to InpBanks bytes, e.g. 3x3 on 56, 28, 14, 7 wide tiles) issues in one cycle, otherwise
//   in as many cycles as the most-shared bank has rows (stride 2, dilation, narrow tiles).
// - Feed: one cycle later the bytes are collected per row and the step enters the array
//   (first step of a tile overwrites). Tiles follow each other without a gap.
// - Write-back: three edges after the last step of a tile the array copies its accumulators
//   to its shadow (array_top Shadow = 1); the write-back then reads one column (one output
//   channel, Rows consecutive pixels of the [C][OH][OW] block) per cycle and writes it to ACC
//   with one window write (ACC_MODE 1: added to a window read of the old values), while the
//   next tile accumulates. The last step of a tile waits only if the previous tile's
//   read-out is still running (tiles of fewer than ~Cols steps).
// Rows and columns past the tile edge compute garbage that is never written.
// perf_macs_o adds valid rows x valid columns per step (= the golden model's count).
module compute_conv #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8,
  parameter int Rows = lpf_spec_pkg::PeRows,
  parameter int Cols = lpf_spec_pkg::PeCols,
  parameter int InpBanks = 2 * lpf_spec_pkg::PeRows,
  parameter int InpBits = $clog2(lpf_spec_pkg::InpBufBytes),
  parameter int WgtBits = $clog2(lpf_spec_pkg::WgtBufBytes),
  parameter int AccBits = $clog2(lpf_spec_pkg::AccBufEntries),
  parameter int ParBits = $clog2(lpf_spec_pkg::ParamBufEntries),
  parameter int InpBankBits = $clog2(InpBanks),
  parameter int InpWordBits = InpBits - InpBankBits
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      start_i,
  input  logic [InsnBits-1:0]       insn_i,
  input  logic                      abort_i,
  output logic                      done_o,
  // INP: one word per bank (raw), data one cycle later
  output logic [InpBanks-1:0]       inp_rd_en_o,
  output logic [InpBanks*InpWordBits-1:0] inp_rd_word_o,
  input  logic [InpBanks*8-1:0]     inp_rd_data_i,
  // WGT: window of Cols bytes, data one cycle later
  output logic                      wgt_rd_en_o,
  output logic [WgtBits-1:0]        wgt_rd_addr_o,
  input  logic [Cols*8-1:0]         wgt_rd_data_i,
  // weight zero points of Cols consecutive PARAM entries, data one cycle later
  output logic                      wzp_rd_en_o,
  output logic [ParBits-1:0]        wzp_rd_entry_o,
  input  logic [Cols*8-1:0]         wzp_rd_data_i,
  // ACC: window of Rows entries (read for ACC_MODE 1, write)
  output logic                      acc_rd_en_o,
  output logic [AccBits-1:0]        acc_rd_addr_o,
  input  logic [Rows*32-1:0]        acc_rd_data_i,
  output logic                      acc_wr_en_o,
  output logic [AccBits-1:0]        acc_wr_addr_o,
  output logic [Rows-1:0]           acc_wr_mask_o,
  output logic [Rows*32-1:0]        acc_wr_data_o,
  output logic [15:0]               perf_macs_o
);

  localparam int ColBits = (Cols > 1) ? $clog2(Cols) : 1;
  localparam int RowBits = (Rows > 1) ? $clog2(Rows) : 1;
  localparam int WbSlack = 4;

  function automatic logic [31:0] fld(input logic [InsnBits-1:0] insn, input int word,
                                      input int lsb, input int width);
    logic [31:0] w;
    w = insn[32*word +: 32];
    fld = (w >> lsb) & ((32'd1 << width) - 32'd1);
  endfunction

  logic [31:0] f_mode, f_xs, f_ws, f_xzp, f_inp, f_wgt, f_acc, f_par, f_ih, f_iw, f_oh, f_ow;
  logic [31:0] f_kh, f_kw, f_sh, f_sw, f_dh, f_dw, f_icpg, f_ocpg, f_g;
  assign f_mode = fld(insn_i, lpf_spec_pkg::InsnConvAccModeWord,
                      lpf_spec_pkg::InsnConvAccModeLsb, lpf_spec_pkg::InsnConvAccModeWidth);
  assign f_xs = fld(insn_i, lpf_spec_pkg::InsnConvXSignedWord,
                    lpf_spec_pkg::InsnConvXSignedLsb, lpf_spec_pkg::InsnConvXSignedWidth);
  assign f_ws = fld(insn_i, lpf_spec_pkg::InsnConvWSignedWord,
                    lpf_spec_pkg::InsnConvWSignedLsb, lpf_spec_pkg::InsnConvWSignedWidth);
  assign f_xzp = fld(insn_i, lpf_spec_pkg::InsnConvXZpWord, lpf_spec_pkg::InsnConvXZpLsb,
                     lpf_spec_pkg::InsnConvXZpWidth);
  assign f_inp = fld(insn_i, lpf_spec_pkg::InsnConvInpOffWord, lpf_spec_pkg::InsnConvInpOffLsb,
                     lpf_spec_pkg::InsnConvInpOffWidth);
  assign f_wgt = fld(insn_i, lpf_spec_pkg::InsnConvWgtOffWord, lpf_spec_pkg::InsnConvWgtOffLsb,
                     lpf_spec_pkg::InsnConvWgtOffWidth);
  assign f_acc = fld(insn_i, lpf_spec_pkg::InsnConvAccOffWord, lpf_spec_pkg::InsnConvAccOffLsb,
                     lpf_spec_pkg::InsnConvAccOffWidth);
  assign f_par = fld(insn_i, lpf_spec_pkg::InsnConvParamOffWord,
                     lpf_spec_pkg::InsnConvParamOffLsb, lpf_spec_pkg::InsnConvParamOffWidth);
  assign f_ih = fld(insn_i, lpf_spec_pkg::InsnConvInHWord, lpf_spec_pkg::InsnConvInHLsb,
                    lpf_spec_pkg::InsnConvInHWidth);
  assign f_iw = fld(insn_i, lpf_spec_pkg::InsnConvInWWord, lpf_spec_pkg::InsnConvInWLsb,
                    lpf_spec_pkg::InsnConvInWWidth);
  assign f_oh = fld(insn_i, lpf_spec_pkg::InsnConvOutHWord, lpf_spec_pkg::InsnConvOutHLsb,
                    lpf_spec_pkg::InsnConvOutHWidth);
  assign f_ow = fld(insn_i, lpf_spec_pkg::InsnConvOutWWord, lpf_spec_pkg::InsnConvOutWLsb,
                    lpf_spec_pkg::InsnConvOutWWidth);
  assign f_kh = fld(insn_i, lpf_spec_pkg::InsnConvKhWord, lpf_spec_pkg::InsnConvKhLsb,
                    lpf_spec_pkg::InsnConvKhWidth);
  assign f_kw = fld(insn_i, lpf_spec_pkg::InsnConvKwWord, lpf_spec_pkg::InsnConvKwLsb,
                    lpf_spec_pkg::InsnConvKwWidth);
  assign f_sh = fld(insn_i, lpf_spec_pkg::InsnConvShWord, lpf_spec_pkg::InsnConvShLsb,
                    lpf_spec_pkg::InsnConvShWidth);
  assign f_sw = fld(insn_i, lpf_spec_pkg::InsnConvSwWord, lpf_spec_pkg::InsnConvSwLsb,
                    lpf_spec_pkg::InsnConvSwWidth);
  assign f_dh = fld(insn_i, lpf_spec_pkg::InsnConvDhWord, lpf_spec_pkg::InsnConvDhLsb,
                    lpf_spec_pkg::InsnConvDhWidth);
  assign f_dw = fld(insn_i, lpf_spec_pkg::InsnConvDwWord, lpf_spec_pkg::InsnConvDwLsb,
                    lpf_spec_pkg::InsnConvDwWidth);
  assign f_icpg = fld(insn_i, lpf_spec_pkg::InsnConvIcpgWord, lpf_spec_pkg::InsnConvIcpgLsb,
                      lpf_spec_pkg::InsnConvIcpgWidth);
  assign f_ocpg = fld(insn_i, lpf_spec_pkg::InsnConvOcpgWord, lpf_spec_pkg::InsnConvOcpgLsb,
                      lpf_spec_pkg::InsnConvOcpgWidth);
  assign f_g = fld(insn_i, lpf_spec_pkg::InsnConvGroupsWord, lpf_spec_pkg::InsnConvGroupsLsb,
                   lpf_spec_pkg::InsnConvGroupsWidth);


  typedef enum logic [2:0] {
    StIdle,
    StSetup1,
    StSetup2,
    StTile,
    StStep,
    StFinish,
    StDone
  } state_e;

  state_e state_q;

  // per instruction
  logic [31:0] plane_in_q, out_plane_q, khkw_q, shin_q, dhin_q;
  logic [31:0] g_in_q, g_w_q, ocpg_plane_q, cols_plane_q;
  // tile loop
  logic [31:0] g_q, in_g_q, w_g_q, ocg_q, acc_g_q, p0_q, j0_q, jplane_q;
  logic [31:0] nrows_q, ncols_q, acc_c_q;
  logic [15:0] tile_macs_q;
  logic [Rows-1:0] rowmask_q;
  logic [31:0] base_q [Rows];
  // reduction step
  logic [31:0] ci_q, ky_q, kx_q, ch_q, tap_row_q, tap_q, w_ptr_q;
  logic        first_q;
  logic [InpBits-1:0] a_q [Rows];
  logic [Rows-1:0]    pend_q;

  // ---------------------------------------------------------------- pixel walker
  logic [31:0] wx_q, wrow_q, wpix_q, wp_q;
  logic [31:0] nbase_q [Rows];
  logic [RowBits:0] wk_q;
  logic        wend_q;
  logic        walk_full, take;

  assign walk_full = (wk_q == (RowBits + 1)'(Rows));

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wk_q <= (RowBits + 1)'(Rows);
      wend_q <= 1'b0;
      wx_q <= '0;
      wrow_q <= '0;
      wpix_q <= '0;
      wp_q <= '0;
    end else if (state_q == StSetup2) begin
      wk_q <= '0;
      wend_q <= 1'b0;
      wx_q <= '0;
      wrow_q <= '0;
      wpix_q <= '0;
      wp_q <= '0;
    end else if (take) begin
      wk_q <= '0;
      if (wend_q) begin
        wend_q <= 1'b0;
        wx_q <= '0;
        wrow_q <= '0;
        wpix_q <= '0;
        wp_q <= '0;
      end
    end else if (!walk_full) begin
      nbase_q[wk_q[RowBits-1:0]] <= wend_q ? 32'd0 : wpix_q;
      wk_q <= wk_q + (RowBits + 1)'(1);
      if (!wend_q) begin
        if (wp_q == out_plane_q - 32'd1) begin
          wend_q <= 1'b1;
        end else if (wx_q == f_ow - 32'd1) begin
          wp_q <= wp_q + 32'd1;
          wx_q <= '0;
          wrow_q <= wrow_q + shin_q;
          wpix_q <= wrow_q + shin_q;
        end else begin
          wp_q <= wp_q + 32'd1;
          wx_q <= wx_q + 32'd1;
          wpix_q <= wpix_q + f_sw;
        end
      end
    end
  end

  // ---------------------------------------------------------------- input gather
  // row r is served this cycle if no lower pending row maps to its bank
  logic [InpBankBits-1:0] bank [Rows];
  logic [Rows-1:0]        served;
  logic [Rows-1:0]        pend_next;
  logic                   issue;   // the issue stage reads this cycle

  for (genvar r = 0; r < Rows; r++) begin : g_arb
    assign bank[r] = a_q[r][InpBankBits-1:0];
    logic [Rows-1:0] lower_hit;
    for (genvar q = 0; q < Rows; q++) begin : g_lower
      if (q < r) begin : g_lt
        assign lower_hit[q] = pend_q[q] && (bank[q] == bank[r]);
      end else begin : g_ge
        assign lower_hit[q] = 1'b0;
      end
    end
    assign served[r] = issue && pend_q[r] && !(|lower_hit);
  end
  assign pend_next = pend_q & ~served;

  for (genvar b = 0; b < InpBanks; b++) begin : g_bank_req
    logic [Rows-1:0]          hit;
    logic [InpWordBits-1:0]   word;
    for (genvar r = 0; r < Rows; r++) begin : g_hit
      assign hit[r] = served[r] && (bank[r] == InpBankBits'(b));
    end
    always_comb begin
      word = '0;
      for (int r = 0; r < Rows; r++) begin
        word = word | (a_q[r][InpBits-1:InpBankBits] & {InpWordBits{hit[r]}});
      end
    end
    assign inp_rd_en_o[b] = |hit;
    assign inp_rd_word_o[InpWordBits*b +: InpWordBits] = word;
  end

  // ---------------------------------------------------------------- issue
  logic last_step, step_done, hold, wb_busy;
  logic wb_rd_q, wb_wr_q;
  logic [31:0] wb_col_q, wb_ncols_q;
  logic s1_valid_q, s1_first_q, s1_last_q;
  logic [15:0] s1_macs_q;
  logic [Rows-1:0] s1_served_q;
  logic [InpBankBits-1:0] s1_bank_q [Rows];
  logic [2:0] snap_pipe_q;
  logic [31:0] dt_acc_q, dt_nrows_q, dt_ncols_q;

  assign last_step = (kx_q == f_kw - 32'd1) && (ky_q == f_kh - 32'd1) &&
                     (ci_q == f_icpg - 32'd1);
  // The last step of a tile waits until the previous tile's snapshot has been taken and its
  // read-out will be over by the time this tile's snapshot is taken (four edges after the
  // issue: at most WbSlack columns left), so neither the shadow nor dt_* is overwritten early.
  assign hold = last_step && ((s1_valid_q && s1_last_q) || (|snap_pipe_q) ||
                              (wb_rd_q && (wb_ncols_q - wb_col_q > 32'(WbSlack))));
  assign issue = (state_q == StStep) && !hold;
  assign step_done = issue && (pend_next == '0);

  // next step's counters
  logic [31:0] kx_n, ky_n, ci_n, ch_n, tap_row_n, tap_n;
  always_comb begin
    kx_n = kx_q + 32'd1;
    ky_n = ky_q;
    ci_n = ci_q;
    ch_n = ch_q;
    tap_row_n = tap_row_q;
    tap_n = tap_q + f_dw;
    if (kx_q == f_kw - 32'd1) begin
      kx_n = '0;
      if (ky_q != f_kh - 32'd1) begin
        ky_n = ky_q + 32'd1;
        tap_row_n = tap_row_q + dhin_q;
        tap_n = tap_row_q + dhin_q;
      end else begin
        ky_n = '0;
        tap_row_n = '0;
        tap_n = '0;
        ci_n = ci_q + 32'd1;
        ch_n = ch_q + plane_in_q;
      end
    end
  end

  // tile setup: bases of a new pixel block come from the walker
  logic        new_block;
  logic [31:0] bsel [Rows];
  logic [31:0] nrows_d, ncols_d;
  assign new_block = (j0_q == '0);
  assign take = (state_q == StTile) && new_block && walk_full && !abort_i;
  for (genvar r = 0; r < Rows; r++) begin : g_bsel
    assign bsel[r] = new_block ? nbase_q[r] : base_q[r];
  end
  assign nrows_d = (out_plane_q - p0_q < 32'(Rows)) ? out_plane_q - p0_q : 32'(Rows);
  assign ncols_d = (f_ocpg - j0_q < 32'(Cols)) ? f_ocpg - j0_q : 32'(Cols);

  assign wzp_rd_en_o = (state_q == StTile);
  assign wzp_rd_entry_o = ParBits'(f_par + ocg_q + j0_q);
  assign wgt_rd_en_o = (state_q == StStep);
  assign wgt_rd_addr_o = WgtBits'(w_ptr_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      s1_valid_q <= 1'b0;
      s1_last_q <= 1'b0;
      snap_pipe_q <= '0;
      pend_q <= '0;
    end else begin
      s1_valid_q <= step_done;
      s1_last_q <= step_done && last_step;
      s1_first_q <= first_q;
      s1_served_q <= served;
      s1_macs_q <= tile_macs_q;
      for (int r = 0; r < Rows; r++) begin
        s1_bank_q[r] <= bank[r];
      end
      snap_pipe_q <= {snap_pipe_q[1:0], s1_valid_q && s1_last_q};
      unique case (state_q)
        StIdle: if (start_i) state_q <= StSetup1;
        StSetup1: begin
          plane_in_q <= f_ih * f_iw;
          out_plane_q <= f_oh * f_ow;
          khkw_q <= f_kh * f_kw;
          shin_q <= f_sh * f_iw;
          dhin_q <= f_dh * f_iw;
          g_q <= '0;
          in_g_q <= f_inp;
          w_g_q <= f_wgt;
          ocg_q <= '0;
          acc_g_q <= f_acc;
          p0_q <= '0;
          j0_q <= '0;
          jplane_q <= '0;
          state_q <= StSetup2;
        end
        StSetup2: begin
          g_in_q <= f_icpg * plane_in_q;
          g_w_q <= f_icpg * khkw_q * f_ocpg;
          ocpg_plane_q <= f_ocpg * out_plane_q;
          cols_plane_q <= 32'(Cols) * out_plane_q;
          state_q <= StTile;
        end
        StTile: begin
          if (abort_i) begin
            state_q <= StFinish;
          end else if (!new_block || walk_full) begin
            for (int r = 0; r < Rows; r++) begin
              base_q[r] <= bsel[r];
              a_q[r] <= InpBits'(in_g_q + bsel[r]);
              rowmask_q[r] <= (32'(r) < nrows_d);
              pend_q[r] <= (32'(r) < nrows_d);
            end
            nrows_q <= nrows_d;
            ncols_q <= ncols_d;
            tile_macs_q <= 16'(nrows_d * ncols_d);
            acc_c_q <= acc_g_q + jplane_q + p0_q;
            ci_q <= '0;
            ky_q <= '0;
            kx_q <= '0;
            ch_q <= in_g_q;
            tap_row_q <= '0;
            tap_q <= '0;
            w_ptr_q <= w_g_q + j0_q;
            first_q <= 1'b1;
            state_q <= StStep;
          end
        end
        StStep: begin
          if (step_done) begin
            first_q <= 1'b0;
            kx_q <= kx_n;
            ky_q <= ky_n;
            ci_q <= ci_n;
            ch_q <= ch_n;
            tap_row_q <= tap_row_n;
            tap_q <= tap_n;
            w_ptr_q <= w_ptr_q + f_ocpg;
            pend_q <= rowmask_q;
            for (int r = 0; r < Rows; r++) begin
              a_q[r] <= InpBits'(ch_n + tap_n + base_q[r]);
            end
            if (last_step) begin
              dt_acc_q <= acc_c_q;
              dt_nrows_q <= nrows_q;
              dt_ncols_q <= ncols_q;
              state_q <= StTile;
              if (j0_q + 32'(Cols) < f_ocpg) begin
                j0_q <= j0_q + 32'(Cols);
                jplane_q <= jplane_q + cols_plane_q;
              end else if (p0_q + 32'(Rows) < out_plane_q) begin
                j0_q <= '0;
                jplane_q <= '0;
                p0_q <= p0_q + 32'(Rows);
              end else if (g_q != f_g - 32'd1) begin
                j0_q <= '0;
                jplane_q <= '0;
                p0_q <= '0;
                g_q <= g_q + 32'd1;
                in_g_q <= in_g_q + g_in_q;
                w_g_q <= w_g_q + g_w_q;
                ocg_q <= ocg_q + f_ocpg;
                acc_g_q <= acc_g_q + ocpg_plane_q;
              end else begin
                state_q <= StFinish;
              end
            end
          end else begin
            pend_q <= pend_next;
          end
        end
        StFinish: begin
          if (!s1_valid_q && snap_pipe_q == '0 && !wb_busy) begin
            state_q <= StDone;
          end
        end
        StDone: state_q <= StIdle;
        default: state_q <= StIdle;
      endcase
    end
  end

  // ---------------------------------------------------------------- feed
  logic [7:0] xcol_q [Rows];
  logic [Rows*8-1:0] arr_x;
  for (genvar r = 0; r < Rows; r++) begin : g_feed
    logic [7:0] x_new;
    assign x_new = inp_rd_data_i[8*s1_bank_q[r] +: 8];
    assign arr_x[8*r +: 8] = s1_served_q[r] ? x_new : xcol_q[r];
    always_ff @(posedge clk_i) begin
      if (s1_served_q[r]) begin
        xcol_q[r] <= x_new;
      end
    end
  end

  // ---------------------------------------------------------------- array
  logic               arr_snap, arr_rd_en, arr_rd_valid;
  logic [ColBits-1:0] arr_rd_col;
  logic [Rows*32-1:0] arr_rd_acc;

  assign arr_snap = snap_pipe_q[2];

  array_top #(
    .Rows   (Rows),
    .Cols   (Cols),
    .Shadow (1)
  ) u_array (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .valid_i    (s1_valid_q),
    .first_i    (s1_first_q),
    .x_signed_i (f_xs[0]),
    .w_signed_i (f_ws[0]),
    .x_zp_i     (f_xzp[7:0]),
    .w_zp_i     (wzp_rd_data_i),
    .x_i        (arr_x),
    .w_i        (wgt_rd_data_i),
    .snap_i     (arr_snap),
    .rd_en_i    (arr_rd_en),
    .rd_col_i   (arr_rd_col),
    .rd_valid_o (arr_rd_valid),
    .rd_acc_o   (arr_rd_acc)
  );

  assign perf_macs_o = s1_valid_q ? s1_macs_q : 16'd0;

  // ---------------------------------------------------------------- write-back
  logic [31:0] wb_acc_q;
  logic [AccBits-1:0] wb_wr_acc_q;
  logic [Rows-1:0] wb_mask_q;

  assign wb_busy = wb_rd_q || wb_wr_q;
  assign arr_rd_en = wb_rd_q;
  assign arr_rd_col = ColBits'(wb_col_q);
  assign acc_rd_en_o = wb_rd_q && f_mode[0];
  assign acc_rd_addr_o = AccBits'(wb_acc_q);
  assign acc_wr_en_o = wb_wr_q;
  assign acc_wr_addr_o = wb_wr_acc_q;
  assign acc_wr_mask_o = wb_mask_q;
  for (genvar r = 0; r < Rows; r++) begin : g_wb
    assign acc_wr_data_o[32*r +: 32] = arr_rd_acc[32*r +: 32] +
                                       (f_mode[0] ? acc_rd_data_i[32*r +: 32] : 32'd0);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wb_rd_q <= 1'b0;
      wb_wr_q <= 1'b0;
    end else begin
      wb_wr_q <= wb_rd_q;
      wb_wr_acc_q <= AccBits'(wb_acc_q);
      if (arr_snap) begin
        wb_rd_q <= 1'b1;
        wb_col_q <= '0;
        wb_ncols_q <= dt_ncols_q;
        wb_acc_q <= dt_acc_q;
        for (int r = 0; r < Rows; r++) begin
          wb_mask_q[r] <= (32'(r) < dt_nrows_q);
        end
      end else if (wb_rd_q) begin
        wb_col_q <= wb_col_q + 32'd1;
        wb_acc_q <= wb_acc_q + out_plane_q;
        if (wb_col_q == wb_ncols_q - 32'd1) begin
          wb_rd_q <= 1'b0;
        end
      end
    end
  end

  assign done_o = (state_q == StDone);

  logic unused;
  assign unused = ^{arr_rd_valid, khkw_q[0]};

endmodule : compute_conv
