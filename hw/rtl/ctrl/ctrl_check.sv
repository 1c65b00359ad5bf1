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

  function automatic logic [31:0] fld(input logic [InsnBits-1:0] insn, input int word,
                                      input int lsb, input int width);
    logic [31:0] w;
    w = insn[32*word +: 32];
    fld = (w >> lsb) & ((32'd1 << width) - 32'd1);
  endfunction

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

  assign opcode = 4'(fld(insn_i, lpf_spec_pkg::InsnOpcodeWord, lpf_spec_pkg::InsnOpcodeLsb,
                         lpf_spec_pkg::InsnOpcodeWidth));

  // ---------------------------------------------------------------- fields
  // LOAD
  logic [31:0] l_buf, l_seg, l_sram, l_x, l_y, l_z, l_px0, l_px1, l_py0, l_py1;
  assign l_buf = fld(insn_i, lpf_spec_pkg::InsnLoadBufWord, lpf_spec_pkg::InsnLoadBufLsb,
                     lpf_spec_pkg::InsnLoadBufWidth);
  assign l_seg = fld(insn_i, lpf_spec_pkg::InsnLoadSegWord, lpf_spec_pkg::InsnLoadSegLsb,
                     lpf_spec_pkg::InsnLoadSegWidth);
  assign l_sram = fld(insn_i, lpf_spec_pkg::InsnLoadSramOffWord,
                      lpf_spec_pkg::InsnLoadSramOffLsb, lpf_spec_pkg::InsnLoadSramOffWidth);
  assign l_x = fld(insn_i, lpf_spec_pkg::InsnLoadXSizeWord, lpf_spec_pkg::InsnLoadXSizeLsb,
                   lpf_spec_pkg::InsnLoadXSizeWidth);
  assign l_y = fld(insn_i, lpf_spec_pkg::InsnLoadYSizeWord, lpf_spec_pkg::InsnLoadYSizeLsb,
                   lpf_spec_pkg::InsnLoadYSizeWidth);
  assign l_z = fld(insn_i, lpf_spec_pkg::InsnLoadZSizeWord, lpf_spec_pkg::InsnLoadZSizeLsb,
                   lpf_spec_pkg::InsnLoadZSizeWidth);
  assign l_px0 = fld(insn_i, lpf_spec_pkg::InsnLoadPadX0Word, lpf_spec_pkg::InsnLoadPadX0Lsb,
                     lpf_spec_pkg::InsnLoadPadX0Width);
  assign l_px1 = fld(insn_i, lpf_spec_pkg::InsnLoadPadX1Word, lpf_spec_pkg::InsnLoadPadX1Lsb,
                     lpf_spec_pkg::InsnLoadPadX1Width);
  assign l_py0 = fld(insn_i, lpf_spec_pkg::InsnLoadPadY0Word, lpf_spec_pkg::InsnLoadPadY0Lsb,
                     lpf_spec_pkg::InsnLoadPadY0Width);
  assign l_py1 = fld(insn_i, lpf_spec_pkg::InsnLoadPadY1Word, lpf_spec_pkg::InsnLoadPadY1Lsb,
                     lpf_spec_pkg::InsnLoadPadY1Width);

  // STORE
  logic [31:0] s_seg, s_e, s_sram, s_x, s_y, s_z, s_xs;
  assign s_seg = fld(insn_i, lpf_spec_pkg::InsnStoreSegWord, lpf_spec_pkg::InsnStoreSegLsb,
                     lpf_spec_pkg::InsnStoreSegWidth);
  assign s_e = fld(insn_i, lpf_spec_pkg::InsnStoreElemLog2Word,
                   lpf_spec_pkg::InsnStoreElemLog2Lsb, lpf_spec_pkg::InsnStoreElemLog2Width);
  assign s_sram = fld(insn_i, lpf_spec_pkg::InsnStoreSramOffWord,
                      lpf_spec_pkg::InsnStoreSramOffLsb, lpf_spec_pkg::InsnStoreSramOffWidth);
  assign s_x = fld(insn_i, lpf_spec_pkg::InsnStoreXSizeWord, lpf_spec_pkg::InsnStoreXSizeLsb,
                   lpf_spec_pkg::InsnStoreXSizeWidth);
  assign s_y = fld(insn_i, lpf_spec_pkg::InsnStoreYSizeWord, lpf_spec_pkg::InsnStoreYSizeLsb,
                   lpf_spec_pkg::InsnStoreYSizeWidth);
  assign s_z = fld(insn_i, lpf_spec_pkg::InsnStoreZSizeWord, lpf_spec_pkg::InsnStoreZSizeLsb,
                   lpf_spec_pkg::InsnStoreZSizeWidth);
  assign s_xs = fld(insn_i, lpf_spec_pkg::InsnStoreXStrideWord,
                    lpf_spec_pkg::InsnStoreXStrideLsb, lpf_spec_pkg::InsnStoreXStrideWidth);

  // CONV
  logic [31:0] c_inp, c_wgt, c_acc, c_par, c_ih, c_iw, c_oh, c_ow, c_kh, c_kw;
  logic [31:0] c_sh, c_sw, c_dh, c_dw, c_icpg, c_ocpg, c_g;
  assign c_inp = fld(insn_i, lpf_spec_pkg::InsnConvInpOffWord, lpf_spec_pkg::InsnConvInpOffLsb,
                     lpf_spec_pkg::InsnConvInpOffWidth);
  assign c_wgt = fld(insn_i, lpf_spec_pkg::InsnConvWgtOffWord, lpf_spec_pkg::InsnConvWgtOffLsb,
                     lpf_spec_pkg::InsnConvWgtOffWidth);
  assign c_acc = fld(insn_i, lpf_spec_pkg::InsnConvAccOffWord, lpf_spec_pkg::InsnConvAccOffLsb,
                     lpf_spec_pkg::InsnConvAccOffWidth);
  assign c_par = fld(insn_i, lpf_spec_pkg::InsnConvParamOffWord,
                     lpf_spec_pkg::InsnConvParamOffLsb, lpf_spec_pkg::InsnConvParamOffWidth);
  assign c_ih = fld(insn_i, lpf_spec_pkg::InsnConvInHWord, lpf_spec_pkg::InsnConvInHLsb,
                    lpf_spec_pkg::InsnConvInHWidth);
  assign c_iw = fld(insn_i, lpf_spec_pkg::InsnConvInWWord, lpf_spec_pkg::InsnConvInWLsb,
                    lpf_spec_pkg::InsnConvInWWidth);
  assign c_oh = fld(insn_i, lpf_spec_pkg::InsnConvOutHWord, lpf_spec_pkg::InsnConvOutHLsb,
                    lpf_spec_pkg::InsnConvOutHWidth);
  assign c_ow = fld(insn_i, lpf_spec_pkg::InsnConvOutWWord, lpf_spec_pkg::InsnConvOutWLsb,
                    lpf_spec_pkg::InsnConvOutWWidth);
  assign c_kh = fld(insn_i, lpf_spec_pkg::InsnConvKhWord, lpf_spec_pkg::InsnConvKhLsb,
                    lpf_spec_pkg::InsnConvKhWidth);
  assign c_kw = fld(insn_i, lpf_spec_pkg::InsnConvKwWord, lpf_spec_pkg::InsnConvKwLsb,
                    lpf_spec_pkg::InsnConvKwWidth);
  assign c_sh = fld(insn_i, lpf_spec_pkg::InsnConvShWord, lpf_spec_pkg::InsnConvShLsb,
                    lpf_spec_pkg::InsnConvShWidth);
  assign c_sw = fld(insn_i, lpf_spec_pkg::InsnConvSwWord, lpf_spec_pkg::InsnConvSwLsb,
                    lpf_spec_pkg::InsnConvSwWidth);
  assign c_dh = fld(insn_i, lpf_spec_pkg::InsnConvDhWord, lpf_spec_pkg::InsnConvDhLsb,
                    lpf_spec_pkg::InsnConvDhWidth);
  assign c_dw = fld(insn_i, lpf_spec_pkg::InsnConvDwWord, lpf_spec_pkg::InsnConvDwLsb,
                    lpf_spec_pkg::InsnConvDwWidth);
  assign c_icpg = fld(insn_i, lpf_spec_pkg::InsnConvIcpgWord, lpf_spec_pkg::InsnConvIcpgLsb,
                      lpf_spec_pkg::InsnConvIcpgWidth);
  assign c_ocpg = fld(insn_i, lpf_spec_pkg::InsnConvOcpgWord, lpf_spec_pkg::InsnConvOcpgLsb,
                      lpf_spec_pkg::InsnConvOcpgWidth);
  assign c_g = fld(insn_i, lpf_spec_pkg::InsnConvGroupsWord, lpf_spec_pkg::InsnConvGroupsLsb,
                   lpf_spec_pkg::InsnConvGroupsWidth);

  // POST
  logic [31:0] p_mode, p_sgn, p_acc, p_par, p_out, p_th, p_tw, p_c, p_lo, p_hi;
  logic [31:0] p_pkh, p_pkw, p_psh, p_psw, p_py0, p_px0, p_ph, p_pw;
  assign p_mode = fld(insn_i, lpf_spec_pkg::InsnPostModeWord, lpf_spec_pkg::InsnPostModeLsb,
                      lpf_spec_pkg::InsnPostModeWidth);
  assign p_sgn = fld(insn_i, lpf_spec_pkg::InsnPostOutSignedWord,
                     lpf_spec_pkg::InsnPostOutSignedLsb, lpf_spec_pkg::InsnPostOutSignedWidth);
  assign p_acc = fld(insn_i, lpf_spec_pkg::InsnPostAccOffWord, lpf_spec_pkg::InsnPostAccOffLsb,
                     lpf_spec_pkg::InsnPostAccOffWidth);
  assign p_par = fld(insn_i, lpf_spec_pkg::InsnPostParamOffWord,
                     lpf_spec_pkg::InsnPostParamOffLsb, lpf_spec_pkg::InsnPostParamOffWidth);
  assign p_out = fld(insn_i, lpf_spec_pkg::InsnPostOutOffWord, lpf_spec_pkg::InsnPostOutOffLsb,
                     lpf_spec_pkg::InsnPostOutOffWidth);
  assign p_th = fld(insn_i, lpf_spec_pkg::InsnPostThWord, lpf_spec_pkg::InsnPostThLsb,
                    lpf_spec_pkg::InsnPostThWidth);
  assign p_tw = fld(insn_i, lpf_spec_pkg::InsnPostTwWord, lpf_spec_pkg::InsnPostTwLsb,
                    lpf_spec_pkg::InsnPostTwWidth);
  assign p_c = fld(insn_i, lpf_spec_pkg::InsnPostCWord, lpf_spec_pkg::InsnPostCLsb,
                   lpf_spec_pkg::InsnPostCWidth);
  assign p_lo = fld(insn_i, lpf_spec_pkg::InsnPostClipLoWord, lpf_spec_pkg::InsnPostClipLoLsb,
                    lpf_spec_pkg::InsnPostClipLoWidth);
  assign p_hi = fld(insn_i, lpf_spec_pkg::InsnPostClipHiWord, lpf_spec_pkg::InsnPostClipHiLsb,
                    lpf_spec_pkg::InsnPostClipHiWidth);
  assign p_pkh = fld(insn_i, lpf_spec_pkg::InsnPostPkHWord, lpf_spec_pkg::InsnPostPkHLsb,
                     lpf_spec_pkg::InsnPostPkHWidth);
  assign p_pkw = fld(insn_i, lpf_spec_pkg::InsnPostPkWWord, lpf_spec_pkg::InsnPostPkWLsb,
                     lpf_spec_pkg::InsnPostPkWWidth);
  assign p_psh = fld(insn_i, lpf_spec_pkg::InsnPostPsHWord, lpf_spec_pkg::InsnPostPsHLsb,
                     lpf_spec_pkg::InsnPostPsHWidth);
  assign p_psw = fld(insn_i, lpf_spec_pkg::InsnPostPsWWord, lpf_spec_pkg::InsnPostPsWLsb,
                     lpf_spec_pkg::InsnPostPsWWidth);
  assign p_py0 = fld(insn_i, lpf_spec_pkg::InsnPostPy0Word, lpf_spec_pkg::InsnPostPy0Lsb,
                     lpf_spec_pkg::InsnPostPy0Width);
  assign p_px0 = fld(insn_i, lpf_spec_pkg::InsnPostPx0Word, lpf_spec_pkg::InsnPostPx0Lsb,
                     lpf_spec_pkg::InsnPostPx0Width);
  assign p_ph = fld(insn_i, lpf_spec_pkg::InsnPostPhWord, lpf_spec_pkg::InsnPostPhLsb,
                    lpf_spec_pkg::InsnPostPhWidth);
  assign p_pw = fld(insn_i, lpf_spec_pkg::InsnPostPwWord, lpf_spec_pkg::InsnPostPwLsb,
                    lpf_spec_pkg::InsnPostPwWidth);

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
          mul_a = 64'(l_z);
          mul_b = 17'(l_py0 + l_y + l_py1);
        end else begin
          mul_a = res_q[0];
          mul_b = 17'(l_px0 + l_x + l_px1);
        end
      end
      4'(lpf_spec_pkg::OpStore): begin
        last_step = 4'd1;
        if (step_q == 4'd0) begin
          mul_a = 64'(s_x) << s_e[1:0];
          mul_b = 17'(s_y);
        end else begin
          mul_a = res_q[0];
          mul_b = 17'(s_z);
        end
      end
      4'(lpf_spec_pkg::OpConv): begin
        last_step = 4'd12;
        unique case (step_q)
          4'd0: begin mul_a = 64'(c_g);        mul_b = 17'(c_icpg);      end
          4'd1: begin mul_a = res_q[0];        mul_b = 17'(c_ih);        end
          4'd2: begin mul_a = res_q[1];        mul_b = 17'(c_iw);        end
          4'd3: begin mul_a = res_q[0];        mul_b = 17'(c_kh);        end
          4'd4: begin mul_a = res_q[3];        mul_b = 17'(c_kw);        end
          4'd5: begin mul_a = res_q[4];        mul_b = 17'(c_ocpg);      end
          4'd6: begin mul_a = 64'(c_g);        mul_b = 17'(c_ocpg);      end
          4'd7: begin mul_a = res_q[6];        mul_b = 17'(c_oh);        end
          4'd8: begin mul_a = res_q[7];        mul_b = 17'(c_ow);        end
          4'd9: begin mul_a = {32'd0, c_oh - 32'd1};   mul_b = 17'(c_sh);        end
          4'd10: begin mul_a = {32'd0, c_kh - 32'd1};  mul_b = 17'(c_dh);        end
          4'd11: begin mul_a = {32'd0, c_ow - 32'd1};  mul_b = 17'(c_sw);        end
          default: begin mul_a = {32'd0, c_kw - 32'd1}; mul_b = 17'(c_dw);       end
        endcase
      end
      default: begin  // POST
        last_step = 4'd5;
        unique case (step_q)
          4'd0: begin mul_a = 64'(p_c);        mul_b = 17'(p_th);        end
          4'd1: begin mul_a = res_q[0];        mul_b = 17'(p_tw);        end
          4'd2: begin mul_a = 64'(p_c);        mul_b = 17'(p_ph);        end
          4'd3: begin mul_a = res_q[2];        mul_b = 17'(p_pw);        end
          4'd4: begin mul_a = {32'd0, p_ph - 32'd1};   mul_b = 17'(p_psh);       end
          default: begin mul_a = {32'd0, p_pw - 32'd1}; mul_b = 17'(p_psw);      end
        endcase
      end
    endcase
  end

  assign mul_p = 81'(mul_a) * 81'(mul_b);

  // ---------------------------------------------------------------- conditions
  logic [63:0]        l_size;
  logic               p_raw;
  logic signed [9:0]  lo_v, hi_v;
  logic signed [65:0] py0_v, px0_v;

  always_comb begin
    unique case (l_buf)
      32'(lpf_spec_pkg::BufInp): l_size = InpSize;
      32'(lpf_spec_pkg::BufWgt): l_size = WgtSize;
      default: l_size = ParSize;
    endcase
  end

  assign p_raw = (p_mode == 32'(lpf_spec_pkg::PostModeRaw32));
  assign lo_v = p_sgn[0] ? 10'($signed(p_lo[7:0])) : $signed({2'b00, p_lo[7:0]});
  assign hi_v = p_sgn[0] ? 10'($signed(p_hi[7:0])) : $signed({2'b00, p_hi[7:0]});
  assign py0_v = 66'($signed(p_py0[7:0]));
  assign px0_v = 66'($signed(p_px0[7:0]));

  always_comb begin
    err_d = 8'(lpf_spec_pkg::ErrNone);
    unique case (opcode)
      4'(lpf_spec_pkg::OpLoad): begin
        if (l_buf > 32'(lpf_spec_pkg::BufParam) || l_seg >= 32'(lpf_spec_pkg::NumSegs) ||
            l_x == '0 || l_y == '0 || l_z == '0) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!fits(64'(l_sram), res_q[1], l_size)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end
      end
      4'(lpf_spec_pkg::OpStore): begin
        if (s_seg >= 32'(lpf_spec_pkg::NumSegs) || (s_e != 32'd0 && s_e != 32'd2) ||
            s_x == '0 || s_y == '0 || s_z == '0 || s_xs < (32'd1 << s_e[1:0])) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!fits(64'(s_sram), res_q[1], OutSize)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end
      end
      4'(lpf_spec_pkg::OpConv): begin
        if (c_g == '0 || c_icpg == '0 || c_ocpg == '0 || c_kh == '0 || c_kw == '0 ||
            c_sh == '0 || c_sw == '0 || c_dh == '0 || c_dw == '0 || c_ih == '0 ||
            c_iw == '0 || c_oh == '0 || c_ow == '0 ||
            c_kh > 32'(lpf_spec_pkg::MaxKernel) || c_kw > 32'(lpf_spec_pkg::MaxKernel)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (res_q[9] + res_q[10] + 64'd1 > 64'(c_ih) ||
                     res_q[11] + res_q[12] + 64'd1 > 64'(c_iw)) begin
          err_d = 8'(lpf_spec_pkg::ErrKernelRange);
        end else if (!fits(64'(c_inp), res_q[2], InpSize) ||
                     !fits(64'(c_wgt), res_q[5], WgtSize) ||
                     !fits(64'(c_acc), res_q[8], AccSize) ||
                     !fits(64'(c_par), res_q[6], ParEntries)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end
      end
      default: begin  // POST
        if (p_c == '0 || p_th == '0 || p_tw == '0 || p_ph == '0 || p_pw == '0 ||
            p_pkh == '0 || p_pkw == '0 || p_psh == '0 || p_psw == '0 ||
            p_pkh > 32'(lpf_spec_pkg::MaxPool) || p_pkw > 32'(lpf_spec_pkg::MaxPool) ||
            p_psh > 32'(lpf_spec_pkg::MaxPool) || p_psw > 32'(lpf_spec_pkg::MaxPool)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (p_raw && !(p_pkh == 32'd1 && p_pkw == 32'd1 && p_psh == 32'd1 &&
                                p_psw == 32'd1 && p_py0 == '0 && p_px0 == '0)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!p_raw && (p_mode != 32'(lpf_spec_pkg::PostModeRequant) ||
                                lo_v > hi_v)) begin
          err_d = 8'(lpf_spec_pkg::ErrBadField);
        end else if (!fits(64'(p_acc), res_q[1], AccSize) ||
                     !fits(64'(p_par), 64'(p_c), ParEntries) ||
                     !fits(64'(p_out), p_raw ? (res_q[3] << 2) : res_q[3], OutSize)) begin
          err_d = 8'(lpf_spec_pkg::ErrSramRange);
        end else if (py0_v + 66'(p_pkh) <= 66'sd0 ||
                     py0_v + $signed({2'b00, res_q[4]}) >= $signed(66'(p_th)) ||
                     px0_v + 66'(p_pkw) <= 66'sd0 ||
                     px0_v + $signed({2'b00, res_q[5]}) >= $signed(66'(p_tw))) begin
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
