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
 *
 * <h2>Stack budget</h2>
 * Each function gets a static frame cost in bytes, {@value #FRAME_OVERHEAD} plus {@value #SLOT}
 * per value slot (parameters, locals and the most operands its body can hold at once). A mutable
 * i32 global ({@value #STACK_EXPORT}) holds the job's remaining stack budget: the prologue subtracts
 * the frame cost and traps when the budget goes below zero; the body is wrapped in a block so that
 * every way out of the function (the final {@code end}, a branch to the function's label, a
 * {@code return}, which is rewritten into such a branch) passes one epilogue that gives the cost
 * back. Tail calls are refused (wasmtime-java 0.19 cannot compile them). The limit therefore depends only on the module,
 * the input and the budget the host sets per job, never on the runtime or the JVM's frame sizes.
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
  /** Export name of the injected stack budget (mutable i32 global, bytes left) and its getter. */
  public static final String STACK_EXPORT = "__veilnet_stack";
  public static final String STACK_GET_EXPORT = "__veilnet_stack_get";
  /** Bytes charged per call frame on top of its value slots (return address, frame links). */
  public static final int FRAME_OVERHEAD = 64;
  /** Bytes charged per value slot (parameter, local or operand). */
  public static final int SLOT = 8;
  /** Frame costs are capped here so the i32 budget arithmetic cannot overflow. */
  static final int MAX_FRAME_COST = 1 << 29;
  /**
   * Entry points that save native calls: {@code __veilnet_alloc(fuel i64, job i64) -> i32} with
   * {@code job = (stack << 32) | len} (both unsigned 32-bit) sets the fuel counter and the stack
   * budget, calls {@code alloc(len)} and remembers the pointer and length in two more globals;
   * {@code __veilnet_run() -> (i64, i64)} calls {@code run} with them and also returns the
   * remaining fuel. Few parameters on purpose: through wasmtime-java 0.19's JNI every parameter
   * costs about 3 µs and every result about 1.5 µs (docs/benchmarks.md, WASM host).
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
    int stackGlobal = fuelGlobal + 2;
    int inPtrGlobal = fuelGlobal + 3; // the input's pointer and length, kept by the alloc entry for the run entry
    int inLenGlobal = fuelGlobal + 4;
    int growType = m.types.size();
    int growFunc = m.importedFuncs + m.definedFuncTypes.length;
    boolean hasMemory = m.importedMemories + m.definedMemories.size() > 0;
    int allocFunc = exportedFunc(m, "alloc");
    int runFunc = exportedFunc(m, "run");

    // Block types for the body wrappers: a function with several results needs a type [] -> results.
    java.util.Map<Integer, Integer> wrapperType = new java.util.HashMap<>();
    List<byte[]> extraTypes = new ArrayList<>();
    for (int t : m.definedFuncTypes) {
      if (t >= m.types.size()) {
        throw new MalformedModuleException("function type index out of range");
      }
      ParsedModule.FuncType ft = m.types.get(t);
      if (ft.results().length > 1 && !wrapperType.containsKey(t)) {
        wrapperType.put(t, growType + 6 + extraTypes.size());
        extraTypes.add(ft.results());
      }
    }

    java.util.Map<Integer, byte[]> newPayload = new java.util.HashMap<>();

    // type section: append (i32) -> (i32), () -> i64, (i64) -> (), () -> i32, (i64 i64) -> i32,
    // () -> (i64 i64), then the wrapper block types
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.types.size() + 6 + extraTypes.size());
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
      w.u8(0x60).u32(2).u8(I64).u8(I64).u32(1).u8(I32);
      w.u8(0x60).u32(0).u32(2).u8(I64).u8(I64);
      for (byte[] results : extraTypes) {
        w.u8(0x60).u32(0).u32(results.length).bytes(results);
      }
      newPayload.put(ParsedModule.SEC_TYPE, w.toByteArray());
    }
    // function section: append the grow guard, the accessors and the entry points
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.definedFuncTypes.length + 7);
      for (int t : m.definedFuncTypes) {
        w.u32(t);
      }
      for (int i = 0; i < 6; i++) {
        w.u32(growType + i);
      }
      w.u32(growType + 3); // stack getter: () -> i32
      newPayload.put(ParsedModule.SEC_FUNCTION, w.toByteArray());
    }
    // globals: fuel (i64 mut), oom (i32 mut), stack budget (i32 mut), input pointer and length (i32 mut)
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.definedGlobals + 5);
      ParsedModule.Section s = m.section(ParsedModule.SEC_GLOBAL);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        r.u32();
        w.bytes(m.bytes, r.pos(), s.to());
      }
      w.u8(I64).u8(1).u8(0x42).u8(0).u8(0x0B);
      w.u8(I32).u8(1).u8(0x41).u8(0).u8(0x0B);
      w.u8(I32).u8(1).u8(0x41).u8(0).u8(0x0B);
      w.u8(I32).u8(1).u8(0x41).u8(0).u8(0x0B);
      w.u8(I32).u8(1).u8(0x41).u8(0).u8(0x0B);
      newPayload.put(ParsedModule.SEC_GLOBAL, w.toByteArray());
    }
    // exports
    {
      WasmWriter w = new WasmWriter();
      w.u32(m.exports.size() + 9);
      ParsedModule.Section s = m.section(ParsedModule.SEC_EXPORT);
      if (s != null) {
        WasmReader r = new WasmReader(m.bytes, s.from(), s.to());
        r.u32();
        w.bytes(m.bytes, r.pos(), s.to());
      }
      w.name(FUEL_EXPORT).u8(ParsedModule.KIND_GLOBAL).u32(fuelGlobal);
      w.name(OOM_EXPORT).u8(ParsedModule.KIND_GLOBAL).u32(oomGlobal);
      w.name(STACK_EXPORT).u8(ParsedModule.KIND_GLOBAL).u32(stackGlobal);
      w.name(FUEL_GET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 1);
      w.name(FUEL_SET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 2);
      w.name(OOM_GET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 3);
      w.name(ALLOC_ENTRY_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 4);
      w.name(RUN_ENTRY_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 5);
      w.name(STACK_GET_EXPORT).u8(ParsedModule.KIND_FUNC).u32(growFunc + 6);
      newPayload.put(ParsedModule.SEC_EXPORT, w.toByteArray());
    }
    // code
    {
      ParsedModule.Section s = m.section(ParsedModule.SEC_CODE);
      WasmWriter w = new WasmWriter();
      w.u32(m.definedFuncTypes.length + 7);
      Globals g = new Globals(fuelGlobal, stackGlobal, growFunc, hasMemory);
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
          int t = m.definedFuncTypes[i];
          byte[] body = instrumentBody(m, m.bytes, from, from + size, g, m.types.get(t),
              wrapperType.getOrDefault(t, -1));
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
      byte[] allocEntry = new WasmWriter().u32(0)
          .u8(0x20).u32(0).u8(0x24).u32(fuelGlobal) // fuel = param 0
          .u8(0x20).u32(1).u8(0x42).u8(32).u8(0x88).u8(0xA7).u8(0x24).u32(stackGlobal) // stack = job >>> 32
          .u8(0x20).u32(1).u8(0xA7).u8(0x24).u32(inLenGlobal) // len = (i32) job
          .u8(0x23).u32(inLenGlobal).u8(0x10).u32(allocFunc) // alloc(len)
          .u8(0x24).u32(inPtrGlobal).u8(0x23).u32(inPtrGlobal).u8(0x0B).toByteArray();
      byte[] runEntry = new WasmWriter().u32(0)
          .u8(0x23).u32(inPtrGlobal).u8(0x23).u32(inLenGlobal).u8(0x10).u32(runFunc)
          .u8(0x23).u32(fuelGlobal).u8(0x0B).toByteArray();
      byte[] stackGet = new WasmWriter().u32(0).u8(0x23).u32(stackGlobal).u8(0x0B).toByteArray();
      w.u32(allocEntry.length).bytes(allocEntry);
      w.u32(runEntry.length).bytes(runEntry);
      w.u32(stackGet.length).bytes(stackGet);
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
    debit(w, fuelGlobal, cost, true);
  }

  /**
   * {@code global -= cost}, then {@code unreachable} if it went below zero; an i64 global for fuel,
   * an i32 global for the stack budget.
   */
  private static void debit(WasmWriter w, int global, long cost, boolean i64) {
    int constOp = i64 ? 0x42 : 0x41;
    w.u8(0x23).u32(global).u8(constOp).s64(cost); // global.get; const cost
    w.u8(i64 ? 0x7D : 0x6B).u8(0x24).u32(global); // sub; global.set
    w.u8(0x23).u32(global).u8(constOp).u8(0x00); // global.get; const 0
    w.u8(i64 ? 0x53 : 0x48); // lt_s
    w.u8(0x04).u8(0x40).u8(0x00).u8(0x0B); // if unreachable end
  }

  /** Indices the rewritten bodies refer to. */
  record Globals(int fuel, int stack, int growFunc, boolean hasMemory) {}

  private enum EditKind { CHARGE, GROW, RETURN }

  /**
   * One splice at byte {@code at} of the body: insert a loop charge (arg = region), replace a
   * memory.grow with a guard call, or replace a return with a branch (arg = label depth).
   */
  private record Edit(int at, EditKind kind, int arg, int replaceLen) {}

  /** An open block for operand-height tracking. */
  private record Frame(int base, int params, int results) {}

  static byte[] instrumentBody(ParsedModule m, byte[] b, int from, int to, Globals g,
      ParsedModule.FuncType self, int wrapperTypeIndex) {
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
    byte[] kindStack = new byte[1024]; // 0 block, 1 loop, 2 if, 3 if after else
    Frame[] frames = new Frame[1025];
    frames[0] = new Frame(0, 0, self.results().length);
    int depth = 0;
    int region = 0;
    int height = 0;
    int maxHeight = 0;
    boolean ended = false;
    while (r.hasMore()) {
      if (ended) {
        throw new MalformedModuleException("bytes after the end of a function body");
      }
      int at = r.pos();
      int op = r.u8();
      regionCost.set(region, regionCost.get(region) + 1);
      Frame top = frames[depth];
      switch (op) {
        case 0x02, 0x03, 0x04 -> {
          int[] arity = blockArity(m, r.sleb33());
          if (depth == regionStack.length) {
            throw new MalformedModuleException("blocks nested too deeply");
          }
          if (op == 0x04) {
            height = pop(height, 1, top);
          }
          height = pop(height, arity[0], top);
          regionStack[depth] = region;
          kindStack[depth] = (byte) (op == 0x04 ? 2 : op == 0x03 ? 1 : 0);
          frames[++depth] = new Frame(height, arity[0], arity[1]);
          height += arity[0];
          if (op == 0x03) {
            region = regionCost.size();
            regionCost.add(1L);
            edits.add(new Edit(r.pos(), EditKind.CHARGE, region, 0));
          }
        }
        case 0x05 -> {
          if (depth == 0 || kindStack[depth - 1] != 2) {
            throw new MalformedModuleException("else without a matching if");
          }
          kindStack[depth - 1] = 3;
          height = top.base() + top.params();
        }
        case 0x0B -> {
          if (depth == 0) {
            ended = true;
          } else {
            height = top.base() + top.results();
            region = regionStack[--depth];
          }
        }
        case 0x0F -> {
          edits.add(new Edit(at, EditKind.RETURN, depth, 1));
          height = top.base();
        }
        case 0x40 -> {
          r.u32();
          edits.add(new Edit(at, EditKind.GROW, 0, r.pos() - at));
        }
        case 0x10 -> {
          ParsedModule.FuncType callee = m.functionType(r.u32());
          if (callee == null) {
            throw new MalformedModuleException("call to an unknown function");
          }
          height = pop(height, callee.params().length, top) + callee.results().length;
        }
        case 0x11 -> {
          int t = r.u32();
          r.u32();
          if (t >= m.types.size()) {
            throw new MalformedModuleException("call_indirect with an unknown type");
          }
          ParsedModule.FuncType callee = m.types.get(t);
          height = pop(height, 1 + callee.params().length, top) + callee.results().length;
        }
        case 0x12, 0x13 -> throw MalformedModuleException.unsupported(
            "tail calls (return_call) are not accepted: wasmtime-java 0.19 cannot compile them");
        case 0x00, 0x0C, 0x0E -> {
          skipImmediates(r, op);
          height = top.base(); // the rest of the block is unreachable
        }
        default -> {
          skipImmediates(r, op);
          int effect = stackEffect(r, op, at);
          if (effect < 0) {
            height = pop(height, -effect, top);
          } else {
            height += effect;
          }
        }
      }
      // pushes of a block's parameters or a call's results count too
      maxHeight = Math.max(maxHeight, height);
    }
    if (!ended) {
      throw new MalformedModuleException("function body without end");
    }
    long frameCost = FRAME_OVERHEAD + (long) SLOT * (self.params().length + totalLocals + maxHeight);
    int cost = (int) Math.min(frameCost, MAX_FRAME_COST);

    WasmWriter w = new WasmWriter();
    w.bytes(b, from, codeStart);
    charge(w, g.fuel(), regionCost.get(0));
    reserveStack(w, g.stack(), cost);
    w.u8(0x02); // block wrapping the body: every exit lands at its end
    if (wrapperTypeIndex >= 0) {
      w.s64(wrapperTypeIndex);
    } else if (self.results().length == 1) {
      w.u8(self.results()[0]);
    } else {
      w.u8(0x40);
    }
    int cursor = codeStart;
    for (Edit e : edits) {
      w.bytes(b, cursor, e.at);
      cursor = e.at + e.replaceLen;
      switch (e.kind) {
        case CHARGE -> charge(w, g.fuel(), regionCost.get(e.arg));
        case GROW -> {
          if (!g.hasMemory()) {
            throw new MalformedModuleException("memory.grow without a memory");
          }
          w.u8(0x10).u32(g.growFunc());
        }
        case RETURN -> w.u8(0x0C).u32(e.arg); // br to the wrapper block
      }
    }
    w.bytes(b, cursor, to - 1); // everything but the function's final end
    w.u8(0x0B); // end of the wrapper block
    releaseStack(w, g.stack(), cost);
    w.u8(0x0B);
    return w.toByteArray();
  }

  /** Lowers {@code height} by {@code n}, never below the open block's base (unreachable code). */
  private static int pop(int height, int n, Frame top) {
    return Math.max(top.base(), height - n);
  }

  /** (params, results) of a block type: empty, one inline value type, or a type index. */
  private static int[] blockArity(ParsedModule m, long blockType) {
    if (blockType == -64) {
      return new int[] {0, 0};
    }
    if (blockType < 0) {
      return new int[] {0, 1};
    }
    if (blockType >= m.types.size()) {
      throw new MalformedModuleException("block type index out of range");
    }
    ParsedModule.FuncType t = m.types.get((int) blockType);
    return new int[] {t.params().length, t.results().length};
  }

  /**
   * Net operand-stack effect of an instruction that is not control flow or a call (immediates
   * already skipped). Loads, unary operators and conversions are 0; binary operators and
   * comparisons -1; stores -2.
   */
  private static int stackEffect(WasmReader r, int op, int at) {
    if (op >= 0x28 && op <= 0x35) {
      return 0; // loads
    }
    if (op >= 0x36 && op <= 0x3E) {
      return -2; // stores
    }
    if (op >= 0x41 && op <= 0x44) {
      return 1; // constants
    }
    if (op == 0x45 || op == 0x50 || (op >= 0x67 && op <= 0x69) || (op >= 0x79 && op <= 0x7B)
        || (op >= 0x8B && op <= 0x91) || (op >= 0x99 && op <= 0x9F) || (op >= 0xA7 && op <= 0xC4)) {
      return 0; // eqz, unary, conversions, sign extension
    }
    if (op >= 0x46 && op <= 0xA6) {
      return -1; // comparisons and binary operators
    }
    return switch (op) {
      case 0x01 -> 0; // nop
      case 0x0D, 0x1A -> -1; // br_if, drop
      case 0x1B, 0x1C -> -2; // select
      case 0x20, 0x23, 0x3F, 0xD0, 0xD2 -> 1; // local.get, global.get, memory.size, ref.null, ref.func
      case 0x21, 0x24 -> -1; // local.set, global.set
      case 0x22, 0x25, 0x40, 0xD1 -> 0; // local.tee, table.get, memory.grow, ref.is_null
      case 0x26 -> -2; // table.set
      case 0xFC -> fcEffect(r, at);
      default -> throw new MalformedModuleException("unsupported instruction 0x" + Integer.toHexString(op));
    };
  }

  /** Stack effect of a 0xFC-prefixed instruction: re-reads its sub-opcode at {@code at + 1}. */
  private static int fcEffect(WasmReader r, int at) {
    int sub = new WasmReader(r.buffer(), at + 1, r.pos()).u32();
    return switch (sub) {
      case 0, 1, 2, 3, 4, 5, 6, 7, 9, 13 -> 0; // saturating truncation, data.drop, elem.drop
      case 8, 10, 11, 12, 14, 17 -> -3; // memory.init/copy/fill, table.init/copy/fill
      case 15 -> -1; // table.grow
      case 16 -> 1; // table.size
      default -> throw MalformedModuleException.unsupported("unsupported instruction 0xFC " + sub);
    };
  }

  private static void reserveStack(WasmWriter w, int stackGlobal, int cost) {
    debit(w, stackGlobal, cost, false);
  }

  private static void releaseStack(WasmWriter w, int stackGlobal, int cost) {
    w.u8(0x23).u32(stackGlobal); // global.get
    w.u8(0x41).s64(cost); // i32.const cost
    w.u8(0x6A); // i32.add
    w.u8(0x24).u32(stackGlobal); // global.set
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
          default -> throw MalformedModuleException.unsupported("unsupported instruction 0xFC " + sub);
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
          throw MalformedModuleException.unsupported(
              "unsupported instruction 0x" + Integer.toHexString(op) + " (SIMD, threads, exceptions and GC are not accepted)");
        }
      }
    }
  }
}
