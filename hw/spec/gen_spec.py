# SPDX-License-Identifier: MIT
"""Derive lpf_spec.h, lpf_spec_pkg.sv and the doc tables from lpfpga_spec.json.

Every invariant is checked before anything is written, so a bad edit to the JSON
fails here with a message naming the entry instead of surfacing as a hardware bug.
Outputs are deterministic (no timestamps, JSON order kept) because they are
committed and `make check-generated` diffs them.
"""

import argparse
import json
import os
import re
import sys
import zlib

SPEC_REL = "hw/spec/lpfpga_spec.json"
GEN_REL = "hw/spec/gen_spec.py"

# Where each enum is stored: (kind, owner, field). The enum's values must fit there.
ENUM_HOMES = {
    "OP": [("insn", None, "OPCODE")],
    "BUF": [("insn", "LOAD", "BUF")],
    "POST_MODE": [("insn", "POST", "MODE")],
    "ERR": [("reg", "ERR_CODE", "CODE")],
}

# Parameters bounding what a field must hold.
#   "count": the field indexes COUNT things (offsets 0..COUNT-1): COUNT <= 2^width.
#   "max":   the field holds values up to MAX: MAX <= 2^width - 1.
# A product of parameters is written as "A*B".
PARAM_BOUNDS = [
    ("count", "INP_BUF_BYTES", "LOAD", "SRAM_OFF"),
    ("count", "WGT_BUF_BYTES", "LOAD", "SRAM_OFF"),
    ("count", "PARAM_BUF_ENTRIES*PARAM_ENTRY_BYTES", "LOAD", "SRAM_OFF"),
    ("count", "INP_BUF_BYTES", "CONV", "INP_OFF"),
    ("count", "WGT_BUF_BYTES", "CONV", "WGT_OFF"),
    ("count", "ACC_BUF_ENTRIES", "CONV", "ACC_OFF"),
    ("count", "PARAM_BUF_ENTRIES", "CONV", "PARAM_OFF"),
    ("count", "ACC_BUF_ENTRIES", "POST", "ACC_OFF"),
    ("count", "PARAM_BUF_ENTRIES", "POST", "PARAM_OFF"),
    ("count", "OUT_BUF_BYTES", "POST", "OUT_OFF"),
    ("count", "OUT_BUF_BYTES", "STORE", "SRAM_OFF"),
    ("count", "NUM_SEGS", "LOAD", "SEG"),
    ("count", "NUM_SEGS", "STORE", "SEG"),
    ("max", "MAX_KERNEL", "CONV", "KH"),
    ("max", "MAX_KERNEL", "CONV", "KW"),
    ("max", "MAX_POOL", "POST", "PK_H"),
    ("max", "MAX_POOL", "POST", "PK_W"),
    ("max", "MAX_POOL", "POST", "PS_H"),
    ("max", "MAX_POOL", "POST", "PS_W"),
]

# Capability register fields and the value they report: (reg, field, param, divisor).
CAP_VALUES = [
    ("CAP0", "PE_ROWS", "PE_ROWS", 1),
    ("CAP0", "PE_COLS", "PE_COLS", 1),
    ("CAP1", "INP_KIB", "INP_BUF_BYTES", 1024),
    ("CAP1", "WGT_KIB", "WGT_BUF_BYTES", 1024),
    ("CAP2", "ACC_ENTRIES_DIV16", "ACC_BUF_ENTRIES", 16),
    ("CAP2", "PARAM_ENTRIES", "PARAM_BUF_ENTRIES", 1),
]

REG_ACCESS = ("ro", "rw", "rw1c")
NAME_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class SpecError(Exception):
    pass


def fail(msg):
    raise SpecError(msg)


def need(cond, msg):
    if not cond:
        fail(msg)


def as_int(v, where):
    if isinstance(v, bool):
        fail("%s: expected an integer, got %r" % (where, v))
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        try:
            return int(v, 0)
        except ValueError:
            pass
    fail("%s: expected an integer, got %r" % (where, v))
    return 0


