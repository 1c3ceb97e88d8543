package dev.hotpath.collector.analysis;

import dev.hotpath.collector.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** An anomaly's id in URLs: its cause key in URL-safe Base64, so feedback needs no stored anomaly to refer to. */
final class CauseId {

    // Subject | view | direction | version, as Anomaly.causeKey() writes it.
    private static final int PARTS = 4;
    private static final int MAX_LENGTH = 16_384;

    private CauseId() {}

    static String of(String causeKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(causeKey.getBytes(StandardCharsets.UTF_8));
    }

    /** The cause key an id stands for; 400 naming the id when it is not one this API handed out. */
    static String causeKey(String id) {
        String key = "";
        if (id.length() <= MAX_LENGTH) {
            try {
                key = new String(Base64.getUrlDecoder().decode(id), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                // Not Base64: reported below like any other id this API did not hand out.
            }
        }
        if (key.split("\\|", -1).length < PARTS) {
            throw ApiException.badRequest("anomaly id '" + abbreviated(id) + "' is not an id from .../anomalies");
        }
        return key;
    }

    private static String abbreviated(String id) {
        return id.length() <= 80 ? id : id.substring(0, 80) + "...";
    }
}
