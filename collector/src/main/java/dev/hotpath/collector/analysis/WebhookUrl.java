package dev.hotpath.collector.analysis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a webhook URL (absolute http or https with a host, of bounded length) and redacts it for readers who
 * may not see its secret (hook URLs carry it in the path or query).
 */
final class WebhookUrl {

    static final int MAX_LENGTH = 2048;

    private WebhookUrl() {}

    /** The URL as given (trimmed); IllegalArgumentException naming what is wrong with it otherwise. */
    static String check(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("url is required: {\"url\": \"https://...\"}");
        }
        String url = text.trim();
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("url is " + url.length() + " characters long, more than " + MAX_LENGTH);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "url = '" + url + "' is not a valid URL: " + e.getReason() + " at index " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url = '" + url + "' must start with http:// or https://"
                    + (scheme.isEmpty() ? "" : ", not " + scheme + "://"));
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("url = '" + url + "' has no host name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException(
                    "url = '" + url + "' has port " + uri.getPort() + ", not between 1 and 65535");
        }
        return url;
    }

    /** {@code scheme://host[:port]/…}: what a read-only token sees of a webhook URL; never its path or query. */
    static String redacted(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() != null && uri.getHost() != null) {
                return uri.getScheme().toLowerCase(Locale.ROOT) + "://"
                        + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                        + "/…";
            }
        } catch (URISyntaxException e) {
            // Falls through: nothing of it is shown.
        }
        return "…";
    }
}
