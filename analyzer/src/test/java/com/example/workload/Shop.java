package com.example.workload;

import java.util.regex.Pattern;

/** A small real workload for the CLI tests: formats receipts and splits CSV lines with a fresh regex each call. */
public final class Shop {
    private Shop() {}

    public static void main(String[] args) {
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
        long sink = 0;
        while (System.nanoTime() < until) {
            sink += receiptLine(sink).length();
            for (int i = 0; i < 4; i++) {
                sink += csvFields("a1, b2; c3 and d4; e5 | f6").length;
            }
        }
        System.out.println(sink);
    }

    static String receiptLine(long n) {
        return String.format("%-20s %8.2f %s", "item" + (n % 97), n / 3.0, Long.toHexString(n));
    }

    static String[] csvFields(String line) {
        // Deliberately compiled per call: this is the waste the analyzer must find.
        return Pattern.compile("\\s*(?:[,;]|\\band\\b|\\|)\\s*").split(line);
    }
}
