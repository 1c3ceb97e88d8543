package dev.hotpath.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container path for real: a JVM whose perf_event_open is refused (by a seccomp filter, as
 * Docker's default profile does) still samples CPU, with a CPU timer.
 */
class CpuFallbackIT {
    /** Execs its arguments with perf_event_open failing with EACCES. */
    private static final String NO_PERF_LAUNCHER = """
      #include <errno.h>
      #include <stddef.h>
      #include <stdio.h>
      #include <unistd.h>
      #include <linux/filter.h>
      #include <linux/seccomp.h>
      #include <sys/prctl.h>
      #include <sys/syscall.h>

      int main(int argc, char **argv) {
        struct sock_filter filter[] = {
          BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
          BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_perf_event_open, 0, 1),
          BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (EACCES & SECCOMP_RET_DATA)),
          BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
        };
        struct sock_fprog program = { .len = 4, .filter = filter };
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program)) {
          perror("seccomp");
          return 1;
        }
        execvp(argv[1], argv + 1);
        perror("exec");
        return 1;
      }
      """;

    @TempDir
    Path tmp;

    @Test
    void asyncEngine_perfEventsRefused_samplesCpuWithTimer() throws Exception {
        Path source = tmp.resolve("noperf.c");
        Path launcher = tmp.resolve("noperf");
        Files.write(source, NO_PERF_LAUNCHER.getBytes(StandardCharsets.UTF_8));
        Process compile = new ProcessBuilder("cc", "-o", launcher.toString(), source.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(compile.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(compile.exitValue())
                .as("cc noperf.c: %s", new String(compile.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        Path probeTmp = Files.createDirectory(tmp.resolve("probe"));

        String output = ProbeProcess.run(probeTmp, "async", launcher.toString());

        assertThat(output).contains("engine=SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER", "CPU=");
        assertThat(ProbeProcess.burnSamples(output)).as(output).isGreaterThan(30);
    }
}
