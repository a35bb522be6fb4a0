package io.veilnet.wasmhost.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A structural parse of a WASM binary: its sections kept as byte ranges plus the facts admission
 * needs (imports, exports, function types, memory limits). Does not validate instruction typing;
 * that is left to the runtime's validator.
 */
public final class ParsedModule {
  static final int SEC_CUSTOM = 0;
  static final int SEC_TYPE = 1;
  static final int SEC_IMPORT = 2;
  static final int SEC_FUNCTION = 3;
  static final int SEC_TABLE = 4;
  static final int SEC_MEMORY = 5;
  static final int SEC_GLOBAL = 6;
  static final int SEC_EXPORT = 7;
  static final int SEC_START = 8;
  static final int SEC_ELEMENT = 9;
  static final int SEC_CODE = 10;
  static final int SEC_DATA = 11;
  static final int SEC_DATACOUNT = 12;
  static final int SEC_TAG = 13;

  /** Kinds used in import and export entries. */
  public static final int KIND_FUNC = 0;
  public static final int KIND_TABLE = 1;
  public static final int KIND_MEMORY = 2;
  public static final int KIND_GLOBAL = 3;
  public static final int KIND_TAG = 4;

  /** A function signature as raw value-type bytes. */
  public record FuncType(byte[] params, byte[] results) {
    public boolean is(byte[] p, byte[] r) {
      return Arrays.equals(params, p) && Arrays.equals(results, r);
    }
  }

  public record Import(String module, String name, int kind) {}

  public record Export(String name, int kind, int index) {}

  /** Memory limits in 64 KiB pages; {@code maxPages} is -1 when the module declares none. */
  public record MemoryLimits(int minPages, int maxPages) {}

  record Section(int id, int from, int to) {}

  final byte[] bytes;
  final List<Section> sections;
  final List<FuncType> types;
  final List<Import> imports;
  final List<Export> exports;
  final int[] definedFuncTypes;
  final int importedFuncs;
  final int importedGlobals;
  final int definedGlobals;
  final List<MemoryLimits> definedMemories;
  final int importedMemories;
  final boolean hasStart;

  private ParsedModule(Builder b) {
    this.bytes = b.bytes;
    this.sections = List.copyOf(b.sections);
    this.types = List.copyOf(b.types);
    this.imports = List.copyOf(b.imports);
    this.exports = List.copyOf(b.exports);
    this.definedFuncTypes = b.definedFuncTypes;
    this.importedFuncs = b.importedFuncs;
    this.importedGlobals = b.importedGlobals;
    this.definedGlobals = b.definedGlobals;
    this.definedMemories = List.copyOf(b.memories);
    this.importedMemories = b.importedMemories;
    this.hasStart = b.hasStart;
  }

  public List<Import> imports() {
    return imports;
  }

  public List<Export> exports() {
    return exports;
  }

  public List<MemoryLimits> definedMemories() {
    return definedMemories;
  }

  public int importedMemories() {
    return importedMemories;
  }

  public boolean hasStart() {
    return hasStart;
  }

  /** The signature of function {@code index} (imports first), or null if out of range. */
  public FuncType functionType(int index) {
    if (index < importedFuncs) {
      return null; // imported functions are never ABI exports we call
    }
    int d = index - importedFuncs;
    if (d >= definedFuncTypes.length) {
      return null;
    }
    int t = definedFuncTypes[d];
    return t < types.size() ? types.get(t) : null;
  }

  Section section(int id) {
    for (Section s : sections) {
      if (s.id == id) {
        return s;
      }
    }
    return null;
  }

  /** Parses the section structure and admission facts; throws {@link MalformedModuleException}. */
  public static ParsedModule parse(byte[] bytes) {
    if (bytes.length < 8
        || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
      throw new MalformedModuleException("not a WASM module (bad magic)");
    }
    if (bytes[4] != 1 || bytes[5] != 0 || bytes[6] != 0 || bytes[7] != 0) {
      throw new MalformedModuleException("unsupported WASM binary version");
    }
    Builder b = new Builder(bytes);
    WasmReader r = new WasmReader(bytes, 8, bytes.length);
    int lastRank = -1;
    while (r.hasMore()) {
      int id = r.u8();
      int size = r.u32();
      int from = r.pos();
      r.skip(size);
      int to = r.pos();
      if (id > SEC_TAG) {
        throw new MalformedModuleException("unknown section id " + id);
      }
      if (id != SEC_CUSTOM) {
        int rank = rank(id);
        if (rank <= lastRank) {
          throw new MalformedModuleException("section " + id + " out of order or repeated");
        }
        lastRank = rank;
      }
      b.sections.add(new Section(id, from, to));
      WasmReader s = new WasmReader(bytes, from, to);
      switch (id) {
        case SEC_TYPE -> b.parseTypes(s);
        case SEC_IMPORT -> b.parseImports(s);
        case SEC_FUNCTION -> b.parseFunctions(s);
        case SEC_MEMORY -> b.parseMemories(s);
        case SEC_GLOBAL -> b.definedGlobals = s.u32();
        case SEC_EXPORT -> b.parseExports(s);
        case SEC_START -> b.hasStart = true;
        default -> { }
      }
    }
    return new ParsedModule(b);
  }

