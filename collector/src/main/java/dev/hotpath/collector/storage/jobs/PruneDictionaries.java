package dev.hotpath.collector.storage.jobs;

import dev.hotpath.collector.storage.write.InsertReport;
import dev.hotpath.collector.storage.write.StoredDictionary;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Table;

/**
 * Deletes frame, stack and label-set rows no sample names any more (after retention, a group's deletion, or rows stored under
 * the old unkeyed ids), once across collectors.
 *
 * <p>Against concurrent ingest: only rows unused for {@link #GRACE} go. An ingest names a row it did not upsert in its
 * own transaction only while it remembers the row confirmed (inserted, or touched when an hour old) by a
 * transaction that started at most {@link StoredDictionary#TRUST_NANOS} ago, and commits within
 * {@link InsertReport#COMMIT_DEADLINE_NANOS} of that or starts over; so any ingest still to commit names rows used
 * within 1 h (touch) + 2 h (deadline) of now, well inside a day. A row it upserts is inserted by it, or touched and
 * locked by it when an hour old (the prune skips locked rows, and rechecks last_used of rows updated since its
 * snapshot), or used within the hour, which the prune spares; one pruned between its insert and its touch is
 * inserted again.
 */
public final class PruneDictionaries {

    /** Far above the 1 h touch interval plus the 2 h commit deadline of ingest. */
    public static final Duration GRACE = Duration.ofDays(1);

    private final DSLContext dsl;
    private final String otherReferences;
    private final String otherLabelSetReferences;

    /**
     * {@code stackReferences}: relations besides the raw blocks whose {@code stack_id} names stacks;
     * {@code labelSetReferences}: those whose {@code label_set_id} names label sets.
     */
    public PruneDictionaries(DSLContext dsl, List<Table<?>> stackReferences, List<Table<?>> labelSetReferences) {
        this.dsl = dsl;
        this.otherReferences = notReferenced(dsl, stackReferences, "stack_id", "s");
        this.otherLabelSetReferences = notReferenced(dsl, labelSetReferences, "label_set_id", "l");
    }

    private static String notReferenced(DSLContext dsl, List<Table<?>> tables, String column, String alias) {
        StringBuilder conditions = new StringBuilder();
        for (Table<?> table : tables) {
            conditions
                    .append(" AND NOT EXISTS (SELECT 1 FROM ")
                    .append(dsl.render(table))
                    .append(" r WHERE r.")
                    .append(column)
                    .append(" = ")
                    .append(alias)
                    .append(".id)");
        }
        return conditions.toString();
    }

    /** Rows deleted (stacks, frames and label sets), or -1 when another collector holds the job's lock. */
    public int execute(Duration grace) {
        return dsl.transactionResult(cfg -> {
            DSLContext tx = cfg.dsl();
            if (!JobLock.tryAcquire(tx, JobLock.DICTIONARY_PRUNE)) {
                return -1;
            }
            // NOT EXISTS (not NOT IN) so PostgreSQL hashes the referenced ids once: one scan of each sample table.
            int stacks = tx.execute("""
                    DELETE FROM stack WHERE id IN (
                        SELECT s.id FROM stack s
                        WHERE s.last_used < now() - make_interval(secs => {0})
                          AND NOT EXISTS (SELECT 1 FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids) AS u(id)
                                          WHERE u.id = s.id)""" + otherReferences + """
                        FOR UPDATE OF s SKIP LOCKED)""", (double) grace.toSeconds());
            // After the stacks: frames only they named go in the same run.
            int frames = tx.execute("""
                    DELETE FROM frame WHERE id IN (
                        SELECT f.id FROM frame f
                        WHERE f.last_used < now() - make_interval(secs => {0})
                          AND NOT EXISTS (SELECT 1 FROM stack s CROSS JOIN LATERAL unnest(s.frame_ids) AS u(id)
                                          WHERE u.id = f.id)
                        FOR UPDATE OF f SKIP LOCKED)""", (double) grace.toSeconds());
            // Label sets are upserted by every report that names them (ReportDictionary.labelSets), so the argument
            // above holds for them as for upserted stacks.
            int labelSets = tx.execute("""
                    DELETE FROM label_set WHERE id IN (
                        SELECT l.id FROM label_set l
                        WHERE l.last_used < now() - make_interval(secs => {0})
                          AND NOT EXISTS (SELECT 1 FROM sample_block b WHERE b.label_set_id = l.id)""" + otherLabelSetReferences + """
                        FOR UPDATE OF l SKIP LOCKED)""", (double) grace.toSeconds());
            return stacks + frames + labelSets;
        });
    }
}
