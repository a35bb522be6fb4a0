package io.veilnet.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veilnet demo --json} in-process: the JSON contract external checks rely on. */
class DemoCommandIT {

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\"[^\"]*\"|[^,}]+)").matcher(json);
    assertThat(m.find()).as("field %s in %s", name, json).isTrue();
    return m.group(1).replace("\"", "");
  }

  @Test
  void demoJson_printsOneObjectWithTheContractFields_andVerifiedTrue(@TempDir Path tmp) throws Exception {
    byte[] data = new byte[1_500_000];
    new java.util.Random(1).nextBytes(data);
    Path file = tmp.resolve("input.bin");
    Files.write(file, data);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));

    VeilnetCliTest.Run r = VeilnetCliTest.run("demo", "--json", "--nodes", "7", "--kill", "2", "--file", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    String json = r.out().strip();
    assertThat(json.lines().count()).as("exactly one JSON object on stdout").isEqualTo(1);
    assertThat(json).startsWith("{").endsWith("}");
    assertThat(field(json, "nodes")).isEqualTo("7");
    assertThat(field(json, "killed")).isEqualTo("2");
    assertThat(field(json, "file_bytes")).isEqualTo("1500000");
    assertThat(field(json, "file_sha256")).isEqualTo(sha);
    assertThat(field(json, "retrieved_sha256")).isEqualTo(sha);
    assertThat(field(json, "verified")).isEqualTo("true");
    assertThat(Long.parseLong(field(json, "put_ms"))).isPositive();
    assertThat(Long.parseLong(field(json, "get_ms"))).isPositive();
    assertThat(field(json, "job_ok")).isEqualTo("true");
    assertThat(Integer.parseInt(field(json, "lookup_rounds_p50"))).isGreaterThanOrEqualTo(1);
    assertThat(Integer.parseInt(field(json, "blobs_lost"))).as("the stopped nodes held shards").isPositive();
    assertThat(r.err()).contains("stopped 2 nodes", "bytes match", "digest matches");
  }
}
