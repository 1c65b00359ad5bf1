// SPDX-License-Identifier: MIT
// Command dispatcher: fetches the stream one instruction at a time, decodes and checks it, and
// hands it to the load, compute or store queue in stream order. It runs ahead of the units and
// owns STATUS, ERR_CODE and ERR_PC.
//
// Tokens in stream order. Besides the run-time token counters between the units
// (ctrl_token), the dispatcher counts tokens per queue in stream order, exactly as the golden
// model does. So TOKEN_UNDERFLOW, TOKEN_OVERFLOW and TOKEN_LEFTOVER are detected at dispatch,
// with the golden model's code and pc, and a stream that passes these checks cannot deadlock
// (the lowest pending instruction can always pop and push, see hw/rtl/README.md).
//
// Errors. Every field error (BAD_OPCODE, BAD_FIELD, SRAM_RANGE, KERNEL_RANGE, POOL_WINDOW,
// token errors, CMD_FETCH) is found here before the instruction is dispatched. The dispatcher
// then stops fetching and waits until the units have drained everything before it (they
// cannot deadlock), and reports the error with that instruction's pc, as the golden model
// does. A unit error (ERR_DMA) aborts the job at once: token waits are cancelled, queues
// flushed, in-flight AXI bursts completed; the lowest failing pc is reported. SOFT_RESET aborts
// the same way and then clears STATUS without touching the other registers. A START written
// while that soft-reset drain is still running is latched and launches the job when the drain
// has finished (STATUS.BUSY stays set meanwhile); START during a running job is ignored.
module ctrl_dispatch #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8,
  parameter int AddrBits = lpf_spec_pkg::AxiAddrBits
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  // registers
  input  logic                start_i,       // CTRL.START written
  input  logic                soft_reset_i,  // CTRL.SOFT_RESET written
  input  logic [AddrBits-1:0] cmd_base_i,
  input  logic [31:0]         cmd_len_i,
  output logic                busy_o,
  output logic                done_o,
  output logic                error_o,
  output logic [7:0]          err_code_o,
  output logic [31:0]         err_pc_o,
  output logic                irq_done_o,    // pulse: set IRQ_STATUS.DONE
  output logic                irq_err_o,     // pulse: set IRQ_STATUS.ERROR
  output logic                perf_clear_o,  // pulse at START
  // command fetch
  output logic                fetch_req_o,
  output logic [AddrBits-1:0] fetch_addr_o,
  input  logic                fetch_busy_i,
  input  logic                fetch_done_i,
  input  logic                fetch_err_i,
  input  logic [InsnBits-1:0] fetch_insn_i,
  // field checker
  output logic                chk_start_o,
  output logic [InsnBits-1:0] chk_insn_o,
  input  logic                chk_busy_i,
  input  logic                chk_done_i,
  input  logic [7:0]          chk_err_i,
  // unit queues: 0 load, 1 compute, 2 store
  output logic [2:0]          q_valid_o,
  input  logic [2:0]          q_ready_i,
  output logic [InsnBits+31:0] q_data_o,     // {pc, instruction}
  output logic                flush_o,       // drop queued instructions (abort)
  output logic                abort_o,       // units: cancel waits, finish early
  output logic                tok_clear_o,   // empty the run-time token queues
  input  logic                units_idle_i,  // every unit idle, every queue empty
  input  logic [2:0]          uerr_valid_i,
  input  logic [23:0]         uerr_code_i,   // unit u at [8*u +: 8]
  input  logic [95:0]         uerr_pc_i      // unit u at [32*u +: 32]
);

  // Token queues: 0 load->compute, 1 compute->load, 2 compute->store, 3 store->compute.
  // 3'b100 marks "no neighbour in that direction".
  localparam logic [2:0] NoQ = 3'b100;
  localparam int CntBits = $clog2(lpf_spec_pkg::TokenDepth + 1);
  localparam int AlignBits = $clog2(lpf_spec_pkg::InsnBytes);

  function automatic logic [2:0] pop_q(input logic [1:0] unit, input logic dir);
    unique case ({unit, dir})
      3'b000: pop_q = NoQ;     // load, prev
      3'b001: pop_q = 3'd1;    // load, next: compute -> load
      3'b010: pop_q = 3'd0;    // compute, prev: load -> compute
      3'b011: pop_q = 3'd3;    // compute, next: store -> compute
      3'b100: pop_q = 3'd2;    // store, prev: compute -> store
      default: pop_q = NoQ;    // store, next
    endcase
  endfunction

  function automatic logic [2:0] push_q(input logic [1:0] unit, input logic dir);
    unique case ({unit, dir})
      3'b000: push_q = NoQ;     // load, prev
      3'b001: push_q = 3'd0;    // load, next: load -> compute
      3'b010: push_q = 3'd1;    // compute, prev: compute -> load
      3'b011: push_q = 3'd2;    // compute, next: compute -> store
      3'b100: push_q = 3'd3;    // store, prev: store -> compute
      default: push_q = NoQ;    // store, next
    endcase
  endfunction

  // ---------------------------------------------------------------- state
  typedef enum logic [3:0] {
    StIdle,
    StFetch,
    StFetchWait,
    StDecode,
    StCheck,
    StIssue,
    StEndWait,
    StDrain,
    StAbort
  } state_e;

  state_e              state_q, state_d;
  logic [31:0]         pc_q;
  logic [InsnBits-1:0] insn_q;
  logic [7:0]          pend_q, pend_d;
  logic [CntBits-1:0]  sq_q [4];
  logic                soft_q;
  logic                start_pend_q;
  logic                uerr_q;
  logic [7:0]          uerr_code_q;
  logic [31:0]         uerr_pc_q;
  logic                busy_q, done_q, error_q;
  logic [7:0]          err_code_q;
  logic [31:0]         err_pc_q;

  // ---------------------------------------------------------------- decode
  logic [3:0]  opcode;
  logic [3:0]  flags;  // {push_next, push_prev, pop_next, pop_prev}
  logic [1:0]  unit;
  logic        is_end;
  logic [7:0]  dec_err;
  logic [InsnBits-1:0] owned;  // bits a field owns (Insn<Insn>Owned); any other set bit: BAD_FIELD
  logic        known;

  // N'({...}) sizes an accessor's result: Icarus 11 cannot cast a call directly.
  assign opcode = 4'({lpf_spec_pkg::insn_opcode(insn_q)});
  assign flags = {1'({lpf_spec_pkg::insn_push_next(insn_q)}),
                  1'({lpf_spec_pkg::insn_push_prev(insn_q)}),
                  1'({lpf_spec_pkg::insn_pop_next(insn_q)}),
                  1'({lpf_spec_pkg::insn_pop_prev(insn_q)})};
  assign is_end = (opcode == 4'(lpf_spec_pkg::OpEnd));

  always_comb begin
    known = 1'b1;
    owned = lpf_spec_pkg::InsnEndOwned;
    unit = 2'd0;
    unique case (opcode)
      4'(lpf_spec_pkg::OpLoad): begin
        owned = lpf_spec_pkg::InsnLoadOwned;
        unit = 2'd0;
      end
      4'(lpf_spec_pkg::OpConv): begin
        owned = lpf_spec_pkg::InsnConvOwned;
        unit = 2'd1;
      end
      4'(lpf_spec_pkg::OpPost): begin
        owned = lpf_spec_pkg::InsnPostOwned;
        unit = 2'd1;
      end
      4'(lpf_spec_pkg::OpStore): begin
        owned = lpf_spec_pkg::InsnStoreOwned;
        unit = 2'd2;
      end
      4'(lpf_spec_pkg::OpEnd): owned = lpf_spec_pkg::InsnEndOwned;
      default: known = 1'b0;
    endcase
  end

  always_comb begin
    logic [2:0] pq;
    logic [2:0] uq;
    pq = NoQ;
    uq = NoQ;
    dec_err = 8'(lpf_spec_pkg::ErrNone);
    if (!known) begin
      dec_err = 8'(lpf_spec_pkg::ErrBadOpcode);
    end else if ((insn_q & ~owned) != '0) begin
      dec_err = 8'(lpf_spec_pkg::ErrBadField);
    end else if (is_end) begin
      if (flags != 4'd0) begin
        dec_err = 8'(lpf_spec_pkg::ErrBadField);
      end else if (sq_q[0] != '0 || sq_q[1] != '0 || sq_q[2] != '0 || sq_q[3] != '0) begin
        dec_err = 8'(lpf_spec_pkg::ErrTokenLeftover);
      end
    end else begin
      // Golden order: per direction (prev, then next) impossible flag, underflow, overflow.
      for (int d = 0; d < 2; d++) begin
        pq = pop_q(unit, d[0]);
        uq = push_q(unit, d[0]);
        if (dec_err == 8'(lpf_spec_pkg::ErrNone)) begin
          if ((flags[d] && pq == NoQ) || (flags[2 + d] && uq == NoQ)) begin
            dec_err = 8'(lpf_spec_pkg::ErrBadField);
          end else if (flags[d] && sq_q[pq[1:0]] == '0) begin
            dec_err = 8'(lpf_spec_pkg::ErrTokenUnderflow);
          end else if (flags[2 + d] && sq_q[uq[1:0]] == CntBits'(lpf_spec_pkg::TokenDepth)) begin
            dec_err = 8'(lpf_spec_pkg::ErrTokenOverflow);
          end
        end
      end
    end
  end

  // Stream-order token counts after the instruction in insn_q is issued.
  logic [CntBits-1:0] sq_issue [4];

  always_comb begin
    logic [2:0] q;
    for (int i = 0; i < 4; i++) begin
      sq_issue[i] = sq_q[i];
    end
    for (int d = 0; d < 2; d++) begin
      q = pop_q(unit, d[0]);
      if (flags[d] && q != NoQ) begin
        sq_issue[q[1:0]] = sq_issue[q[1:0]] - CntBits'(1);
      end
      q = push_q(unit, d[0]);
      if (flags[2 + d] && q != NoQ) begin
        sq_issue[q[1:0]] = sq_issue[q[1:0]] + CntBits'(1);
      end
    end
  end

  // ---------------------------------------------------------------- unit errors
  logic              uerr_any;
  logic [7:0]        uerr_code_d;
  logic [31:0]       uerr_pc_d;
  logic              uerr_d;

  always_comb begin
    uerr_d = uerr_q;
    uerr_code_d = uerr_code_q;
    uerr_pc_d = uerr_pc_q;
    for (int u = 0; u < 3; u++) begin
      if (uerr_valid_i[u] && (!uerr_d || uerr_pc_i[32*u +: 32] < uerr_pc_d)) begin
        uerr_d = 1'b1;
        uerr_code_d = uerr_code_i[8*u +: 8];
        uerr_pc_d = uerr_pc_i[32*u +: 32];
      end
    end
  end

  assign uerr_any = uerr_q;

  // ---------------------------------------------------------------- sequencing
  logic all_quiet;
  logic launch;
  logic finish_ok;
  logic finish_err;
  logic [7:0]  fin_code;
  logic [31:0] fin_pc;
  logic issue;

  assign all_quiet = units_idle_i && !fetch_busy_i && !chk_busy_i;
  assign launch = (state_q == StIdle) && (start_i || start_pend_q) && !soft_reset_i;
  assign issue = (state_q == StIssue) && q_ready_i[unit];

  always_comb begin
    state_d = state_q;
    pend_d = pend_q;
    fetch_req_o = 1'b0;
    chk_start_o = 1'b0;
    finish_ok = 1'b0;
    finish_err = 1'b0;
    fin_code = pend_q;
    fin_pc = pc_q;
    tok_clear_o = 1'b0;
    unique case (state_q)
      StIdle: begin
        if (launch) begin
          state_d = StFetch;
        end
      end
      StFetch: begin
        if (pc_q >= cmd_len_i || cmd_base_i[AlignBits-1:0] != '0) begin
          pend_d = 8'(lpf_spec_pkg::ErrCmdFetch);
          state_d = StDrain;
        end else begin
          fetch_req_o = 1'b1;
          state_d = StFetchWait;
        end
      end
      StFetchWait: begin
        if (fetch_done_i) begin
          if (fetch_err_i) begin
            pend_d = 8'(lpf_spec_pkg::ErrCmdFetch);
            state_d = StDrain;
          end else begin
            state_d = StDecode;
          end
        end
      end
      StDecode: begin
        if (dec_err != 8'(lpf_spec_pkg::ErrNone)) begin
          pend_d = dec_err;
          state_d = StDrain;
        end else if (is_end) begin
          state_d = StEndWait;
        end else begin
          chk_start_o = 1'b1;
          state_d = StCheck;
        end
      end
      StCheck: begin
        if (chk_done_i) begin
          if (chk_err_i != 8'(lpf_spec_pkg::ErrNone)) begin
            pend_d = chk_err_i;
            state_d = StDrain;
          end else begin
            state_d = StIssue;
          end
        end
      end
      StIssue: begin
        if (issue) begin
          state_d = StFetch;
        end
      end
      StEndWait: begin
        if (all_quiet) begin
          finish_ok = 1'b1;
          state_d = StIdle;
        end
      end
      StDrain: begin
        if (all_quiet) begin
          // tokens pushed by the executed part of a failed stream (TOKEN_OVERFLOW,
          // TOKEN_LEFTOVER, ...) must not leak into the next job
          tok_clear_o = 1'b1;
          finish_err = 1'b1;
          state_d = StIdle;
        end
      end
      StAbort: begin
        if (all_quiet) begin
          tok_clear_o = 1'b1;
          if (!soft_q) begin
            finish_err = 1'b1;
            fin_code = uerr_code_q;
            fin_pc = uerr_pc_q;
          end
          state_d = StIdle;
        end
      end
      default: state_d = StIdle;
    endcase
    // A unit error or a soft reset overrides everything above.
    if (state_q != StIdle && state_q != StAbort && (uerr_any || soft_reset_i)) begin
      state_d = StAbort;
      finish_ok = 1'b0;
      finish_err = 1'b0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      pc_q <= '0;
      pend_q <= '0;
      for (int i = 0; i < 4; i++) begin
        sq_q[i] <= '0;
      end
      soft_q <= 1'b0;
      start_pend_q <= 1'b0;
      uerr_q <= 1'b0;
      uerr_code_q <= '0;
      uerr_pc_q <= '0;
      busy_q <= 1'b0;
      done_q <= 1'b0;
      error_q <= 1'b0;
      err_code_q <= '0;
      err_pc_q <= '0;
    end else begin
      state_q <= state_d;
      pend_q <= pend_d;
      if (state_q != StIdle && !(state_q == StAbort && soft_q)) begin
        uerr_q <= uerr_d;
        uerr_code_q <= uerr_code_d;
        uerr_pc_q <= uerr_pc_d;
      end
      // CTRL.START together with SOFT_RESET starts after the reset completes. A START of its
      // own while a soft reset is still draining the aborted job's bursts (StAbort) is latched
      // the same way; without this it would be dropped, as only StIdle launches. A later
      // SOFT_RESET without START cancels a latched START.
      if (soft_reset_i) begin
        start_pend_q <= start_i;
        if (state_q == StIdle) begin
          busy_q <= 1'b0;
          done_q <= 1'b0;
          error_q <= 1'b0;
          for (int i = 0; i < 4; i++) begin
            sq_q[i] <= '0;
          end
        end else begin
          soft_q <= 1'b1;
        end
      end else if (start_i && state_q == StAbort && soft_q) begin
        start_pend_q <= 1'b1;
      end
      if (launch) begin
        start_pend_q <= 1'b0;
        soft_q <= 1'b0;
        pc_q <= '0;
        pend_q <= '0;
        for (int i = 0; i < 4; i++) begin
          sq_q[i] <= '0;
        end
        uerr_q <= 1'b0;
        busy_q <= 1'b1;
        done_q <= 1'b0;
        error_q <= 1'b0;
        err_code_q <= 8'(lpf_spec_pkg::ErrNone);
        err_pc_q <= '0;
      end
      if (state_q == StFetchWait && fetch_done_i) begin
        // insn_q is loaded in the data process below
      end
      if (issue) begin
        pc_q <= pc_q + 32'd1;
        for (int i = 0; i < 4; i++) begin
          sq_q[i] <= sq_issue[i];
        end
      end
      if (finish_ok) begin
        busy_q <= 1'b0;
        done_q <= 1'b1;
      end
      if (finish_err) begin
        busy_q <= 1'b0;
        error_q <= 1'b1;
        err_code_q <= fin_code;
        err_pc_q <= fin_pc;
      end
      if (state_q == StAbort && all_quiet && soft_q) begin
        busy_q <= 1'b0;
        done_q <= 1'b0;
        error_q <= 1'b0;
        soft_q <= 1'b0;
        for (int i = 0; i < 4; i++) begin
          sq_q[i] <= '0;
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == StFetchWait && fetch_done_i) begin
      insn_q <= fetch_insn_i;
    end
  end

  assign fetch_addr_o = cmd_base_i + AddrBits'({pc_q, {AlignBits{1'b0}}});
  assign chk_insn_o = insn_q;
  assign q_data_o = {pc_q, insn_q};
  for (genvar u = 0; u < 3; u++) begin : g_qvalid
    assign q_valid_o[u] = (state_q == StIssue) && (unit == 2'(u));
  end
  assign flush_o = (state_q == StAbort);
  assign abort_o = (state_q == StAbort);
  // A latched START counts as busy, so STATUS.BUSY does not drop between the end of a soft
  // reset's drain and the launch of the job started during it.
  assign busy_o = busy_q || start_pend_q;
  assign done_o = done_q;
  assign error_o = error_q;
  assign err_code_o = err_code_q;
  assign err_pc_o = err_pc_q;
  assign irq_done_o = finish_ok;
  assign irq_err_o = finish_err;
  assign perf_clear_o = launch;

endmodule : ctrl_dispatch