def mask_of(lsb, width):
    return ((1 << width) - 1) << lsb


def owned_words(s, insn):
    """Per 32-bit word, the bits a field of insn owns, the common fields included."""
    owned = [0] * s["words"]
    for f in s["common"] + insn["fields"]:
        owned[f["word"]] |= mask_of(f["lsb"], f["width"])
    return owned


# --- checks --------------------------------------------------------------------------


def check_desc(obj, where):
    d = obj.get("desc")
    need(isinstance(d, str) and d.strip(), "%s: missing or empty 'desc'" % where)


def check_name(obj, where):
    n = obj.get("name")
    need(isinstance(n, str) and NAME_RE.match(n),
         "%s: name %r must be UPPER_SNAKE_CASE" % (where, n))
    return n


def check_unique(names, where):
    seen = set()
    for n in names:
        need(n not in seen, "%s: duplicate name %s" % (where, n))
        seen.add(n)


def check_fields(fields, where, words):
    """Fields fit their word, have unique names and do not overlap."""
    used = {}
    check_unique([f["name"] for f in fields], where)
    for f in fields:
        fw = f["label"]
        word = f.get("word", 0)
        need(0 <= word < words, "%s: word %d outside 0..%d" % (fw, word, words - 1))
        need(f["width"] >= 1, "%s: width must be positive" % fw)
        need(f["lsb"] >= 0 and f["lsb"] + f["width"] <= 32,
             "%s: bits %d..%d do not fit a 32-bit word"
             % (fw, f["lsb"], f["lsb"] + f["width"] - 1))
        m = mask_of(f["lsb"], f["width"])
        for other, om in used.get(word, []):
            need(not (m & om), "%s overlaps %s%s" % (fw, other,
                                                      " in word %d" % word if words > 1 else ""))
        used.setdefault(word, []).append((fw, m))


def norm_field(f, where, with_word):
    check_name(f, where)
    fw = "%s.%s" % (where, f["name"])
    check_desc(f, fw)
    out = {"name": f["name"], "desc": f["desc"], "label": fw,
           "lsb": as_int(f.get("lsb"), fw + ".lsb"),
           "width": as_int(f.get("width"), fw + ".width"),
           "signed": bool(f.get("signed", False))}
    if with_word:
        out["word"] = as_int(f.get("word"), fw + ".word")
    return out


