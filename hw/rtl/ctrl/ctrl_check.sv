// SPDX-License-Identifier: MIT
// Field checks of one LOAD, CONV, POST or STORE instruction, in exactly the order of the golden
// model (host/fabric/): BAD_FIELD first, then KERNEL_RANGE (CONV), SRAM_RANGE, POOL_WINDOW
// (POST). Opcode, reserved bits and dependency flags are checked before, by ctrl_dispatch.
//
// The sizes behind the range checks are products of up to five fields (up to 50 bits). One
// 64 x 17-bit multiplier computes them in a short micro-sequence, one product per cycle
// (at most 13 cycles for a CONV), then one cycle evaluates every condition.
module ctrl_check #(
  parameter int InsnBits = lpf_spec_pkg::InsnBytes * 8
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                start_i,  // pulse; insn_i stays stable until done_o
  input  logic [InsnBits-1:0] insn_i,
  output logic                busy_o,
  output logic                done_o,   // pulse
  output logic [7:0]          err_o     // with done_o: ErrNone or the error code
);

  // fits(off, len, size): [off, off + len) lies inside a buffer of size elements.
  function automatic logic fits(input logic [63:0] off, input logic [63:0] len,
                                input logic [63:0] size);
    fits = (off <= size) && (len <= size - off);
  endfunction

  localparam int NumRes = 13;
  localparam logic [63:0] InpSize = 64'(lpf_spec_pkg::InpBufBytes);
  localparam logic [63:0] WgtSize = 64'(lpf_spec_pkg::WgtBufBytes);
  localparam logic [63:0] AccSize = 64'(lpf_spec_pkg::AccBufEntries);
  localparam logic [63:0] OutSize = 64'(lpf_spec_pkg::OutBufBytes);
  localparam logic [63:0] ParEntries = 64'(lpf_spec_pkg::ParamBufEntries);
  localparam logic [63:0] ParSize =
      64'(lpf_spec_pkg::ParamBufEntries * lpf_spec_pkg::ParamEntryBytes);

  typedef enum logic [1:0] {
    StIdle,
    StMul,
    StEval
  } state_e;

  state_e      state_q, state_d;
  logic [3:0]  step_q;
  logic [3:0]  last_step;
  logic [63:0] res_q [NumRes];
  logic [63:0] mul_a;
  logic [16:0] mul_b;
  logic [80:0] mul_p;
  logic [7:0]  err_d;
  logic [3:0]  opcode;

  // Fields come from the lpf_spec_pkg accessors (32 bits each). N'({...}) sizes an accessor's
  // result: Icarus 11 cannot cast a call directly.
  assign opcode = 4'({lpf_spec_pkg::insn_opcode(insn_i)});

  // ---------------------------------------------------------------- product micro-sequence
  // res_q[s] = mul_a * mul_b of step s. LOAD: 0 z*plane_h, 1 *row_w. STORE: 0 row_bytes*y,
  // 1 *z. CONV: 0 g*icpg, 1 *in_h, 2 *in_w (n_in), 3 g*icpg*kh, 4 *kw, 5 *ocpg (n_wgt),
  // 6 g*ocpg (n_oc), 7 *out_h, 8 *out_w (n_acc), 9 (oh-1)*sh, 10 (kh-1)*dh, 11 (ow-1)*sw,
  // 12 (kw-1)*dw. POST: 0 c*th, 1 *tw (n_acc), 2 c*ph, 3 *pw, 4 (ph-1)*ps_h, 5 (pw-1)*ps_w.
  always_comb begin
    mul_a = '0;
    mul_b = '0;
    last_step = 4'd0;
    unique case (opcode)
      4'(lpf_spec_pkg::OpLoad): begin
        last_step = 4'd1;
        if (step_q == 4'd0) begin
          mul_a = 64'({lpf_spec_pkg::insn_load_z_size(insn_i)});
          mul_b = 17'(lpf_spec_pkg::insn_load_pad_y0(insn_i) +
                      lpf_spec_pkg::insn_load_y_size(insn_i) +
                      lpf_spec_pkg::insn_load_pad_y1(insn_i));
        end else begin
          mul_a = res_q[0];
          mul_b = 17'(lpf_spec_pkg::insn_load_pad_x0(insn_i) +
                      lpf_spec_pkg::insn_load_x_size(insn_i) +
                      lpf_spec_pkg::insn_load_pad_x1(insn_i));
        end
      end
      4'(lpf_spec_pkg::OpStore): begin
        last_step = 4'd1;
        if (step_q == 4'd0) begin
          mul_a = 64'({lpf_spec_pkg::insn_store_x_size(insn_i)}) <<
                  lpf_spec_pkg::insn_store_elem_log2(insn_i);
          mul_b = 17'({lpf_spec_pkg::insn_store_y_size(insn_i)});
        end else begin
          mul_a = res_q[0];
          mul_b = 17'({lpf_spec_pkg::insn_store_z_size(insn_i)});
        end
      end
      4'(lpf_spec_pkg::OpConv): begin
        last_step = 4'd12;
        unique case (step_q)
          4'd0: mul_a = 64'({lpf_spec_pkg::insn_conv_groups(insn_i)});
          4'd1: mul_a = res_q[0];
          4'd2: mul_a = res_q[1];
          4'd3: mul_a = res_q[0];
          4'd4: mul_a = res_q[3];
          4'd5: mul_a = res_q[4];
          4'd6: mul_a = 64'({lpf_spec_pkg::insn_conv_groups(insn_i)});
          4'd7: mul_a = res_q[6];
          4'd8: mul_a = res_q[7];
          4'd9: mul_a = {32'd0, lpf_spec_pkg::insn_conv_out_h(insn_i) - 32'd1};
          4'd10: mul_a = {32'd0, lpf_spec_pkg::insn_conv_kh(insn_i) - 32'd1};
          4'd11: mul_a = {32'd0, lpf_spec_pkg::insn_conv_out_w(insn_i) - 32'd1};
          default: mul_a = {32'd0, lpf_spec_pkg::insn_conv_kw(insn_i) - 32'd1};
        endcase
        unique case (step_q)
          4'd0: mul_b = 17'({lpf_spec_pkg::insn_conv_icpg(insn_i)});
          4'd1: mul_b = 17'({lpf_spec_pkg::insn_conv_in_h(insn_i)});
          4'd2: mul_b = 17'({lpf_spec_pkg::insn_conv_in_w(insn_i)});
          4'd3: mul_b = 17'({lpf_spec_pkg::insn_conv_kh(insn_i)});
          4'd4: mul_b = 17'({lpf_spec_pkg::insn_conv_kw(insn_i)});
          4'd5: mul_b = 17'({lpf_spec_pkg::insn_conv_ocpg(insn_i)});
          4'd6: mul_b = 17'({lpf_spec_pkg::insn_conv_ocpg(insn_i)});
          4'd7: mul_b = 17'({lpf_spec_pkg::insn_conv_out_h(insn_i)});
          4'd8: mul_b = 17'({lpf_spec_pkg::insn_conv_out_w(insn_i)});
          4'd9: mul_b = 17'({lpf_spec_pkg::insn_conv_sh(insn_i)});
          4'd10: mul_b = 17'({lpf_spec_pkg::insn_conv_dh(insn_i)});
          4'd11: mul_b = 17'({lpf_spec_pkg::insn_conv_sw(insn_i)});
          default: mul_b = 17'({lpf_spec_pkg::insn_conv_dw(insn_i)});
        endcase
      end
      default: begin  // POST
        last_step = 4'd5;
        unique case (step_q)
          4'd0: mul_a = 64'({lpf_spec_pkg::insn_post_c(insn_i)});
          4'd1: mul_a = res_q[0];
          4'd2: mul_a = 64'({lpf_spec_pkg::insn_post_c(insn_i)});
          4'd3: mul_a = res_q[2];
          4'd4: mul_a = {32'd0, lpf_spec_pkg::insn_post_ph(insn_i) - 32'd1};
          default: mul_a = {32'd0, lpf_spec_pkg::insn_post_pw(insn_i) - 32'd1};
        endcase
        unique case (step_q)
          4'd0: mul_b = 17'({lpf_spec_pkg::insn_post_th(insn_i)});
          4'd1: mul_b = 17'({lpf_spec_pkg::insn_post_tw(insn_i)});
          4'd2: mul_b = 17'({lpf_spec_pkg::insn_post_ph(insn_i)});
          4'd3: mul_b = 17'({lpf_spec_pkg::insn_post_pw(insn_i)});
          4'd4: mul_b = 17'({lpf_spec_pkg::insn_post_ps_h(insn_i)});
          default: mul_b = 17'({lpf_spec_pkg::insn_post_ps_w(insn_i)});
        endcase
      end
    endcase
  end

  assign mul_p = 81'(mul_a) * 81'(mul_b);

  // ---------------------------------------------------------------- conditions
  logic [63:0]        l_size;
  logic               p_raw;
  logic               p_sgn;
  logic [7:0]         p_lo, p_hi;
  logic signed [9:0]  lo_v, hi_v;
  logic signed [65:0] py0_v, px0_v;

  always_comb begin
    unique case (lpf_spec_pkg::insn_load_buf(insn_i))
      32'(lpf_spec_pkg::BufInp): l_size = InpSize;
      32'(lpf_spec_pkg::BufWgt): l_size = WgtSize;
      default: l_size = ParSize;
    endcase
  end

  // POST clip bounds and pool origins as signed values (braces make an accessor's result
  // unsigned, hence the $signed).
  assign p_raw = (lpf_spec_pkg::insn_post_mode(insn_i) == 32'(lpf_spec_pkg::PostModeRaw32));
  assign p_sgn = 1'({lpf_spec_pkg::insn_post_out_signed(insn_i)});
  assign p_lo = 8'({lpf_spec_pkg::insn_post_clip_lo(insn_i)});
  assign p_hi = 8'({lpf_spec_pkg::insn_post_clip_hi(insn_i)});
  assign lo_v = p_sgn ? 10'($signed(p_lo)) : $signed({2'b00, p_lo});
  assign hi_v = p_sgn ? 10'($signed(p_hi)) : $signed({2'b00, p_hi});
  assign py0_v = 66'($signed({lpf_spec_pkg::insn_post_py0(insn_i)}));
  assign px0_v = 66'($signed({lpf_spec_pkg::insn_post_px0(insn_i)}));

  always_comb begin
    err_d = 8'(lpf_spec_pkg::ErrNone);
    unique case (opcode)
      4'(lpf_spec_pkg::OpLoad): begin
        if (lpf_spec_pkg::insn_load_buf(insn_i) > 32'(lpf_spec_pkg::BufParam) ||
            lpf_spec_pkg::insn_load_seg(insn_i) >= 32'(lpf_spec_pkg::NumSegs) ||
            lpf_spec_pkg::insn_load_x_size(insn_i) == '0 ||
            lpf_spec_pkg::insn_load_y_size(insn_i) == '0 ||
            lpf_spec_pkg::insn_load_z_size(insn_i) == '0) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!fits(64'({lpf_spec_pkg::insn_load_sram_off(insn_i)}), res_q[1],
                           l_size)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end
      end
      4'(lpf_spec_pkg::OpStore): begin
        if (lpf_spec_pkg::insn_store_seg(insn_i) >= 32'(lpf_spec_pkg::NumSegs) ||
            (lpf_spec_pkg::insn_store_elem_log2(insn_i) != 32'd0 &&
             lpf_spec_pkg::insn_store_elem_log2(insn_i) != 32'd2) ||
            lpf_spec_pkg::insn_store_x_size(insn_i) == '0 ||
            lpf_spec_pkg::insn_store_y_size(insn_i) == '0 ||
            lpf_spec_pkg::insn_store_z_size(insn_i) == '0 ||
            lpf_spec_pkg::insn_store_x_stride(insn_i) <
                (32'd1 << lpf_spec_pkg::insn_store_elem_log2(insn_i))) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!fits(64'({lpf_spec_pkg::insn_store_sram_off(insn_i)}), res_q[1],
                           OutSize)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end
      end
      4'(lpf_spec_pkg::OpConv): begin
        if (lpf_spec_pkg::insn_conv_groups(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_icpg(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_ocpg(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_kh(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_kw(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_sh(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_sw(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_dh(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_dw(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_in_h(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_in_w(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_out_h(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_out_w(insn_i) == '0 ||
            lpf_spec_pkg::insn_conv_kh(insn_i) > 32'(lpf_spec_pkg::MaxKernel) ||
            lpf_spec_pkg::insn_conv_kw(insn_i) > 32'(lpf_spec_pkg::MaxKernel)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (res_q[9] + res_q[10] + 64'd1 > 64'({lpf_spec_pkg::insn_conv_in_h(insn_i)}) ||
                     res_q[11] + res_q[12] + 64'd1 >
                         64'({lpf_spec_pkg::insn_conv_in_w(insn_i)})) begin
          err_d = 8'(lpf_spec_pkg::ErrKernelRange);
        end else if (!fits(64'({lpf_spec_pkg::insn_conv_inp_off(insn_i)}), res_q[2], InpSize) ||
                     !fits(64'({lpf_spec_pkg::insn_conv_wgt_off(insn_i)}), res_q[5], WgtSize) ||
                     !fits(64'({lpf_spec_pkg::insn_conv_acc_off(insn_i)}), res_q[8], AccSize) ||
                     !fits(64'({lpf_spec_pkg::insn_conv_param_off(insn_i)}), res_q[6],
                           ParEntries)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end
      end
      default: begin  // POST
        if (lpf_spec_pkg::insn_post_c(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_th(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_tw(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_ph(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_pw(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_pk_h(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_pk_w(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_ps_h(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_ps_w(insn_i) == '0 ||
            lpf_spec_pkg::insn_post_pk_h(insn_i) > 32'(lpf_spec_pkg::MaxPool) ||
            lpf_spec_pkg::insn_post_pk_w(insn_i) > 32'(lpf_spec_pkg::MaxPool) ||
            lpf_spec_pkg::insn_post_ps_h(insn_i) > 32'(lpf_spec_pkg::MaxPool) ||
            lpf_spec_pkg::insn_post_ps_w(insn_i) > 32'(lpf_spec_pkg::MaxPool)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (p_raw && !(lpf_spec_pkg::insn_post_pk_h(insn_i) == 32'd1 &&
                                lpf_spec_pkg::insn_post_pk_w(insn_i) == 32'd1 &&
                                lpf_spec_pkg::insn_post_ps_h(insn_i) == 32'd1 &&
                                lpf_spec_pkg::insn_post_ps_w(insn_i) == 32'd1 &&
                                lpf_spec_pkg::insn_post_py0(insn_i) == '0 &&
                                lpf_spec_pkg::insn_post_px0(insn_i) == '0)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!p_raw &&
                     (lpf_spec_pkg::insn_post_mode(insn_i) != 32'(lpf_spec_pkg::PostModeRequant) ||
                      lo_v > hi_v)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!fits(64'({lpf_spec_pkg::insn_post_acc_off(insn_i)}), res_q[1], AccSize) ||
                     !fits(64'({lpf_spec_pkg::insn_post_param_off(insn_i)}),
                           64'({lpf_spec_pkg::insn_post_c(insn_i)}), ParEntries) ||
                     !fits(64'({lpf_spec_pkg::insn_post_out_off(insn_i)}),
                           p_raw ? (res_q[3] << 2) : res_q[3], OutSize)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end else if (py0_v + 66'({lpf_spec_pkg::insn_post_pk_h(insn_i)}) <= 66'sd0 ||
                     py0_v + $signed({2'b00, res_q[4]}) >=
                         $signed(66'({lpf_spec_pkg::insn_post_th(insn_i)})) ||
                     px0_v + 66'({lpf_spec_pkg::insn_post_pk_w(insn_i)}) <= 66'sd0 ||
                     px0_v + $signed({2'b00, res_q[5]}) >=
                         $signed(66'({lpf_spec_pkg::insn_post_tw(insn_i)}))) begin
          err_d = 8'(lpf_spec_pkg::ErrPoolWindow);
        end
      end
    endcase
  end

  // ---------------------------------------------------------------- sequencing
  always_comb begin
    state_d = state_q;
    unique case (state_q)
      StIdle: if (start_i) state_d = StMul;
      StMul: if (step_q == last_step) state_d = StEval;
      StEval: state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q <= StIdle;
      step_q <= '0;
    end else begin
      state_q <= state_d;
      if (state_q == StIdle) begin
        step_q <= '0;
      end else if (state_q == StMul) begin
        step_q <= step_q + 4'd1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (state_q == StMul) begin
      res_q[step_q] <= mul_p[63:0];
    end
  end

  assign busy_o = (state_q != StIdle);
  assign done_o = (state_q == StEval);
  assign err_o = err_d;

endmodule : ctrl_check
