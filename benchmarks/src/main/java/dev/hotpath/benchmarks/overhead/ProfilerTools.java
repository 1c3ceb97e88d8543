package dev.hotpath.benchmarks.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The profilers under test on disk: the shaded hotpath agent jar and async-profiler's native library. */
record ProfilerTools(Path agentJar, Path asyncProfilerLibrary) {

  /** Checks the agent jar and extracts libasyncProfiler.so for this machine from the class path into {@code dir}. */
  static ProfilerTools prepare(Path agentJar, Path dir) throws IOException {
    if (!Files.isRegularFile(agentJar)) {
      throw new IllegalArgumentException("agent jar not found: " + agentJar.toAbsolutePath()
          + " (build it with: mvn -B -q -pl agent package -DskipTests, or pass --agent=PATH)");
    }
    String resource = nativeDirectory() + "/libasyncProfiler.so";
    Path library = dir.resolve("libasyncProfiler.so");
    try (InputStream in = ProfilerTools.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("async-profiler library " + resource + " is not on the class path");
      }
      Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
    }
    return new ProfilerTools(agentJar.toAbsolutePath(), library);
  }

  private static String nativeDirectory() {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    if (!os.startsWith("Linux")) {
      throw new IllegalStateException("the overhead benchmark runs on Linux only, this is " + os);
    }
    return arch.equals("aarch64") ? "linux-arm64" : "linux-x64";
  }
}
