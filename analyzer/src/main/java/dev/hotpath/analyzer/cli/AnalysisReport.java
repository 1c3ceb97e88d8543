package dev.hotpath.analyzer.cli;

import dev.hotpath.analyzer.io.JsonWriter;
import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.profile.StackSample;
import dev.hotpath.analyzer.profile.ThreadStateView;
import dev.hotpath.analyzer.rules.Analysis;
import dev.hotpath.analyzer.rules.Evidence;
import dev.hotpath.analyzer.rules.Finding;
import dev.hotpath.analyzer.rules.UserFrameShare;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.analyzer.view.Hotspot;
import java.util.List;
import java.util.Locale;

/** What {@code analyze} prints, as text for people or JSON for tools. */
record AnalysisReport(
        String file,
        SampleSet samples,
        ThreadStateView view,
        CallTree tree,
        List<Hotspot> hotspots,
        Analysis analysis,
        CostBasis basis,
        int top) {

    // Evidence stacks are shown from the application frame down, and at most this many frames of them.
    private static final int EVIDENCE_FRAMES = 12;

    String toText() {
        StringBuilder out = new StringBuilder();
        out.append("Hotpath analysis of ")
                .append(file)
                .append('\n')
                .append(String.format(
                        Locale.ROOT,
                        "type %s, view %s, %d stacks, total %,d %s",
                        samples.type(),
                        view.name(),
                        samples.samples().size(),
                        tree.total(),
                        samples.unit()));
        if (samples.durationNanos() > 0) {
            out.append(String.format(Locale.ROOT, ", window %.1f s", samples.durationNanos() / 1e9));
        }
        if (tree.total() == 0 && samples.total() > 0) {
            out.append("\nview ")
                    .append(view.name())
                    .append(" keeps none of the samples (their states: ")
                    .append(samples.samples().stream()
                            .map(StackSample::threadState)
                            .distinct()
                            .sorted()
                            .toList())
                    .append("); try --view all");
        }
        out.append("\n\nHotspots (self)\n");
        out.append(String.format(Locale.ROOT, "  %7s %7s  %s%n", "self%", "total%", "function"));
        for (Hotspot hotspot : hotspots.subList(0, Math.min(top, hotspots.size()))) {
            out.append(String.format(
                    Locale.ROOT,
                    "  %6.2f%% %6.2f%%  %s%n",
                    100 * hotspot.selfShare(),
                    100 * hotspot.totalShare(),
                    hotspot.function()));
        }
        List<Finding> findings = analysis.findings();
        out.append(String.format(
                Locale.ROOT,
                "%nRecommendations (%d; cost at %.2f cores [%s], %.4f per vCPU-hour)%n",
                findings.size(),
                basis.cores(),
                basis.source(),
                analysis.cost().pricePerVcpuHour()));
        if (findings.isEmpty()) {
            out.append("  none: no rule reached its threshold\n");
        }
        int number = 1;
        for (Finding finding : findings) {
            out.append(String.format(
                            Locale.ROOT,
                            "%n%d. %s [%s]%n",
                            number++,
                            finding.rule().title(),
                            finding.rule().id()))
                    .append(String.format(
                            Locale.ROOT,
                            "   %.2f%% of samples (threshold %.1f%%), ~%.1f core-hours/month, ~%.2f/month%n",
                            100 * finding.share(),
                            finding.rule().thresholdPercent(),
                            finding.coreHoursPerMonth(),
                            finding.costPerMonth()));
            out.append("   change: ")
                    .append(
                            finding.userFrame() == null
                                    ? "(no application frame on these stacks)"
                                    : finding.userFrame())
                    .append('\n');
            for (UserFrameShare other :
                    finding.userFrames().subList(1, finding.userFrames().size())) {
                out.append(String.format(Locale.ROOT, "      also: %s (%.2f%%)%n", other.frame(), 100 * other.share()));
            }
            out.append("   fix: ").append(finding.rule().resolution().get(0)).append('\n');
            Evidence top = finding.evidence().get(0);
            out.append(String.format(Locale.ROOT, "   heaviest stack (%.2f%%):%n", 100 * top.share()));
            List<String> frames = top.framesRootFirst();
            int from = top.userFrame() == null ? 0 : frames.indexOf(top.userFrame());
            int to = Math.min(frames.size(), from + EVIDENCE_FRAMES);
            for (int i = from; i < to; i++) {
                out.append("     ").append(frames.get(i)).append('\n');
            }
            if (to < frames.size()) {
                out.append("     ... ").append(frames.size() - to).append(" more\n");
            }
        }
        return out.toString();
    }

    String toJson() {
        JsonWriter json = new JsonWriter()
                .beginObject()
                .name("file")
                .value(file)
                .name("type")
                .value(samples.type())
                .name("unit")
                .value(samples.unit())
                .name("view")
                .value(view.name())
                .name("durationNanos")
                .value(samples.durationNanos())
                .name("total")
                .value(tree.total())
                .name("hotspots")
                .beginArray();
        for (Hotspot hotspot : hotspots.subList(0, Math.min(top, hotspots.size()))) {
            json.beginObject()
                    .name("function")
                    .value(hotspot.function())
                    .name("self")
                    .value(hotspot.self())
                    .name("total")
                    .value(hotspot.total())
                    .name("selfShare")
                    .value(hotspot.selfShare())
                    .name("totalShare")
                    .value(hotspot.totalShare())
                    .endObject();
        }
        json.endArray()
                .name("cost")
                .beginObject()
                .name("observedCores")
                .value(basis.cores())
                .name("coresSource")
                .value(basis.source())
                .name("pricePerVcpuHour")
                .value(analysis.cost().pricePerVcpuHour())
                .endObject()
                .name("findings")
                .beginArray();
        for (Finding finding : analysis.findings()) {
            json.beginObject()
                    .name("rule")
                    .value(finding.rule().id())
                    .name("title")
                    .value(finding.rule().title())
                    .name("share")
                    .value(finding.share())
                    .name("thresholdPercent")
                    .value(finding.rule().thresholdPercent())
                    .name("coreHoursPerMonth")
                    .value(finding.coreHoursPerMonth())
                    .name("costPerMonth")
                    .value(finding.costPerMonth())
                    .name("userFrame")
                    .value(finding.userFrame())
                    .name("userFrames")
                    .beginArray();
            for (UserFrameShare frame : finding.userFrames()) {
                json.beginObject()
                        .name("frame")
                        .value(frame.frame())
                        .name("share")
                        .value(frame.share())
                        .endObject();
            }
            json.endArray().name("resolution").beginArray();
            finding.rule().resolution().forEach(json::value);
            json.endArray().name("evidence").beginArray();
            for (Evidence evidence : finding.evidence()) {
                json.beginObject()
                        .name("share")
                        .value(evidence.share())
                        .name("targetFrame")
                        .value(evidence.targetFrame())
                        .name("userFrame")
                        .value(evidence.userFrame())
                        .name("framesRootFirst")
                        .beginArray();
                evidence.framesRootFirst().forEach(json::value);
                json.endArray().endObject();
            }
            json.endArray().endObject();
        }
        return json.endArray().endObject() + "\n";
    }
}
