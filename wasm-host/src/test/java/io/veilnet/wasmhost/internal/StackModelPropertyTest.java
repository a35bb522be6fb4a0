package io.veilnet.wasmhost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veilnet.wasmhost.Limit;
import io.veilnet.wasmhost.LimitExceededException;
import io.veilnet.wasmhost.RuntimeKind;
import io.veilnet.wasmhost.WasmJob;
import io.veilnet.wasmhost.WasmSandbox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * The stack budget is exact for generated call chains of random shape, on both runtimes: a chain
 * {@code run → f1 → … → fK → down(N)} whose frames sum to at most the budget runs, one more level
 * of {@code down} does not. Frame costs come from the documented model
 * ({@code 64 + 8 × (params + locals + most operands)}), computed here independently of the
 * instrumenter from how the generator built each body.
 */
class StackModelPropertyTest {
  private static final byte I32 = 0x7F;
  private static final byte I64 = 0x7E;
  private static final int DOWN_COST = 64 + 8 * (1 + 0 + 2);

  private final WasmSandbox chicory = WasmSandbox.builder().runtime(RuntimeKind.CHICORY).workers(1).build();
  private final WasmSandbox wasmtime = WasmSandbox.builder().runtime(RuntimeKind.WASMTIME).workers(1).build();

  @AfterProperty
  void close() {
    chicory.close();
    wasmtime.close();
  }

  /** One generated function of the chain: its parameter types, locals and extra operands held. */
  record Shape(byte[] params, int locals, byte localType, int extra) {}

  @Provide
  Arbitrary<List<Shape>> chains() {
    Arbitrary<byte[]> params = Arbitraries.of(I32, I64).list().ofMaxSize(6)
        .map(l -> {
          byte[] b = new byte[l.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
          }
          return b;
        });
    Arbitrary<Shape> shape = Combinators.combine(params, Arbitraries.integers().between(0, 20),
        Arbitraries.of(I32, I64), Arbitraries.integers().between(0, 12)).as(Shape::new);
    return shape.list().ofMinSize(1).ofMaxSize(6);
  }

  @Property(tries = 25)
  void budgetIsExact_onBothRuntimes(@ForAll("chains") List<Shape> chain,
      @ForAll("budgets") int budget) {
    byte[] module = module(chain);
    long fixed = runCost(chain) + chainCost(chain);
    long maxDepth = (budget - fixed) / DOWN_COST - 1; // N + 1 frames of down
    assertThat(maxDepth).isPositive();
    for (WasmSandbox box : List.of(chicory, wasmtime)) {
      byte[] fits = depth((int) maxDepth);
      assertThat(box.execute(WasmJob.of(module).input(fits).stackBytes(budget)).block(Duration.ofSeconds(60)).output())
          .isEqualTo(fits);
      assertThatThrownBy(() -> box.execute(WasmJob.of(module).input(depth((int) maxDepth + 1)).stackBytes(budget))
          .block(Duration.ofSeconds(60)))
          .isInstanceOfSatisfying(LimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(Limit.STACK))
          .hasMessageContaining("wasm stack budget of " + budget + " bytes used up");
    }
  }

  @Provide
  Arbitrary<Integer> budgets() {
    return Arbitraries.integers().between(64 * 1024, 512 * 1024);
  }

