package io.veilnet.wasmhost.internal;

import io.github.kawamuray.wasmtime.Config;
import io.github.kawamuray.wasmtime.Disposable;
import io.github.kawamuray.wasmtime.Engine;
import io.github.kawamuray.wasmtime.Extern;
import io.github.kawamuray.wasmtime.Func;
import io.github.kawamuray.wasmtime.Instance;
import io.github.kawamuray.wasmtime.Memory;
import io.github.kawamuray.wasmtime.MemoryType;
import io.github.kawamuray.wasmtime.Module;
import io.github.kawamuray.wasmtime.Store;
import io.github.kawamuray.wasmtime.Val;
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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * wasmtime-java runtime. Safety rules (misuse aborts the JVM): every native handle has exactly one
 * owner and is disposed exactly once, in reverse order of creation, by the code that created it;
 * a store never outlives its run and is the only store its instance, memory and functions are
 * used with; memory is copied out before the store is closed and no buffer view escapes; the
 * wasm stack limit is half the worker's thread stack; modules are reference-counted so eviction
 * or close never frees one that a running job uses; close waits (bounded) for running jobs.
 *
 * <p>Limits: wall clock by epoch interruption (one ticker thread per runtime), memory by a
 * host-owned imported memory with a maximum (the module's memory is rewritten into an import),
 * fuel by the shared instrumentation, stack by the engine's {@code maxWasmStack}.
 */
public final class WasmtimeRuntime implements WasmRuntime {
  private static final Logger log = LoggerFactory.getLogger(WasmtimeRuntime.class);
  static final Duration TICK = Duration.ofMillis(5);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  private final Engine engine;
  /** Largest per-job stack budget this runtime accepts (engine stack: twice this, at most 2 MiB). */
  public static final long MAX_STACK_BUDGET = 1L << 20;
  private final long maxWasmStack;
  private final DeadlineTimer ticker = new DeadlineTimer("veilnet-wasm-epoch");
  private final ScheduledFuture<?> tick;
  private final ModuleCache<Admitted> cache;
  private final Object runs = new Object();
  private int active;
  private boolean closed;

  public WasmtimeRuntime() {
    this(Limits.defaults().stackBytes(), 64);
  }

  /**
   * @param maxStackBudget the largest per-job wasm stack budget (enforced by instrumentation); the
   *     engine's own {@code maxWasmStack} is twice this, a backstop that the budget reaches first.
   *     At most {@link #MAX_STACK_BUDGET}: wasmtime refuses an engine stack above its 2 MiB async
   *     stack, which wasmtime-java 0.19 cannot raise.
   */
  public WasmtimeRuntime(long maxStackBudget, int cacheSize) {
    if (maxStackBudget > MAX_STACK_BUDGET) {
      throw new IllegalArgumentException("the wasmtime runtime takes a stack budget of at most " + MAX_STACK_BUDGET
          + " bytes (wasmtime-java 0.19 caps the engine's wasm stack at 2 MiB), got " + maxStackBudget
          + "; use the Chicory runtime for deeper stacks");
    }
    WasmtimeNative.ensureLoaded();
    this.maxWasmStack = 2 * maxStackBudget;
    // Engine takes ownership of the Config (it is consumed natively): never dispose it ourselves.
    Config config = new Config()
        .epochInterruption(true)
        .maxWasmStack(maxWasmStack)
        .wasmThreads(false)
        .wasmSimd(false);
    this.engine = new Engine(config);
    this.cache = new ModuleCache<>(cacheSize, Admitted::retire);
    this.tick = ticker.every(TICK, engine::incrementEpoch);
  }

  static final class Admitted implements AdmittedModule {
    private final WasmtimeRuntime owner; // a module used with another engine's store aborts the JVM
    private final ModuleId id;
    private final Module module;
    private final int minPages;
    private final int maxPages;
    private int refs;
    private boolean retired;
    private boolean disposed;

    Admitted(WasmtimeRuntime owner, ModuleId id, Module module, int minPages, int maxPages) {
      this.owner = owner;
      this.id = id;
      this.module = module;
      this.minPages = minPages;
      this.maxPages = maxPages;
    }

    @Override
    public ModuleId id() {
      return id;
    }

    @Override
    public RuntimeKind runtime() {
      return RuntimeKind.WASMTIME;
    }

    @Override
    public int minMemoryPages() {
      return minPages;
    }

    synchronized Module acquire() {
      if (disposed) {
        throw new IllegalStateException("module " + id + " was evicted; admit it again");
      }
      refs++;
      return module;
    }

    synchronized void release() {
      refs--;
      disposeIfIdle();
    }

    synchronized void retire() {
      retired = true;
      disposeIfIdle();
    }

    private void disposeIfIdle() {
      if (retired && refs == 0 && !disposed) {
        disposed = true;
        module.dispose();
      }
    }
  }

  @Override
  public RuntimeKind kind() {
    return RuntimeKind.WASMTIME;
  }

  @Override
  public AdmittedModule admit(byte[] module) {
    Objects.requireNonNull(module, "module");
    enter();
    try {
      return cache.get(ModuleId.of(module), id -> prepare(id, module));
    } finally {
      exit();
    }
  }

  private Admitted prepare(ModuleId id, byte[] original) {
    ParsedModule parsed = Admission.check(original);
    ChicoryRuntime.validate(original); // full validation in pure Java before native code sees it
    byte[] instrumented;
    try {
      instrumented = Instrumenter.instrument(parsed, true);
    } catch (MalformedModuleException e) {
      throw e.toAdmissionError();
    }
    Module m;
    try {
      m = Module.fromBinary(engine, instrumented);
    } catch (RuntimeException e) {
      throw new AdmissionException("wasmtime refused the module: " + e.getMessage(), e);
    }
    ParsedModule.MemoryLimits lim = parsed.definedMemories().get(0);
    return new Admitted(this, id, m, lim.minPages(), lim.maxPages());
  }

  @Override
  public RunResult run(AdmittedModule module, byte[] input, Limits limits) {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(limits, "limits");
    if (!(module instanceof Admitted m) || m.owner != this) {
      throw new IllegalArgumentException("module was not admitted by this runtime");
    }
    if (2 * limits.stackBytes() > maxWasmStack) {
      throw new IllegalArgumentException("job stack budget " + limits.stackBytes() + " exceeds this runtime's maximum "
          + maxWasmStack / 2);
    }
    WasmWorkerThread.requireWorker(maxWasmStack); // the engine stack plus as much again for the host
    int cap = limits.memoryPages();
    if (m.minPages > cap) {
      throw new LimitExceededException(Limit.MEMORY,
          "module needs " + m.minPages + " pages at start, the cap is " + cap + " pages");
    }
    int max = m.maxPages < 0 ? cap : Math.min(m.maxPages, cap);
    enter();
    Deque<Disposable> owned = new ArrayDeque<>(); // disposed in reverse creation order
    try {
      Module wasm = m.acquire();
      owned.push(m::release);
      Store<Void> store = new Store<>(null, engine);
      owned.push(store);
      store.setEpochDeadline(ticks(limits.wallClock()));
      long startNanos = System.nanoTime();
      Memory memory = new Memory(store, new MemoryType(m.minPages, max, false));
      owned.push(memory);
      Instance instance = new Instance(store, wasm, List.of(Extern.fromMemory(memory)));
      owned.push(instance);
      Func alloc = func(instance, store, Instrumenter.ALLOC_ENTRY_EXPORT, owned);
      Func run = func(instance, store, Instrumenter.RUN_ENTRY_EXPORT, owned);
      try {
        // Two parameters, not three: each Val costs a JNI reflection round (Instrumenter, entry points).
        long job = (limits.stackBytes() << 32) | input.length;
        int ptr = alloc.call(store, Val.fromI64(limits.fuel()), Val.fromI64(job))[0].i32();
        // One native call per view: a view's capacity is the memory's size when it was taken
        // (memory.dataSize would be a second JNI crossing for the same number).
        ByteBuffer view = memory.buffer(store);
        if (ptr < 0 || Integer.toUnsignedLong(ptr) + input.length > view.capacity()) {
          throw new WasmTrapException("ABI violation: alloc returned an out-of-range pointer");
        }
        view.put(ptr, input);
        Val[] result = run.call(store); // the entry passes alloc's pointer and the length to run
        long packed = result[0].i64();
        long remaining = result[1].i64();
        long outPtr = packed >>> 32;
        long outLen = packed & 0xFFFF_FFFFL;
        view = memory.buffer(store); // fresh view: run may have grown (and moved) the memory
        long size = view.capacity();
        if (outPtr + outLen > size || outLen > Integer.MAX_VALUE - 8) {
          throw new WasmTrapException("bad output: run returned ptr=" + outPtr + " len=" + outLen
              + " outside memory of " + size + " bytes");
        }
        byte[] out = new byte[(int) outLen];
        view.get((int) outPtr, out);
        return new RunResult(out, limits.fuel() - remaining);
      } catch (WasmTrapException e) {
        throw e;
      } catch (RuntimeException e) {
        // Let the accessors run even if the epoch deadline has passed.
        store.setEpochDeadline(1L << 40);
        Func fuelGet = func(instance, store, Instrumenter.FUEL_GET_EXPORT, owned);
        Func oomGet = func(instance, store, Instrumenter.OOM_GET_EXPORT, owned);
        Func stackGet = func(instance, store, Instrumenter.STACK_GET_EXPORT, owned);
        throw classify(e, limits, max, startNanos, fuelGet.call(store)[0].i64(), oomGet.call(store)[0].i32(),
            stackGet.call(store)[0].i32());
      }
    } finally {
      try {
        disposeAll(owned);
      } finally {
        exit();
      }
    }
  }

  /** Disposes every handle even if one dispose fails; rethrows the first failure afterwards. */
  private static void disposeAll(Deque<Disposable> owned) {
    RuntimeException first = null;
    while (!owned.isEmpty()) {
      try {
        owned.pop().dispose();
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static RuntimeException classify(RuntimeException e, Limits limits, int maxPages, long startNanos,
      long fuel, int oom, int stack) {
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String lower = msg.toLowerCase(Locale.ROOT);
    if (fuel < 0) {
      return new LimitExceededException(Limit.FUEL, limits.fuel() + " fuel exhausted");
    }
    if (oom != 0) {
      return new LimitExceededException(Limit.MEMORY, "memory.grow beyond " + maxPages + " pages ("
          + limits.memoryBytes() + " bytes) refused");
    }
    if (stack < 0) {
      return new LimitExceededException(Limit.STACK, "wasm stack budget of " + limits.stackBytes() + " bytes used up");
    }
    if (lower.contains("epoch") || lower.contains("interrupt")
        || System.nanoTime() - startNanos >= limits.wallClock().toNanos()) {
      return new LimitExceededException(Limit.TIME, "wall clock of " + limits.wallClock() + " exceeded");
    }
    if (lower.contains("stack overflow") || lower.contains("stack_overflow") || lower.contains("call stack exhausted")) {
      return new LimitExceededException(Limit.STACK, "the engine's wasm stack overflowed before the budget of "
          + limits.stackBytes() + " bytes was used up");
    }
    return new WasmTrapException("trap: " + firstLine(msg), e);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static Func func(Instance instance, Store<Void> store, String name, Deque<Disposable> owned) {
    Func f = instance.getFunc(store, name)
        .orElseThrow(() -> new AdmissionException("ABI violation: missing export '" + name + "'"));
    owned.push(f);
    return f;
  }

  static long ticks(Duration wallClock) {
    return Math.max(1, (wallClock.toNanos() + TICK.toNanos() - 1) / TICK.toNanos()) + 1;
  }

  private void enter() {
    synchronized (runs) {
      if (closed) {
        throw new IllegalStateException("runtime is closed");
      }
      active++;
    }
  }

  private void exit() {
    synchronized (runs) {
      active--;
      runs.notifyAll();
    }
  }

  /** Waits (bounded) for running jobs, then frees modules and the engine. */
  @Override
  public void close() {
    int left;
    synchronized (runs) {
      if (closed) {
        return;
      }
      closed = true;
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      while (active > 0) {
        long wait = deadline - System.nanoTime();
        if (wait <= 0) {
          break;
        }
        try {
          runs.wait(Math.max(1, wait / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      left = active;
    }
    if (left > 0) {
      // Freeing native state under a running job would abort the JVM; leak it instead.
      log.warn("closing wasmtime runtime with {} job(s) still running; native state is leaked", left);
      return;
    }
    tick.cancel(false);
    ticker.close();
    cache.clear();
    engine.dispose();
  }
}
