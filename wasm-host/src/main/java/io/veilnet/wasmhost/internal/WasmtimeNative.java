package io.veilnet.wasmhost.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads wasmtime-java's JNI library from a persistent cache directory, extracting it there once,
 * instead of letting wasmtime-java copy 18 MB to a new /tmp file on every JVM start.
 *
 * <p>wasmtime-java's own {@code NativeLibraryLoader} first tries {@code System.loadLibrary} (works
 * if the library is on {@code java.library.path}) and otherwise extracts to a temp file; it skips
 * both when its private {@code loaded} flag is set. We load the cached copy with
 * {@link System#load} and set that flag before the loader class is initialised (a static-field
 * write that does not trigger class initialisation). If that is not possible the library's default
 * behaviour applies unchanged.
 *
 * <p>Cache directory: system property {@value #DIR_PROPERTY}, else environment variable
 * {@value #DIR_ENV}, else {@code ~/.cache/veilnet/wasmtime-jni}. Process-wide by nature (a native
 * library is loaded once per class loader).
 */
public final class WasmtimeNative {
  public static final String DIR_PROPERTY = "veilnet.wasmtime.cacheDir";
  public static final String DIR_ENV = "VEILNET_WASMTIME_CACHE_DIR";
  private static final String LOADER = "io.github.kawamuray.wasmtime.NativeLibraryLoader";
  private static final Logger log = LoggerFactory.getLogger(WasmtimeNative.class);
  private static Path loadedFrom;

  private WasmtimeNative() {}

  /** Loads the library once per class loader; returns the path used, or null if wasmtime-java loaded it. */
  public static synchronized Path ensureLoaded() {
    if (loadedFrom != null) {
      return loadedFrom;
    }
    String resource = resourceName();
    if (resource == null) {
      return null; // unknown platform: wasmtime-java's own loader decides
    }
    URL url = WasmtimeNative.class.getResource("/" + resource);
    if (url == null) {
      return null;
    }
    Path dir = cacheDir();
    Path target = dir.resolve(resource);
    try {
      Files.createDirectories(dir);
      long expected = size(url);
      if (!Files.isRegularFile(target) || (expected >= 0 && Files.size(target) != expected)) {
        Path tmp = Files.createTempFile(dir, resource, ".part");
        try (InputStream in = url.openStream()) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
          Files.deleteIfExists(tmp);
        }
        log.info("extracted wasmtime JNI library to {}", target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cache the wasmtime JNI library in " + dir, e);
    }
    System.load(target.toAbsolutePath().toString());
    markLoaded();
    loadedFrom = target;
    return target;
  }

  static Path cacheDir() {
    String p = System.getProperty(DIR_PROPERTY);
    if (p == null || p.isBlank()) {
      p = System.getenv(DIR_ENV);
    }
    if (p == null || p.isBlank()) {
      return Paths.get(System.getProperty("user.home"), ".cache", "veilnet", "wasmtime-jni");
    }
    return Paths.get(p);
  }

  private static long size(URL url) throws IOException {
    URLConnection c = url.openConnection();
    c.setUseCaches(false);
    long n = c.getContentLengthLong();
    c.getInputStream().close(); // release the jar entry stream opened by getContentLengthLong
    return n;
  }

  private static String resourceName() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String o;
    String ext;
    if (os.contains("linux")) {
      o = "linux";
      ext = ".so";
    } else if (os.contains("mac")) {
      o = "macos";
      ext = ".dylib";
    } else {
      return null;
    }
    String a = switch (arch) {
      case "amd64", "x86_64" -> "x86_64";
      case "aarch64", "arm64" -> "aarch64";
      default -> null;
    };
    if (a == null) {
      return null;
    }
    return "libwasmtime_jni_" + version() + "_" + o + "_" + a + ext;
  }

  private static String version() {
    try (InputStream in = WasmtimeNative.class.getResourceAsStream("/wasmtime-java-meta.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("jnilib.version", "0.19.0");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets NativeLibraryLoader.loaded = true without initialising the class (which would load again). */
  private static void markLoaded() {
    try {
      Class<?> loader = Class.forName(LOADER, false, WasmtimeNative.class.getClassLoader());
      Field loaded = loader.getDeclaredField("loaded");
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Object unsafe = theUnsafe.get(null);
      Method base = unsafeClass.getMethod("staticFieldBase", Field.class);
      Method offset = unsafeClass.getMethod("staticFieldOffset", Field.class);
      Method put = unsafeClass.getMethod("putBooleanVolatile", Object.class, long.class, boolean.class);
      put.invoke(unsafe, base.invoke(unsafe, loaded), offset.invoke(unsafe, loaded), true);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot pre-load the wasmtime JNI library", e);
    }
  }
}
