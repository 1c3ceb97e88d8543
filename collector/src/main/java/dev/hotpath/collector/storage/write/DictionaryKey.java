package dev.hotpath.collector.storage.write;

import static dev.hotpath.collector.storage.Tables.DICTIONARY_KEY;
import static dev.hotpath.collector.storage.Tables.SECRET;

import java.security.SecureRandom;
import org.jooq.DSLContext;

/** The installation's secret for {@link DictionaryIds}: made once by whichever collector asks first, then shared. */
public final class DictionaryKey {

    private static final int BYTES = 32;

    private DictionaryKey() {}

    static byte[] loadOrCreate(DSLContext dsl) {
        byte[] candidate = new byte[BYTES];
        new SecureRandom().nextBytes(candidate);
        // Collectors starting together race here; the one row that wins is the key of all.
        dsl.insertInto(DICTIONARY_KEY)
                .set(SECRET, candidate)
                .onConflictDoNothing()
                .execute();
        return dsl.select(SECRET).from(DICTIONARY_KEY).fetchSingle(SECRET);
    }
}
