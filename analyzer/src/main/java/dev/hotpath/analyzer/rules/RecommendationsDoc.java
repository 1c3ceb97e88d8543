package dev.hotpath.analyzer.rules;

import java.util.List;

/** Renders a rule catalogue as the Markdown page docs/recommendations.md. */
public final class RecommendationsDoc {
    private RecommendationsDoc() {}

    public static String markdown(RuleCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Recommendations\n\n")
                .append("<!-- Generated from dev.hotpath.analyzer.rules.RuleCatalog by\n")
                .append(
                        "     `java -jar analyzer/target/hotpath-analyzer.jar rules --markdown > docs/recommendations.md`;\n")
                .append(
                        "     do not edit by hand: RecommendationsDocTest fails when this file and the catalogue differ. -->\n\n")
                .append("Hotpath checks every profile against these ")
                .append(catalog.rules().size())
                .append(
                        " rules. A stack is evidence for a rule when one of its frames matches a target frame pattern and ")
                .append(
                        "none matches an exclusion (`*` matches any characters; a pattern matches a frame name up to a ")
                .append(
                        "signature, line number or annotation). A rule becomes a finding when its evidence reaches the ")
                .append(
                        "threshold share of the chosen samples (a thread-state view such as CPU = RUNNABLE + BLOCKED + ")
                .append("NATIVE).\n\n")
                .append("Each finding reports:\n\n")
                .append("- **share**: evidence weight / total weight of the chosen samples;\n")
                .append(
                        "- **core-hours per month** = share x observed cores x 730 h, where *observed cores* is an explicit ")
                .append("input (for a CPU profile: sampled CPU time / window length);\n")
                .append("- **cost per month** = core-hours per month x price per vCPU-hour (an explicit input);\n")
                .append("- **where to change**: the first frame of the application's own code above the matched frame ")
                .append(
                        "(frames of java., javax., jdk., sun., com.sun., kotlin., scala. and well-known libraries count as ")
                .append("library code unless application package prefixes are given);\n")
                .append("- **evidence**: the heaviest matching stacks.\n\n")
                .append(
                        "Between two application versions a finding is FIXED when its share falls below the threshold, ")
                .append(
                        "IMPROVED or REGRESSED when its share moves by a quarter or more, and the measured saving is the ")
                .append("fall in share x the current observed cores x 730 h.\n\n");
        md.append("| id | title | threshold |\n|---|---|---|\n");
        for (Rule rule : catalog.rules()) {
            md.append("| [`")
                    .append(rule.id())
                    .append("`](#")
                    .append(rule.id())
                    .append(") | ")
                    .append(rule.title())
                    .append(" | ")
                    .append(percent(rule.thresholdPercent()))
                    .append(" |\n");
        }
        for (Rule rule : catalog.rules()) {
            md.append("\n## ")
                    .append(rule.id())
                    .append("\n\n")
                    .append("**")
                    .append(rule.title())
                    .append("**\n\n")
                    .append("- Detects: ")
                    .append(rule.detects())
                    .append('\n')
                    .append("- Threshold: ")
                    .append(percent(rule.thresholdPercent()))
                    .append(" of the chosen samples\n")
                    .append("- Target frames: ")
                    .append(code(rule.targetFrames()))
                    .append('\n');
            if (!rule.excludedFrames().isEmpty()) {
                md.append("- Not when the stack also has: ")
                        .append(code(rule.excludedFrames()))
                        .append('\n');
            }
            md.append("\nWhy it costs CPU: ").append(rule.whyItCosts()).append("\n\nResolution:\n\n");
            int step = 1;
            for (String fix : rule.resolution()) {
                md.append(step++).append(". ").append(fix).append('\n');
            }
        }
        return md.toString();
    }

    private static String percent(double value) {
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value)) + "%";
    }

    private static String code(List<String> patterns) {
        StringBuilder out = new StringBuilder();
        for (String pattern : patterns) {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append('`').append(pattern).append('`');
        }
        return out.toString();
    }
}