def load_spec(path):
    with open(path, encoding="utf-8") as fh:
        spec = json.load(fh)
    canon = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    s = {"hash": zlib.crc32(canon.encode("utf-8")) & 0xFFFFFFFF}

    check_desc(spec, "spec")
    check_desc(spec["version"], "version")
    check_desc(spec["id_magic"], "id_magic")
    s["major"] = as_int(spec["version"]["major"], "version.major")
    s["minor"] = as_int(spec["version"]["minor"], "version.minor")
    for k in ("major", "minor"):
        need(0 <= s[k] <= 0xFFFF, "version.%s must fit 16 bits" % k)
    s["magic"] = as_int(spec["id_magic"]["value"], "id_magic.value")
    need(0 <= s["magic"] <= 0xFFFFFFFF, "id_magic.value must fit 32 bits")

    params = []
    for p in spec["params"]:
        n = check_name(p, "params")
        check_desc(p, "params." + n)
        v = as_int(p.get("value"), "params.%s.value" % n)
        need(v > 0, "params.%s: value must be positive, got %d" % (n, v))
        params.append({"name": n, "value": v, "desc": p["desc"]})
    check_unique([p["name"] for p in params], "params")
    s["params"] = params
    pv = {p["name"]: p["value"] for p in params}
    for req in ("INSN_BYTES", "NUM_SEGS", "AXIL_ADDR_BITS"):
        need(req in pv, "params: %s is required" % req)
    need(pv["INSN_BYTES"] % 4 == 0, "params.INSN_BYTES must be a multiple of 4")
    if "INP_BANKS" in pv:
        b = pv["INP_BANKS"]
        need(b & (b - 1) == 0 and b >= pv.get("PE_ROWS", 1) and pv.get("INP_BUF_BYTES", b) % b == 0,
             "params.INP_BANKS must be a power of two, at least PE_ROWS, dividing INP_BUF_BYTES")
    words = pv["INSN_BYTES"] // 4
    s["words"] = words

    enums = []
    for e in spec["enums"]:
        n = check_name(e, "enums")
        check_desc(e, "enums." + n)
        vals = []
        for v in e["values"]:
            vn = check_name(v, "enums." + n)
            check_desc(v, "enums.%s.%s" % (n, vn))
            iv = as_int(v.get("value"), "enums.%s.%s.value" % (n, vn))
            need(iv >= 0, "enums.%s.%s: value must be non-negative" % (n, vn))
            vals.append({"name": vn, "value": iv, "desc": v["desc"]})
        check_unique([v["name"] for v in vals], "enums." + n)
        seen = {}
        for v in vals:
            need(v["value"] not in seen, "enums.%s: %s and %s share value %d"
                 % (n, seen.get(v["value"]), v["name"], v["value"]))
            seen[v["value"]] = v["name"]
        enums.append({"name": n, "desc": e["desc"], "values": vals})
    check_unique([e["name"] for e in enums], "enums")
    s["enums"] = enums
    ev = {e["name"]: e for e in enums}

    regs = []
    abits = pv["AXIL_ADDR_BITS"]
    for r in spec["registers"]:
        n = check_name(r, "registers")
        rw = "registers." + n
        check_desc(r, rw)
        off = as_int(r.get("offset"), rw + ".offset")
        need(off % 4 == 0, "%s: offset 0x%X is not 4-byte aligned" % (rw, off))
        need(0 <= off < (1 << abits), "%s: offset 0x%X outside the %d-bit register space"
             % (rw, off, abits))
        need(r.get("access") in REG_ACCESS, "%s: access must be one of %s"
             % (rw, ", ".join(REG_ACCESS)))
        fields = [norm_field(f, rw, False) for f in r["fields"]]
        need(fields, "%s: needs at least one field" % rw)
        check_fields(fields, rw, 1)
        regs.append({"name": n, "offset": off, "access": r["access"], "desc": r["desc"],
                     "fields": fields})
    check_unique([r["name"] for r in regs], "registers")
    offs = {}
    for r in regs:
        need(r["offset"] not in offs, "registers: %s and %s share offset 0x%X"
             % (offs.get(r["offset"]), r["name"], r["offset"]))
        offs[r["offset"]] = r["name"]
    s["regs"] = regs
    s["reg_hex"] = (abits + 3) // 4
    rv = {r["name"]: r for r in regs}

    common = spec["insn_common"]
    check_desc(common, "insn_common")
    cfields = [norm_field(f, "insn_common", True) for f in common["fields"]]
    check_fields(cfields, "insn_common", words)
    s["common_desc"] = common["desc"]
    s["common"] = cfields
    cnames = [f["name"] for f in cfields]
    for req in ("OPCODE", "POP_PREV", "POP_NEXT", "PUSH_PREV", "PUSH_NEXT"):
        need(req in cnames, "insn_common: field %s is required" % req)

    insns = []
    for i in spec["instructions"]:
        n = check_name(i, "instructions")
        iw = "instructions." + n
        check_desc(i, iw)
        fields = [norm_field(f, iw, True) for f in i["fields"]]
        for f in fields:
            need(f["name"] not in cnames, "%s.%s: name clashes with a common field"
                 % (iw, f["name"]))
        check_fields(cfields + fields, iw, words)
        insns.append({"name": n, "desc": i["desc"], "fields": fields})
    check_unique([i["name"] for i in insns], "instructions")
    s["insns"] = insns
    iv = {i["name"]: i for i in insns}

    # Every instruction has an opcode and every opcode an instruction; zero traps.
    need("OP" in ev, "enums: OP is required")
    ops = {v["name"]: v["value"] for v in ev["OP"]["values"]}
    need(sorted(ops) == sorted(iv), "enums.OP values %s differ from instructions %s"
         % (sorted(ops), sorted(iv)))
    need(0 not in ops.values(), "enums.OP: 0 is reserved so that zeroed memory traps")

    def field_of(kind, owner, fname):
        if kind == "reg":
            need(owner in rv, "register %s is missing" % owner)
            fl, label = rv[owner]["fields"], "registers.%s.%s" % (owner, fname)
        elif owner is None:
            fl, label = cfields, "insn_common." + fname
        else:
            need(owner in iv, "instruction %s is missing" % owner)
            fl, label = iv[owner]["fields"], "instructions.%s.%s" % (owner, fname)
        for f in fl:
            if f["name"] == fname:
                return f, label
        fail("%s is missing" % label)
        return None, label

    need(sorted(ENUM_HOMES) == sorted(ev), "gen_spec.py knows where enums %s live, spec has %s"
         % (sorted(ENUM_HOMES), sorted(ev)))
    for en, homes in ENUM_HOMES.items():
        for kind, owner, fname in homes:
            f, label = field_of(kind, owner, fname)
            for v in ev[en]["values"]:
                need(v["value"] < (1 << f["width"]), "enums.%s.%s = %d does not fit %s (%d bits)"
                     % (en, v["name"], v["value"], label, f["width"]))

    for kind, expr, owner, fname in PARAM_BOUNDS:
        val = 1
        for pn in expr.split("*"):
            need(pn in pv, "params: %s is required" % pn)
            val *= pv[pn]
        f, label = field_of("insn", owner, fname)
        lim = (1 << f["width"]) if kind == "count" else (1 << f["width"]) - 1
        need(val <= lim, "params: %s = %d does not fit %s (%d bits)"
             % (expr, val, label, f["width"]))

    for reg, fname, pn, div in CAP_VALUES:
        f, label = field_of("reg", reg, fname)
        need(pv[pn] % div == 0, "params.%s must be a multiple of %d for %s" % (pn, div, label))
        need(pv[pn] // div < (1 << f["width"]), "params.%s / %d does not fit %s"
             % (pn, div, label))

    # Segment base registers: one LO/HI pair per segment at a fixed stride.
    base = None
    for seg in range(pv["NUM_SEGS"]):
        for half, extra in (("LO", 0), ("HI", 4)):
            rn = "SEG%d_%s" % (seg, half)
            need(rn in rv, "registers: %s is required (NUM_SEGS = %d)" % (rn, pv["NUM_SEGS"]))
            if base is None:
                base = rv[rn]["offset"]
            need(rv[rn]["offset"] == base + 8 * seg + extra,
                 "registers.%s: segment registers must be LO/HI pairs 8 bytes apart" % rn)
    s["seg_base"] = base
    return s


