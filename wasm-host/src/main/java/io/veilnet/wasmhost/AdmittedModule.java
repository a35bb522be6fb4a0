package io.veilnet.wasmhost;

/**
 * A module that passed admission on one runtime: validated, import-checked, instrumented and
 * compiled. Owned by the runtime that admitted it (and cached there by {@link #id()}); pass it
 * back only to that runtime.
 */
public interface AdmittedModule {
  ModuleId id();

  RuntimeKind runtime();

  /** Minimum linear memory the module needs, in 64 KiB pages. */
  int minMemoryPages();
}
