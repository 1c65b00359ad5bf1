// SPDX-License-Identifier: MIT
// Sequencer of one unit (load, compute or store): takes the next instruction of its queue,
// waits until every token it pops is available and pops them, runs the unit's engine, then
// waits until every queue it pushes has room and pushes. Flags towards a neighbour the unit
// does not have never reach here (the dispatcher rejects them), so their inputs may be tied
// off. An engine error (ERR_DMA) is reported with the instruction's pc and nothing is pushed.
// abort_i (error elsewhere or CTRL.SOFT_RESET) cancels token waits; a running engine sees
// abort_i too and finishes early, and the unit then goes idle without pushing.
module ctrl_unit #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                abort_i,
  // instruction queue
  input  logic                cmd_valid_i,
  output logic                cmd_ready_o,
  input  logic [InsnBits-1:0] cmd_insn_i,
  input  logic [31:0]         cmd_pc_i,
  // tokens
  input  logic                prev_avail_i,  // queue prev -> this unit holds a token
  input  logic                next_avail_i,  // queue next -> this unit holds a token
  output logic                pop_prev_o,
  output logic                pop_next_o,
  input  logic                prev_full_i,   // queue this unit -> prev is full
  input  logic                next_full_i,   // queue this unit -> next is full
  output logic                push_prev_o,
  output logic                push_next_o,
  // engine
  output logic                eng_start_o,   // pulse; eng_insn_o is stable until eng_done_i
  output logic [InsnBits-1:0] eng_insn_o,
  input  logic                eng_done_i,
  input  logic [7:0]          eng_err_i,     // with eng_done_i; ErrNone on success
  // status
  output logic                err_valid_o,
  output logic [7:0]          err_code_o,
  output logic [31:0]         err_pc_o,
  output logic                idle_o,
  output logic                stall_o        // waiting for a token to pop
);

  typedef enum logic [1:0] {
    StIdle,
    StPop,
    StRun,
    StPush
  } state_e;

  state_e              state_q, state_d;
  logic [InsnBits-1:0] insn_q;
  logic [31:0]         pc_q;
  logic                pops_ok;
  logic                pushes_ok;
  logic                f_pop_prev;
  logic                f_pop_next;
  logic                f_push_prev;
  logic                f_push_next;

  // N'({...}) sizes an accessor's result: Icarus 11 cannot cast a call directly.
  assign f_pop_prev = 1'({lpf_spec_pkg::insn_pop_prev(insn_q)});
  assign f_pop_next = 1'({lpf_spec_pkg::insn_pop_next(insn_q)});
  assign f_push_prev = 1'({lpf_spec_pkg::insn_push_prev(insn_q)});
  assign f_push_next = 1'({lpf_spec_pkg::insn_push_next(insn_q)});

  assign pops_ok = (!f_pop_prev || prev_avail_i) && (!f_pop_next || next_avail_i);
  assign pushes_ok = (!f_push_prev || !prev_full_i) && (!f_push_next || !next_full_i);

  always_comb begin
    state_d = state_q;
    cmd_ready_o = 1'b0;
    pop_prev_o = 1'b0;
    pop_next_o = 1'b0;
    push_prev_o = 1'b0;
    push_next_o = 1'b0;
    eng_start_o = 1'b0;
    err_valid_o = 1'b0;
    stall_o = 1'b0;
    unique case (state_q)
      StIdle: begin
        if (cmd_valid_i && !abort_i) begin
          cmd_ready_o = 1'b1;
          state_d = StPop;
        end
      end
      StPop: begin
        if (abort_i) begin
          state_d = StIdle;
        end else if (pops_ok) begin
          pop_prev_o = f_pop_prev;
          pop_next_o = f_pop_next;
          eng_start_o = 1'b1;
          state_d = StRun;
        end else begin
          stall_o = 1'b1;
        end
      end
      StRun: begin
        if (eng_done_i) begin
          if (eng_err_i != 8'(lpf_spec_pkg::ErrNone)) begin
            err_valid_o = 1'b1;
            state_d = StIdle;
          end else if (abort_i) begin
            state_d = StIdle;
          end else begin
            state_d = StPush;
          end
        end
      end
      StPush: begin
        if (abort_i) begin
          state_d = StIdle;
        end else if (pushes_ok) begin
          push_prev_o = f_push_prev;
          push_next_o = f_push_next;
          state_d = StIdle;
        end
      end
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      pc_q <= '0;
    end else begin
      state_q <= state_d;
      if (cmd_ready_o) begin
        pc_q <= cmd_pc_i;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (cmd_ready_o) begin
      insn_q <= cmd_insn_i;
    end
  end

  assign eng_insn_o = insn_q;
  assign err_code_o = eng_err_i;
  assign err_pc_o = pc_q;
  assign idle_o = (state_q == StIdle);

endmodule : ctrl_unit