# --- C header ------------------------------------------------------------------------


def c_lit(v, hexdigits=0):
    suffix = "U" if v <= 0xFFFFFFFF else "ULL"
    if hexdigits:
        return "0x%0*X%s" % (hexdigits, v, suffix)
    return "%d%s" % (v, suffix)


def wrap_comment(text, indent=""):
    """/* ... */ wrapped to 100 columns."""
    words = text.split()
    lines, cur = [], ""
    for w in words:
        if cur and len(indent) + 3 + len(cur) + 1 + len(w) > 97:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w) if cur else w
    lines.append(cur)
    if len(lines) == 1 and len(indent) + 6 + len(lines[0]) <= 100:
        return ["%s/* %s */" % (indent, lines[0])]
    return ["%s/*" % indent] + ["%s * %s" % (indent, ln) for ln in lines] + ["%s */" % indent]


class Defines:
    def __init__(self):
        self.lines = []
        self.names = set()

    def blank(self):
        self.lines.append("")

    def comment(self, text):
        self.lines.extend(wrap_comment(text))

    def define(self, name, value):
        need(name not in self.names, "generated macro %s is defined twice" % name)
        self.names.add(name)
        self.lines.append("#define %s %s" % (name, value))


def field_defines(d, prefix, f, with_word):
    if with_word:
        d.define(prefix + "_WORD", c_lit(f["word"]))
    d.define(prefix + "_SHIFT", c_lit(f["lsb"]))
    d.define(prefix + "_WIDTH", c_lit(f["width"]))
    d.define(prefix + "_MASK", c_lit(mask_of(f["lsb"], f["width"]), 8))
    if f["signed"]:
        d.define(prefix + "_SIGNED", c_lit(1))


