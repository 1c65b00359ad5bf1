// SPDX-License-Identifier: MIT
// lpfpga fabric top: AXI4-Lite registers, command fetch and dispatch, the load, compute and
// store units with their token queues, the on-chip buffers and the AXI4 master. See
// hw/rtl/README.md for the block diagram and the contract in docs/isa.md.
module lpf_fabric_top (
  input  logic         clk_i,
  input  logic         rst_ni,
  // AXI4-Lite slave, 32-bit data
  input  logic [11:0]  s_axil_awaddr_i,
  input  logic         s_axil_awvalid_i,
  output logic         s_axil_awready_o,
  input  logic [31:0]  s_axil_wdata_i,
  input  logic [3:0]   s_axil_wstrb_i,
  input  logic         s_axil_wvalid_i,
  output logic         s_axil_wready_o,
  output logic [1:0]   s_axil_bresp_o,
  output logic         s_axil_bvalid_o,
  input  logic         s_axil_bready_i,
  input  logic [11:0]  s_axil_araddr_i,
  input  logic         s_axil_arvalid_i,
  output logic         s_axil_arready_o,
  output logic [31:0]  s_axil_rdata_o,
  output logic [1:0]   s_axil_rresp_o,
  output logic         s_axil_rvalid_o,
  input  logic         s_axil_rready_i,
  // AXI4 master, 64-bit address, 128-bit data, INCR bursts, single ID
  output logic [63:0]  m_axi_araddr_o,
  output logic [7:0]   m_axi_arlen_o,
  output logic [2:0]   m_axi_arsize_o,
  output logic [1:0]   m_axi_arburst_o,
  output logic         m_axi_arvalid_o,
  input  logic         m_axi_arready_i,
  input  logic [127:0] m_axi_rdata_i,
  input  logic [1:0]   m_axi_rresp_i,
  input  logic         m_axi_rlast_i,
  input  logic         m_axi_rvalid_i,
  output logic         m_axi_rready_o,
  output logic [63:0]  m_axi_awaddr_o,
  output logic [7:0]   m_axi_awlen_o,
  output logic [2:0]   m_axi_awsize_o,
  output logic [1:0]   m_axi_awburst_o,
  output logic         m_axi_awvalid_o,
  input  logic         m_axi_awready_i,
  output logic [127:0] m_axi_wdata_o,
  output logic [15:0]  m_axi_wstrb_o,
  output logic         m_axi_wlast_o,
  output logic         m_axi_wvalid_o,
  input  logic         m_axi_wready_i,
  input  logic [1:0]   m_axi_bresp_i,
  input  logic         m_axi_bvalid_i,
  output logic         m_axi_bready_o,
  output logic         irq_o
);

  localparam int InsnBits = lpf_spec_pkg::InsnBytes * 8;
  localparam int NumSegs = lpf_spec_pkg::NumSegs;
  localparam int InpBits = $clog2(lpf_spec_pkg::InpBufBytes);
  localparam int WgtBits = $clog2(lpf_spec_pkg::WgtBufBytes);
  localparam int AccBits = $clog2(lpf_spec_pkg::AccBufEntries);
  localparam int OutBits = $clog2(lpf_spec_pkg::OutBufBytes);
  localparam int ParBits = $clog2(lpf_spec_pkg::ParamBufEntries);
  localparam int ParByteBits = $clog2(lpf_spec_pkg::ParamBufEntries *
                                      lpf_spec_pkg::ParamEntryBytes);
  localparam int ParEntryBits = lpf_spec_pkg::ParamEntryBytes * 8;
  localparam int SizeLog2 = $clog2(lpf_spec_pkg::AxiDataBits / 8);
  localparam int BeatBytes = lpf_spec_pkg::AxiDataBits / 8;
  localparam int Rows = lpf_spec_pkg::PeRows;
  localparam int Cols = lpf_spec_pkg::PeCols;
  // Banks: INP from the spec (INP_BANKS, twice the rows: one step of a block that spans up
  // to that many bytes in one cycle); WGT, ACC and OUT at least the DMA beat and the array edge.
  localparam int InpBanks = lpf_spec_pkg::InpBanks;
  localparam int WgtBanks = (Cols > BeatBytes) ? Cols : BeatBytes;
  localparam int AccBanks = Rows;
  localparam int OutBanks = BeatBytes;
  localparam int PostLanes = 4;  // POST fast path: elements per cycle
  localparam int InpWordBits = InpBits - $clog2(InpBanks);
  localparam int WgtWordBits = WgtBits - $clog2(WgtBanks);
  localparam int AccWordBits = AccBits - $clog2(AccBanks);
  localparam int OutWordBits = OutBits - $clog2(OutBanks);

  // ---------------------------------------------------------------- registers
  logic                  start, soft_reset;
  logic [63:0]           cmd_base;
  logic [31:0]           cmd_len;
  logic [NumSegs*64-1:0] seg_base;
  logic                  st_busy, st_done, st_error;
  logic [7:0]            err_code;
  logic [31:0]           err_pc;
  logic                  irq_done, irq_err, perf_clear;
  logic [15:0]           perf_macs;
  logic                  perf_stall;
  logic [SizeLog2:0]     perf_rd, perf_wr;

  ctrl_regs u_regs (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .awaddr_i     (s_axil_awaddr_i),
    .awvalid_i    (s_axil_awvalid_i),
    .awready_o    (s_axil_awready_o),
    .wdata_i      (s_axil_wdata_i),
    .wstrb_i      (s_axil_wstrb_i),
    .wvalid_i     (s_axil_wvalid_i),
    .wready_o     (s_axil_wready_o),
    .bresp_o      (s_axil_bresp_o),
    .bvalid_o     (s_axil_bvalid_o),
    .bready_i     (s_axil_bready_i),
    .araddr_i     (s_axil_araddr_i),
    .arvalid_i    (s_axil_arvalid_i),
    .arready_o    (s_axil_arready_o),
    .rdata_o      (s_axil_rdata_o),
    .rresp_o      (s_axil_rresp_o),
    .rvalid_o     (s_axil_rvalid_o),
    .rready_i     (s_axil_rready_i),
    .start_o      (start),
    .soft_reset_o (soft_reset),
    .cmd_base_o   (cmd_base),
    .cmd_len_o    (cmd_len),
    .seg_base_o   (seg_base),
    .busy_i       (st_busy),
    .done_i       (st_done),
    .error_i      (st_error),
    .err_code_i   (err_code),
    .err_pc_i     (err_pc),
    .irq_done_i   (irq_done),
    .irq_err_i    (irq_err),
    .perf_clear_i (perf_clear),
    .perf_busy_i  (st_busy),
    .perf_macs_i  (perf_macs),
    .perf_stall_i (perf_stall),
    .perf_rd_i    (8'(perf_rd)),
    .perf_wr_i    (8'(perf_wr)),
    .irq_o        (irq_o)
  );

  // ---------------------------------------------------------------- fetch, check, dispatch
  logic                fetch_req, fetch_busy, fetch_done, fetch_err;
  logic [63:0]         fetch_addr;
  logic [InsnBits-1:0] fetch_insn;
  logic                chk_start, chk_busy, chk_done;
  logic [7:0]          chk_err;
  logic [InsnBits-1:0] chk_insn;
  logic [2:0]          q_valid, q_ready;
  logic [InsnBits+31:0] q_data;
  logic                flush, abort, tok_clear, units_idle;
  logic [2:0]          uerr_valid;
  logic [23:0]         uerr_code;
  logic [95:0]         uerr_pc;

  // read port 0: fetch, 1: load
  logic [1:0]   rd_ar_valid, rd_ar_ready, rd_r_valid, rd_r_ready;
  logic [63:0]  rd_ar_addr0, rd_ar_addr1;
  logic [7:0]   rd_ar_len0, rd_ar_len1;
  logic [127:0] rd_r_data;
  logic [1:0]   rd_r_resp;
  logic         rd_r_last;

  ctrl_fetch u_fetch (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .req_i      (fetch_req),
    .addr_i     (fetch_addr),
    .busy_o     (fetch_busy),
    .done_o     (fetch_done),
    .err_o      (fetch_err),
    .insn_o     (fetch_insn),
    .ar_valid_o (rd_ar_valid[0]),
    .ar_ready_i (rd_ar_ready[0]),
    .ar_addr_o  (rd_ar_addr0),
    .ar_len_o   (rd_ar_len0),
    .r_valid_i  (rd_r_valid[0]),
    .r_ready_o  (rd_r_ready[0]),
    .r_data_i   (rd_r_data),
    .r_resp_i   (rd_r_resp)
  );

  ctrl_check u_check (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .start_i (chk_start),
    .insn_i  (chk_insn),
    .busy_o  (chk_busy),
    .done_o  (chk_done),
    .err_o   (chk_err)
  );

  ctrl_dispatch u_dispatch (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .start_i        (start),
    .soft_reset_i   (soft_reset),
    .cmd_base_i     (cmd_base),
    .cmd_len_i      (cmd_len),
    .busy_o         (st_busy),
    .done_o         (st_done),
    .error_o        (st_error),
    .err_code_o     (err_code),
    .err_pc_o       (err_pc),
    .irq_done_o     (irq_done),
    .irq_err_o      (irq_err),
    .perf_clear_o   (perf_clear),
    .fetch_req_o    (fetch_req),
    .fetch_addr_o   (fetch_addr),
    .fetch_busy_i   (fetch_busy),
    .fetch_done_i   (fetch_done),
    .fetch_err_i    (fetch_err),
    .fetch_insn_i   (fetch_insn),
    .chk_start_o    (chk_start),
    .chk_insn_o     (chk_insn),
    .chk_busy_i     (chk_busy),
    .chk_done_i     (chk_done),
    .chk_err_i      (chk_err),
    .q_valid_o      (q_valid),
    .q_ready_i      (q_ready),
    .q_data_o       (q_data),
    .flush_o        (flush),
    .abort_o        (abort),
    .tok_clear_o    (tok_clear),
    .units_idle_i   (units_idle),
    .uerr_valid_i   (uerr_valid),
    .uerr_code_i    (uerr_code),
    .uerr_pc_i      (uerr_pc)
  );

  // ---------------------------------------------------------------- unit queues and tokens
  logic [2:0]            uq_valid, uq_ready, uq_empty, u_idle;
  logic [InsnBits+31:0]  uq_data [3];

  for (genvar u = 0; u < 3; u++) begin : g_uq
    ctrl_cmd_fifo #(
      .Depth (2),
      .Width (InsnBits + 32)
    ) u_fifo (
      .clk_i      (clk_i),
      .rst_ni     (rst_ni),
      .flush_i    (flush),
      .wr_valid_i (q_valid[u]),
      .wr_ready_o (q_ready[u]),
      .wr_data_i  (q_data),
      .rd_valid_o (uq_valid[u]),
      .rd_ready_i (uq_ready[u]),
      .rd_data_o  (uq_data[u]),
      .empty_o    (uq_empty[u])
    );
  end

  assign units_idle = (&u_idle) && (&uq_empty);

  // queues: 0 load->compute, 1 compute->load, 2 compute->store, 3 store->compute
  logic [3:0] tok_push, tok_pop, tok_avail, tok_full;

  for (genvar t = 0; t < 4; t++) begin : g_tok
    ctrl_token u_tok (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .clear_i (tok_clear),
      .push_i  (tok_push[t]),
      .pop_i   (tok_pop[t]),
      .avail_o (tok_avail[t]),
      .full_o  (tok_full[t])
    );
  end

  // ---------------------------------------------------------------- load unit
  logic                ld_start, ld_done;
  logic [7:0]          ld_err;
  logic [InsnBits-1:0] ld_insn;
  logic                ld_wr_en;
  logic [1:0]          ld_wr_buf;
  logic [19:0]         ld_wr_addr;
  logic [BeatBytes-1:0] ld_wr_mask;
  logic [lpf_spec_pkg::AxiDataBits-1:0] ld_wr_data;
  logic                ld_unused_pop, ld_unused_push, ld_unused_stall;

  ctrl_unit u_load_unit (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .abort_i      (abort),
    .cmd_valid_i  (uq_valid[0]),
    .cmd_ready_o  (uq_ready[0]),
    .cmd_insn_i   (uq_data[0][InsnBits-1:0]),
    .cmd_pc_i     (uq_data[0][InsnBits +: 32]),
    .prev_avail_i (1'b0),
    .next_avail_i (tok_avail[1]),
    .pop_prev_o   (ld_unused_pop),
    .pop_next_o   (tok_pop[1]),
    .prev_full_i  (1'b1),
    .next_full_i  (tok_full[0]),
    .push_prev_o  (ld_unused_push),
    .push_next_o  (tok_push[0]),
    .eng_start_o  (ld_start),
    .eng_insn_o   (ld_insn),
    .eng_done_i   (ld_done),
    .eng_err_i    (ld_err),
    .err_valid_o  (uerr_valid[0]),
    .err_code_o   (uerr_code[7:0]),
    .err_pc_o     (uerr_pc[31:0]),
    .idle_o       (u_idle[0]),
    .stall_o      (ld_unused_stall)
  );

  dma_load u_dma_load (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .start_i    (ld_start),
    .insn_i     (ld_insn),
    .abort_i    (abort),
    .seg_base_i (seg_base),
    .done_o     (ld_done),
    .err_o      (ld_err),
    .ar_valid_o (rd_ar_valid[1]),
    .ar_ready_i (rd_ar_ready[1]),
    .ar_addr_o  (rd_ar_addr1),
    .ar_len_o   (rd_ar_len1),
    .r_valid_i  (rd_r_valid[1]),
    .r_ready_o  (rd_r_ready[1]),
    .r_data_i   (rd_r_data),
    .r_resp_i   (rd_r_resp),
    .r_last_i   (rd_r_last),
    .wr_en_o    (ld_wr_en),
    .wr_buf_o   (ld_wr_buf),
    .wr_addr_o  (ld_wr_addr),
    .wr_mask_o  (ld_wr_mask),
    .wr_data_o  (ld_wr_data),
    .perf_rd_o  (perf_rd)
  );

  dma_rd_arb u_rd_arb (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .ar_valid_i  (rd_ar_valid),
    .ar_ready_o  (rd_ar_ready),
    .ar_addr0_i  (rd_ar_addr0),
    .ar_len0_i   (rd_ar_len0),
    .ar_addr1_i  (rd_ar_addr1),
    .ar_len1_i   (rd_ar_len1),
    .r_valid_o   (rd_r_valid),
    .r_ready_i   (rd_r_ready),
    .r_data_o    (rd_r_data),
    .r_resp_o    (rd_r_resp),
    .r_last_o    (rd_r_last),
    .m_araddr_o  (m_axi_araddr_o),
    .m_arlen_o   (m_axi_arlen_o),
    .m_arvalid_o (m_axi_arvalid_o),
    .m_arready_i (m_axi_arready_i),
    .m_rdata_i   (m_axi_rdata_i),
    .m_rresp_i   (m_axi_rresp_i),
    .m_rlast_i   (m_axi_rlast_i),
    .m_rvalid_i  (m_axi_rvalid_i),
    .m_rready_o  (m_axi_rready_o)
  );

  assign m_axi_arsize_o = 3'(SizeLog2);
  assign m_axi_arburst_o = 2'b01;
  assign m_axi_awsize_o = 3'(SizeLog2);
  assign m_axi_awburst_o = 2'b01;

  // ---------------------------------------------------------------- compute unit
  logic                cu_start, cu_done;
  logic [InsnBits-1:0] cu_insn;
  logic                cu_is_post;
  logic                cv_done, pp_done;

  assign cu_is_post = (lpf_spec_pkg::insn_opcode(cu_insn) == 32'(lpf_spec_pkg::OpPost));
  assign cu_done = cv_done || pp_done;

  ctrl_unit u_compute_unit (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .abort_i      (abort),
    .cmd_valid_i  (uq_valid[1]),
    .cmd_ready_o  (uq_ready[1]),
    .cmd_insn_i   (uq_data[1][InsnBits-1:0]),
    .cmd_pc_i     (uq_data[1][InsnBits +: 32]),
    .prev_avail_i (tok_avail[0]),
    .next_avail_i (tok_avail[3]),
    .pop_prev_o   (tok_pop[0]),
    .pop_next_o   (tok_pop[3]),
    .prev_full_i  (tok_full[1]),
    .next_full_i  (tok_full[2]),
    .push_prev_o  (tok_push[1]),
    .push_next_o  (tok_push[2]),
    .eng_start_o  (cu_start),
    .eng_insn_o   (cu_insn),
    .eng_done_i   (cu_done),
    .eng_err_i    (8'(lpf_spec_pkg::ErrNone)),
    .err_valid_o  (uerr_valid[1]),
    .err_code_o   (uerr_code[15:8]),
    .err_pc_o     (uerr_pc[63:32]),
    .idle_o       (u_idle[1]),
    .stall_o      (perf_stall)
  );

  // buffer ports of the compute engines
  logic [InpBanks-1:0]             cv_inp_en;
  logic [InpBanks*InpWordBits-1:0] cv_inp_word;
  logic [InpBanks*8-1:0]           inp_rd_data;
  logic                            cv_wgt_en, cv_wzp_en, cv_par_unused;
  logic [WgtBits-1:0]              cv_wgt_addr;
  logic [Cols*8-1:0]               wgt_rd_data, wzp_rd_data;
  logic [ParBits-1:0]              cv_wzp_entry, pp_par_entry;
  logic                            cv_acc_rd_en, pp_acc_rd_en, pp_par_en;
  logic [AccBits-1:0]              cv_acc_rd_addr, pp_acc_rd_addr;
  logic [ParEntryBits-1:0]         par_rd_data;
  logic [Rows*32-1:0]              acc_rd_data;
  logic                            acc_wr_en;
  logic [AccBits-1:0]              acc_wr_addr;
  logic [Rows-1:0]                 acc_wr_mask;
  logic [Rows*32-1:0]              acc_wr_data;
  logic                            out_wr_en;
  logic [OutBits-1:0]              out_wr_addr;
  logic [PostLanes*4-1:0]          out_wr_mask;
  logic [PostLanes*32-1:0]         out_wr_data;
  logic                            st_rd_en;
  logic [OutBits-1:0]              st_rd_addr;
  logic [BeatBytes*8-1:0]          out_rd_data;

  assign cv_par_unused = 1'b0;

  compute_conv #(
    .InpBanks (InpBanks)
  ) u_conv (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .start_i        (cu_start && !cu_is_post),
    .insn_i         (cu_insn),
    .abort_i        (abort),
    .done_o         (cv_done),
    .inp_rd_en_o    (cv_inp_en),
    .inp_rd_word_o  (cv_inp_word),
    .inp_rd_data_i  (inp_rd_data),
    .wgt_rd_en_o    (cv_wgt_en),
    .wgt_rd_addr_o  (cv_wgt_addr),
    .wgt_rd_data_i  (wgt_rd_data),
    .wzp_rd_en_o    (cv_wzp_en),
    .wzp_rd_entry_o (cv_wzp_entry),
    .wzp_rd_data_i  (wzp_rd_data),
    .acc_rd_en_o    (cv_acc_rd_en),
    .acc_rd_addr_o  (cv_acc_rd_addr),
    .acc_rd_data_i  (acc_rd_data),
    .acc_wr_en_o    (acc_wr_en),
    .acc_wr_addr_o  (acc_wr_addr),
    .acc_wr_mask_o  (acc_wr_mask),
    .acc_wr_data_o  (acc_wr_data),
    .perf_macs_o    (perf_macs)
  );

  compute_post #(
    .Lanes (PostLanes)
  ) u_post (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .start_i        (cu_start && cu_is_post),
    .insn_i         (cu_insn),
    .abort_i        (abort),
    .done_o         (pp_done),
    .par_rd_en_o    (pp_par_en),
    .par_rd_entry_o (pp_par_entry),
    .par_rd_data_i  (par_rd_data),
    .acc_rd_en_o    (pp_acc_rd_en),
    .acc_rd_addr_o  (pp_acc_rd_addr),
    .acc_rd_data_i  (acc_rd_data[PostLanes*32-1:0]),
    .out_wr_en_o    (out_wr_en),
    .out_wr_addr_o  (out_wr_addr),
    .out_wr_mask_o  (out_wr_mask),
    .out_wr_data_o  (out_wr_data)
  );

  // ---------------------------------------------------------------- store unit
  logic                st_start, st_eng_done;
  logic [7:0]          st_err;
  logic [InsnBits-1:0] st_insn;
  logic                st_unused_pop, st_unused_push, st_unused_stall;

  ctrl_unit u_store_unit (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .abort_i      (abort),
    .cmd_valid_i  (uq_valid[2]),
    .cmd_ready_o  (uq_ready[2]),
    .cmd_insn_i   (uq_data[2][InsnBits-1:0]),
    .cmd_pc_i     (uq_data[2][InsnBits +: 32]),
    .prev_avail_i (tok_avail[2]),
    .next_avail_i (1'b0),
    .pop_prev_o   (tok_pop[2]),
    .pop_next_o   (st_unused_pop),
    .prev_full_i  (tok_full[3]),
    .next_full_i  (1'b1),
    .push_prev_o  (tok_push[3]),
    .push_next_o  (st_unused_push),
    .eng_start_o  (st_start),
    .eng_insn_o   (st_insn),
    .eng_done_i   (st_eng_done),
    .eng_err_i    (st_err),
    .err_valid_o  (uerr_valid[2]),
    .err_code_o   (uerr_code[23:16]),
    .err_pc_o     (uerr_pc[95:64]),
    .idle_o       (u_idle[2]),
    .stall_o      (st_unused_stall)
  );

  dma_store u_dma_store (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .start_i    (st_start),
    .insn_i     (st_insn),
    .abort_i    (abort),
    .seg_base_i (seg_base),
    .done_o     (st_eng_done),
    .err_o      (st_err),
    .rd_en_o    (st_rd_en),
    .rd_addr_o  (st_rd_addr),
    .rd_data_i  (out_rd_data),
    .aw_addr_o  (m_axi_awaddr_o),
    .aw_len_o   (m_axi_awlen_o),
    .aw_valid_o (m_axi_awvalid_o),
    .aw_ready_i (m_axi_awready_i),
    .w_data_o   (m_axi_wdata_o),
    .w_strb_o   (m_axi_wstrb_o),
    .w_last_o   (m_axi_wlast_o),
    .w_valid_o  (m_axi_wvalid_o),
    .w_ready_i  (m_axi_wready_i),
    .b_resp_i   (m_axi_bresp_i),
    .b_valid_i  (m_axi_bvalid_i),
    .b_ready_o  (m_axi_bready_o),
    .perf_wr_o  (perf_wr)
  );

  // ---------------------------------------------------------------- buffers
  // All buffers are interleaved byte (ACC: entry) banks of block RAM (buf_banked); writers
  // write windows of consecutive elements at any alignment, readers read windows
  // (buf_rd_window) or, for INP, one word per bank chosen by the CONV gather.
  logic ld_inp, ld_wgt, ld_par;
  assign ld_inp = ld_wr_en && ld_wr_buf == 2'(lpf_spec_pkg::BufInp);
  assign ld_wgt = ld_wr_en && ld_wr_buf == 2'(lpf_spec_pkg::BufWgt);
  assign ld_par = ld_wr_en && ld_wr_buf == 2'(lpf_spec_pkg::BufParam);

  buf_banked #(
    .Banks (InpBanks),
    .Depth (lpf_spec_pkg::InpBufBytes),
    .Width (8),
    .Lanes (BeatBytes)
  ) u_inp (
    .clk_i     (clk_i),
    .wr_en_i   (ld_inp),
    .wr_addr_i (ld_wr_addr[InpBits-1:0]),
    .wr_mask_i (ld_wr_mask),
    .wr_data_i (ld_wr_data),
    .rd_en_i   (cv_inp_en),
    .rd_word_i (cv_inp_word),
    .rd_data_o (inp_rd_data)
  );

  logic [WgtBanks-1:0]             wgt_bank_en;
  logic [WgtBanks*WgtWordBits-1:0] wgt_bank_word;
  logic [WgtBanks*8-1:0]           wgt_bank_data;

  buf_banked #(
    .Banks (WgtBanks),
    .Depth (lpf_spec_pkg::WgtBufBytes),
    .Width (8),
    .Lanes (BeatBytes)
  ) u_wgt (
    .clk_i     (clk_i),
    .wr_en_i   (ld_wgt),
    .wr_addr_i (ld_wr_addr[WgtBits-1:0]),
    .wr_mask_i (ld_wr_mask),
    .wr_data_i (ld_wr_data),
    .rd_en_i   (wgt_bank_en),
    .rd_word_i (wgt_bank_word),
    .rd_data_o (wgt_bank_data)
  );

  buf_rd_window #(
    .Banks    (WgtBanks),
    .Width    (8),
    .Lanes    (Cols),
    .AddrBits (WgtBits)
  ) u_wgt_rd (
    .clk_i       (clk_i),
    .en_i        (cv_wgt_en),
    .addr_i      (cv_wgt_addr),
    .bank_en_o   (wgt_bank_en),
    .bank_word_o (wgt_bank_word),
    .bank_data_i (wgt_bank_data),
    .data_o      (wgt_rd_data)
  );

  buf_param #(
    .WzpLanes (Cols)
  ) u_param (
    .clk_i       (clk_i),
    .wr_en_i     (ld_par),
    .wr_addr_i   (ld_wr_addr[ParByteBits-1:0]),
    .wr_mask_i   (ld_wr_mask),
    .wr_data_i   (ld_wr_data),
    .rd_en_i     (pp_par_en),
    .rd_entry_i  (pp_par_entry),
    .rd_data_o   (par_rd_data),
    .wzp_en_i    (cv_wzp_en),
    .wzp_entry_i (cv_wzp_entry),
    .wzp_data_o  (wzp_rd_data)
  );

  logic [AccBanks-1:0]             acc_bank_en;
  logic [AccBanks*AccWordBits-1:0] acc_bank_word;
  logic [AccBanks*32-1:0]          acc_bank_data;

  buf_banked #(
    .Banks (AccBanks),
    .Depth (lpf_spec_pkg::AccBufEntries),
    .Width (32),
    .Lanes (Rows)
  ) u_acc (
    .clk_i     (clk_i),
    .wr_en_i   (acc_wr_en),
    .wr_addr_i (acc_wr_addr),
    .wr_mask_i (acc_wr_mask),
    .wr_data_i (acc_wr_data),
    .rd_en_i   (acc_bank_en),
    .rd_word_i (acc_bank_word),
    .rd_data_o (acc_bank_data)
  );

  buf_rd_window #(
    .Banks    (AccBanks),
    .Width    (32),
    .Lanes    (Rows),
    .AddrBits (AccBits)
  ) u_acc_rd (
    .clk_i       (clk_i),
    .en_i        (cu_is_post ? pp_acc_rd_en : cv_acc_rd_en),
    .addr_i      (cu_is_post ? pp_acc_rd_addr : cv_acc_rd_addr),
    .bank_en_o   (acc_bank_en),
    .bank_word_o (acc_bank_word),
    .bank_data_i (acc_bank_data),
    .data_o      (acc_rd_data)
  );

  logic [OutBanks-1:0]             out_bank_en;
  logic [OutBanks*OutWordBits-1:0] out_bank_word;
  logic [OutBanks*8-1:0]           out_bank_data;

  buf_banked #(
    .Banks (OutBanks),
    .Depth (lpf_spec_pkg::OutBufBytes),
    .Width (8),
    .Lanes (PostLanes * 4)
  ) u_out (
    .clk_i     (clk_i),
    .wr_en_i   (out_wr_en),
    .wr_addr_i (out_wr_addr),
    .wr_mask_i (out_wr_mask),
    .wr_data_i (out_wr_data),
    .rd_en_i   (out_bank_en),
    .rd_word_i (out_bank_word),
    .rd_data_o (out_bank_data)
  );

  buf_rd_window #(
    .Banks    (OutBanks),
    .Width    (8),
    .Lanes    (BeatBytes),
    .AddrBits (OutBits)
  ) u_out_rd (
    .clk_i       (clk_i),
    .en_i        (st_rd_en),
    .addr_i      (st_rd_addr),
    .bank_en_o   (out_bank_en),
    .bank_word_o (out_bank_word),
    .bank_data_i (out_bank_data),
    .data_o      (out_rd_data)
  );

  logic unused_ports;
  assign unused_ports = ^{ld_unused_pop, ld_unused_push, ld_unused_stall, st_unused_pop,
                          st_unused_push, st_unused_stall, ld_wr_addr[19:InpBits], cv_par_unused};

endmodule : lpf_fabric_top
