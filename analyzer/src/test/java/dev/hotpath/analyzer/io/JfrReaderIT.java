package dev.hotpath.analyzer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.profile.StackSample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records a real JFR file in this JVM (allocation, monitor contention, parking) and reads it back. */
class JfrReaderIT {
    private static final Object MONITOR = new Object();

    @TempDir
    static Path dir;

    private static Path recordingFile;

    @BeforeAll
    static void record() throws Exception {
        recordingFile = dir.resolve("events.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ObjectAllocationSample").with("throttle", "10000/s");
            recording
                    .enable("jdk.JavaMonitorEnter")
                    .withThreshold(Duration.ZERO)
                    .withStackTrace();
            recording.enable("jdk.ThreadPark").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            allocate();
            contend();
            LockSupport.parkNanos(20_000_000L);
            recording.stop();
            recording.dump(recordingFile);
        }
    }

    @Test
    void read_alloc_weighsSamplesInBytesWithTheTypeAsLeaf() throws Exception {
        SampleSet alloc = JfrReader.read(recordingFile, "alloc");

        assertThat(alloc.unit()).isEqualTo("bytes");
        assertThat(alloc.total()).isPositive();
        assertThat(alloc.samples())
                .anySatisfy(sample -> assertThat(Arrays.asList(sample.framesRootFirst()))
                        .contains(JfrReaderIT.class.getName() + ".allocate")
                        .last()
                        .isEqualTo("long[]"));
    }

    @Test
    void read_lock_hasMonitorWaitsAsBlockedAndParksAsWaiting() throws Exception {
        SampleSet lock = JfrReader.read(recordingFile, "lock");

        assertThat(lock.unit()).isEqualTo("nanoseconds");
        assertThat(lock.samples())
                .filteredOn(s -> s.threadState().equals("BLOCKED"))
                .anySatisfy(s -> assertThat(frames(s)).endsWith(JfrReaderIT.class.getName() + ".enterMonitor"));
        assertThat(lock.samples())
                .filteredOn(s -> s.threadState().equals("WAITING"))
                .anySatisfy(s -> assertThat(frames(s)).contains(JfrReaderIT.class.getName() + ".record"));
    }

    @Test
    void read_lambdaFrames_dropTheHiddenClassAddress() throws Exception {
        SampleSet lock = JfrReader.read(recordingFile, "lock");

        assertThat(lock.samples())
                .flatExtracting(s -> Arrays.asList(s.framesRootFirst()))
                .filteredOn(frame -> frame.contains("$$Lambda"))
                .isNotEmpty()
                .allSatisfy(frame -> assertThat(frame).matches(".*\\$\\$Lambda\\.[a-zA-Z]+"));
    }

    @Test
    void read_unknownType_isRejectedNamingIt() {
        assertThatThrownBy(() -> JfrReader.read(recordingFile, "heap")).hasMessageContaining("'heap'");
    }

    @Test
    void detect_recording_isJfr() throws Exception {
        assertThat(ProfileFiles.detect(recordingFile)).isEqualTo(ProfileFiles.Format.JFR);
    }

    private static void enterMonitor() {
        synchronized (MONITOR) {
            MONITOR.notifyAll();
        }
    }

    private static String frames(StackSample sample) {
        return String.join(";", sample.framesRootFirst());
    }

    private static void allocate() {
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            long[] block = new long[1024];
            block[i % block.length] = i;
            sum += block[(i * 7) % block.length];
        }
        assertThat(sum).isNotNegative();
    }

    private static void contend() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (MONITOR) {
                holding.countDown();
                LockSupport.parkNanos(100_000_000L);
            }
        });
        holder.start();
        holding.await();
        Thread waiter = new Thread(JfrReaderIT::enterMonitor);
        waiter.start();
        holder.join();
        waiter.join();
    }
}
