// SPDX-License-Identifier: MIT
// Test double for the harness unit test (sim/harness/test/test_lpf_sim.c), not a feature: the
// ports of lpf_fabric_top and just enough behind them to exercise the harness. It answers ID,
// VERSION, SPEC_HASH, CTRL, STATUS, ERR_CODE, CMD_BASE, CMD_LEN, IRQ_ENABLE/STATUS, SEG1 and
// PERF_BUSY. START reads CMD_LEN * 2 beats from CMD_BASE in one INCR burst and writes them back
// in one burst to SEG1; an error response stops the job with ERR_CMD_FETCH (read) or ERR_DMA
// (write). SOFT_RESET returns to idle.
module lpf_sim_testdut
  import lpf_spec_pkg::*;
(
  input  logic clk_i, input logic rst_ni,
  input  logic [11:0] s_axil_awaddr_i, input logic s_axil_awvalid_i, output logic s_axil_awready_o,
  input  logic [31:0] s_axil_wdata_i, input logic [3:0] s_axil_wstrb_i, input logic s_axil_wvalid_i,
  output logic s_axil_wready_o,
  output logic [1:0] s_axil_bresp_o, output logic s_axil_bvalid_o, input logic s_axil_bready_i,
  input  logic [11:0] s_axil_araddr_i, input logic s_axil_arvalid_i, output logic s_axil_arready_o,
  output logic [31:0] s_axil_rdata_o, output logic [1:0] s_axil_rresp_o,
  output logic s_axil_rvalid_o, input logic s_axil_rready_i,
  output logic [63:0] m_axi_araddr_o, output logic [7:0] m_axi_arlen_o,
  output logic [2:0] m_axi_arsize_o, output logic [1:0] m_axi_arburst_o,
  output logic m_axi_arvalid_o, input logic m_axi_arready_i,
  input  logic [127:0] m_axi_rdata_i, input logic [1:0] m_axi_rresp_i, input logic m_axi_rlast_i,
  input  logic m_axi_rvalid_i, output logic m_axi_rready_o,
  output logic [63:0] m_axi_awaddr_o, output logic [7:0] m_axi_awlen_o,
  output logic [2:0] m_axi_awsize_o, output logic [1:0] m_axi_awburst_o,
  output logic m_axi_awvalid_o, input logic m_axi_awready_i,
  output logic [127:0] m_axi_wdata_o, output logic [15:0] m_axi_wstrb_o, output logic m_axi_wlast_o,
  output logic m_axi_wvalid_o, input logic m_axi_wready_i,
  input  logic [1:0] m_axi_bresp_i, input logic m_axi_bvalid_i, output logic m_axi_bready_o,
  output logic irq_o
);
  localparam int MaxBeats = 16;

  typedef enum logic [2:0] {Idle, Ar, Rd, Aw, Wr, Bw} state_e;

  state_e state_q;
  logic [63:0] cmd_base_q, seg1_q, busy_q;
  logic [31:0] cmd_len_q;
  logic [7:0] err_code_q;
  logic [1:0] irq_en_q, irq_st_q;
  logic done_q, error_q;
  logic [7:0] beats_q, idx_q;
  logic [127:0] mem_q [MaxBeats];

  // AXI-Lite: one write and one read at a time; address and data must come together.
  logic wr_fire, wr_pending_q, rd_pending_q;
  logic [31:0] rdata_q;
  assign s_axil_awready_o = !wr_pending_q && s_axil_wvalid_i;
  assign s_axil_wready_o = !wr_pending_q && s_axil_awvalid_i;
  assign wr_fire = s_axil_awvalid_i && s_axil_wvalid_i && !wr_pending_q;
  assign s_axil_bvalid_o = wr_pending_q;
  assign s_axil_bresp_o = 2'b00;
  assign s_axil_arready_o = !rd_pending_q;
  assign s_axil_rvalid_o = rd_pending_q;
  assign s_axil_rresp_o = 2'b00;
  assign s_axil_rdata_o = rdata_q;

  logic [31:0] rd_val;
  always_comb begin
    unique case (int'(s_axil_araddr_i))
      RegId: rd_val = IdMagic;
      RegVersion: rd_val = {16'(SpecVersionMajor), 16'(SpecVersionMinor)};
      RegSpecHash: rd_val = SpecHash;
      RegStatus: rd_val = {29'd0, error_q, done_q, state_q != Idle};
      RegErrCode: rd_val = {24'd0, err_code_q};
      RegCmdBaseLo: rd_val = cmd_base_q[31:0];
      RegCmdBaseHi: rd_val = cmd_base_q[63:32];
      RegCmdLen: rd_val = cmd_len_q;
      RegIrqEnable: rd_val = {30'd0, irq_en_q};
      RegIrqStatus: rd_val = {30'd0, irq_st_q};
      RegSeg1Lo: rd_val = seg1_q[31:0];
      RegSeg1Hi: rd_val = seg1_q[63:32];
      RegPerfBusyLo: rd_val = busy_q[31:0];
      RegPerfBusyHi: rd_val = busy_q[63:32];
      default: rd_val = 32'd0;
    endcase
  end

  wire start = wr_fire && int'(s_axil_awaddr_i) == RegCtrl && s_axil_wdata_i[0];
  wire soft_reset = wr_fire && int'(s_axil_awaddr_i) == RegCtrl && s_axil_wdata_i[1];

  assign m_axi_araddr_o = cmd_base_q;
  assign m_axi_arlen_o = beats_q - 8'd1;
  assign m_axi_arsize_o = 3'd4;
  assign m_axi_arburst_o = 2'b01;
  assign m_axi_arvalid_o = state_q == Ar;
  assign m_axi_rready_o = state_q == Rd;
  assign m_axi_awaddr_o = seg1_q;
  assign m_axi_awlen_o = beats_q - 8'd1;
  assign m_axi_awsize_o = 3'd4;
  assign m_axi_awburst_o = 2'b01;
  assign m_axi_awvalid_o = state_q == Aw;
  assign m_axi_wdata_o = mem_q[idx_q[3:0]];
  assign m_axi_wstrb_o = 16'hffff;
  assign m_axi_wlast_o = idx_q == beats_q - 8'd1;
  assign m_axi_wvalid_o = state_q == Wr;
  assign m_axi_bready_o = state_q == Bw;
  assign irq_o = |(irq_st_q & irq_en_q);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= Idle;
      cmd_base_q <= '0;
      seg1_q <= '0;
      busy_q <= '0;
      cmd_len_q <= '0;
      err_code_q <= '0;
      irq_en_q <= '0;
      irq_st_q <= '0;
      done_q <= 1'b0;
      error_q <= 1'b0;
      beats_q <= '0;
      idx_q <= '0;
      wr_pending_q <= 1'b0;
      rd_pending_q <= 1'b0;
      rdata_q <= '0;
    end else begin
      if (wr_fire) begin
        wr_pending_q <= 1'b1;
        unique case (int'(s_axil_awaddr_i))
          RegCmdBaseLo: cmd_base_q[31:0] <= s_axil_wdata_i;
          RegCmdBaseHi: cmd_base_q[63:32] <= s_axil_wdata_i;
          RegCmdLen: cmd_len_q <= s_axil_wdata_i;
          RegIrqEnable: irq_en_q <= s_axil_wdata_i[1:0];
          RegIrqStatus: irq_st_q <= irq_st_q & ~s_axil_wdata_i[1:0];
          RegSeg1Lo: seg1_q[31:0] <= s_axil_wdata_i;
          RegSeg1Hi: seg1_q[63:32] <= s_axil_wdata_i;
          default: ;
        endcase
      end else if (wr_pending_q && s_axil_bready_i) begin
        wr_pending_q <= 1'b0;
      end
      if (s_axil_arvalid_i && !rd_pending_q) begin
        rd_pending_q <= 1'b1;
        rdata_q <= rd_val;
      end else if (rd_pending_q && s_axil_rready_i) begin
        rd_pending_q <= 1'b0;
      end
      if (state_q != Idle) busy_q <= busy_q + 64'd1;
      if (soft_reset) begin
        state_q <= Idle;
      end else if (start && state_q == Idle) begin
        state_q <= Ar;
        beats_q <= 8'(cmd_len_q * 2);
        idx_q <= '0;
        busy_q <= '0;
        done_q <= 1'b0;
        error_q <= 1'b0;
        err_code_q <= '0;
      end else begin
        unique case (state_q)
          Ar: if (m_axi_arready_i) state_q <= Rd;
          Rd: if (m_axi_rvalid_i) begin
            mem_q[idx_q[3:0]] <= m_axi_rdata_i;
            idx_q <= idx_q + 8'd1;
            if (m_axi_rresp_i != 2'b00) begin
              err_code_q <= 8'(ErrCmdFetch);
              error_q <= 1'b1;
              irq_st_q[1] <= 1'b1;
              state_q <= Idle;
            end else if (m_axi_rlast_i) begin
              idx_q <= '0;
              state_q <= Aw;
            end
          end
          Aw: if (m_axi_awready_i) state_q <= Wr;
          Wr: if (m_axi_wready_i) begin
            idx_q <= idx_q + 8'd1;
            if (m_axi_wlast_o) state_q <= Bw;
          end
          Bw: if (m_axi_bvalid_i) begin
            state_q <= Idle;
            if (m_axi_bresp_i != 2'b00) begin
              err_code_q <= 8'(ErrDma);
              error_q <= 1'b1;
              irq_st_q[1] <= 1'b1;
            end else begin
              done_q <= 1'b1;
              irq_st_q[0] <= 1'b1;
            end
          end
          default: ;
        endcase
      end
    end
  end

  logic unused;
  assign unused = ^{s_axil_wstrb_i, m_axi_rdata_i[0]};
endmodule