  static int rank(int id) {
    return switch (id) {
      case SEC_TYPE -> 1;
      case SEC_IMPORT -> 2;
      case SEC_FUNCTION -> 3;
      case SEC_TABLE -> 4;
      case SEC_MEMORY -> 5;
      case SEC_TAG -> 6;
      case SEC_GLOBAL -> 7;
      case SEC_EXPORT -> 8;
      case SEC_START -> 9;
      case SEC_ELEMENT -> 10;
      case SEC_DATACOUNT -> 11;
      case SEC_CODE -> 12;
      case SEC_DATA -> 13;
      default -> throw new IllegalArgumentException("no rank for section " + id);
    };
  }

  static MemoryLimits readLimits(WasmReader r) {
    int flags = r.u8();
    return switch (flags) {
      case 0x00 -> new MemoryLimits(r.u32(), -1);
      case 0x01 -> new MemoryLimits(r.u32(), r.u32());
      case 0x02, 0x03 -> throw new MalformedModuleException("shared memories are not supported");
      default -> throw new MalformedModuleException("unsupported memory limits flags 0x" + Integer.toHexString(flags));
    };
  }

  private static final class Builder {
    final byte[] bytes;
    final List<Section> sections = new ArrayList<>();
    final List<FuncType> types = new ArrayList<>();
    final List<Import> imports = new ArrayList<>();
    final List<Export> exports = new ArrayList<>();
    final List<MemoryLimits> memories = new ArrayList<>();
    int[] definedFuncTypes = new int[0];
    int importedFuncs;
    int importedGlobals;
    int importedMemories;
    int definedGlobals;
    boolean hasStart;

    Builder(byte[] bytes) {
      this.bytes = bytes;
    }

    void parseTypes(WasmReader r) {
      int n = r.u32();
      for (int i = 0; i < n; i++) {
        int form = r.u8();
        if (form != 0x60) {
          throw new MalformedModuleException("unsupported type form 0x" + Integer.toHexString(form));
        }
        types.add(new FuncType(valTypes(r), valTypes(r)));
      }
    }

    private byte[] valTypes(WasmReader r) {
      int n = r.u32();
      if (n > 1000) {
        throw new MalformedModuleException("too many parameters or results: " + n);
      }
      byte[] v = new byte[n];
      for (int i = 0; i < n; i++) {
        v[i] = (byte) r.u8();
      }
      return v;
    }

    void parseImports(WasmReader r) {
      int n = r.u32();
      for (int i = 0; i < n; i++) {
        String module = r.name();
        String name = r.name();
        int kind = r.u8();
        switch (kind) {
          case KIND_FUNC -> {
            r.u32();
            importedFuncs++;
          }
          case KIND_TABLE -> {
            r.u8();
            readLimits(r);
          }
          case KIND_MEMORY -> {
            readLimits(r);
            importedMemories++;
          }
          case KIND_GLOBAL -> {
            r.u8();
            r.u8();
            importedGlobals++;
          }
          case KIND_TAG -> {
            r.u8();
            r.u32();
          }
          default -> throw new MalformedModuleException("unknown import kind " + kind);
        }
        imports.add(new Import(module, name, kind));
      }
    }

    void parseFunctions(WasmReader r) {
      int n = r.u32();
      if (n > 1_000_000) {
        throw new MalformedModuleException("too many functions: " + n);
      }
      definedFuncTypes = new int[n];
      for (int i = 0; i < n; i++) {
        definedFuncTypes[i] = r.u32();
      }
    }

    void parseMemories(WasmReader r) {
      int n = r.u32();
      for (int i = 0; i < n; i++) {
        memories.add(readLimits(r));
      }
    }

    void parseExports(WasmReader r) {
      int n = r.u32();
      for (int i = 0; i < n; i++) {
        String name = r.name();
        int kind = r.u8();
        int index = r.u32();
        exports.add(new Export(name, kind, index));
      }
    }
  }

  @Override
  public String toString() {
    return "ParsedModule[" + bytes.length + " bytes, " + sections.size() + " sections]";
  }
}
