package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading async-profiler from the nested jar, and cleaning up after dead JVMs. */
class AsyncProfilerLibraryTest {

    @Test
    void platformDirectory_supportedPlatforms_nameTheNestedFolder() {
        assertThat(AsyncProfilerLibrary.platformDirectory("Linux", "amd64")).isEqualTo("linux-x64");
        assertThat(AsyncProfilerLibrary.platformDirectory("Linux", "aarch64")).isEqualTo("linux-arm64");
        assertThat(AsyncProfilerLibrary.platformDirectory("Mac OS X", "aarch64"))
                .isEqualTo("macos");
    }

    @Test
    void platformDirectory_unsupportedPlatform_rejectedNamingIt() {
        assertThatThrownBy(() -> AsyncProfilerLibrary.platformDirectory("Windows 11", "amd64"))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("async-profiler has no native library for Windows 11/amd64");
        assertThatThrownBy(() -> AsyncProfilerLibrary.platformDirectory("Linux", "riscv64"))
                .hasMessageContaining("Linux/riscv64");
    }

    @Test
    void sweepDeadWorkDirs_deadAndLiveOwners_deletesOnlyTheDeadOnes(@TempDir Path tmp) throws Exception {
        Path dead = Files.createDirectory(tmp.resolve(AsyncProfilerLibrary.WORK_DIR_PREFIX + "41-123"));
        Files.write(dead.resolve("recording-7.jfr"), new byte[] {1, 2, 3});
        Path live = Files.createDirectory(tmp.resolve(AsyncProfilerLibrary.WORK_DIR_PREFIX + "42-456"));
        Path unrelated = Files.createDirectory(tmp.resolve(AsyncProfilerLibrary.WORK_DIR_PREFIX + "old-style"));

        AsyncProfilerLibrary.sweepDeadWorkDirs(tmp, pid -> pid == 42);

        assertThat(dead).doesNotExist();
        assertThat(live).isDirectory();
        assertThat(unrelated).isDirectory();
    }

    @Test
    void load_onThisHost_leavesOnlyItsEmptyWorkDirectoryBehind() throws Exception {
        AsyncProfilerLibrary library = AsyncProfilerLibrary.load();
        File recording = library.newRecordingFile();

        assertThat(library.version()).isEqualTo("4.2");
        // The extracted jar and native library are deleted once loaded.
        assertThat(recording.getParentFile()).isDirectory();
        assertThat(recording.getParentFile().list()).isEmpty();
        assertThat(AsyncProfilerLibrary.load()).isSameAs(library);
    }
}
