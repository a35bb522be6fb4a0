package io.veilnet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Short {@code bench rpc} run: a child-JVM load generator against a loopback node and echo. */
class RpcBenchIT {
  @Test
  void pingLoadFromAChildJvm_reportsPerCoreRatesForBothPhases() {
    Map<String, Object> r = RpcBench.run(new RpcBench.Options("ping", 2, List.of(1, 8)),
        Progress.none());
    for (String name : List.of("pairs_per_sec_per_core", "raw_udp_echo_pairs_per_sec_per_core",
        "ratio")) {
      assertThat(((Number) r.get(name)).doubleValue()).as(name).isPositive().isFinite();
    }
    assertThat((List<?>) r.get("steps")).hasSize(4);
    assertThat(Json.write(r)).contains("\"pairs_per_sec_per_core\": ", "\"ratio\": ");
  }
}
