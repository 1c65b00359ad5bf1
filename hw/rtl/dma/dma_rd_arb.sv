// SPDX-License-Identifier: MIT
// AXI4 read-channel arbiter between command fetch (port 0, priority) and the load engine
// (port 1). One burst at a time: the winner's AR goes out, then every R beat is routed back
// to it until RLAST; only then is the next AR granted. With a single AXI ID and one
// outstanding burst, responses need no reordering. AxSIZE/AxBURST are fixed by the top.
module dma_rd_arb #(
  parameter int AddrBits = lpf_spec_pkg::AxiAddrBits,
  parameter int DataBits = lpf_spec_pkg::AxiDataBits
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // requesters
  input  logic [1:0]          ar_valid_i,
  output logic [1:0]          ar_ready_o,
  input  logic [AddrBits-1:0] ar_addr0_i,
  input  logic [7:0]          ar_len0_i,
  input  logic [AddrBits-1:0] ar_addr1_i,
  input  logic [7:0]          ar_len1_i,
  output logic [1:0]          r_valid_o,
  input  logic [1:0]          r_ready_i,
  output logic [DataBits-1:0] r_data_o,   // shared by both ports
  output logic [1:0]          r_resp_o,
  output logic                r_last_o,
  // AXI master read channels
  output logic [AddrBits-1:0] m_araddr_o,
  output logic [7:0]          m_arlen_o,
  output logic                m_arvalid_o,
  input  logic                m_arready_i,
  input  logic [DataBits-1:0] m_rdata_i,
  input  logic [1:0]          m_rresp_i,
  input  logic                m_rlast_i,
  input  logic                m_rvalid_i,
  output logic                m_rready_o
);

  typedef enum logic [1:0] {
    StIdle,
    StAddr,
    StData
  } state_e;

  state_e state_q, state_d;
  logic   sel_q, sel_d;

  always_comb begin
    state_d = state_q;
    sel_d = sel_q;
    unique case (state_q)
      StIdle: begin
        if (ar_valid_i[0]) begin
          sel_d = 1'b0;
          state_d = StAddr;
        end else if (ar_valid_i[1]) begin
          sel_d = 1'b1;
          state_d = StAddr;
        end
      end
      StAddr: begin
        if (m_arready_i) begin
          state_d = StData;
        end
      end
      StData: begin
        if (m_rvalid_i && m_rready_o && m_rlast_i) begin
          state_d = StIdle;
        end
      end
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      sel_q <= 1'b0;
    end else begin
      state_q <= state_d;
      sel_q <= sel_d;
    end
  end

  assign m_arvalid_o = (state_q == StAddr);
  assign m_araddr_o = sel_q ? ar_addr1_i : ar_addr0_i;
  assign m_arlen_o = sel_q ? ar_len1_i : ar_len0_i;
  assign ar_ready_o[0] = (state_q == StAddr) && m_arready_i && !sel_q;
  assign ar_ready_o[1] = (state_q == StAddr) && m_arready_i && sel_q;

  assign r_valid_o[0] = (state_q == StData) && m_rvalid_i && !sel_q;
  assign r_valid_o[1] = (state_q == StData) && m_rvalid_i && sel_q;
  assign m_rready_o = (state_q == StData) && r_ready_i[sel_q];
  assign r_data_o = m_rdata_i;
  assign r_resp_o = m_rresp_i;
  assign r_last_o = m_rlast_i;

endmodule : dma_rd_arb