def gen_header(s):
    d = Defines()
    d.comment("Spec identity: the ID, VERSION and SPEC_HASH registers read these values.")
    d.define("LPF_SPEC_VERSION_MAJOR", c_lit(s["major"]))
    d.define("LPF_SPEC_VERSION_MINOR", c_lit(s["minor"]))
    d.define("LPF_ID_MAGIC", c_lit(s["magic"], 8))
    d.define("LPF_SPEC_HASH", c_lit(s["hash"], 8))

    d.blank()
    d.comment("Parameters")
    for p in s["params"]:
        d.comment(p["desc"])
        d.define("LPF_" + p["name"], c_lit(p["value"]))
    d.comment("32-bit words per instruction.")
    d.define("LPF_INSN_WORDS", c_lit(s["words"]))

    for e in s["enums"]:
        d.blank()
        d.comment("%s: %s" % (e["name"], e["desc"]))
        for v in e["values"]:
            d.define("LPF_%s_%s" % (e["name"], v["name"]), c_lit(v["value"]))
        d.comment("X-macro over the %s values: X(NAME) for each, e.g. to build name tables."
                  % e["name"])
        d.define("LPF_%s_LIST(X)" % e["name"], " ".join("X(%s)" % v["name"] for v in e["values"]))

    hexd = s["reg_hex"]
    d.blank()
    d.comment("Registers: LPF_REG_<REG> is the byte offset; each field has _SHIFT, _WIDTH and "
              "_MASK (mask in register position).")
    for r in s["regs"]:
        d.comment("%s (%s): %s" % (r["name"], r["access"], r["desc"]))
        d.define("LPF_REG_" + r["name"], c_lit(r["offset"], hexd))
        for f in r["fields"]:
            field_defines(d, "LPF_REG_%s_%s" % (r["name"], f["name"]), f, False)
    d.comment("Distance between the base registers of consecutive segments.")
    d.define("LPF_REG_SEG_STRIDE", c_lit(8))

    d.blank()
    d.comment("Instruction fields: _WORD is the 32-bit word index, then _SHIFT, _WIDTH and "
              "_MASK within that word; _SIGNED marks two's complement fields.")
    d.comment("Common fields: " + s["common_desc"])
    for f in s["common"]:
        field_defines(d, "LPF_INSN_" + f["name"], f, True)
    for i in s["insns"]:
        d.comment("%s; _NUM_FIELDS lets table-driven code check it covers every field."
                  % i["name"])
        d.define("LPF_INSN_%s_NUM_FIELDS" % i["name"], c_lit(len(i["fields"])))
        for f in i["fields"]:
            field_defines(d, "LPF_INSN_%s_%s" % (i["name"], f["name"]), f, True)

    out = ["/* SPDX-License-Identifier: MIT */"]
    out += wrap_comment("Generated from %s by %s; do not edit. Change the JSON and run `make "
                        "spec`." % (SPEC_REL, GEN_REL))
    out += ["#ifndef LPF_SPEC_H", "#define LPF_SPEC_H", ""]
    out += d.lines
    out += ["", "#endif", ""]
    return "\n".join(out)


# --- SystemVerilog package -----------------------------------------------------------


def camel(name):
    return "".join(part[:1].upper() + part[1:].lower() for part in name.split("_") if part)


