package dev.hotpath.analyzer.cli;

import dev.hotpath.analyzer.profile.ThreadStateView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The parsed arguments of {@code analyze} (one file) and {@code compare} (two). */
record AnalyzeOptions(
        List<Path> files,
        String type,
        ThreadStateView view,
        boolean json,
        Path html,
        List<String> appPackages,
        Double cores,
        double price,
        int top) {

    private static final Set<String> TYPES = Set.of("cpu", "wall", "alloc", "lock");

    /** The first (for analyze, the only) file. */
    Path file() {
        return files.get(0);
    }

    static AnalyzeOptions parse(String command, String[] args, int fileCount) {
        List<Path> files = new ArrayList<>();
        String type = "cpu";
        ThreadStateView view = ThreadStateView.ALL;
        boolean json = false;
        Path html = null;
        List<String> appPackages = new ArrayList<>();
        Double cores = null;
        double price = 0.05;
        int top = 15;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--type":
                    type = value(args, ++i, arg);
                    if (!TYPES.contains(type)) {
                        throw new UsageException("--type must be one of cpu, wall, alloc, lock; got '" + type + "'");
                    }
                    break;
                case "--view":
                    try {
                        view = ThreadStateView.parse(value(args, ++i, arg));
                    } catch (UsageException e) {
                        throw e;
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--view: " + e.getMessage());
                    }
                    break;
                case "--json":
                    json = true;
                    break;
                case "--html":
                    html = Path.of(value(args, ++i, arg));
                    break;
                case "--app-package":
                    appPackages.add(value(args, ++i, arg));
                    break;
                case "--cores":
                    cores = number(value(args, ++i, arg), arg);
                    break;
                case "--price":
                    price = number(value(args, ++i, arg), arg);
                    break;
                case "--top":
                    double n = number(value(args, ++i, arg), arg);
                    if (n != Math.rint(n) || n < 1) {
                        throw new UsageException("--top must be a whole number >= 1, got '" + args[i] + "'");
                    }
                    top = (int) n;
                    break;
                default:
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option '" + arg + "'");
                    }
                    if (files.size() == fileCount) {
                        throw new UsageException(
                                command + " takes " + fileCount + " file(s), got another: '" + arg + "'");
                    }
                    files.add(Path.of(arg));
            }
        }
        if (files.size() < fileCount) {
            throw new UsageException(command + " needs " + (fileCount == 1 ? "a FILE" : "BASE and CURRENT files"));
        }
        return new AnalyzeOptions(
                List.copyOf(files), type, view, json, html, List.copyOf(appPackages), cores, price, top);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[index];
    }

    private static double number(String text, String option) {
        try {
            double value = Double.parseDouble(text);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number >= 0, got '" + text + "'");
        }
    }
}
