package io.veilnet.wasmhost.internal;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import io.veilnet.wasmhost.AdmissionException;
import io.veilnet.wasmhost.AdmittedModule;
import io.veilnet.wasmhost.Limit;
import io.veilnet.wasmhost.LimitExceededException;
import io.veilnet.wasmhost.Limits;
import io.veilnet.wasmhost.ModuleId;
import io.veilnet.wasmhost.RunResult;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmRuntime;
import io.veilnet.wasmhost.WasmTrapException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Chicory runtime in compiled mode (module → JVM bytecode once at admission). Wall clock by thread
 * interrupt, memory by instance memory limits plus the grow guard, fuel and the per-job stack
 * budget by instrumentation; the worker thread's own stack (sized for the sandbox's largest
 * budget) is only a backstop.
 */
public final class ChicoryRuntime implements WasmRuntime {
  private final ModuleCache<Admitted> cache;
  private final DeadlineTimer timer = new DeadlineTimer("veilnet-wasm-deadline-chicory");
  private final boolean compiled;
  private volatile boolean closed;

  public ChicoryRuntime() {
    this(64, true);
  }

  /** {@code compiled=false} uses Chicory's interpreter (for tests and comparison). */
  public ChicoryRuntime(int cacheSize, boolean compiled) {
    this.cache = new ModuleCache<>(cacheSize, m -> { });
    this.compiled = compiled;
  }

  record Admitted(ChicoryRuntime owner, ModuleId id, WasmModule module, Function<Instance, Machine> machine,
      int minPages, int maxPages)
      implements AdmittedModule {
    @Override
    public RuntimeKind runtime() {
      return RuntimeKind.CHICORY;
    }

    @Override
    public int minMemoryPages() {
      return minPages;
    }
  }

  @Override
  public RuntimeKind kind() {
    return RuntimeKind.CHICORY;
  }

  @Override
  public AdmittedModule admit(byte[] module) {
    Objects.requireNonNull(module, "module");
    checkOpen();
    return cache.get(ModuleId.of(module), id -> prepare(id, module));
  }

  private Admitted prepare(ModuleId id, byte[] original) {
    ParsedModule parsed = Admission.check(original);
    validate(original);
    byte[] instrumented;
    try {
      instrumented = Instrumenter.instrument(parsed, false);
    } catch (MalformedModuleException e) {
      throw e.toAdmissionError();
    }
    WasmModule wm;
    try {
      wm = Parser.parse(instrumented);
    } catch (RuntimeException e) {
      throw new AdmissionException("instrumented module is invalid: " + e.getMessage(), e);
    }
    Function<Instance, Machine> machine;
    try {
      machine = compiled ? MachineFactoryCompiler.builder(wm).compile() : null;
    } catch (RuntimeException e) {
      throw new AdmissionException("cannot compile module: " + e.getMessage(), e);
    }
    ParsedModule.MemoryLimits lim = parsed.definedMemories().get(0);
    return new Admitted(this, id, wm, machine, lim.minPages(), lim.maxPages());
  }

  /** Full validation (types, instruction typing) of the original bytes by Chicory's parser. */
  static void validate(byte[] original) {
    try {
      Parser.parse(original);
    } catch (RuntimeException | AssertionError e) {
      // Chicory signals bad input in more ways than ChicoryException (and asserts when -ea is on)
      throw new AdmissionException("invalid module: " + e.getMessage(), e);
    }
  }