def gen_sv(s):
    lines = []
    names = set()

    def declare(name):
        need(name not in names, "generated SV name %s is defined twice" % name)
        names.add(name)

    def param(name, value, typ="int"):
        declare(name)
        if typ == "int":
            lines.append("  parameter int %s = %d;" % (name, value))
        else:
            lines.append("  parameter logic [31:0] %s = 32'h%08X;" % (name, value))

    def comment(text):
        lines.extend("  // " + ln for ln in wrap_lines(text, 95))

    def field(prefix, f, with_word):
        if with_word:
            param(prefix + "Word", f["word"])
        param(prefix + "Lsb", f["lsb"])
        param(prefix + "Width", f["width"])
        if f["signed"]:
            param(prefix + "Signed", 1)

    comment("Spec identity.")
    param("SpecVersionMajor", s["major"])
    param("SpecVersionMinor", s["minor"])
    param("IdMagic", s["magic"], "logic")
    param("SpecHash", s["hash"], "logic")
    lines.append("")
    comment("Parameters.")
    for p in s["params"]:
        param(camel(p["name"]), p["value"])
    param("InsnWords", s["words"])
    for e in s["enums"]:
        lines.append("")
        comment("%s: %s" % (e["name"], e["desc"]))
        for v in e["values"]:
            param(camel(e["name"]) + camel(v["name"]), v["value"])
    lines.append("")
    comment("Registers: Reg<Reg> is the byte offset, Reg<Reg><Field>Lsb/Width the field.")
    for r in s["regs"]:
        param("Reg" + camel(r["name"]), r["offset"])
        for f in r["fields"]:
            field("Reg%s%s" % (camel(r["name"]), camel(f["name"])), f, False)
    param("RegSegStride", 8)
    lines.append("")
    comment("Instruction fields: Insn[<Insn>]<Field>Word/Lsb/Width[/Signed].")
    for f in s["common"]:
        field("Insn" + camel(f["name"]), f, True)
    for i in s["insns"]:
        for f in i["fields"]:
            field("Insn%s%s" % (camel(i["name"]), camel(f["name"])), f, True)
    lines.append("")
    comment("Insn<Insn>Owned: the bits a field of the instruction owns, the common fields "
            "included; every other bit is reserved and must be zero.")
    for i in s["insns"]:
        name = "Insn%sOwned" % camel(i["name"])
        declare(name)
        lines.extend(sv_insn_vector(name, owned_words(s, i)))
    lines.append("")
    comment("Field accessors: insn_<field>(insn) for a common field, insn_<insn>_<field>(insn) "
            "for a field of one instruction. Each returns the field of a flat instruction "
            "vector as the golden model's decoder (host/isa) holds it: 32 bits, zero-extended, "
            "or signed and sign-extended for two's complement fields. 32 bits because Icarus 11 "
            "cannot size-cast the result of a package function call, and a narrower result "
            "would need one at nearly every use. An accessor reads only its field, so the rest "
            "of its argument is unused by design.")
    lines.append("  // verilator lint_off UNUSEDSIGNAL")
    for f in s["common"]:
        lines.extend(sv_accessor(declare, "insn", "Insn", f))
    for i in s["insns"]:
        for f in i["fields"]:
            lines.extend(sv_accessor(declare, "insn_" + i["name"].lower(),
                                     "Insn" + camel(i["name"]), f))
    lines.append("  // verilator lint_on UNUSEDSIGNAL")

    out = ["// SPDX-License-Identifier: MIT"]
    out += ["// " + ln for ln in wrap_lines(
        "Generated from %s by %s; do not edit. Change the JSON and run `make spec`."
        % (SPEC_REL, GEN_REL), 97)]
    # A package is a catalogue: every importer uses a few entries, so unused ones are expected.
    out += ["", "// verilator lint_off UNUSEDPARAM", "package lpf_spec_pkg;", ""] + lines
    out += ["", "endpackage : lpf_spec_pkg", "// verilator lint_on UNUSEDPARAM", ""]
    out += SV_TOP
    return "\n".join(out)


def sv_insn_vector(name, words):
    """A parameter as wide as an instruction: its 32-bit words, highest first, 100 columns."""
    body = ", ".join("32'h%08X" % w for w in reversed(words)) + "};"
    return (["  parameter logic [InsnBytes*8-1:0] %s = {" % name]
            + ["      " + ln for ln in wrap_lines(body, 92)])


