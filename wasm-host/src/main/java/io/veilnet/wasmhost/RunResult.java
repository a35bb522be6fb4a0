package io.veilnet.wasmhost;

/**
 * The output of one {@code run} call and the fuel it burned (the same on every runtime).
 *
 * @param output output bytes (owned by the caller)
 * @param fuelUsed fuel units charged, including {@code alloc}
 */
public record RunResult(byte[] output, long fuelUsed) {
  @Override
  public String toString() {
    return "RunResult[" + output.length + " bytes, fuel=" + fuelUsed + "]";
  }
}
