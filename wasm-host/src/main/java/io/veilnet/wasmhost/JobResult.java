package io.veilnet.wasmhost;

import java.time.Duration;

/**
 * The outcome of one (sub-)job.
 *
 * @param moduleId the module's content id
 * @param chunk index of the chunk (0 for an unchunked job)
 * @param output output bytes; ciphertext when the job used a tunnel
 * @param encrypted whether {@code output} is tunnel ciphertext
 * @param fuelUsed fuel burned (identical on every runtime)
 * @param elapsed wall time on the worker, admission included
 */
public record JobResult(ModuleId moduleId, int chunk, byte[] output, boolean encrypted, long fuelUsed, Duration elapsed) {
  @Override
  public String toString() {
    return "JobResult[" + moduleId + ", chunk " + chunk + ", " + output.length + " bytes"
        + (encrypted ? " encrypted" : "") + ", fuel=" + fuelUsed + ", " + elapsed + "]";
  }
}
