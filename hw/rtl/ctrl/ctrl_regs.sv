// SPDX-License-Identifier: MIT
// AXI4-Lite register slave with the register map of docs/registers.md (offsets, fields and
// identity values from lpf_spec_pkg), the interrupt logic and the performance counters.
//
// One transaction per channel at a time: a write is taken when AW and W are both valid and no
// response is pending; a read when AR is valid and no read data is pending. Responses are
// always OKAY; unlisted or unaligned offsets read 0 and ignore writes. STATUS, ERR_CODE and
// ERR_PC come from ctrl_dispatch. irq_o = |(IRQ_STATUS & IRQ_ENABLE).
module ctrl_regs #(
  parameter int AddrBits = lpf_spec_pkg::AxilAddrBits,
  parameter int NumSegs = lpf_spec_pkg::NumSegs
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // AXI4-Lite slave
  input  logic [AddrBits-1:0]   awaddr_i,
  input  logic                  awvalid_i,
  output logic                  awready_o,
  input  logic [31:0]           wdata_i,
  input  logic [3:0]            wstrb_i,
  input  logic                  wvalid_i,
  output logic                  wready_o,
  output logic [1:0]            bresp_o,
  output logic                  bvalid_o,
  input  logic                  bready_i,
  input  logic [AddrBits-1:0]   araddr_i,
  input  logic                  arvalid_i,
  output logic                  arready_o,
  output logic [31:0]           rdata_o,
  output logic [1:0]            rresp_o,
  output logic                  rvalid_o,
  input  logic                  rready_i,
  // control
  output logic                  start_o,       // pulse
  output logic                  soft_reset_o,  // pulse
  output logic [63:0]           cmd_base_o,
  output logic [31:0]           cmd_len_o,
  output logic [NumSegs*64-1:0] seg_base_o,    // segment n at [64*n +: 64]
  // status from the dispatcher
  input  logic                  busy_i,
  input  logic                  done_i,
  input  logic                  error_i,
  input  logic [7:0]            err_code_i,
  input  logic [31:0]           err_pc_i,
  input  logic                  irq_done_i,    // pulse: set IRQ_STATUS.DONE
  input  logic                  irq_err_i,     // pulse: set IRQ_STATUS.ERROR
  // performance events
  input  logic                  perf_clear_i,  // START
  input  logic                  perf_busy_i,
  input  logic [15:0]           perf_macs_i,   // MACs this cycle
  input  logic                  perf_stall_i,
  input  logic [7:0]            perf_rd_i,     // DRAM bytes read by LOAD this cycle
  input  logic [7:0]            perf_wr_i,     // DRAM bytes written by STORE this cycle
  output logic                  irq_o
);

  localparam int SegBase = lpf_spec_pkg::RegSeg0Lo;
  localparam int SegEnd = lpf_spec_pkg::RegSeg0Lo + lpf_spec_pkg::RegSegStride * NumSegs;

  logic [63:0]           cmd_base_q;
  logic [31:0]           cmd_len_q;
  logic [1:0]            irq_en_q;
  logic [1:0]            irq_st_q;
  logic [31:0]           seg_q [2*NumSegs];
  logic [63:0]           perf_busy_q, perf_macs_q, perf_stall_q, perf_rd_q, perf_wr_q;
  logic                  bvalid_q;
  logic                  rvalid_q;
  logic [31:0]           rdata_q;
  logic                  wr_en;
  logic [31:0]           wmask;
  logic [31:0]           wval;
  logic [AddrBits-1:0]   waddr;

  assign wr_en = awvalid_i && wvalid_i && !bvalid_q;
  assign awready_o = wr_en;
  assign wready_o = wr_en;
  assign bvalid_o = bvalid_q;
  assign bresp_o = 2'b00;
  assign waddr = awaddr_i;
  assign wmask = {{8{wstrb_i[3]}}, {8{wstrb_i[2]}}, {8{wstrb_i[1]}}, {8{wstrb_i[0]}}};
  assign wval = wdata_i & wmask;

  function automatic logic [31:0] merge(input logic [31:0] old, input logic [31:0] val,
                                        input logic [31:0] mask);
    merge = (old & ~mask) | (val & mask);
  endfunction

  logic wr_ok;
  assign wr_ok = wr_en && (waddr[1:0] == 2'b00);

  assign start_o = wr_ok && (waddr == AddrBits'(lpf_spec_pkg::RegCtrl)) &&
                   wval[lpf_spec_pkg::RegCtrlStartLsb];
  assign soft_reset_o = wr_ok && (waddr == AddrBits'(lpf_spec_pkg::RegCtrl)) &&
                        wval[lpf_spec_pkg::RegCtrlSoftResetLsb];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cmd_base_q <= '0;
      cmd_len_q <= '0;
      irq_en_q <= '0;
      irq_st_q <= '0;
      for (int i = 0; i < 2 * NumSegs; i++) begin
        seg_q[i] <= '0;
      end
      bvalid_q <= 1'b0;
    end else begin
      if (wr_en) begin
        bvalid_q <= 1'b1;
      end else if (bready_i) begin
        bvalid_q <= 1'b0;
      end
      if (wr_ok) begin
        if (32'(waddr) >= SegBase && 32'(waddr) < SegEnd) begin
          seg_q[(32'(waddr) - SegBase) / 4] <= merge(seg_q[(32'(waddr) - SegBase) / 4],
                                                      wdata_i, wmask);
        end
        unique case (32'(waddr))
          lpf_spec_pkg::RegCmdBaseLo: cmd_base_q[31:0] <= merge(cmd_base_q[31:0], wdata_i, wmask);
          lpf_spec_pkg::RegCmdBaseHi:
            cmd_base_q[63:32] <= merge(cmd_base_q[63:32], wdata_i, wmask);
          lpf_spec_pkg::RegCmdLen: cmd_len_q <= merge(cmd_len_q, wdata_i, wmask);
          lpf_spec_pkg::RegIrqEnable: begin
            irq_en_q[0] <= wmask[lpf_spec_pkg::RegIrqEnableDoneLsb] ?
                           wdata_i[lpf_spec_pkg::RegIrqEnableDoneLsb] : irq_en_q[0];
            irq_en_q[1] <= wmask[lpf_spec_pkg::RegIrqEnableErrorLsb] ?
                           wdata_i[lpf_spec_pkg::RegIrqEnableErrorLsb] : irq_en_q[1];
          end
          default: ;
        endcase
      end
      // IRQ_STATUS: set by events, cleared by writing 1 (a set in the same cycle wins).
      if (wr_ok && waddr == AddrBits'(lpf_spec_pkg::RegIrqStatus)) begin
        if (wval[lpf_spec_pkg::RegIrqStatusDoneLsb]) irq_st_q[0] <= 1'b0;
        if (wval[lpf_spec_pkg::RegIrqStatusErrorLsb]) irq_st_q[1] <= 1'b0;
      end
      if (irq_done_i) irq_st_q[0] <= 1'b1;
      if (irq_err_i) irq_st_q[1] <= 1'b1;
    end
  end

  // ---------------------------------------------------------------- performance counters
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      perf_busy_q <= '0;
      perf_macs_q <= '0;
      perf_stall_q <= '0;
      perf_rd_q <= '0;
      perf_wr_q <= '0;
    end else if (perf_clear_i) begin
      perf_busy_q <= '0;
      perf_macs_q <= '0;
      perf_stall_q <= '0;
      perf_rd_q <= '0;
      perf_wr_q <= '0;
    end else begin
      perf_busy_q <= perf_busy_q + 64'(perf_busy_i);
      perf_macs_q <= perf_macs_q + 64'(perf_macs_i);
      perf_stall_q <= perf_stall_q + 64'(perf_stall_i);
      perf_rd_q <= perf_rd_q + 64'(perf_rd_i);
      perf_wr_q <= perf_wr_q + 64'(perf_wr_i);
    end
  end

  // ---------------------------------------------------------------- read
  logic [31:0] rd_val;

  always_comb begin
    rd_val = '0;
    if (araddr_i[1:0] == 2'b00) begin
      if (32'(araddr_i) >= SegBase && 32'(araddr_i) < SegEnd) begin
        rd_val = seg_q[(32'(araddr_i) - SegBase) / 4];
      end
      unique case (32'(araddr_i))
        lpf_spec_pkg::RegId: rd_val = lpf_spec_pkg::IdMagic;
        lpf_spec_pkg::RegVersion: begin
          rd_val[lpf_spec_pkg::RegVersionMajorLsb +: lpf_spec_pkg::RegVersionMajorWidth] =
              lpf_spec_pkg::RegVersionMajorWidth'(lpf_spec_pkg::SpecVersionMajor);
          rd_val[lpf_spec_pkg::RegVersionMinorLsb +: lpf_spec_pkg::RegVersionMinorWidth] =
              lpf_spec_pkg::RegVersionMinorWidth'(lpf_spec_pkg::SpecVersionMinor);
        end
        lpf_spec_pkg::RegSpecHash: rd_val = lpf_spec_pkg::SpecHash;
        lpf_spec_pkg::RegCap0: begin
          rd_val[lpf_spec_pkg::RegCap0PeRowsLsb +: lpf_spec_pkg::RegCap0PeRowsWidth] =
              lpf_spec_pkg::RegCap0PeRowsWidth'(lpf_spec_pkg::PeRows);
          rd_val[lpf_spec_pkg::RegCap0PeColsLsb +: lpf_spec_pkg::RegCap0PeColsWidth] =
              lpf_spec_pkg::RegCap0PeColsWidth'(lpf_spec_pkg::PeCols);
        end
        lpf_spec_pkg::RegCap1: begin
          rd_val[lpf_spec_pkg::RegCap1InpKibLsb +: lpf_spec_pkg::RegCap1InpKibWidth] =
              lpf_spec_pkg::RegCap1InpKibWidth'(lpf_spec_pkg::InpBufBytes / 1024);
          rd_val[lpf_spec_pkg::RegCap1WgtKibLsb +: lpf_spec_pkg::RegCap1WgtKibWidth] =
              lpf_spec_pkg::RegCap1WgtKibWidth'(lpf_spec_pkg::WgtBufBytes / 1024);
        end
        lpf_spec_pkg::RegCap2: begin
          rd_val[lpf_spec_pkg::RegCap2AccEntriesDiv16Lsb +:
                 lpf_spec_pkg::RegCap2AccEntriesDiv16Width] =
              lpf_spec_pkg::RegCap2AccEntriesDiv16Width'(lpf_spec_pkg::AccBufEntries / 16);
          rd_val[lpf_spec_pkg::RegCap2ParamEntriesLsb +: lpf_spec_pkg::RegCap2ParamEntriesWidth] =
              lpf_spec_pkg::RegCap2ParamEntriesWidth'(lpf_spec_pkg::ParamBufEntries);
        end
        lpf_spec_pkg::RegCap3: begin
          rd_val[lpf_spec_pkg::RegCap3Int8ActLsb] = 1'b1;
          rd_val[lpf_spec_pkg::RegCap3PerChannelLsb] = 1'b1;
          rd_val[lpf_spec_pkg::RegCap3MaxpoolLsb] = 1'b1;
          rd_val[lpf_spec_pkg::RegCap3Raw32Lsb] = 1'b1;
          rd_val[lpf_spec_pkg::RegCap3GroupsLsb] = 1'b1;
        end
        lpf_spec_pkg::RegStatus: begin
          rd_val[lpf_spec_pkg::RegStatusBusyLsb] = busy_i;
          rd_val[lpf_spec_pkg::RegStatusDoneLsb] = done_i;
          rd_val[lpf_spec_pkg::RegStatusErrorLsb] = error_i;
        end
        lpf_spec_pkg::RegErrCode: rd_val = 32'(err_code_i);
        lpf_spec_pkg::RegErrPc: rd_val = err_pc_i;
        lpf_spec_pkg::RegCmdBaseLo: rd_val = cmd_base_q[31:0];
        lpf_spec_pkg::RegCmdBaseHi: rd_val = cmd_base_q[63:32];
        lpf_spec_pkg::RegCmdLen: rd_val = cmd_len_q;
        lpf_spec_pkg::RegIrqEnable: begin
          rd_val[lpf_spec_pkg::RegIrqEnableDoneLsb] = irq_en_q[0];
          rd_val[lpf_spec_pkg::RegIrqEnableErrorLsb] = irq_en_q[1];
        end
        lpf_spec_pkg::RegIrqStatus: begin
          rd_val[lpf_spec_pkg::RegIrqStatusDoneLsb] = irq_st_q[0];
          rd_val[lpf_spec_pkg::RegIrqStatusErrorLsb] = irq_st_q[1];
        end
        lpf_spec_pkg::RegPerfBusyLo: rd_val = perf_busy_q[31:0];
        lpf_spec_pkg::RegPerfBusyHi: rd_val = perf_busy_q[63:32];
        lpf_spec_pkg::RegPerfMacsLo: rd_val = perf_macs_q[31:0];
        lpf_spec_pkg::RegPerfMacsHi: rd_val = perf_macs_q[63:32];
        lpf_spec_pkg::RegPerfStallLo: rd_val = perf_stall_q[31:0];
        lpf_spec_pkg::RegPerfStallHi: rd_val = perf_stall_q[63:32];
        lpf_spec_pkg::RegPerfRdBytesLo: rd_val = perf_rd_q[31:0];
        lpf_spec_pkg::RegPerfRdBytesHi: rd_val = perf_rd_q[63:32];
        lpf_spec_pkg::RegPerfWrBytesLo: rd_val = perf_wr_q[31:0];
        lpf_spec_pkg::RegPerfWrBytesHi: rd_val = perf_wr_q[63:32];
        default: ;
      endcase
    end
  end

  assign arready_o = arvalid_i && !rvalid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rvalid_q <= 1'b0;
      rdata_q <= '0;
    end else begin
      if (arready_o) begin
        rvalid_q <= 1'b1;
        rdata_q <= rd_val;
      end else if (rready_i) begin
        rvalid_q <= 1'b0;
      end
    end
  end

  assign rvalid_o = rvalid_q;
  assign rdata_o = rdata_q;
  assign rresp_o = 2'b00;

  for (genvar n = 0; n < NumSegs; n++) begin : g_seg
    assign seg_base_o[64*n +: 64] = {seg_q[2*n + 1], seg_q[2*n]};
  end
  assign cmd_base_o = cmd_base_q;
  assign cmd_len_o = cmd_len_q;
  assign irq_o = |(irq_st_q & irq_en_q);

endmodule : ctrl_regs
