// SPDX-License-Identifier: MIT
// Command fetch: reads one instruction (InsnBytes, an INCR burst of InsnBytes / beat bytes
// beats) at addr_i, which the dispatcher keeps InsnBytes aligned. done_o pulses with the
// instruction in insn_o (word 0 in the low bits) and err_o set if any beat came back with
// SLVERR or DECERR (the dispatcher reports ERR_CMD_FETCH).
module ctrl_fetch #(
  parameter int AddrBits = lpf_spec_pkg::AxiAddrBits,
  parameter int DataBits = lpf_spec_pkg::AxiDataBits,
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8,
  parameter int Beats = InsnBits / DataBits
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                req_i,     // pulse, only while !busy_o
  input  logic [AddrBits-1:0] addr_i,
  output logic                busy_o,
  output logic                done_o,
  output logic                err_o,
  output logic [InsnBits-1:0] insn_o,
  // read port (through dma_rd_arb)
  output logic                ar_valid_o,
  input  logic                ar_ready_i,
  output logic [AddrBits-1:0] ar_addr_o,
  output logic [7:0]          ar_len_o,
  input  logic                r_valid_i,
  output logic                r_ready_o,
  input  logic [DataBits-1:0] r_data_i,
  input  logic [1:0]          r_resp_i
);

  typedef enum logic [1:0] {
    StIdle,
    StAddr,
    StData,
    StDone
  } state_e;

  localparam int BeatBits = (Beats > 1) ? $clog2(Beats) : 1;

  state_e               state_q, state_d;
  logic [AddrBits-1:0]  addr_q;
  logic [BeatBits-1:0]  beat_q;
  logic                 err_q;
  logic [InsnBits-1:0]  insn_q;

  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StIdle: if (req_i) state_d = StAddr;
      StAddr: if (ar_ready_i) state_d = StData;
      StData: if (r_valid_i && (beat_q == BeatBits'(Beats - 1))) state_d = StDone;
      StDone: state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      addr_q <= '0;
      beat_q <= '0;
      err_q <= 1'b0;
    end else begin
      state_q <= state_d;
      if (state_q == StIdle && req_i) begin
        addr_q <= addr_i;
        beat_q <= '0;
        err_q <= 1'b0;
      end
      if (state_q == StData && r_valid_i) begin
        beat_q <= beat_q + BeatBits'(1);
        if (r_resp_i[1]) begin
          err_q <= 1'b1;
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == StData && r_valid_i) begin
      insn_q[DataBits*beat_q +: DataBits] <= r_data_i;
    end
  end

  assign ar_valid_o = (state_q == StAddr);
  assign ar_addr_o = addr_q;
  assign ar_len_o = 8'(Beats - 1);
  assign r_ready_o = (state_q == StData);
  assign busy_o = (state_q != StIdle);
  assign done_o = (state_q == StDone);
  assign err_o = err_q;
  assign insn_o = insn_q;

endmodule : ctrl_fetch
