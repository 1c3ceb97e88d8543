package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.rules.CostModel;
import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.query.HeavyQueries;
import dev.hotpath.collector.query.MergedTrees;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.read.LabelBreakdown;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.write.LabelSet;
import dev.hotpath.collector.web.ApiException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A group's samples over a range broken down by the values of one label key (the UI's "CPU by endpoint"): the top
 * values with their share, samples and, for cpu, what their CPU costs per month; the rest summed; the samples
 * without the key apart. Takes every profile filter, labels included; with label conditions it counts as a heavy
 * query.
 */
@Path("/api/v1/groups/{group}/breakdown")
@Produces(MediaType.APPLICATION_JSON)
public class BreakdownResource {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final Pattern KEY = Pattern.compile("[^\\u0000]{1," + LabelSet.MAX_KEY_LENGTH + "}");

    private final MergedTrees trees;
    private final Storage storage;
    private final CollectorConfig config;
    private final HeavyQueries heavy;

    BreakdownResource(MergedTrees trees, Storage storage, CollectorConfig config, HeavyQueries heavy) {
        this.trees = trees;
        this.storage = storage;
        this.config = config;
        this.heavy = heavy;
    }

    /**
     * The answer. {@code cores}, {@code cpuCostPerMonth} and each entry's {@code costPerMonth} are priced for type
     * cpu only (0 otherwise); shares are of {@code total}, the samples the filter selects.
     */
    public record BreakdownResponse(
            String key,
            String type,
            String from,
            String to,
            long total,
            long samples,
            double cores,
            String coresFrom,
            double pricePerVcpuHour,
            double cpuCostPerMonth,
            List<Entry> entries,
            Entry rest,
            Entry without,
            List<Entry> folded) {}

    /**
     * One value (or, for {@code rest}, {@code values} values summed; for {@code without}, the samples whose label set
     * lacks the key; for {@code folded}, those the agent folded into label_set=other or unknown, named so).
     */
    public record Entry(String value, int values, double share, long total, long samples, double costPerMonth) {}

    @GET
    public BreakdownResponse breakdown(
            @PathParam("group") String group,
            @QueryParam("key") String key,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("type") String type,
            @QueryParam("view") String view,
            @QueryParam("instance") String instance,
            @QueryParam("label") List<String> label,
            @QueryParam("limit") Integer limit,
            @QueryParam("price") String price) {
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("key (the label key to break down by, e.g. key=endpoint) is required");
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest("key = '" + key.substring(0, Math.min(key.length(), 80)) + "' must be 1 to "
                    + LabelSet.MAX_KEY_LENGTH + " characters without NUL");
        }
        int top = limit == null ? DEFAULT_LIMIT : limit;
        if (top < 1 || top > MAX_LIMIT) {
            throw ApiException.badRequest("limit = " + limit + " is outside 1.." + MAX_LIMIT);
        }
        double pricePerVcpuHour = RecommendationsResource.pricePerVcpuHour(price, config.pricePerVcpuHour());
        SampleFilter filter = trees.filter(group, from, to, type, view, instance, label);
        // Without label conditions this is one grouped scan, as a flame graph reads (and the UI's panel asks it with
        // every page, beside the verdict's heavy queries); with them it scans twice (the unlabelled total prices it).
        return filter.labels().isEmpty()
                ? answer(filter, key, top, pricePerVcpuHour)
                : heavy.run(HeavyQueries.Kind.HEAVY, () -> answer(filter, key, top, pricePerVcpuHour));
    }

    private BreakdownResponse answer(SampleFilter filter, String key, int top, double pricePerVcpuHour) {
        LabelBreakdown breakdown = storage.labelBreakdown(filter, key);
        long total = breakdown.total();
        long samples =
                breakdown.rows().stream().mapToLong(LabelBreakdown.Row::samples).sum();
        boolean cpu = filter.sampleType().equals("cpu");
        // Costs are shares of the whole group's CPU (not only of the labelled samples): with label conditions the
        // unfiltered total prices them.
        SampleFilter unlabelled = filter.withLabels(Map.of());
        long allTotal = filter.labels().isEmpty()
                ? total
                : storage.labelBreakdown(unlabelled, key).total();
        CoreEstimate cores = cpu ? CoreEstimate.of(storage, unlabelled, allTotal) : new CoreEstimate(0, "none");
        CostModel cost = new CostModel(cores.cores(), pricePerVcpuHour);
        List<LabelBreakdown.Row> values = new ArrayList<>();
        long withoutTotal = 0;
        long withoutSamples = 0;
        List<Entry> folded = new ArrayList<>();
        for (LabelBreakdown.Row row : breakdown.rows()) {
            if (row.value() != null) {
                values.add(row);
            } else if (row.folded() != null) {
                folded.add(entry(row.folded(), 1, row.total(), row.samples(), total, allTotal, cost));
            } else {
                withoutTotal += row.total();
                withoutSamples += row.samples();
            }
        }
        values.sort(Comparator.comparingLong(LabelBreakdown.Row::total)
                .reversed()
                .thenComparing(LabelBreakdown.Row::value));
        List<Entry> entries = new ArrayList<>();
        for (LabelBreakdown.Row row : values.subList(0, Math.min(top, values.size()))) {
            entries.add(entry(row.value(), 1, row.total(), row.samples(), total, allTotal, cost));
        }
        Entry rest = null;
        if (values.size() > top) {
            List<LabelBreakdown.Row> others = values.subList(top, values.size());
            rest = entry(
                    null,
                    others.size(),
                    others.stream().mapToLong(LabelBreakdown.Row::total).sum(),
                    others.stream().mapToLong(LabelBreakdown.Row::samples).sum(),
                    total,
                    allTotal,
                    cost);
        }
        folded.sort(Comparator.comparingLong(Entry::total).reversed());
        return new BreakdownResponse(
                key,
                filter.sampleType(),
                filter.from().toString(),
                filter.to().toString(),
                total,
                samples,
                cores.cores(),
                cores.source(),
                pricePerVcpuHour,
                cost.costPerMonth(total == 0 || allTotal == 0 ? 0 : (double) total / allTotal),
                entries,
                rest,
                entry(null, 0, withoutTotal, withoutSamples, total, allTotal, cost),
                folded);
    }

    private static Entry entry(
            String value, int values, long total, long samples, long shareOf, long allTotal, CostModel cost) {
        double share = shareOf == 0 ? 0 : (double) total / shareOf;
        double costPerMonth = allTotal == 0 ? 0 : cost.costPerMonth((double) total / allTotal);
        return new Entry(value, values, share, total, samples, costPerMonth);
    }
}
