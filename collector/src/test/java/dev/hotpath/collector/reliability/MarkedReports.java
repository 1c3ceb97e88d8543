package dev.hotpath.collector.reliability;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.ingest.ReportFixture;
import dev.hotpath.proto.v1.Report;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports of several simulated agents, each report with a second frame of its own ({@code Report.cXrY}), so the
 * samples stored under that frame are that report's alone: a report stored twice or lost shows in the sums.
 */
final class MarkedReports {

    private static final int STACKS_PER_REPORT = 60;

    final String group;
    final List<List<Report>> perClient = new ArrayList<>();
    private final Map<String, Report> reports = new HashMap<>();
    private final Map<String, Long> expectedTotals = new HashMap<>();

    MarkedReports(String group, int clients, int reportsPerClient) {
        this.group = group;
        for (int c = 0; c < clients; c++) {
            List<Report> mine = new ArrayList<>();
            for (int r = 0; r < reportsPerClient; r++) {
                String marker = "Report.c" + c + "r" + r;
                ReportFixture fixture = report().group(group).host("client-" + c);
                long total = 0;
                for (int s = 0; s < STACKS_PER_REPORT; s++) {
                    long value = 1_000L + 7L * s + r;
                    fixture.stack("main;" + marker + ";Work.step" + s + ";Work.leaf" + (s % 7), value);
                    total += value;
                }
                Report report = fixture.build();
                mine.add(report);
                reports.put(report.getReportId(), report);
                expectedTotals.put(marker, total);
            }
            perClient.add(mine);
        }
    }

    int total() {
        return reports.size();
    }

    /** One report row per report id sent, and under each report's marker frame exactly the samples it sent. */
    void assertStoredExactlyOnce(Connection db) throws Exception {
        assertThat(reportRows(db))
                .as("rows per report id")
                .hasSize(total())
                .allSatisfy((id, rows) -> assertThat(rows).as(id).isEqualTo(1));
        assertThat(reportRows(db).keySet()).isEqualTo(reports.keySet());
        assertThat(totalsByMarker(db)).isEqualTo(expectedTotals);
    }

    private Map<String, Integer> reportRows(Connection db) throws Exception {
        Map<String, Integer> rows = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT r.report_id, count(*) FROM report r"
                + " JOIN profiling_group g ON g.id = r.group_id WHERE g.name = ? GROUP BY r.report_id")) {
            s.setString(1, group);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return rows;
    }

    private Map<String, Long> totalsByMarker(Connection db) throws Exception {
        Map<String, Long> totals = new HashMap<>();
        try (PreparedStatement s = db.prepareStatement("SELECT f.name, sum(x.value) FROM"
                + " (SELECT group_id, stack_id, value FROM sample_block"
                + "   CROSS JOIN LATERAL unnest(stack_ids, stack_values) AS r(stack_id, value) UNION ALL"
                + "  SELECT group_id, stack_id, value FROM sample_hour) x"
                + " JOIN profiling_group g ON g.id = x.group_id JOIN stack st ON st.id = x.stack_id"
                + " JOIN frame f ON f.id = st.frame_ids[2] WHERE g.name = ? GROUP BY f.name")) {
            s.setString(1, group);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    totals.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return totals;
    }
}
