package io.veilnet.wasmhost.internal;

import io.veilnet.wasmhost.AdmissionException;
import java.util.Set;

/**
 * The admission policy shared by all runtimes: import allow-list, ABI exports, no start function,
 * one memory, no reserved names.
 */
public final class Admission {
  /** Imports the host defines, as {@code module.name}. The sandbox defines none today. */
  public static final Set<String> ALLOWED_IMPORTS = Set.of();

  private static final byte I32 = 0x7F;
  private static final byte I64 = 0x7E;

  private Admission() {}

  /** Parses structurally and checks policy; throws {@link AdmissionException} with the reason. */
  public static ParsedModule check(byte[] module) {
    ParsedModule m;
    try {
      m = ParsedModule.parse(module);
    } catch (MalformedModuleException e) {
      throw new AdmissionException("malformed module: " + e.getMessage());
    }
    for (ParsedModule.Import imp : m.imports()) {
      String qualified = imp.module() + "." + imp.name();
      if (imp.module().startsWith("wasi")) {
        throw new AdmissionException("forbidden import " + printable(qualified) + ": WASI is not available in the sandbox");
      }
      if (!ALLOWED_IMPORTS.contains(qualified)) {
        throw new AdmissionException(
            "forbidden import " + printable(qualified) + ": the host defines no such import (no WASI, network, file system or clock)");
      }
    }
    if (m.hasStart()) {
      throw new AdmissionException("ABI violation: start functions are not allowed (do setup in run)");
    }
    if (m.definedMemories().size() != 1 || m.importedMemories() != 0) {
      throw new AdmissionException("ABI violation: the module must define exactly one memory, found "
          + (m.definedMemories().size() + m.importedMemories()));
    }
    boolean memory = false;
    boolean alloc = false;
    boolean run = false;
    for (ParsedModule.Export e : m.exports()) {
      if (e.name().startsWith("__veilnet")) {
        throw new AdmissionException("ABI violation: export name " + printable(e.name()) + " is reserved");
      }
      checkIndex(m, e);
      switch (e.name()) {
        case "memory" -> {
          if (e.kind() != ParsedModule.KIND_MEMORY || e.index() != 0) {
            throw new AdmissionException("ABI violation: export 'memory' must be memory 0");
          }
          memory = true;
        }
        case "alloc" -> {
          requireFunc(m, e, new byte[] {I32}, new byte[] {I32}, "alloc(i32) -> i32");
          alloc = true;
        }
        case "run" -> {
          requireFunc(m, e, new byte[] {I32, I32}, new byte[] {I64}, "run(i32, i32) -> i64");
          run = true;
        }
        default -> { }
      }
    }
    if (!memory || !alloc || !run) {
      throw new AdmissionException("ABI violation: missing export "
          + (!memory ? "'memory'" : !alloc ? "'alloc'" : "'run'"));
    }
    return m;
  }

  private static void checkIndex(ParsedModule m, ParsedModule.Export e) {
    long bound = switch (e.kind()) {
      case ParsedModule.KIND_FUNC -> (long) m.importedFuncs + m.definedFuncTypes.length;
      case ParsedModule.KIND_MEMORY -> (long) m.importedMemories() + m.definedMemories().size();
      case ParsedModule.KIND_GLOBAL -> (long) m.importedGlobals + m.definedGlobals;
      default -> Long.MAX_VALUE; // tables and tags: left to the validator
    };
    if (e.index() >= bound) {
      throw new AdmissionException("malformed module: export " + printable(e.name()) + " refers to a missing item");
    }
  }

  private static void requireFunc(ParsedModule m, ParsedModule.Export e, byte[] p, byte[] r, String sig) {
    ParsedModule.FuncType t = e.kind() == ParsedModule.KIND_FUNC ? m.functionType(e.index()) : null;
    if (t == null || !t.is(p, r)) {
      throw new AdmissionException("ABI violation: export '" + e.name() + "' must be " + sig);
    }
  }

  /** Module-supplied names go into messages; keep them short and printable. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < 80; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.toString();
  }
}