def sv_accessor(declare, fn_prefix, param_prefix, f):
    """function insn_[<insn>_]<field>(insn): the field as 32 bits, placed by the parameters."""
    fn = "%s_%s" % (fn_prefix, f["name"].lower())
    pp = param_prefix + camel(f["name"])
    declare(fn)
    sel = "insn[32 * %sWord + %sLsb +: %sWidth]" % (pp, pp, pp)
    if f["signed"]:
        typ, rhs = "logic signed [31:0]", "32'($signed(%s));" % sel
    else:
        typ, rhs = "logic [31:0]", "32'(%s);" % sel
    lhs = "    %s =" % fn
    body = [lhs + " " + rhs] if len(lhs) + 1 + len(rhs) <= 100 else [lhs, "        " + rhs]
    return (["  function automatic %s %s(input logic [InsnBytes*8-1:0] insn);" % (typ, fn)]
            + body + ["  endfunction"])


# Verilator 5.006 and Icarus 11 refuse a file without a module, and the package must lint and
# compile on its own; this top reads the identity constants through the package.
SV_TOP = [
    "// Lint and simulation tools need a top level to read this file on its own.",
    "// verilator lint_off DECLFILENAME",
    "module lpf_spec_pkg_top (",
    "  output logic [31:0] id_magic_o,",
    "  output logic [31:0] spec_hash_o",
    ");",
    "  assign id_magic_o = lpf_spec_pkg::IdMagic;",
    "  assign spec_hash_o = lpf_spec_pkg::SpecHash;",
    "endmodule : lpf_spec_pkg_top",
    "// verilator lint_on DECLFILENAME",
    "",
]


def wrap_lines(text, width):
    lines, cur = [], ""
    for w in text.split():
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = (cur + " " + w) if cur else w
    lines.append(cur)
    return lines


# --- documentation tables -----------------------------------------------------------


def md_escape(text):
    return text.replace("|", "\\|").replace("*", "\\*")


def bits(f):
    hi = f["lsb"] + f["width"] - 1
    return "%d" % hi if f["width"] == 1 else "%d:%d" % (hi, f["lsb"])


def field_table(fields):
    rows = ["| field | word | bits | signed | description |", "|---|---|---|---|---|"]
    for f in fields:
        rows.append("| `%s` | %d | %s | %s | %s |" % (f["name"], f["word"], bits(f),
                                                    "yes" if f["signed"] else "",
                                                    md_escape(f["desc"])))
    return rows


def reserved_bits(s, insn):
    """Bit ranges no field of insn owns, e.g. 'word 0 bits 15:12, 31:24; word 7 all'."""
    parts = []
    for w, m in enumerate(owned_words(s, insn)):
        if m == 0xFFFFFFFF:
            continue
        if m == 0:
            parts.append("word %d all" % w)
            continue
        runs, b = [], 0
        while b < 32:
            if m >> b & 1:
                b += 1
                continue
            e = b
            while e + 1 < 32 and not m >> (e + 1) & 1:
                e += 1
            runs.append("%d" % b if e == b else "%d:%d" % (e, b))
            b = e + 1
        parts.append("word %d bits %s" % (w, ", ".join(runs)))
    return "; ".join(parts) if parts else "none"


def enum_table(e):
    rows = ["| name | value | description |", "|---|---|---|"]
    for v in e["values"]:
        rows.append("| `%s` | %d | %s |" % (v["name"], v["value"], md_escape(v["desc"])))
    return rows


def doc_params(s):
    rows = ["| parameter | value | description |", "|---|---|---|"]
    for p in s["params"]:
        rows.append("| `%s` | %d | %s |" % (p["name"], p["value"], md_escape(p["desc"])))
    return rows


