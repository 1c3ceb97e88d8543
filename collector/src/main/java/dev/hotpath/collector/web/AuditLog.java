package dev.hotpath.collector.web;

import dev.hotpath.collector.storage.Storage;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Records each admin action twice: one log line, and one row of the audit table (GET /api/v1/audit). */
@Singleton
public class AuditLog {

    // Only the admin token reaches the resource methods that change things (ResourceAccess).
    private static final String ADMIN = "admin";
    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final Storage storage;

    AuditLog(Storage storage) {
        this.storage = storage;
    }

    /** {@code group} is null for actions on no group. */
    public void record(String action, String group, String detail) {
        LOG.infof("audit: %s by %s%s: %s", action, ADMIN, group == null ? "" : " on group " + group, detail);
        storage.audit(ADMIN, action, group, detail);
    }
}