  static byte[] depth(int n) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array();
  }

  /** Operands the caller of {@code chain[i]} pushes as arguments; the last link passes N to down. */
  private static int argsOfNext(List<Shape> chain, int i) {
    return i + 1 < chain.size() ? chain.get(i + 1).params().length : 1;
  }

  static long runCost(List<Shape> chain) {
    return 64 + 8L * (2 + Math.max(chain.get(0).params().length, 2));
  }

  static long chainCost(List<Shape> chain) {
    long sum = 0;
    for (int i = 0; i < chain.size(); i++) {
      Shape s = chain.get(i);
      sum += 64 + 8L * (s.params().length + s.locals() + s.extra() + Math.max(argsOfNext(chain, i), 1));
    }
    return sum;
  }

  /** Functions: 0 alloc, 1 run, 2 down, 3.. the chain. Types: one per function. */
  static byte[] module(List<Shape> chain) {
    int k = chain.size();
    WasmWriter types = new WasmWriter().u32(3 + k);
    types.u8(0x60).u32(1).u8(I32).u32(1).u8(I32); // alloc
    types.u8(0x60).u32(2).u8(I32).u8(I32).u32(1).u8(I64); // run
    types.u8(0x60).u32(1).u8(I32).u32(1).u8(I32); // down
    for (Shape s : chain) {
      types.u8(0x60).u32(s.params().length).bytes(s.params()).u32(1).u8(I32);
    }
    WasmWriter funcs = new WasmWriter().u32(3 + k);
    for (int i = 0; i < 3 + k; i++) {
      funcs.u32(i);
    }
    WasmWriter exports = new WasmWriter().u32(3);
    exports.name("memory").u8(ParsedModule.KIND_MEMORY).u32(0);
    exports.name("alloc").u8(ParsedModule.KIND_FUNC).u32(0);
    exports.name("run").u8(ParsedModule.KIND_FUNC).u32(1);

    WasmWriter code = new WasmWriter().u32(3 + k);
    body(code, new WasmWriter().u32(0).u8(0x41).s64(1024).u8(0x0B)); // alloc: i32.const 1024
    WasmWriter run = new WasmWriter().u32(0);
    pushArgs(run, chain.get(0).params());
    run.u8(0x10).u32(3).u8(0x1A); // call f1; drop
    run.u8(0x20).u32(0).u8(0xAD).u8(0x42).u8(32).u8(0x86) // (i64 ptr) << 32
        .u8(0x20).u32(1).u8(0xAD).u8(0x84).u8(0x0B); // | (i64 len)
    body(code, run);
    // down(n): if n == 0 then 0 else down(n - 1) + 1 — 1 parameter, at most 2 operands
    body(code, new WasmWriter().u32(0).u8(0x20).u32(0).u8(0x45).u8(0x04).u8(I32).u8(0x41).u8(0)
        .u8(0x05).u8(0x20).u32(0).u8(0x41).u8(1).u8(0x6B).u8(0x10).u32(2).u8(0x41).u8(1).u8(0x6A)
        .u8(0x0B).u8(0x0B));
    for (int i = 0; i < k; i++) {
      Shape s = chain.get(i);
      WasmWriter f = new WasmWriter();
      if (s.locals() == 0) {
        f.u32(0);
      } else {
        f.u32(1).u32(s.locals()).u8(s.localType());
      }
      for (int e = 0; e < s.extra(); e++) {
        f.u8(0x41).u8(7); // operands held across the call
      }
      if (i + 1 < k) {
        pushArgs(f, chain.get(i + 1).params());
        f.u8(0x10).u32(4 + i);
      } else {
        f.u8(0x41).s64(1024).u8(0x28).u32(2).u32(0); // i32.load N from the input
        f.u8(0x10).u32(2);
      }
      for (int d = 0; d <= s.extra(); d++) {
        f.u8(0x1A);
      }
      f.u8(0x41).u8(0).u8(0x0B);
      body(code, f);
    }
    WasmWriter out = new WasmWriter().bytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    section(out, 1, types);
    section(out, 3, funcs);
    section(out, 5, new WasmWriter().u32(1).u8(0).u32(1));
    section(out, 7, exports);
    section(out, 10, code);
    return out.toByteArray();
  }

  private static void pushArgs(WasmWriter w, byte[] params) {
    for (byte p : params) {
      w.u8(p == I64 ? 0x42 : 0x41).u8(1);
    }
  }

  private static void body(WasmWriter code, WasmWriter body) {
    byte[] b = body.toByteArray();
    code.u32(b.length).bytes(b);
  }

  private static void section(WasmWriter out, int id, WasmWriter payload) {
    byte[] p = payload.toByteArray();
    out.u8(id).u32(p.length).bytes(p);
  }
}
