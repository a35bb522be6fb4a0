package io.veilnet.wasmhost.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites an admitted module for the sandbox: deterministic fuel metering, a memory.grow guard
 * and, for runtimes that need it, a defined memory turned into a host-owned import.
 *
 * <h2>Fuel cost model</h2>
 * The function body is split into regions: the function itself and every {@code loop} body (a
 * nested loop is its own region). Each region is charged once per entry with
 * {@code 1 + the number of instructions that belong to it directly}: the function region at
 * function entry, a loop region at its header (that is, on entry and on every back-edge). The
 * charge is an inline decrement of a mutable i64 global ({@value #FUEL_EXPORT}); when it goes below
 * zero the code executes {@code unreachable}, and the host classifies the trap as fuel exhaustion
 * by reading the global. The count is static per region, so it depends only on the module and the
 * path taken, never on the runtime: both runtimes report the same fuel for the same job.
 *
 * <h2>Memory guard</h2>
 * Every {@code memory.grow} is replaced by a call to an injected function that performs the grow
 * and, if it is refused (result -1: the cap or the module's maximum), sets {@value #OOM_EXPORT} to 1
 * and traps, so a refused grow surfaces as a typed memory-limit error.
 */
public final class Instrumenter {
  /** Export name of the injected fuel counter (mutable i64 global). */
  public static final String FUEL_EXPORT = "__veilnet_fuel";
  /** Export name of the injected out-of-memory flag (mutable i32 global). */
  public static final String OOM_EXPORT = "__veilnet_oom";
  /** Accessor functions for runtimes without global access: {@code () -> i64}, {@code (i64) -> ()}, {@code () -> i32}. */
  public static final String FUEL_GET_EXPORT = "__veilnet_fuel_get";
  public static final String FUEL_SET_EXPORT = "__veilnet_fuel_set";
  public static final String OOM_GET_EXPORT = "__veilnet_oom_get";
  /**
   * Entry points that save native calls: {@code __veilnet_alloc(len i32, fuel i64) -> i32} sets the
   * fuel counter and calls {@code alloc}; {@code __veilnet_run(ptr i32, len i32) -> (i64, i64)}
   * calls {@code run} and also returns the remaining fuel.
   */
  public static final String ALLOC_ENTRY_EXPORT = "__veilnet_alloc";
  public static final String RUN_ENTRY_EXPORT = "__veilnet_run";
  /** Module and field name of the host-owned memory when memory is imported. */
  public static final String MEMORY_IMPORT_MODULE = "veilnet";
  public static final String MEMORY_IMPORT_NAME = "memory";

  private static final byte I32 = 0x7F;
  private static final byte I64 = 0x7E;

  private Instrumenter() {}

  /**
   * Returns the instrumented module bytes.
   *
   * @param importMemory turn the single defined memory into an import {@code veilnet.memory}
   */
  public static byte[] instrument(ParsedModule m, boolean importMemory) {
    int fuelGlobal = m.importedGlobals + m.definedGlobals;
    int oomGlobal = fuelGlobal + 1;
    int growType = m.types.size();
    int growFunc = m.importedFuncs + m.definedFuncTypes.length;
    boolean hasMemory = m.importedMemories + m.definedMemories.size() > 0;
    int allocFunc = exportedFunc(m, "alloc");
    int runFunc = exportedFunc(m, "run");

    java.util.Map<Integer, byte[]> newPayload = new java.util.HashMap<>();

    // type section: append (i32) -> (i32), () -> i64, (i64) -> (), () -> i32
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.types.size() + 6);
      ParsedModule.Section s = m.section(ParsedModule.SEC_TYPE);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        r.u32();
        w.bytes(m.bytes, r.pos(), s.to());
      }
      w.u8(0x60).u32(1).u8(I32).u32(1).u8(I32);
      w.u8(0x60).u32(0).u32(1).u8(I64);
      w.u8(0x60).u32(1).u8(I64).u32(0);
      w.u8(0x60).u32(0).u32(1).u8(I32);
      w.u8(0x60).u32(2).u8(I32).u8(I64).u32(1).u8(I32);
      w.u8(0x60).u32(2).u8(I32).u8(I32).u32(2).u8(I64).u8(I64);
      newPayload.put(ParsedModule.SEC_TYPE, w.toByteArray());
    }
    // function section: append the grow guard
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.definedFuncTypes.length + 6);
      for (int t : m.definedFuncTypes) {
        w.u32(t);
      }
      for (int i = 0; i < 6; i++) {
        w.u32(growType + i);
      }
      newPayload.put(ParsedModule.SEC_FUNCTION, w.toByteArray());
    }
    // globals: fuel (i64 mut) and oom (i32 mut)
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.definedGlobals + 2);
      ParsedModule.Section s = m.section(ParsedModule.SEC_GLOBAL);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        r.u32();
        w.bytes(m.bytes, r.pos(), s.to());
      }
      w.u8(I64).u8(1).u8(0x42).u8(0).u8(0x0B);
      w.u8(I32).u8(1).u8(0x41).u8(0).u8(0x0B);
      newPayload.put(ParsedModule.SEC_GLOBAL, w.toByteArray());
    }
    // exports
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.exports.size() + 7);
      ParsedModule.Section s = m.section(ParsedModule.SEC_EXPORT);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        r.u32();
        w.bytes(m.bytes, r.pos(), s.to());
      }
      w.name(FUEL_EXPORT).u8(ParsedModule.KIND_GLOBAL).u32(fuelGlobal);
      w.name(OOM_EXPORT).u8(ParsedModule.KIND_GLOBAL).u32(oomGlobal);
      w.name(FUEL_GET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 1);
      w.name(FUEL_SET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 2);
      w.name(OOM_GET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 3);
      w.name(ALLOC_ENTRY_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 4);
      w.name(RUN_ENTRY_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 5);
      newPayload.put(ParsedModule.SEC_EXPORT, w.toByteArray());
    }
    // code
    {
      ParsedModule.Section s = m.section(ParsedModule.SEC_CODE);
      WasmWriter w = new WasmWriter();
      w.u32(m.definedFuncTypes.length + 6);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        int n = r.u32();
        if (n != m.definedFuncTypes.length) {
          throw new MalformedModuleException("function and code section counts differ");
        }
        for (int i = 0; i < n; i++) {
          int size = r.u32();
          int from = r.pos();
          r.skip(size);
          byte[] body = instrumentBody(m.bytes, from, from + size, fuelGlobal, growFunc, hasMemory);
          w.u32(body.length).bytes(body);
        }
        if (r.hasMore()) {
          throw new MalformedModuleException("trailing bytes in code section");
        }
      } else if (m.definedFuncTypes.length != 0) {
        throw new MalformedModuleException("function section without code section");
      }
      byte[] guard = growGuardBody(oomGlobal, hasMemory);
      w.u32(guard.length).bytes(guard);
      byte[] fuelGet = new WasmWriter().u32(0).u8(0x23).u32(fuelGlobal).u8(0x0B).toByteArray();
      byte[] fuelSet = new WasmWriter().u32(0).u8(0x20).u32(0).u8(0x24).u32(fuelGlobal).u8(0x0B).toByteArray();
      byte[] oomGet = new WasmWriter().u32(0).u8(0x23).u32(oomGlobal).u8(0x0B).toByteArray();
      w.u32(fuelGet.length).bytes(fuelGet);
      w.u32(fuelSet.length).bytes(fuelSet);
      w.u32(oomGet.length).bytes(oomGet);
      byte[] allocEntry = new WasmWriter().u32(0).u8(0x20).u32(1).u8(0x24).u32(fuelGlobal)
          .u8(0x20).u32(0).u8(0x10).u32(allocFunc).u8(0x0B).toByteArray();
      byte[] runEntry = new WasmWriter().u32(0).u8(0x20).u32(0).u8(0x20).u32(1).u8(0x10).u32(runFunc)
          .u8(0x23).u32(fuelGlobal).u8(0x0B).toByteArray();
      w.u32(allocEntry.length).bytes(allocEntry);
      w.u32(runEntry.length).bytes(runEntry);
      newPayload.put(ParsedModule.SEC_CODE, w.toByteArray());
    }
    if (importMemory && !m.definedMemories.isEmpty()) {
      if (m.definedMemories.size() != 1 || m.importedMemories != 0) {
        throw new MalformedModuleException("exactly one memory is supported");
      }
      ParsedModule.MemoryLimits lim = m.definedMemories.get(0);
      WasmWriter w = new WasmWriter();
      w.u32(m.imports.size() + 1);
      ParsedModule.Section s = m.section(ParsedModule.SEC_IMPORT);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        r.u32();
        w.bytes(m.bytes, r.pos(), s.to());
      }
      w.name(MEMORY_IMPORT_MODULE).name(MEMORY_IMPORT_NAME).u8(ParsedModule.KIND_MEMORY);
      if (lim.maxPages() < 0) {
        w.u8(0).u32(lim.minPages());
      } else {
        w.u8(1).u32(lim.minPages()).u32(lim.maxPages());
      }
      newPayload.put(ParsedModule.SEC_IMPORT, w.toByteArray());
      newPayload.put(ParsedModule.SEC_MEMORY, null); // removed
    }

    // emit in canonical order
    WasmWriter out = new WasmWriter();
    out.bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    java.util.Set<Integer> pending = new java.util.TreeSet<>(
        java.util.Comparator.comparingInt(ParsedModule::rank));
    pending.addAll(newPayload.keySet());
    for (ParsedModule.Section s : m.sections) {
      if (s.id() != ParsedModule.SEC_CUSTOM) {
        for (java.util.Iterator<Integer> it = pending.iterator(); it.hasNext(); ) {
          int id = it.next();
          if (ParsedModule.rank(id) < ParsedModule.rank(s.id())) {
            emit(out, id, newPayload.get(id));
            it.remove();
          }
        }
        if (newPayload.containsKey(s.id())) {
          emit(out, s.id(), newPayload.get(s.id()));
          pending.remove(s.id());
          continue;
        }
      }
      out.u8(s.id()).u32(s.to() - s.from()).bytes(m.bytes, s.from(), s.to());
    }
    for (int id : pending) {
      emit(out, id, newPayload.get(id));
    }
    return out.toByteArray();
  }

  private static int exportedFunc(ParsedModule m, String name) {
    for (ParsedModule.Export e : m.exports) {
      if (e.name().equals(name) && e.kind() == ParsedModule.KIND_FUNC) {
        return e.index();
      }
    }
    throw new MalformedModuleException("missing export '" + name + "'");
  }

  private static void emit(WasmWriter out, int id, byte[] payload) {
    if (payload != null) {
      out.u8(id).u32(payload.length).bytes(payload);
    }
  }

  private static byte[] growGuardBody(int oomGlobal, boolean hasMemory) {
    WasmWriter w = new WasmWriter();
    w.u32(1).u32(1).u8(I32); // one local i32
    if (!hasMemory) {
      w.u8(0x00).u8(0x0B); // unreachable; never called: no memory.grow without a memory
      return w.toByteArray();
    }
    w.u8(0x20).u32(0); // local.get 0
    w.u8(0x40).u8(0x00); // memory.grow 0
    w.u8(0x22).u32(1); // local.tee 1
    w.u8(0x41).u8(0x7F); // i32.const -1
    w.u8(0x46); // i32.eq
    w.u8(0x04).u8(0x40); // if
    w.u8(0x41).u8(0x01); // i32.const 1
    w.u8(0x24).u32(oomGlobal); // global.set oom
    w.u8(0x00); // unreachable
    w.u8(0x0B); // end
    w.u8(0x20).u32(1); // local.get 1
    w.u8(0x0B);
    return w.toByteArray();
  }

  private static void charge(WasmWriter w, int fuelGlobal, long cost) {
    w.u8(0x23).u32(fuelGlobal); // global.get
    w.u8(0x42).s64(cost); // i64.const cost
    w.u8(0x7D); // i64.sub
    w.u8(0x24).u32(fuelGlobal); // global.set
    w.u8(0x23).u32(fuelGlobal); // global.get
    w.u8(0x42).u8(0x00); // i64.const 0
    w.u8(0x53); // i64.lt_s
    w.u8(0x04).u8(0x40); // if
    w.u8(0x00); // unreachable
    w.u8(0x0B); // end
  }

  /** One splice: at byte {@code at} of the body, either insert a charge or replace {@code len} bytes with a call. */
  private record Edit(int at, int region, int replaceLen) {}

  static byte[] instrumentBody(byte[] b, int from, int to, int fuelGlobal, int growFunc, boolean hasMemory) {
    WasmReader r = new WasmReader(b, from, to);
    int groups = r.u32();
    long totalLocals = 0;
    for (int i = 0; i < groups; i++) {
      totalLocals += r.u32();
      r.u8();
      if (totalLocals > 50_000) {
        throw new MalformedModuleException("too many locals");
      }
    }
    int codeStart = r.pos();
    List<Long> regionCost = new ArrayList<>();
    regionCost.add(1L);
    List<Edit> edits = new ArrayList<>();
    // control stack: region of each open frame, -1 for non-loop frames (they inherit)
    int[] regionStack = new int[1024];
    boolean[] loopStack = new boolean[1024];
    byte[] kindStack = new byte[1024]; // 0 block, 1 loop, 2 if, 3 if after else
    int depth = 0;
    int region = 0;
    boolean ended = false;
    while (r.hasMore()) {
      if (ended) {
        throw new MalformedModuleException("bytes after the end of a function body");
      }
      int at = r.pos();
      int op = r.u8();
      regionCost.set(region, regionCost.get(region) + 1);
      switch (op) {
        case 0x02, 0x04 -> {
          r.skipSleb(33);
          if (depth == regionStack.length) {
            throw new MalformedModuleException("blocks nested too deeply");
          }
          regionStack[depth] = region;
          kindStack[depth] = (byte) (op == 0x04 ? 2 : 0);
          loopStack[depth++] = false;
        }
        case 0x05 -> {
          if (depth == 0 || kindStack[depth - 1] != 2) {
            throw new MalformedModuleException("else without a matching if");
          }
          kindStack[depth - 1] = 3;
        }
        case 0x03 -> {
          r.skipSleb(33);
          if (depth == regionStack.length) {
            throw new MalformedModuleException("blocks nested too deeply");
          }
          regionStack[depth] = region;
          kindStack[depth] = 1;
          loopStack[depth++] = true;
          region = regionCost.size();
          regionCost.add(1L);
          edits.add(new Edit(r.pos(), region, 0));
        }
        case 0x0B -> {
          if (depth == 0) {
            ended = true;
          } else {
            region = regionStack[--depth];
          }
        }
        case 0x40 -> {
          r.u32();
          edits.add(new Edit(at, -1, r.pos() - at));
        }
        default -> skipImmediates(r, op);
      }
    }
    if (!ended) {
      throw new MalformedModuleException("function body without end");
    }
    WasmWriter w = new WasmWriter();
    w.bytes(b, from, codeStart);
    charge(w, fuelGlobal, regionCost.get(0));
    int cursor = codeStart;
    for (Edit e : edits) {
      w.bytes(b, cursor, e.at);
      if (e.region >= 0) {
        charge(w, fuelGlobal, regionCost.get(e.region));
        cursor = e.at;
      } else {
        if (!hasMemory) {
          throw new MalformedModuleException("memory.grow without a memory");
        }
        w.u8(0x10).u32(growFunc);
        cursor = e.at + e.replaceLen;
      }
    }
    w.bytes(b, cursor, to);
    return w.toByteArray();
  }

  private static void skipImmediates(WasmReader r, int op) {
    switch (op) {
      case 0x00, 0x01, 0x0F, 0x1A, 0x1B, 0xD1 -> { }
      case 0x0C, 0x0D, 0x10, 0x12, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0xD2 -> r.u32();
      case 0x0E -> {
        int n = r.u32();
        for (int i = 0; i <= n; i++) {
          r.u32();
        }
      }
      case 0x11, 0x13 -> {
        r.u32();
        r.u32();
      }
      case 0x1C -> r.skip(r.u32());
      case 0x3F -> r.u32();
      case 0x41 -> r.skipSleb(32);
      case 0x42 -> r.skipSleb(64);
      case 0x43 -> r.skip(4);
      case 0x44 -> r.skip(8);
      case 0xD0 -> r.skipSleb(33);
      case 0xFC -> {
        int sub = r.u32();
        switch (sub) {
          case 0, 1, 2, 3, 4, 5, 6, 7 -> { }
          case 8 -> {
            r.u32();
            r.u32();
          }
          case 9, 13, 15, 16, 17 -> r.u32();
          case 10, 12, 14 -> {
            r.u32();
            r.u32();
          }
          case 11 -> r.u32();
          default -> throw new MalformedModuleException("unsupported instruction 0xFC " + sub);
        }
      }
      default -> {
        if (op >= 0x28 && op <= 0x3E) {
          int align = r.u32();
          if ((align & 0x40) != 0) {
            throw new MalformedModuleException("multiple memories are not supported");
          }
          r.u32();
        } else if (op >= 0x45 && op <= 0xC4) {
          // numeric, no immediates
        } else {
          throw new MalformedModuleException(
              "unsupported instruction 0x" + Integer.toHexString(op) + " (SIMD, threads, exceptions and GC are not accepted)");
        }
      }
    }
  }
}
