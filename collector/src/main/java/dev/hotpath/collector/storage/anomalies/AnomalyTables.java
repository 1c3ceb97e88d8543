package dev.hotpath.collector.storage.anomalies;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.time.OffsetDateTime;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/** Names of the anomaly log and webhook tables (V4__anomaly_log_and_webhooks.sql), typed for jOOQ. */
public final class AnomalyTables {

    static final Table<Record> ANOMALY = table(name("anomaly"));
    static final Table<Record> GROUP_WEBHOOK = table(name("group_webhook"));

    static final Field<String> SUBJECT = field(name("subject"), SQLDataType.CLOB);
    static final Field<String> VIEW = field(name("view"), SQLDataType.CLOB);
    static final Field<String> DIRECTION = field(name("direction"), SQLDataType.CLOB);
    static final Field<String> VERSION = field(name("version"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> SINCE = field(name("since"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<Double> EXPECTED = field(name("expected"), SQLDataType.DOUBLE);
    static final Field<Double> OBSERVED = field(name("observed"), SQLDataType.DOUBLE);
    static final Field<String> SEVERITY = field(name("severity"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> LAST_RECORDED = field(name("last_recorded"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<String> NOTIFY_STATE = field(name("notify_state"), SQLDataType.CLOB);
    static final Field<Integer> ATTEMPTS = field(name("attempts"), SQLDataType.INTEGER);
    static final Field<String> LAST_ERROR = field(name("last_error"), SQLDataType.CLOB);
    static final Field<OffsetDateTime> NOTIFIED_AT = field(name("notified_at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    static final Field<String> URL = field(name("url"), SQLDataType.CLOB);

    private AnomalyTables() {}
}
