package io.veilnet.engine.cli;

/**
 * A top-level launcher command contributed by a module that sits above {@code engine} (for
 * example {@code bench}). Implementations are found with {@link java.util.ServiceLoader}; {@link
 * #command()} returns a fresh picocli-annotated command object.
 */
public interface CliExtension {
  Object command();
}