def doc_isa(s):
    out = ["### Common fields", "", md_escape(s["common_desc"]), ""]
    out += field_table(s["common"])
    enums = {e["name"]: e for e in s["enums"]}
    out += ["", "### Opcodes", ""] + enum_table(enums["OP"])
    for i in s["insns"]:
        out += ["", "### %s" % i["name"], "", md_escape(i["desc"]), ""]
        if i["fields"]:
            out += field_table(i["fields"])
        else:
            out.append("No fields besides the common ones.")
        out += ["", "Reserved bits (must be zero): " + reserved_bits(s, i) + "."]
    for en in ("BUF", "POST_MODE"):
        out += ["", "### %s values" % en, "", md_escape(enums[en]["desc"]), ""]
        out += enum_table(enums[en])
    return out


def doc_errors(s):
    e = next(e for e in s["enums"] if e["name"] == "ERR")
    return [md_escape(e["desc"]), ""] + enum_table(e)


def doc_registers(s):
    out = ["| offset | register | access | description |", "|---|---|---|---|"]
    for r in s["regs"]:
        out.append("| 0x%0*X | `%s` | %s | %s |" % (s["reg_hex"], r["offset"], r["name"],
                                                   r["access"], md_escape(r["desc"])))
    for r in s["regs"]:
        out += ["", "### %s (0x%0*X, %s)" % (r["name"], s["reg_hex"], r["offset"], r["access"]), "",
                md_escape(r["desc"]), "", "| field | bits | description |", "|---|---|---|"]
        for f in r["fields"]:
            out.append("| `%s` | %s | %s |" % (f["name"], bits(f), md_escape(f["desc"])))
    return out


# Which generated sections live in which doc; the generator rewrites only between markers.
DOC_SECTIONS = {
    "isa.md": [("params", doc_params), ("isa", doc_isa), ("errors", doc_errors)],
    "registers.md": [("registers", doc_registers)],
}


def splice(text, section, body, path):
    begin = "<!-- BEGIN GENERATED: %s -->" % section
    end = "<!-- END GENERATED: %s -->" % section
    b = text.find(begin)
    e = text.find(end)
    need(b >= 0 and e > b and text.count(begin) == 1 and text.count(end) == 1,
         "%s: needs exactly one '%s' ... '%s' pair" % (path, begin, end))
    note = "<!-- generated from %s by %s; edit the JSON, not this table -->" % (SPEC_REL,
                                                                               GEN_REL)
    return text[:b] + "\n".join([begin, note, ""] + body + ["", end]) + text[e + len(end):]


# --- main ----------------------------------------------------------------------------


def write_if_changed(path, text):
    try:
        with open(path, encoding="utf-8") as fh:
            if fh.read() == text:
                return
    except FileNotFoundError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", default=os.path.join(here, "lpfpga_spec.json"))
    ap.add_argument("--out", required=True, help="directory for lpf_spec.h and lpf_spec_pkg.sv")
    ap.add_argument("--docs", help="docs directory whose generated sections to rewrite")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 and name every file that is not up to date")
    args = ap.parse_args()
    try:
        s = load_spec(args.spec)
        outputs = {os.path.join(args.out, "lpf_spec.h"): gen_header(s),
                   os.path.join(args.out, "lpf_spec_pkg.sv"): gen_sv(s)}
        if args.docs:
            for doc, sections in DOC_SECTIONS.items():
                path = os.path.join(args.docs, doc)
                need(os.path.exists(path), "%s: missing; it must hold the generated markers"
                     % path)
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                for name, fn in sections:
                    text = splice(text, name, fn(s), path)
                outputs[path] = text
    except (SpecError, KeyError, TypeError) as exc:
        what = "missing key %s" % exc if isinstance(exc, KeyError) else str(exc)
        sys.stderr.write("gen_spec.py: %s: %s\n" % (args.spec, what))
        return 1
    if args.check:
        stale = []
        for path, text in sorted(outputs.items()):
            try:
                with open(path, encoding="utf-8") as fh:
                    current = fh.read()
            except OSError:
                current = None
            if current != text:
                stale.append(path)
        for path in stale:
            sys.stderr.write("gen_spec.py: %s is not what %s generates: run 'make spec' "
                             "and commit the result\n" % (path, args.spec))
        return 1 if stale else 0
    os.makedirs(args.out, exist_ok=True)
    for path, text in outputs.items():
        write_if_changed(path, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
