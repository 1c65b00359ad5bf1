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
  parameter int InpBanks = lpf_spec_pkg::InpBanks,
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

  // Fields come from the lpf_spec_pkg accessors (32 bits each); insn_i is stable while the
  // engine runs. N'({...}) sizes an accessor's result: Icarus 11 cannot cast a call directly.
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
        end else if (wx_q == lpf_spec_pkg::insn_conv_out_w(insn_i) - 32'd1) begin
          wp_q <= wp_q + 32'd1;
          wx_q <= '0;
          wrow_q <= wrow_q + shin_q;
          wpix_q <= wrow_q + shin_q;
        end else begin
          wp_q <= wp_q + 32'd1;
          wx_q <= wx_q + 32'd1;
          wpix_q <= wpix_q + lpf_spec_pkg::insn_conv_sw(insn_i);
        end
      end
    end
  end

  // ---------------------------------------------------------------- input gather
  // Row r is served this cycle if no lower pending row maps to its bank; bank b reads the word
  // of the row it serves. Evaluated on bit planes over the rows (bank_plane[j][r] = bit j of
  // row r's bank): in_bank[b] marks the rows whose address falls in bank b, the lowest pending
  // one is served. The same AND-OR logic as comparing every row with every bank, but Verilator
  // evaluates it as InpBanks x (InpBankBits + InpWordBits) word operations instead of
  // InpBanks x Rows compares.
  logic [InpBankBits-1:0] bank [Rows];
  logic [Rows-1:0]        bank_plane [InpBankBits];
  logic [Rows-1:0]        word_plane [InpWordBits];
  logic [Rows-1:0]        served;
  logic [Rows-1:0]        pend_next;
  logic                   issue;   // the issue stage reads this cycle

  for (genvar r = 0; r < Rows; r++) begin : g_plane
    assign bank[r] = a_q[r][InpBankBits-1:0];
    for (genvar j = 0; j < InpBankBits; j++) begin : g_bank_bit
      assign bank_plane[j][r] = a_q[r][j];
    end
    for (genvar k = 0; k < InpWordBits; k++) begin : g_word_bit
      assign word_plane[k][r] = a_q[r][InpBankBits + k];
    end
  end

  logic [Rows-1:0] served_by [InpBanks];
  for (genvar b = 0; b < InpBanks; b++) begin : g_bank_req
    logic [Rows-1:0] in_bank, pend_bank, below;
    always_comb begin
      in_bank = pend_q;
      for (int j = 0; j < InpBankBits; j++) begin
        in_bank = in_bank & (((b >> j) & 1) != 0 ? bank_plane[j] : ~bank_plane[j]);
      end
      // rows above the lowest pending row of this bank (prefix OR shifted by one)
      below = in_bank << 1;
      for (int s = 0; s < RowBits; s++) begin
        below = below | (below << (1 << s));
      end
    end
    assign pend_bank = in_bank & ~below;
    assign served_by[b] = issue ? pend_bank : '0;
    assign inp_rd_en_o[b] = |served_by[b];
    for (genvar k = 0; k < InpWordBits; k++) begin : g_word
      assign inp_rd_word_o[InpWordBits*b + k] = |(served_by[b] & word_plane[k]);
    end
  end

  always_comb begin
    served = '0;
    for (int b = 0; b < InpBanks; b++) begin
      served = served | served_by[b];
    end
  end
  assign pend_next = pend_q & ~served;

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

  assign last_step = (kx_q == lpf_spec_pkg::insn_conv_kw(insn_i) - 32'd1) &&
                     (ky_q == lpf_spec_pkg::insn_conv_kh(insn_i) - 32'd1) &&
                     (ci_q == lpf_spec_pkg::insn_conv_icpg(insn_i) - 32'd1);
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
    tap_n = tap_q + lpf_spec_pkg::insn_conv_dw(insn_i);
    if (kx_q == lpf_spec_pkg::insn_conv_kw(insn_i) - 32'd1) begin
      kx_n = '0;
      if (ky_q != lpf_spec_pkg::insn_conv_kh(insn_i) - 32'd1) begin
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
  assign ncols_d = (lpf_spec_pkg::insn_conv_ocpg(insn_i) - j0_q < 32'(Cols)) ?
                   lpf_spec_pkg::insn_conv_ocpg(insn_i) - j0_q : 32'(Cols);

  assign wzp_rd_en_o = (state_q == StTile);
  assign wzp_rd_entry_o = ParBits'(lpf_spec_pkg::insn_conv_param_off(insn_i) + ocg_q + j0_q);
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
          plane_in_q <= lpf_spec_pkg::insn_conv_in_h(insn_i) * lpf_spec_pkg::insn_conv_in_w(insn_i);
          out_plane_q <= lpf_spec_pkg::insn_conv_out_h(insn_i) *
                         lpf_spec_pkg::insn_conv_out_w(insn_i);
          khkw_q <= lpf_spec_pkg::insn_conv_kh(insn_i) * lpf_spec_pkg::insn_conv_kw(insn_i);
          shin_q <= lpf_spec_pkg::insn_conv_sh(insn_i) * lpf_spec_pkg::insn_conv_in_w(insn_i);
          dhin_q <= lpf_spec_pkg::insn_conv_dh(insn_i) * lpf_spec_pkg::insn_conv_in_w(insn_i);
          g_q <= '0;
          in_g_q <= lpf_spec_pkg::insn_conv_inp_off(insn_i);
          w_g_q <= lpf_spec_pkg::insn_conv_wgt_off(insn_i);
          ocg_q <= '0;
          acc_g_q <= lpf_spec_pkg::insn_conv_acc_off(insn_i);
          p0_q <= '0;
          j0_q <= '0;
          jplane_q <= '0;
          state_q <= StSetup2;
        end
        StSetup2: begin
          g_in_q <= lpf_spec_pkg::insn_conv_icpg(insn_i) * plane_in_q;
          g_w_q <= lpf_spec_pkg::insn_conv_icpg(insn_i) * khkw_q *
                   lpf_spec_pkg::insn_conv_ocpg(insn_i);
          ocpg_plane_q <= lpf_spec_pkg::insn_conv_ocpg(insn_i) * out_plane_q;
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
            w_ptr_q <= w_ptr_q + lpf_spec_pkg::insn_conv_ocpg(insn_i);
            pend_q <= rowmask_q;
            for (int r = 0; r < Rows; r++) begin
              a_q[r] <= InpBits'(ch_n + tap_n + base_q[r]);
            end
            if (last_step) begin
              dt_acc_q <= acc_c_q;
              dt_nrows_q <= nrows_q;
              dt_ncols_q <= ncols_q;
              state_q <= StTile;
              if (j0_q + 32'(Cols) < lpf_spec_pkg::insn_conv_ocpg(insn_i)) begin
                j0_q <= j0_q + 32'(Cols);
                jplane_q <= jplane_q + cols_plane_q;
              end else if (p0_q + 32'(Rows) < out_plane_q) begin
                j0_q <= '0;
                jplane_q <= '0;
                p0_q <= p0_q + 32'(Rows);
              end else if (g_q != lpf_spec_pkg::insn_conv_groups(insn_i) - 32'd1) begin
                j0_q <= '0;
                jplane_q <= '0;
                p0_q <= '0;
                g_q <= g_q + 32'd1;
                in_g_q <= in_g_q + g_in_q;
                w_g_q <= w_g_q + g_w_q;
                ocg_q <= ocg_q + lpf_spec_pkg::insn_conv_ocpg(insn_i);
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
    .x_signed_i (1'({lpf_spec_pkg::insn_conv_x_signed(insn_i)})),
    .w_signed_i (1'({lpf_spec_pkg::insn_conv_w_signed(insn_i)})),
    .x_zp_i     (8'({lpf_spec_pkg::insn_conv_x_zp(insn_i)})),
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
  logic acc_mode;  // ACC_MODE 1: the write-back adds to the old ACC values

  assign wb_busy = wb_rd_q || wb_wr_q;
  assign arr_rd_en = wb_rd_q;
  assign arr_rd_col = ColBits'(wb_col_q);
  assign acc_mode = 1'({lpf_spec_pkg::insn_conv_acc_mode(insn_i)});
  assign acc_rd_en_o = wb_rd_q && acc_mode;
  assign acc_rd_addr_o = AccBits'(wb_acc_q);
  assign acc_wr_en_o = wb_wr_q;
  assign acc_wr_addr_o = wb_wr_acc_q;
  assign acc_wr_mask_o = wb_mask_q;
  for (genvar r = 0; r < Rows; r++) begin : g_wb
    assign acc_wr_data_o[32*r +: 32] = arr_rd_acc[32*r +: 32] +
                                       (acc_mode ? acc_rd_data_i[32*r +: 32] : 32'd0);
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
