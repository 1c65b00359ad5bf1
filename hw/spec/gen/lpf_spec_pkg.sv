// SPDX-License-Identifier: MIT
// Generated from hw/spec/lpfpga_spec.json by hw/spec/gen_spec.py; do not edit. Change the JSON and
// run `make spec`.

// verilator lint_off UNUSEDPARAM
package lpf_spec_pkg;

  // Spec identity.
  parameter int SpecVersionMajor = 0;
  parameter int SpecVersionMinor = 1;
  parameter logic [31:0] IdMagic = 32'h4C504631;
  parameter logic [31:0] SpecHash = 32'h15948CD8;

  // Parameters.
  parameter int PeRows = 16;
  parameter int PeCols = 16;
  parameter int InpBufBytes = 131072;
  parameter int InpBanks = 32;
  parameter int WgtBufBytes = 131072;
  parameter int AccBufEntries = 16384;
  parameter int OutBufBytes = 65536;
  parameter int ParamBufEntries = 2048;
  parameter int ParamEntryBytes = 16;
  parameter int InsnBytes = 32;
  parameter int NumSegs = 4;
  parameter int TokenDepth = 8;
  parameter int AxiDataBits = 128;
  parameter int AxiAddrBits = 64;
  parameter int AxilAddrBits = 12;
  parameter int MaxKernel = 255;
  parameter int MaxPool = 15;
  parameter int InsnWords = 8;

  // OP: Instruction opcodes (word 0, bits 3:0). Zero is invalid so that zeroed memory traps.
  parameter int OpLoad = 1;
  parameter int OpConv = 2;
  parameter int OpPost = 3;
  parameter int OpStore = 4;
  parameter int OpEnd = 15;

  // BUF: On-chip buffer selected by a LOAD.
  parameter int BufInp = 0;
  parameter int BufWgt = 1;
  parameter int BufParam = 2;

  // POST_MODE: Output mode of a POST instruction.
  parameter int PostModeRequant = 0;
  parameter int PostModeRaw32 = 1;

  // ERR: Values of the ERR_CODE register.
  parameter int ErrNone = 0;
  parameter int ErrBadOpcode = 1;
  parameter int ErrBadField = 2;
  parameter int ErrSramRange = 3;
  parameter int ErrDma = 4;
  parameter int ErrTokenUnderflow = 5;
  parameter int ErrTokenLeftover = 6;
  parameter int ErrCmdFetch = 7;
  parameter int ErrPoolWindow = 8;
  parameter int ErrKernelRange = 9;
  parameter int ErrTokenOverflow = 10;

  // Registers: Reg<Reg> is the byte offset, Reg<Reg><Field>Lsb/Width the field.
  parameter int RegId = 0;
  parameter int RegIdMagicLsb = 0;
  parameter int RegIdMagicWidth = 32;
  parameter int RegVersion = 4;
  parameter int RegVersionMinorLsb = 0;
  parameter int RegVersionMinorWidth = 16;
  parameter int RegVersionMajorLsb = 16;
  parameter int RegVersionMajorWidth = 16;
  parameter int RegSpecHash = 8;
  parameter int RegSpecHashHashLsb = 0;
  parameter int RegSpecHashHashWidth = 32;
  parameter int RegCap0 = 12;
  parameter int RegCap0PeRowsLsb = 0;
  parameter int RegCap0PeRowsWidth = 16;
  parameter int RegCap0PeColsLsb = 16;
  parameter int RegCap0PeColsWidth = 16;
  parameter int RegCap1 = 16;
  parameter int RegCap1InpKibLsb = 0;
  parameter int RegCap1InpKibWidth = 16;
  parameter int RegCap1WgtKibLsb = 16;
  parameter int RegCap1WgtKibWidth = 16;
  parameter int RegCap2 = 20;
  parameter int RegCap2AccEntriesDiv16Lsb = 0;
  parameter int RegCap2AccEntriesDiv16Width = 16;
  parameter int RegCap2ParamEntriesLsb = 16;
  parameter int RegCap2ParamEntriesWidth = 16;
  parameter int RegCap3 = 24;
  parameter int RegCap3Int8ActLsb = 0;
  parameter int RegCap3Int8ActWidth = 1;
  parameter int RegCap3PerChannelLsb = 1;
  parameter int RegCap3PerChannelWidth = 1;
  parameter int RegCap3MaxpoolLsb = 2;
  parameter int RegCap3MaxpoolWidth = 1;
  parameter int RegCap3Raw32Lsb = 3;
  parameter int RegCap3Raw32Width = 1;
  parameter int RegCap3GroupsLsb = 4;
  parameter int RegCap3GroupsWidth = 1;
  parameter int RegCtrl = 32;
  parameter int RegCtrlStartLsb = 0;
  parameter int RegCtrlStartWidth = 1;
  parameter int RegCtrlSoftResetLsb = 1;
  parameter int RegCtrlSoftResetWidth = 1;
  parameter int RegStatus = 36;
  parameter int RegStatusBusyLsb = 0;
  parameter int RegStatusBusyWidth = 1;
  parameter int RegStatusDoneLsb = 1;
  parameter int RegStatusDoneWidth = 1;
  parameter int RegStatusErrorLsb = 2;
  parameter int RegStatusErrorWidth = 1;
  parameter int RegErrCode = 40;
  parameter int RegErrCodeCodeLsb = 0;
  parameter int RegErrCodeCodeWidth = 8;
  parameter int RegErrPc = 44;
  parameter int RegErrPcPcLsb = 0;
  parameter int RegErrPcPcWidth = 32;
  parameter int RegCmdBaseLo = 48;
  parameter int RegCmdBaseLoAddrLsb = 0;
  parameter int RegCmdBaseLoAddrWidth = 32;
  parameter int RegCmdBaseHi = 52;
  parameter int RegCmdBaseHiAddrLsb = 0;
  parameter int RegCmdBaseHiAddrWidth = 32;
  parameter int RegCmdLen = 56;
  parameter int RegCmdLenInsnsLsb = 0;
  parameter int RegCmdLenInsnsWidth = 32;
  parameter int RegIrqEnable = 64;
  parameter int RegIrqEnableDoneLsb = 0;
  parameter int RegIrqEnableDoneWidth = 1;
  parameter int RegIrqEnableErrorLsb = 1;
  parameter int RegIrqEnableErrorWidth = 1;
  parameter int RegIrqStatus = 68;
  parameter int RegIrqStatusDoneLsb = 0;
  parameter int RegIrqStatusDoneWidth = 1;
  parameter int RegIrqStatusErrorLsb = 1;
  parameter int RegIrqStatusErrorWidth = 1;
  parameter int RegSeg0Lo = 80;
  parameter int RegSeg0LoAddrLsb = 0;
  parameter int RegSeg0LoAddrWidth = 32;
  parameter int RegSeg0Hi = 84;
  parameter int RegSeg0HiAddrLsb = 0;
  parameter int RegSeg0HiAddrWidth = 32;
  parameter int RegSeg1Lo = 88;
  parameter int RegSeg1LoAddrLsb = 0;
  parameter int RegSeg1LoAddrWidth = 32;
  parameter int RegSeg1Hi = 92;
  parameter int RegSeg1HiAddrLsb = 0;
  parameter int RegSeg1HiAddrWidth = 32;
  parameter int RegSeg2Lo = 96;
  parameter int RegSeg2LoAddrLsb = 0;
  parameter int RegSeg2LoAddrWidth = 32;
  parameter int RegSeg2Hi = 100;
  parameter int RegSeg2HiAddrLsb = 0;
  parameter int RegSeg2HiAddrWidth = 32;
  parameter int RegSeg3Lo = 104;
  parameter int RegSeg3LoAddrLsb = 0;
  parameter int RegSeg3LoAddrWidth = 32;
  parameter int RegSeg3Hi = 108;
  parameter int RegSeg3HiAddrLsb = 0;
  parameter int RegSeg3HiAddrWidth = 32;
  parameter int RegPerfBusyLo = 128;
  parameter int RegPerfBusyLoCountLsb = 0;
  parameter int RegPerfBusyLoCountWidth = 32;
  parameter int RegPerfBusyHi = 132;
  parameter int RegPerfBusyHiCountLsb = 0;
  parameter int RegPerfBusyHiCountWidth = 32;
  parameter int RegPerfMacsLo = 136;
  parameter int RegPerfMacsLoCountLsb = 0;
  parameter int RegPerfMacsLoCountWidth = 32;
  parameter int RegPerfMacsHi = 140;
  parameter int RegPerfMacsHiCountLsb = 0;
  parameter int RegPerfMacsHiCountWidth = 32;
  parameter int RegPerfStallLo = 144;
  parameter int RegPerfStallLoCountLsb = 0;
  parameter int RegPerfStallLoCountWidth = 32;
  parameter int RegPerfStallHi = 148;
  parameter int RegPerfStallHiCountLsb = 0;
  parameter int RegPerfStallHiCountWidth = 32;
  parameter int RegPerfRdBytesLo = 152;
  parameter int RegPerfRdBytesLoCountLsb = 0;
  parameter int RegPerfRdBytesLoCountWidth = 32;
  parameter int RegPerfRdBytesHi = 156;
  parameter int RegPerfRdBytesHiCountLsb = 0;
  parameter int RegPerfRdBytesHiCountWidth = 32;
  parameter int RegPerfWrBytesLo = 160;
  parameter int RegPerfWrBytesLoCountLsb = 0;
  parameter int RegPerfWrBytesLoCountWidth = 32;
  parameter int RegPerfWrBytesHi = 164;
  parameter int RegPerfWrBytesHiCountLsb = 0;
  parameter int RegPerfWrBytesHiCountWidth = 32;
  parameter int RegSegStride = 8;

  // Instruction fields: Insn[<Insn>]<Field>Word/Lsb/Width[/Signed].
  parameter int InsnOpcodeWord = 0;
  parameter int InsnOpcodeLsb = 0;
  parameter int InsnOpcodeWidth = 4;
  parameter int InsnPopPrevWord = 0;
  parameter int InsnPopPrevLsb = 4;
  parameter int InsnPopPrevWidth = 1;
  parameter int InsnPopNextWord = 0;
  parameter int InsnPopNextLsb = 5;
  parameter int InsnPopNextWidth = 1;
  parameter int InsnPushPrevWord = 0;
  parameter int InsnPushPrevLsb = 6;
  parameter int InsnPushPrevWidth = 1;
  parameter int InsnPushNextWord = 0;
  parameter int InsnPushNextLsb = 7;
  parameter int InsnPushNextWidth = 1;
  parameter int InsnLoadBufWord = 0;
  parameter int InsnLoadBufLsb = 8;
  parameter int InsnLoadBufWidth = 2;
  parameter int InsnLoadSegWord = 0;
  parameter int InsnLoadSegLsb = 10;
  parameter int InsnLoadSegWidth = 2;
  parameter int InsnLoadPadValueWord = 0;
  parameter int InsnLoadPadValueLsb = 16;
  parameter int InsnLoadPadValueWidth = 8;
  parameter int InsnLoadDramOffWord = 1;
  parameter int InsnLoadDramOffLsb = 0;
  parameter int InsnLoadDramOffWidth = 32;
  parameter int InsnLoadSramOffWord = 2;
  parameter int InsnLoadSramOffLsb = 0;
  parameter int InsnLoadSramOffWidth = 20;
  parameter int InsnLoadXSizeWord = 3;
  parameter int InsnLoadXSizeLsb = 0;
  parameter int InsnLoadXSizeWidth = 16;
  parameter int InsnLoadYSizeWord = 3;
  parameter int InsnLoadYSizeLsb = 16;
  parameter int InsnLoadYSizeWidth = 16;
  parameter int InsnLoadZSizeWord = 4;
  parameter int InsnLoadZSizeLsb = 0;
  parameter int InsnLoadZSizeWidth = 16;
  parameter int InsnLoadXStrideWord = 4;
  parameter int InsnLoadXStrideLsb = 16;
  parameter int InsnLoadXStrideWidth = 16;
  parameter int InsnLoadYStrideWord = 5;
  parameter int InsnLoadYStrideLsb = 0;
  parameter int InsnLoadYStrideWidth = 32;
  parameter int InsnLoadZStrideWord = 6;
  parameter int InsnLoadZStrideLsb = 0;
  parameter int InsnLoadZStrideWidth = 32;
  parameter int InsnLoadPadX0Word = 7;
  parameter int InsnLoadPadX0Lsb = 0;
  parameter int InsnLoadPadX0Width = 8;
  parameter int InsnLoadPadX1Word = 7;
  parameter int InsnLoadPadX1Lsb = 8;
  parameter int InsnLoadPadX1Width = 8;
  parameter int InsnLoadPadY0Word = 7;
  parameter int InsnLoadPadY0Lsb = 16;
  parameter int InsnLoadPadY0Width = 8;
  parameter int InsnLoadPadY1Word = 7;
  parameter int InsnLoadPadY1Lsb = 24;
  parameter int InsnLoadPadY1Width = 8;
  parameter int InsnConvAccModeWord = 0;
  parameter int InsnConvAccModeLsb = 8;
  parameter int InsnConvAccModeWidth = 1;
  parameter int InsnConvXSignedWord = 0;
  parameter int InsnConvXSignedLsb = 9;
  parameter int InsnConvXSignedWidth = 1;
  parameter int InsnConvWSignedWord = 0;
  parameter int InsnConvWSignedLsb = 10;
  parameter int InsnConvWSignedWidth = 1;
  parameter int InsnConvXZpWord = 0;
  parameter int InsnConvXZpLsb = 16;
  parameter int InsnConvXZpWidth = 8;
  parameter int InsnConvInpOffWord = 1;
  parameter int InsnConvInpOffLsb = 0;
  parameter int InsnConvInpOffWidth = 20;
  parameter int InsnConvWgtOffWord = 2;
  parameter int InsnConvWgtOffLsb = 0;
  parameter int InsnConvWgtOffWidth = 20;
  parameter int InsnConvAccOffWord = 3;
  parameter int InsnConvAccOffLsb = 0;
  parameter int InsnConvAccOffWidth = 16;
  parameter int InsnConvParamOffWord = 3;
  parameter int InsnConvParamOffLsb = 16;
  parameter int InsnConvParamOffWidth = 16;
  parameter int InsnConvInHWord = 4;
  parameter int InsnConvInHLsb = 0;
  parameter int InsnConvInHWidth = 16;
  parameter int InsnConvInWWord = 4;
  parameter int InsnConvInWLsb = 16;
  parameter int InsnConvInWWidth = 16;
  parameter int InsnConvOutHWord = 5;
  parameter int InsnConvOutHLsb = 0;
  parameter int InsnConvOutHWidth = 16;
  parameter int InsnConvOutWWord = 5;
  parameter int InsnConvOutWLsb = 16;
  parameter int InsnConvOutWWidth = 16;
  parameter int InsnConvKhWord = 6;
  parameter int InsnConvKhLsb = 0;
  parameter int InsnConvKhWidth = 8;
  parameter int InsnConvKwWord = 6;
  parameter int InsnConvKwLsb = 8;
  parameter int InsnConvKwWidth = 8;
  parameter int InsnConvShWord = 6;
  parameter int InsnConvShLsb = 16;
  parameter int InsnConvShWidth = 4;
  parameter int InsnConvSwWord = 6;
  parameter int InsnConvSwLsb = 20;
  parameter int InsnConvSwWidth = 4;
  parameter int InsnConvDhWord = 6;
  parameter int InsnConvDhLsb = 24;
  parameter int InsnConvDhWidth = 4;
  parameter int InsnConvDwWord = 6;
  parameter int InsnConvDwLsb = 28;
  parameter int InsnConvDwWidth = 4;
  parameter int InsnConvIcpgWord = 7;
  parameter int InsnConvIcpgLsb = 0;
  parameter int InsnConvIcpgWidth = 12;
  parameter int InsnConvOcpgWord = 7;
  parameter int InsnConvOcpgLsb = 12;
  parameter int InsnConvOcpgWidth = 12;
  parameter int InsnConvGroupsWord = 7;
  parameter int InsnConvGroupsLsb = 24;
  parameter int InsnConvGroupsWidth = 8;
  parameter int InsnPostModeWord = 0;
  parameter int InsnPostModeLsb = 8;
  parameter int InsnPostModeWidth = 2;
  parameter int InsnPostOutSignedWord = 0;
  parameter int InsnPostOutSignedLsb = 10;
  parameter int InsnPostOutSignedWidth = 1;
  parameter int InsnPostOutZpWord = 0;
  parameter int InsnPostOutZpLsb = 16;
  parameter int InsnPostOutZpWidth = 8;
  parameter int InsnPostAccOffWord = 1;
  parameter int InsnPostAccOffLsb = 0;
  parameter int InsnPostAccOffWidth = 16;
  parameter int InsnPostParamOffWord = 1;
  parameter int InsnPostParamOffLsb = 16;
  parameter int InsnPostParamOffWidth = 16;
  parameter int InsnPostOutOffWord = 2;
  parameter int InsnPostOutOffLsb = 0;
  parameter int InsnPostOutOffWidth = 20;
  parameter int InsnPostThWord = 3;
  parameter int InsnPostThLsb = 0;
  parameter int InsnPostThWidth = 16;
  parameter int InsnPostTwWord = 3;
  parameter int InsnPostTwLsb = 16;
  parameter int InsnPostTwWidth = 16;
  parameter int InsnPostCWord = 4;
  parameter int InsnPostCLsb = 0;
  parameter int InsnPostCWidth = 16;
  parameter int InsnPostClipLoWord = 4;
  parameter int InsnPostClipLoLsb = 16;
  parameter int InsnPostClipLoWidth = 8;
  parameter int InsnPostClipHiWord = 4;
  parameter int InsnPostClipHiLsb = 24;
  parameter int InsnPostClipHiWidth = 8;
  parameter int InsnPostPkHWord = 5;
  parameter int InsnPostPkHLsb = 0;
  parameter int InsnPostPkHWidth = 4;
  parameter int InsnPostPkWWord = 5;
  parameter int InsnPostPkWLsb = 4;
  parameter int InsnPostPkWWidth = 4;
  parameter int InsnPostPsHWord = 5;
  parameter int InsnPostPsHLsb = 8;
  parameter int InsnPostPsHWidth = 4;
  parameter int InsnPostPsWWord = 5;
  parameter int InsnPostPsWLsb = 12;
  parameter int InsnPostPsWWidth = 4;
  parameter int InsnPostPy0Word = 5;
  parameter int InsnPostPy0Lsb = 16;
  parameter int InsnPostPy0Width = 8;
  parameter int InsnPostPy0Signed = 1;
  parameter int InsnPostPx0Word = 5;
  parameter int InsnPostPx0Lsb = 24;
  parameter int InsnPostPx0Width = 8;
  parameter int InsnPostPx0Signed = 1;
  parameter int InsnPostPhWord = 6;
  parameter int InsnPostPhLsb = 0;
  parameter int InsnPostPhWidth = 16;
  parameter int InsnPostPwWord = 6;
  parameter int InsnPostPwLsb = 16;
  parameter int InsnPostPwWidth = 16;
  parameter int InsnStoreSegWord = 0;
  parameter int InsnStoreSegLsb = 10;
  parameter int InsnStoreSegWidth = 2;
  parameter int InsnStoreElemLog2Word = 0;
  parameter int InsnStoreElemLog2Lsb = 12;
  parameter int InsnStoreElemLog2Width = 2;
  parameter int InsnStoreDramOffWord = 1;
  parameter int InsnStoreDramOffLsb = 0;
  parameter int InsnStoreDramOffWidth = 32;
  parameter int InsnStoreSramOffWord = 2;
  parameter int InsnStoreSramOffLsb = 0;
  parameter int InsnStoreSramOffWidth = 20;
  parameter int InsnStoreXSizeWord = 3;
  parameter int InsnStoreXSizeLsb = 0;
  parameter int InsnStoreXSizeWidth = 16;
  parameter int InsnStoreYSizeWord = 3;
  parameter int InsnStoreYSizeLsb = 16;
  parameter int InsnStoreYSizeWidth = 16;
  parameter int InsnStoreZSizeWord = 4;
  parameter int InsnStoreZSizeLsb = 0;
  parameter int InsnStoreZSizeWidth = 16;
  parameter int InsnStoreXStrideWord = 4;
  parameter int InsnStoreXStrideLsb = 16;
  parameter int InsnStoreXStrideWidth = 16;
  parameter int InsnStoreYStrideWord = 5;
  parameter int InsnStoreYStrideLsb = 0;
  parameter int InsnStoreYStrideWidth = 32;
  parameter int InsnStoreZStrideWord = 6;
  parameter int InsnStoreZStrideLsb = 0;
  parameter int InsnStoreZStrideWidth = 32;

  // Insn<Insn>Owned: the bits a field of the instruction owns, the common fields included; every
  // other bit is reserved and must be zero.
  parameter logic [InsnBytes*8-1:0] InsnLoadOwned = {
      32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'h000FFFFF,
      32'hFFFFFFFF, 32'h00FF0FFF};
  parameter logic [InsnBytes*8-1:0] InsnConvOwned = {
      32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'h000FFFFF,
      32'h000FFFFF, 32'h00FF07FF};
  parameter logic [InsnBytes*8-1:0] InsnPostOwned = {
      32'h00000000, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'h000FFFFF,
      32'hFFFFFFFF, 32'h00FF07FF};
  parameter logic [InsnBytes*8-1:0] InsnStoreOwned = {
      32'h00000000, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'hFFFFFFFF, 32'h000FFFFF,
      32'hFFFFFFFF, 32'h00003CFF};
  parameter logic [InsnBytes*8-1:0] InsnEndOwned = {
      32'h00000000, 32'h00000000, 32'h00000000, 32'h00000000, 32'h00000000, 32'h00000000,
      32'h00000000, 32'h000000FF};

  // Field accessors: insn_<field>(insn) for a common field, insn_<insn>_<field>(insn) for a field
  // of one instruction. Each returns the field of a flat instruction vector as the golden model's
  // decoder (host/isa) holds it: 32 bits, zero-extended, or signed and sign-extended for two's
  // complement fields. 32 bits because Icarus 11 cannot size-cast the result of a package function
  // call, and a narrower result would need one at nearly every use. An accessor reads only its
  // field, so the rest of its argument is unused by design.
  // verilator lint_off UNUSEDSIGNAL
  function automatic logic [31:0] insn_opcode(input logic [InsnBytes*8-1:0] insn);
    insn_opcode = 32'(insn[32 * InsnOpcodeWord + InsnOpcodeLsb +: InsnOpcodeWidth]);
  endfunction
  function automatic logic [31:0] insn_pop_prev(input logic [InsnBytes*8-1:0] insn);
    insn_pop_prev = 32'(insn[32 * InsnPopPrevWord + InsnPopPrevLsb +: InsnPopPrevWidth]);
  endfunction
  function automatic logic [31:0] insn_pop_next(input logic [InsnBytes*8-1:0] insn);
    insn_pop_next = 32'(insn[32 * InsnPopNextWord + InsnPopNextLsb +: InsnPopNextWidth]);
  endfunction
  function automatic logic [31:0] insn_push_prev(input logic [InsnBytes*8-1:0] insn);
    insn_push_prev = 32'(insn[32 * InsnPushPrevWord + InsnPushPrevLsb +: InsnPushPrevWidth]);
  endfunction
  function automatic logic [31:0] insn_push_next(input logic [InsnBytes*8-1:0] insn);
    insn_push_next = 32'(insn[32 * InsnPushNextWord + InsnPushNextLsb +: InsnPushNextWidth]);
  endfunction
  function automatic logic [31:0] insn_load_buf(input logic [InsnBytes*8-1:0] insn);
    insn_load_buf = 32'(insn[32 * InsnLoadBufWord + InsnLoadBufLsb +: InsnLoadBufWidth]);
  endfunction
  function automatic logic [31:0] insn_load_seg(input logic [InsnBytes*8-1:0] insn);
    insn_load_seg = 32'(insn[32 * InsnLoadSegWord + InsnLoadSegLsb +: InsnLoadSegWidth]);
  endfunction
  function automatic logic [31:0] insn_load_pad_value(input logic [InsnBytes*8-1:0] insn);
    insn_load_pad_value =
        32'(insn[32 * InsnLoadPadValueWord + InsnLoadPadValueLsb +: InsnLoadPadValueWidth]);
  endfunction
  function automatic logic [31:0] insn_load_dram_off(input logic [InsnBytes*8-1:0] insn);
    insn_load_dram_off =
        32'(insn[32 * InsnLoadDramOffWord + InsnLoadDramOffLsb +: InsnLoadDramOffWidth]);
  endfunction
  function automatic logic [31:0] insn_load_sram_off(input logic [InsnBytes*8-1:0] insn);
    insn_load_sram_off =
        32'(insn[32 * InsnLoadSramOffWord + InsnLoadSramOffLsb +: InsnLoadSramOffWidth]);
  endfunction
  function automatic logic [31:0] insn_load_x_size(input logic [InsnBytes*8-1:0] insn);
    insn_load_x_size = 32'(insn[32 * InsnLoadXSizeWord + InsnLoadXSizeLsb +: InsnLoadXSizeWidth]);
  endfunction
  function automatic logic [31:0] insn_load_y_size(input logic [InsnBytes*8-1:0] insn);
    insn_load_y_size = 32'(insn[32 * InsnLoadYSizeWord + InsnLoadYSizeLsb +: InsnLoadYSizeWidth]);
  endfunction
  function automatic logic [31:0] insn_load_z_size(input logic [InsnBytes*8-1:0] insn);
    insn_load_z_size = 32'(insn[32 * InsnLoadZSizeWord + InsnLoadZSizeLsb +: InsnLoadZSizeWidth]);
  endfunction
  function automatic logic [31:0] insn_load_x_stride(input logic [InsnBytes*8-1:0] insn);
    insn_load_x_stride =
        32'(insn[32 * InsnLoadXStrideWord + InsnLoadXStrideLsb +: InsnLoadXStrideWidth]);
  endfunction
  function automatic logic [31:0] insn_load_y_stride(input logic [InsnBytes*8-1:0] insn);
    insn_load_y_stride =
        32'(insn[32 * InsnLoadYStrideWord + InsnLoadYStrideLsb +: InsnLoadYStrideWidth]);
  endfunction
  function automatic logic [31:0] insn_load_z_stride(input logic [InsnBytes*8-1:0] insn);
    insn_load_z_stride =
        32'(insn[32 * InsnLoadZStrideWord + InsnLoadZStrideLsb +: InsnLoadZStrideWidth]);
  endfunction
  function automatic logic [31:0] insn_load_pad_x0(input logic [InsnBytes*8-1:0] insn);
    insn_load_pad_x0 = 32'(insn[32 * InsnLoadPadX0Word + InsnLoadPadX0Lsb +: InsnLoadPadX0Width]);
  endfunction
  function automatic logic [31:0] insn_load_pad_x1(input logic [InsnBytes*8-1:0] insn);
    insn_load_pad_x1 = 32'(insn[32 * InsnLoadPadX1Word + InsnLoadPadX1Lsb +: InsnLoadPadX1Width]);
  endfunction
  function automatic logic [31:0] insn_load_pad_y0(input logic [InsnBytes*8-1:0] insn);
    insn_load_pad_y0 = 32'(insn[32 * InsnLoadPadY0Word + InsnLoadPadY0Lsb +: InsnLoadPadY0Width]);
  endfunction
  function automatic logic [31:0] insn_load_pad_y1(input logic [InsnBytes*8-1:0] insn);
    insn_load_pad_y1 = 32'(insn[32 * InsnLoadPadY1Word + InsnLoadPadY1Lsb +: InsnLoadPadY1Width]);
  endfunction
  function automatic logic [31:0] insn_conv_acc_mode(input logic [InsnBytes*8-1:0] insn);
    insn_conv_acc_mode =
        32'(insn[32 * InsnConvAccModeWord + InsnConvAccModeLsb +: InsnConvAccModeWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_x_signed(input logic [InsnBytes*8-1:0] insn);
    insn_conv_x_signed =
        32'(insn[32 * InsnConvXSignedWord + InsnConvXSignedLsb +: InsnConvXSignedWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_w_signed(input logic [InsnBytes*8-1:0] insn);
    insn_conv_w_signed =
        32'(insn[32 * InsnConvWSignedWord + InsnConvWSignedLsb +: InsnConvWSignedWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_x_zp(input logic [InsnBytes*8-1:0] insn);
    insn_conv_x_zp = 32'(insn[32 * InsnConvXZpWord + InsnConvXZpLsb +: InsnConvXZpWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_inp_off(input logic [InsnBytes*8-1:0] insn);
    insn_conv_inp_off =
        32'(insn[32 * InsnConvInpOffWord + InsnConvInpOffLsb +: InsnConvInpOffWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_wgt_off(input logic [InsnBytes*8-1:0] insn);
    insn_conv_wgt_off =
        32'(insn[32 * InsnConvWgtOffWord + InsnConvWgtOffLsb +: InsnConvWgtOffWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_acc_off(input logic [InsnBytes*8-1:0] insn);
    insn_conv_acc_off =
        32'(insn[32 * InsnConvAccOffWord + InsnConvAccOffLsb +: InsnConvAccOffWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_param_off(input logic [InsnBytes*8-1:0] insn);
    insn_conv_param_off =
        32'(insn[32 * InsnConvParamOffWord + InsnConvParamOffLsb +: InsnConvParamOffWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_in_h(input logic [InsnBytes*8-1:0] insn);
    insn_conv_in_h = 32'(insn[32 * InsnConvInHWord + InsnConvInHLsb +: InsnConvInHWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_in_w(input logic [InsnBytes*8-1:0] insn);
    insn_conv_in_w = 32'(insn[32 * InsnConvInWWord + InsnConvInWLsb +: InsnConvInWWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_out_h(input logic [InsnBytes*8-1:0] insn);
    insn_conv_out_h = 32'(insn[32 * InsnConvOutHWord + InsnConvOutHLsb +: InsnConvOutHWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_out_w(input logic [InsnBytes*8-1:0] insn);
    insn_conv_out_w = 32'(insn[32 * InsnConvOutWWord + InsnConvOutWLsb +: InsnConvOutWWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_kh(input logic [InsnBytes*8-1:0] insn);
    insn_conv_kh = 32'(insn[32 * InsnConvKhWord + InsnConvKhLsb +: InsnConvKhWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_kw(input logic [InsnBytes*8-1:0] insn);
    insn_conv_kw = 32'(insn[32 * InsnConvKwWord + InsnConvKwLsb +: InsnConvKwWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_sh(input logic [InsnBytes*8-1:0] insn);
    insn_conv_sh = 32'(insn[32 * InsnConvShWord + InsnConvShLsb +: InsnConvShWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_sw(input logic [InsnBytes*8-1:0] insn);
    insn_conv_sw = 32'(insn[32 * InsnConvSwWord + InsnConvSwLsb +: InsnConvSwWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_dh(input logic [InsnBytes*8-1:0] insn);
    insn_conv_dh = 32'(insn[32 * InsnConvDhWord + InsnConvDhLsb +: InsnConvDhWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_dw(input logic [InsnBytes*8-1:0] insn);
    insn_conv_dw = 32'(insn[32 * InsnConvDwWord + InsnConvDwLsb +: InsnConvDwWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_icpg(input logic [InsnBytes*8-1:0] insn);
    insn_conv_icpg = 32'(insn[32 * InsnConvIcpgWord + InsnConvIcpgLsb +: InsnConvIcpgWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_ocpg(input logic [InsnBytes*8-1:0] insn);
    insn_conv_ocpg = 32'(insn[32 * InsnConvOcpgWord + InsnConvOcpgLsb +: InsnConvOcpgWidth]);
  endfunction
  function automatic logic [31:0] insn_conv_groups(input logic [InsnBytes*8-1:0] insn);
    insn_conv_groups =
        32'(insn[32 * InsnConvGroupsWord + InsnConvGroupsLsb +: InsnConvGroupsWidth]);
  endfunction
  function automatic logic [31:0] insn_post_mode(input logic [InsnBytes*8-1:0] insn);
    insn_post_mode = 32'(insn[32 * InsnPostModeWord + InsnPostModeLsb +: InsnPostModeWidth]);
  endfunction
  function automatic logic [31:0] insn_post_out_signed(input logic [InsnBytes*8-1:0] insn);
    insn_post_out_signed =
        32'(insn[32 * InsnPostOutSignedWord + InsnPostOutSignedLsb +: InsnPostOutSignedWidth]);
  endfunction
  function automatic logic [31:0] insn_post_out_zp(input logic [InsnBytes*8-1:0] insn);
    insn_post_out_zp = 32'(insn[32 * InsnPostOutZpWord + InsnPostOutZpLsb +: InsnPostOutZpWidth]);
  endfunction
  function automatic logic [31:0] insn_post_acc_off(input logic [InsnBytes*8-1:0] insn);
    insn_post_acc_off =
        32'(insn[32 * InsnPostAccOffWord + InsnPostAccOffLsb +: InsnPostAccOffWidth]);
  endfunction
  function automatic logic [31:0] insn_post_param_off(input logic [InsnBytes*8-1:0] insn);
    insn_post_param_off =
        32'(insn[32 * InsnPostParamOffWord + InsnPostParamOffLsb +: InsnPostParamOffWidth]);
  endfunction
  function automatic logic [31:0] insn_post_out_off(input logic [InsnBytes*8-1:0] insn);
    insn_post_out_off =
        32'(insn[32 * InsnPostOutOffWord + InsnPostOutOffLsb +: InsnPostOutOffWidth]);
  endfunction
  function automatic logic [31:0] insn_post_th(input logic [InsnBytes*8-1:0] insn);
    insn_post_th = 32'(insn[32 * InsnPostThWord + InsnPostThLsb +: InsnPostThWidth]);
  endfunction
  function automatic logic [31:0] insn_post_tw(input logic [InsnBytes*8-1:0] insn);
    insn_post_tw = 32'(insn[32 * InsnPostTwWord + InsnPostTwLsb +: InsnPostTwWidth]);
  endfunction
  function automatic logic [31:0] insn_post_c(input logic [InsnBytes*8-1:0] insn);
    insn_post_c = 32'(insn[32 * InsnPostCWord + InsnPostCLsb +: InsnPostCWidth]);
  endfunction
  function automatic logic [31:0] insn_post_clip_lo(input logic [InsnBytes*8-1:0] insn);
    insn_post_clip_lo =
        32'(insn[32 * InsnPostClipLoWord + InsnPostClipLoLsb +: InsnPostClipLoWidth]);
  endfunction
  function automatic logic [31:0] insn_post_clip_hi(input logic [InsnBytes*8-1:0] insn);
    insn_post_clip_hi =
        32'(insn[32 * InsnPostClipHiWord + InsnPostClipHiLsb +: InsnPostClipHiWidth]);
  endfunction
  function automatic logic [31:0] insn_post_pk_h(input logic [InsnBytes*8-1:0] insn);
    insn_post_pk_h = 32'(insn[32 * InsnPostPkHWord + InsnPostPkHLsb +: InsnPostPkHWidth]);
  endfunction
  function automatic logic [31:0] insn_post_pk_w(input logic [InsnBytes*8-1:0] insn);
    insn_post_pk_w = 32'(insn[32 * InsnPostPkWWord + InsnPostPkWLsb +: InsnPostPkWWidth]);
  endfunction
  function automatic logic [31:0] insn_post_ps_h(input logic [InsnBytes*8-1:0] insn);
    insn_post_ps_h = 32'(insn[32 * InsnPostPsHWord + InsnPostPsHLsb +: InsnPostPsHWidth]);
  endfunction
  function automatic logic [31:0] insn_post_ps_w(input logic [InsnBytes*8-1:0] insn);
    insn_post_ps_w = 32'(insn[32 * InsnPostPsWWord + InsnPostPsWLsb +: InsnPostPsWWidth]);
  endfunction
  function automatic logic signed [31:0] insn_post_py0(input logic [InsnBytes*8-1:0] insn);
    insn_post_py0 = 32'($signed(insn[32 * InsnPostPy0Word + InsnPostPy0Lsb +: InsnPostPy0Width]));
  endfunction
  function automatic logic signed [31:0] insn_post_px0(input logic [InsnBytes*8-1:0] insn);
    insn_post_px0 = 32'($signed(insn[32 * InsnPostPx0Word + InsnPostPx0Lsb +: InsnPostPx0Width]));
  endfunction
  function automatic logic [31:0] insn_post_ph(input logic [InsnBytes*8-1:0] insn);
    insn_post_ph = 32'(insn[32 * InsnPostPhWord + InsnPostPhLsb +: InsnPostPhWidth]);
  endfunction
  function automatic logic [31:0] insn_post_pw(input logic [InsnBytes*8-1:0] insn);
    insn_post_pw = 32'(insn[32 * InsnPostPwWord + InsnPostPwLsb +: InsnPostPwWidth]);
  endfunction
  function automatic logic [31:0] insn_store_seg(input logic [InsnBytes*8-1:0] insn);
    insn_store_seg = 32'(insn[32 * InsnStoreSegWord + InsnStoreSegLsb +: InsnStoreSegWidth]);
  endfunction
  function automatic logic [31:0] insn_store_elem_log2(input logic [InsnBytes*8-1:0] insn);
    insn_store_elem_log2 =
        32'(insn[32 * InsnStoreElemLog2Word + InsnStoreElemLog2Lsb +: InsnStoreElemLog2Width]);
  endfunction
  function automatic logic [31:0] insn_store_dram_off(input logic [InsnBytes*8-1:0] insn);
    insn_store_dram_off =
        32'(insn[32 * InsnStoreDramOffWord + InsnStoreDramOffLsb +: InsnStoreDramOffWidth]);
  endfunction
  function automatic logic [31:0] insn_store_sram_off(input logic [InsnBytes*8-1:0] insn);
    insn_store_sram_off =
        32'(insn[32 * InsnStoreSramOffWord + InsnStoreSramOffLsb +: InsnStoreSramOffWidth]);
  endfunction
  function automatic logic [31:0] insn_store_x_size(input logic [InsnBytes*8-1:0] insn);
    insn_store_x_size =
        32'(insn[32 * InsnStoreXSizeWord + InsnStoreXSizeLsb +: InsnStoreXSizeWidth]);
  endfunction
  function automatic logic [31:0] insn_store_y_size(input logic [InsnBytes*8-1:0] insn);
    insn_store_y_size =
        32'(insn[32 * InsnStoreYSizeWord + InsnStoreYSizeLsb +: InsnStoreYSizeWidth]);
  endfunction
  function automatic logic [31:0] insn_store_z_size(input logic [InsnBytes*8-1:0] insn);
    insn_store_z_size =
        32'(insn[32 * InsnStoreZSizeWord + InsnStoreZSizeLsb +: InsnStoreZSizeWidth]);
  endfunction
  function automatic logic [31:0] insn_store_x_stride(input logic [InsnBytes*8-1:0] insn);
    insn_store_x_stride =
        32'(insn[32 * InsnStoreXStrideWord + InsnStoreXStrideLsb +: InsnStoreXStrideWidth]);
  endfunction
  function automatic logic [31:0] insn_store_y_stride(input logic [InsnBytes*8-1:0] insn);
    insn_store_y_stride =
        32'(insn[32 * InsnStoreYStrideWord + InsnStoreYStrideLsb +: InsnStoreYStrideWidth]);
  endfunction
  function automatic logic [31:0] insn_store_z_stride(input logic [InsnBytes*8-1:0] insn);
    insn_store_z_stride =
        32'(insn[32 * InsnStoreZStrideWord + InsnStoreZStrideLsb +: InsnStoreZStrideWidth]);
  endfunction
  // verilator lint_on UNUSEDSIGNAL

endpackage : lpf_spec_pkg
// verilator lint_on UNUSEDPARAM

// Lint and simulation tools need a top level to read this file on its own.
// verilator lint_off DECLFILENAME
module lpf_spec_pkg_top (
  output logic [31:0] id_magic_o,
  output logic [31:0] spec_hash_o
);
  assign id_magic_o = lpf_spec_pkg::IdMagic;
  assign spec_hash_o = lpf_spec_pkg::SpecHash;
endmodule : lpf_spec_pkg_top
// verilator lint_on DECLFILENAME
