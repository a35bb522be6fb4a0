package io.veilnet.wasmhost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.veilnet.wasmhost.AdmissionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  static byte[] wasm(String name) throws IOException {
    try (InputStream in = AdmissionTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      return in.readAllBytes();
    }
  }

  @Test
  void badMagic_andVersion_areMalformed() {
    assertThatThrownBy(() -> Admission.check(new byte[] {1, 2, 3})).isInstanceOf(AdmissionException.class)
        .hasMessage("module rejected: malformed module: not a WASM module (bad magic)");
    assertThatThrownBy(() -> Admission.check(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}))
        .hasMessageContaining("unsupported WASM binary version");
  }

  @Test
  void truncatedSection_isMalformed() throws IOException {
    byte[] echo = wasm("echo_upper");
    assertThatThrownBy(() -> Admission.check(Arrays.copyOf(echo, echo.length - 3)))
        .isInstanceOf(AdmissionException.class).hasMessageContaining("malformed module");
  }

  @Test
  void overlongLeb_isMalformed() {
    byte[] m = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0};
    assertThatThrownBy(() -> Admission.check(m)).hasMessageContaining("malformed");
  }

  @Test
  void sectionsOutOfOrder_areMalformed() {
    // export section (7, empty) then type section (1, empty)
    byte[] m = {0, 'a', 's', 'm', 1, 0, 0, 0, 7, 1, 0, 1, 1, 0};
    assertThatThrownBy(() -> Admission.check(m)).hasMessageContaining("out of order");
  }

  @Test
  void simdInstruction_isRejectedByTheInstrumenter() {
    // body: no locals, 0xFD 0x0C (v128.const ...) is not accepted
    byte[] body = {0, (byte) 0xFD, 0x0C, 0x0B};
    ParsedModule m = ParsedModule.parse(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0});
    assertThatThrownBy(() -> Instrumenter.instrumentBody(m, body, 0, body.length,
        new Instrumenter.Globals(0, 1, 0, true), m.types.get(0), -1))
        .isInstanceOf(MalformedModuleException.class).hasMessageContaining("unsupported instruction 0xfd");
  }

  @Test
  void instrumentedModule_isValidAndExportsTheCounters() throws IOException {
    for (boolean importMemory : new boolean[] {false, true}) {
      byte[] out = Instrumenter.instrument(Admission.check(wasm("echo_upper")), importMemory);
      WasmModule m = Parser.parse(out);
      assertThat(m.exportSection().exportCount()).isEqualTo(3 + 9);
      ParsedModule again = ParsedModule.parse(out);
      assertThat(again.exports()).extracting(ParsedModule.Export::name)
          .contains("memory", "alloc", "run", Instrumenter.FUEL_EXPORT, Instrumenter.OOM_EXPORT,
              Instrumenter.FUEL_GET_EXPORT, Instrumenter.FUEL_SET_EXPORT, Instrumenter.OOM_GET_EXPORT,
              Instrumenter.STACK_EXPORT, Instrumenter.STACK_GET_EXPORT);
      assertThat(again.importedMemories()).isEqualTo(importMemory ? 1 : 0);
      assertThat(again.definedMemories()).hasSize(importMemory ? 0 : 1);
    }
  }

  @Test
  void reservedExportNames_andStartFunctions_areRejected() {
    // (module (memory 1) (func) (start 0)) with ABI exports missing: start is checked first
    byte[] m = {0, 'a', 's', 'm', 1, 0, 0, 0,
        1, 4, 1, 0x60, 0, 0, // type () -> ()
        3, 2, 1, 0, // one function of type 0
        5, 3, 1, 0, 1, // memory min 1
        8, 1, 0, // start 0
        10, 4, 1, 2, 0, 0x0B};
    assertThatThrownBy(() -> Admission.check(m)).hasMessageContaining("start functions are not allowed");
  }
}
