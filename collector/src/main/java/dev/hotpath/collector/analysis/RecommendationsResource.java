package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.analyzer.rules.Evidence;
import dev.hotpath.analyzer.rules.Finding;
import dev.hotpath.analyzer.rules.FrameClassifier;
import dev.hotpath.analyzer.rules.RecommendationEngine;
import dev.hotpath.analyzer.rules.RuleCatalog;
import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.query.HeavyQueries;
import dev.hotpath.collector.query.MergedTrees;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.web.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.List;

/** Recommendations for a group's range: the rule catalogue run on the merged tree, priced with observed cores. */
@Path("/api/v1/groups/{group}/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public class RecommendationsResource {

    // The engine holds only immutable rules and a classifier; analyze() keeps its state per call.
    static final RecommendationEngine ENGINE =
            new RecommendationEngine(RuleCatalog.standard(), FrameClassifier.byLibraryList());

    private final MergedTrees trees;
    private final Storage storage;
    private final CollectorConfig config;
    private final VersionFindings versionFindings;
    private final HeavyQueries heavy;

    RecommendationsResource(
            MergedTrees trees,
            Storage storage,
            CollectorConfig config,
            VersionFindings versionFindings,
            HeavyQueries heavy) {
        this.trees = trees;
        this.storage = storage;
        this.config = config;
        this.versionFindings = versionFindings;
        this.heavy = heavy;
    }

    /**
     * The answer: the cost inputs used, what all of those cores cost per month (the web UI's verdict) and the
     * findings, largest share first.
     */
    public record RecommendationsResponse(
            String type,
            String from,
            String to,
            double cores,
            String coresFrom,
            double pricePerVcpuHour,
            double cpuCostPerMonth,
            long total,
            List<FindingView> findings) {}

    /** One finding as the API shows it; the evidence records are serialised as the analyzer makes them. */
    public record FindingView(
            String ruleId,
            String title,
            double share,
            double coreHoursPerMonth,
            double costPerMonth,
            String userFrame,
            String whyItCosts,
            List<String> resolution,
            List<Evidence> evidence,
            EndpointShare.Named endpoint) {

        /** {@code endpoint}: the endpoint holding most of the finding's evidence samples, or null. */
        static FindingView of(Finding finding, EndpointShare endpoints) {
            java.util.Set<List<String>> stacks = new java.util.HashSet<>();
            finding.evidence().forEach(e -> stacks.add(e.framesRootFirst()));
            return new FindingView(
                    finding.rule().id(),
                    finding.rule().title(),
                    finding.share(),
                    finding.coreHoursPerMonth(),
                    finding.costPerMonth(),
                    finding.userFrame(),
                    finding.rule().whyItCosts(),
                    finding.rule().resolution(),
                    finding.evidence(),
                    endpoints.of(frames -> stacks.contains(List.of(frames))));
        }
    }

    @GET
    public RecommendationsResponse recommendations(
            @PathParam("group") String group,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("type") String type,
            @QueryParam("view") String view,
            @QueryParam("instance") String instance,
            @QueryParam("label") List<String> label,
            @QueryParam("price") String price) {
        double pricePerVcpuHour = pricePerVcpuHour(price);
        return heavy.run(HeavyQueries.Kind.HEAVY, () -> {
            MergedTrees.Merged merged = trees.merge(group, from, to, type, view, instance, label);
            SampleFilter filter = merged.filter();
            CoreEstimate cores = CoreEstimate.of(storage, filter, merged.tree());
            CostModel cost = new CostModel(cores.cores(), pricePerVcpuHour);
            List<Finding> found = ENGINE.analyze(merged.tree(), cost).findings();
            EndpointShare endpoints = found.isEmpty() ? null : EndpointShare.of(storage, filter);
            List<FindingView> findings =
                    found.stream().map(f -> FindingView.of(f, endpoints)).toList();
            return new RecommendationsResponse(
                    filter.sampleType(),
                    filter.from().toString(),
                    filter.to().toString(),
                    cores.cores(),
                    cores.source(),
                    pricePerVcpuHour,
                    cost.costPerMonth(1.0),
                    merged.tree().total(),
                    findings);
        });
    }

    /** The findings per application version, with fixed ones and their measured saving (see VersionFindings). */
    @GET
    @Path("/versions")
    public VersionFindings.VersionsResponse versions(
            @PathParam("group") String group,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("type") String type,
            @QueryParam("view") String view,
            @QueryParam("instance") String instance,
            @QueryParam("label") List<String> label,
            @QueryParam("window") String window,
            @QueryParam("price") String price) {
        Duration length = WindowLength.parse(window);
        double pricePerVcpuHour = pricePerVcpuHour(price);
        return heavy.run(
                HeavyQueries.Kind.WINDOWED,
                () -> versionFindings.compare(group, from, to, type, view, instance, label, length, pricePerVcpuHour));
    }

    private double pricePerVcpuHour(String price) {
        return pricePerVcpuHour(price, config.pricePerVcpuHour());
    }

    /** The {@code price} parameter, or the configured price when it is absent; 400 naming a bad one. */
    static double pricePerVcpuHour(String price, double configured) {
        return price == null || price.isBlank() ? configured : price(price);
    }

    private static double price(String text) {
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("price = '" + text + "' is not a number (price per vCPU-hour, e.g. 0.05)");
        }
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw ApiException.badRequest("price = '" + text + "' must be a finite number >= 0");
        }
        return value;
    }
}