  @Override
  public RunResult run(AdmittedModule module, byte[] input, Limits limits) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(limits, "limits");
    if (!(module instanceof Admitted m) || m.owner != this) {
      throw new IllegalArgumentException("module was not admitted by this runtime");
    }
    checkOpen();
    // Chicory's JVM frames take about twice the modelled wasm frame; a thread of four times the
    // budget keeps the JVM's own stack a backstop the budget reaches first.
    WasmWorkerThread.requireWorker(2 * limits.stackBytes());
    int cap = limits.memoryPages();
    if (m.minPages > cap) {
      throw new LimitExceededException(Limit.MEMORY,
          "module needs " + m.minPages + " pages at start, the cap is " + cap + " pages");
    }
    int max = m.maxPages < 0 ? cap : Math.min(m.maxPages, cap);
    Thread worker = Thread.currentThread();
    DeadlineTimer.Deadline deadline = timer.arm(limits.wallClock(), worker::interrupt);
    GlobalInstance fuel = null;
    GlobalInstance oom = null;
    GlobalInstance stack = null;
    try {
      Instance.Builder b = Instance.builder(m.module)
          .withImportValues(ImportValues.empty())
          .withMemoryLimits(new MemoryLimits(m.minPages, max))
          .withStart(false);
      if (m.machine != null) {
        b.withMachineFactory(m.machine);
      }
      Instance inst = b.build();
      Instance.Exports ex = inst.exports();
      fuel = ex.global(Instrumenter.FUEL_EXPORT);
      oom = ex.global(Instrumenter.OOM_EXPORT);
      stack = ex.global(Instrumenter.STACK_EXPORT);
      ExportFunction alloc = ex.function("alloc");
      ExportFunction run = ex.function("run");
      Memory memory = ex.memory("memory");
      fuel.setValue(limits.fuel());
      stack.setValue(limits.stackBytes());

      int ptr = (int) alloc.apply(input.length)[0];
      long size = (long) memory.pages() * Limits.PAGE;
      if (ptr < 0 || Integer.toUnsignedLong(ptr) + input.length > size) {
        throw new WasmTrapException("ABI violation: alloc returned an out-of-range pointer");
      }
      memory.write(ptr, input);
      long packed = run.apply(ptr, input.length)[0];
      long outPtr = packed >>> 32;
      long outLen = packed & 0xFFFF_FFFFL;
      size = (long) memory.pages() * Limits.PAGE;
      if (outPtr + outLen > size || outLen > Integer.MAX_VALUE - 8) {
        throw new WasmTrapException("bad output: run returned ptr=" + outPtr + " len=" + outLen
            + " outside memory of " + size + " bytes");
      }
      byte[] out = memory.readBytes((int) outPtr, (int) outLen);
      long remaining = fuel.getValue();
      if (deadline.disarm()) {
        Thread.interrupted();
      }
      return new RunResult(out, limits.fuel() - remaining);
    } catch (StackOverflowError e) {
      fired(deadline);
      throw new LimitExceededException(Limit.STACK, "the worker's thread stack overflowed before the wasm stack budget of "
          + limits.stackBytes() + " bytes was used up");
    } catch (WasmTrapException e) {
      fired(deadline);
      throw e;
    } catch (RuntimeException e) {
      if (fired(deadline)) {
        throw new LimitExceededException(Limit.TIME, "wall clock of " + limits.wallClock() + " exceeded");
      }
      if (fuel != null && fuel.getValue() < 0) {
        throw new LimitExceededException(Limit.FUEL, limits.fuel() + " fuel exhausted");
      }
      if (oom != null && oom.getValue() != 0) {
        throw new LimitExceededException(Limit.MEMORY, "memory.grow beyond " + max + " pages (" + limits.memoryBytes()
            + " bytes) refused");
      }
      if (stack != null && stack.getValue() < 0) {
        throw new LimitExceededException(Limit.STACK, "wasm stack budget of " + limits.stackBytes() + " bytes used up");
      }
      if (e instanceof ChicoryInterruptedException) {
        throw new WasmTrapException("interrupted", e);
      }
      if (e instanceof ChicoryException) {
        String msg = e.getMessage();
        if (msg != null && msg.toLowerCase(java.util.Locale.ROOT).contains("call stack exhausted")) {
          throw new LimitExceededException(Limit.STACK, "the worker's thread stack overflowed before the wasm stack budget of "
              + limits.stackBytes() + " bytes was used up");
        }
        throw new WasmTrapException("trap: " + (msg == null ? e.getClass().getSimpleName() : msg), e);
      }
      throw e;
    }
  }

  /** Disarms and clears a delivered interrupt; returns whether the deadline fired. */
  private static boolean fired(DeadlineTimer.Deadline d) {
    boolean fired = d.disarm();
    if (fired) {
      Thread.interrupted();
    }
    return fired;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("runtime is closed");
    }
  }

  @Override
  public void close() {
    closed = true;
    cache.clear();
    timer.close();
  }
}
