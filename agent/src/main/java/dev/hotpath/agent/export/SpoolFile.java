package dev.hotpath.agent.export;

import dev.hotpath.proto.v1.Report;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One report in the spool directory: its name {@code <group key>-<window end>-<report id>.hpspool}
 * and its content, a magic header then the gzipped Report. The group key is a hash, so any group
 * name makes a safe file name; the window end, zero-padded, sorts the files oldest first.
 */
final class SpoolFile {
    static final String SUFFIX = ".hpspool";
    /** Appended to a file that is not a report of ours, so it is never read again but stays to be looked at. */
    static final String BAD_SUFFIX = ".bad";

    private static final Pattern NAME =
            Pattern.compile("([0-9a-f]{16})-([0-9]{13})-([0-9A-Za-z-]{1,64})\\" + SUFFIX + "(\\" + BAD_SUFFIX + ")?");
    private static final Pattern SAFE_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final byte[] MAGIC = "HPSPOOL1".getBytes(StandardCharsets.US_ASCII);

    final String name;
    final String groupKey;
    final long windowEndMillis;
    final String reportId;
    final boolean bad;

    private SpoolFile(String name, String groupKey, long windowEndMillis, String reportId, boolean bad) {
        this.name = name;
        this.groupKey = groupKey;
        this.windowEndMillis = windowEndMillis;
        this.reportId = reportId;
        this.bad = bad;
    }

    /** The file a report of {@code groupKey} is written to; null if its id cannot be part of a file name. */
    static String nameOf(String groupKey, Report report) {
        if (!SAFE_ID.matcher(report.getReportId()).matches()) {
            return null;
        }
        return groupKey + "-"
                + String.format(
                        Locale.ROOT,
                        "%013d",
                        Math.max(0, Math.min(9_999_999_999_999L, report.getWindowEndEpochMillis())))
                + "-" + report.getReportId() + SUFFIX;
    }

    /** The spool file {@code name} stands for, or null when it is no spool file (left alone). */
    static SpoolFile parse(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return null;
        }
        return new SpoolFile(name, m.group(1), Long.parseLong(m.group(2)), m.group(3), m.group(4) != null);
    }

    /** A short, file-name-safe key of a group: the first 64 bits of its name's SHA-256, in hex. */
    static String groupKey(String group) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(group.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format(Locale.ROOT, "%02x", digest[i] & 0xff));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static byte[] encode(Report report) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(MAGIC);
        try (OutputStream gzip = new GZIPOutputStream(bytes)) {
            report.writeTo(gzip);
        }
        return bytes.toByteArray();
    }

    /**
     * The report in {@code content}, checked to be this file's: its group and report id must be the
     * ones the name says.
     *
     * @throws Bad when the content is not such a report (foreign, torn or corrupt)
     * @throws TooLarge when the report would take more than {@code maxBytes} once inflated
     */
    Report decode(byte[] content, String group, long maxBytes) throws Bad, TooLarge {
        if (content.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(content, MAGIC.length), MAGIC)) {
            throw new Bad("no spool header (not written by the agent)");
        }
        byte[] raw;
        try (InputStream in =
                new GZIPInputStream(new ByteArrayInputStream(content, MAGIC.length, content.length - MAGIC.length))) {
            raw = readAtMost(in, maxBytes);
        } catch (IOException e) {
            // Also a truncated stream: gzip's trailer holds the length and CRC-32 of the whole content.
            throw new Bad("corrupt gzip (" + e.getMessage() + ")");
        }
        Report report;
        try {
            report = Report.parseFrom(raw);
        } catch (IOException e) {
            throw new Bad("not a report (" + e.getMessage() + ")");
        }
        if (!report.getProfilingGroup().equals(group)) {
            throw new Bad("a report of another group under this group's name");
        }
        if (!report.getReportId().equals(reportId)) {
            throw new Bad("report id " + report.getReportId() + " differs from the file name's");
        }
        return report;
    }

    private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException, TooLarge {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + (long) n > maxBytes) {
                throw new TooLarge("over " + maxBytes + " bytes once inflated");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** The file holds no report of ours; it is moved aside. */
    static final class Bad extends Exception {
        Bad(String reason) {
            super(reason);
        }
    }

    /** The report is larger than this JVM may hold; the file is left for another. */
    static final class TooLarge extends Exception {
        TooLarge(String reason) {
            super(reason);
        }
    }
}
