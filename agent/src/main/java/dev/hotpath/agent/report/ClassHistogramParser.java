package dev.hotpath.agent.report;

import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the text of {@code GC.class_histogram} into a {@link HeapSummary}. */
final class ClassHistogramParser {
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*$");
    private static final Pattern TOTAL = Pattern.compile("^\\s*Total\\s+(\\d+)\\s+(\\d+)\\s*$");

    private ClassHistogramParser() {}

    /** The histogram's top {@code limit} rows (it is sorted by bytes already) and totals. */
    static HeapSummary parse(String histogram, int limit) {
        HeapSummary.Builder summary = HeapSummary.newBuilder();
        List<HeapTypeEntry> rows = new ArrayList<>();
        boolean sawTotal = false;
        for (String line : histogram.split("\\r?\\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                if (rows.size() < limit) {
                    rows.add(HeapTypeEntry.newBuilder()
                            .setInstances(Long.parseLong(row.group(1)))
                            .setBytes(Long.parseLong(row.group(2)))
                            .setTypeName(javaName(row.group(3)))
                            .build());
                }
                continue;
            }
            Matcher total = TOTAL.matcher(line);
            if (total.matches()) {
                summary.setTotalInstances(Long.parseLong(total.group(1))).setTotalBytes(Long.parseLong(total.group(2)));
                sawTotal = true;
            }
        }
        if (!sawTotal) {
            throw new IllegalArgumentException(
                    "class histogram has no Total line: " + histogram.substring(0, Math.min(200, histogram.length())));
        }
        return summary.addAllTypes(rows).build();
    }

    /** "[B" as "byte[]", "[Ljava.lang.String;" as "java.lang.String[]"; other names unchanged. */
    static String javaName(String jvmName) {
        int dims = 0;
        while (dims < jvmName.length() && jvmName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return jvmName;
        }
        String element = jvmName.substring(dims);
        String base;
        if (element.startsWith("L") && element.endsWith(";")) {
            base = element.substring(1, element.length() - 1);
        } else if (element.length() == 1) {
            base = primitive(element.charAt(0));
        } else {
            return jvmName;
        }
        StringBuilder name = new StringBuilder(base);
        for (int i = 0; i < dims; i++) {
            name.append("[]");
        }
        return name.toString();
    }

    private static String primitive(char code) {
        switch (code) {
            case 'B':
                return "byte";
            case 'C':
                return "char";
            case 'D':
                return "double";
            case 'F':
                return "float";
            case 'I':
                return "int";
            case 'J':
                return "long";
            case 'S':
                return "short";
            case 'Z':
                return "boolean";
            default:
                return String.valueOf(code);
        }
    }
}
