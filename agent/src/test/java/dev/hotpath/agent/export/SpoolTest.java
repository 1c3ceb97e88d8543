package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final long MIB = 1024 * 1024;
    private static final long LATER = System.nanoTime() + 3_600_000_000_000L;

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final StderrLog log = new StderrLog(new PrintStream(logged, true));

    @Test
    void open_missingDirectory_createsItOwnerOnly() throws Exception {
        Path dir = tmp.resolve("a/b/spool");

        Spool.open(dir, "checkout", MIB);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
    }

    @Test
    void open_directoryOthersMayRead_isRefusedNamingChmod() throws Exception {
        Path dir = Files.createDirectory(
                tmp.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> Spool.open(dir, "checkout", MIB))
                .hasMessageContaining("rwxr-xr-x")
                .hasMessageContaining("chmod 700 " + dir);
    }

    @Test
    void open_parentOthersMayWriteWithoutStickyBit_isRefused() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> Spool.open(parent.resolve("spool"), "checkout", MIB))
                .hasMessageContaining("its parent " + parent + " may be written by group or others (mode 777");
    }

    @Test
    void open_parentOthersMayWriteWithStickyBit_isAccepted() throws Exception {
        Path parent = Files.createDirectory(tmp.resolve("like-tmp"));
        Process chmod = new ProcessBuilder("chmod", "1777", parent.toString()).start();
        assertThat(chmod.waitFor()).isZero();

        assertThat(Spool.open(parent.resolve("spool"), "checkout", MIB).directory())
                .isEqualTo(parent.resolve("spool"));
    }

    @Test
    void open_throughASymbolicLink_keepsTheRealPathSoASwappedLinkRedirectsNothing() throws Exception {
        Path real = tmp.resolve("real");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        Files.createDirectory(real, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Spool spool = Spool.open(link, "checkout", MIB);
        Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.delete(link);
        Files.createSymbolicLink(link, elsewhere);

        spool.write(Collections.singletonList(report("checkout", 1_000)), LATER);

        assertThat(spoolFiles(real)).hasSize(1);
        assertThat(spoolFiles(elsewhere)).isEmpty();
    }

    @Test
    void open_aFileInsteadOfADirectory_isRefused() throws Exception {
        Path file = Files.createFile(tmp.resolve("file"));

        assertThatThrownBy(() -> Spool.open(file, "checkout", MIB)).hasMessage("not a directory");
    }

    @Test
    void writeThenClaim_reportsComeBackOldestFirstWithTheirIds_andGoOnceDelivered() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        Report first = report("checkout", 1_000);
        Report second = report("checkout", 2_000);

        Spool.Written written = spool.write(Arrays.asList(first, second), LATER);

        assertThat(written.files).isEqualTo(2);
        assertThat(written.bytes).isEqualTo(written.directoryBytes).isPositive();
        try (SpoolClaim claim = spool.claim(log)) {
            assertThat(claim.waiting()).containsExactly(2, written.bytes);
            SpoolClaim.Spooled a = claim.next(MIB);
            assertThat(a.report).isEqualTo(first);
            claim.delivered(a);
            SpoolClaim.Spooled b = claim.next(MIB);
            assertThat(b.report).isEqualTo(second);
            claim.delivered(b);
            assertThat(claim.next(MIB)).isNull();
            assertThat(claim.delivered()).isEqualTo(2);
        }
        assertThat(spoolFiles(spool.directory())).isEmpty();
    }

    @Test
    void next_beforeDelivered_returnsTheSameReportAgain() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        spool.write(Arrays.asList(report("checkout", 1_000), report("checkout", 2_000)), LATER);

        try (SpoolClaim claim = spool.claim(log)) {
            String id = claim.next(MIB).report.getReportId();

            assertThat(claim.next(MIB).report.getReportId()).isEqualTo(id);
        }
    }

    @Test
    void write_overTheLimit_dropsTheGroupsOldestFilesFirstAndCountsThem() throws Exception {
        Path dir = tmp.resolve("spool");
        long oneFile = SpoolFile.encode(report("checkout", 1_000)).length;
        Spool spool = Spool.open(dir, "checkout", oneFile * 3 + oneFile / 2);
        spool.write(
                Arrays.asList(report("checkout", 1_000), report("checkout", 2_000), report("checkout", 3_000)), LATER);

        Report newest = report("checkout", 4_000);
        Report newer = report("checkout", 5_000);
        Spool.Written written = spool.write(Arrays.asList(newest, newer), LATER);

        assertThat(written.files).isEqualTo(2);
        assertThat(written.droppedOldest).isEqualTo(2);
        assertThat(written.directoryBytes).isLessThanOrEqualTo(spool.limitBytes());
        assertThat(windowEnds(spool)).containsExactly(4_000L, 5_000L, 6_000L);
    }

    @Test
    void write_otherGroupsFillTheLimit_leavesTheirFilesAndDoesNotWrite() throws Exception {
        Path dir = tmp.resolve("spool");
        long oneFile = SpoolFile.encode(report("billing", 1_000)).length;
        Spool billing = Spool.open(dir, "billing", oneFile * 2 + oneFile / 2);
        billing.write(Arrays.asList(report("billing", 1_000), report("billing", 2_000)), LATER);
        Spool checkout = Spool.open(dir, "checkout", oneFile * 2 + oneFile / 2);

        Spool.Written written = checkout.write(Collections.singletonList(report("checkout", 3_000)), LATER);

        assertThat(written.files).isZero();
        assertThat(written.notWritten).isEqualTo(1);
        assertThat(windowEnds(billing)).hasSize(2);
    }

    @Test
    void write_aReportLargerThanTheWholeLimit_isNotWrittenAndCounted() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", 10);

        Spool.Written written = spool.write(Collections.singletonList(report("checkout", 1_000)), LATER);

        assertThat(written.notWritten).isEqualTo(1);
        assertThat(spoolFiles(spool.directory())).isEmpty();
    }

    @Test
    void write_deadlinePassed_writesNothingMoreAndCountsIt() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);

        Spool.Written written =
                spool.write(Arrays.asList(report("checkout", 1_000), report("checkout", 2_000)), System.nanoTime() - 1);

        assertThat(written.files).isZero();
        assertThat(written.outOfTime).isEqualTo(2);
        assertThat(spoolFiles(spool.directory())).isEmpty();
    }

    @Test
    void write_hostDefaultLocaleWithOtherDigits_namesStillReadBack() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("th-TH-u-nu-thai"));
        try {
            Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
            spool.write(Collections.singletonList(report("checkout", 1_000)), LATER);

            assertThat(windowEnds(spool)).containsExactly(2_000L);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void write_leavesNoTemporaryFile_andFilesAreOwnerOnly() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);

        spool.write(Collections.singletonList(report("checkout", 1_000)), LATER);

        try (Stream<Path> files = Files.list(spool.directory())) {
            List<Path> all = files.collect(Collectors.toList());
            assertThat(all).hasSize(1);
            assertThat(all.get(0).getFileName().toString()).endsWith(SpoolFile.SUFFIX);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(all.get(0))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void next_aTornWriteLeftAsTemporaryFile_isNeverSentAndDeletedOnceStale() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        byte[] whole = SpoolFile.encode(report("checkout", 1_000));
        // What a writer killed mid-write leaves: the temporary file, half written, never renamed.
        Path torn = Files.write(
                spool.directory().resolve(SpoolFile.groupKey("checkout") + "-123.tmp"),
                Arrays.copyOf(whole, whole.length / 2));
        Files.setLastModifiedTime(torn, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Report good = report("checkout", 2_000);
        spool.write(Collections.singletonList(good), LATER);

        try (SpoolClaim claim = spool.claim(log)) {
            assertThat(claim.next(MIB).report).isEqualTo(good);
        }
        assertThat(torn).doesNotExist();
    }

    @Test
    void next_truncatedOrGarbageFilesUnderSpoolNames_areMovedAsideAndTheGoodOneSent() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        String key = SpoolFile.groupKey("checkout");
        Report truncatedReport = report("checkout", 1_000);
        byte[] whole = SpoolFile.encode(truncatedReport);
        Path truncated = Files.write(
                spool.directory().resolve(SpoolFile.nameOf(key, truncatedReport)),
                Arrays.copyOf(whole, whole.length - 5));
        Report garbageReport = report("checkout", 1_500);
        Path garbage = Files.write(
                spool.directory().resolve(SpoolFile.nameOf(key, garbageReport)),
                "#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.UTF_8));
        Report good = report("checkout", 2_000);
        spool.write(Collections.singletonList(good), LATER);

        try (SpoolClaim claim = spool.claim(log)) {
            assertThat(claim.next(MIB).report).isEqualTo(good);
            assertThat(claim.movedAside()).isEqualTo(2);
        }
        assertThat(truncated).doesNotExist();
        assertThat(garbage).doesNotExist();
        assertThat(paths(spool.directory(), truncated.getFileName() + ".bad", garbage.getFileName() + ".bad"))
                .allSatisfy(p -> assertThat(p).exists());
        assertThat(logged.toString())
                .contains("holds no report of group checkout: corrupt gzip")
                .contains("moved aside as " + truncated.getFileName() + ".bad");
    }

    @Test
    void next_aReportOfAnotherGroupOrIdUnderThisGroupsName_isMovedAside() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        String key = SpoolFile.groupKey("checkout");
        Report planted = report("billing", 1_000);
        Files.write(spool.directory().resolve(SpoolFile.nameOf(key, planted)), SpoolFile.encode(planted));
        Report renamed = report("checkout", 1_500);
        Files.write(
                spool.directory().resolve(SpoolFile.nameOf(key, report("checkout", 1_500))), SpoolFile.encode(renamed));

        try (SpoolClaim claim = spool.claim(log)) {
            assertThat(claim.next(MIB)).isNull();
            assertThat(claim.movedAside()).isEqualTo(2);
        }
        assertThat(logged.toString()).contains("a report of another group under this group's name");
    }

    @Test
    void claim_filesOfOtherGroupsAndForeignFiles_areLeftAlone() throws Exception {
        Path dir = tmp.resolve("spool");
        Spool.open(dir, "billing", MIB).write(Collections.singletonList(report("billing", 1_000)), LATER);
        Path foreign = Files.write(dir.resolve("notes.txt"), "mine".getBytes(StandardCharsets.UTF_8));
        Spool checkout = Spool.open(dir, "checkout", MIB);

        try (SpoolClaim claim = checkout.claim(log)) {
            assertThat(claim.next(MIB)).isNull();
            assertThat(claim.movedAside()).isZero();
        }
        assertThat(foreign).hasContent("mine");
        assertThat(windowEnds(Spool.open(dir, "billing", MIB))).containsExactly(2_000L);
    }

    @Test
    void next_aReportLargerThanThisJvmMayHold_isLeftInPlaceForAnother() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        Report big = report("checkout", 1_000);
        spool.write(Collections.singletonList(big), LATER);

        try (SpoolClaim claim = spool.claim(log)) {
            assertThat(claim.next(big.getSerializedSize() - 1)).isNull();
            assertThat(claim.movedAside()).isZero();
        }
        assertThat(windowEnds(spool)).containsExactly(2_000L);
        assertThat(logged.toString()).contains("over this JVM's memory limit; left for another");
    }

    @Test
    void next_aGzipBombUnderASpoolName_stopsInflatingAtTheBound() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", 64 * MIB);
        Report named = report("checkout", 1_000);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write("HPSPOOL1".getBytes(StandardCharsets.US_ASCII));
        try (OutputStream gzip = new GZIPOutputStream(bomb)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) {
                gzip.write(zeros);
            }
        }
        Files.write(
                spool.directory().resolve(SpoolFile.nameOf(SpoolFile.groupKey("checkout"), named)), bomb.toByteArray());

        try (SpoolClaim claim = spool.claim(log)) {
            assertThat(claim.next(MIB)).isNull();
        }
        assertThat(logged.toString()).contains("over 1048576 bytes once inflated");
    }

    @Test
    void claim_heldByAnotherClaim_isRefusedUntilReleased() throws Exception {
        Spool spool = Spool.open(tmp.resolve("spool"), "checkout", MIB);
        spool.write(Collections.singletonList(report("checkout", 1_000)), LATER);

        try (SpoolClaim first = spool.claim(log)) {
            assertThat(first).isNotNull();
            assertThat(Spool.open(tmp.resolve("spool"), "checkout", MIB).claim(log))
                    .isNull();
            // Another group's files are claimed apart.
            try (SpoolClaim billing =
                    Spool.open(tmp.resolve("spool"), "billing", MIB).claim(log)) {
                assertThat(billing).isNotNull();
            }
        }
        try (SpoolClaim again = spool.claim(log)) {
            assertThat(again.next(MIB)).isNotNull();
        }
    }

    private static List<Path> paths(Path dir, String... names) {
        List<Path> paths = new ArrayList<>();
        for (String name : names) {
            paths.add(dir.resolve(name));
        }
        return paths;
    }

    private List<Long> windowEnds(Spool spool) throws IOException {
        List<Long> ends = new ArrayList<>();
        for (SpoolFile file : spool.pending()) {
            ends.add(file.windowEndMillis);
        }
        return ends;
    }

    private static List<Path> spoolFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(SpoolFile.SUFFIX))
                    .collect(Collectors.toList());
        }
    }

    /** A fixed report of {@code group} whose window is [start, start + 1000). */
    static Report report(String group, long startMillis) {
        return Reports.report(startMillis, "a.A.x", "a.B.y")
                .toReport(
                        group,
                        InstanceIdentity.newBuilder().setHost("h").setPid(42).build());
    }
}
