package dev.hotpath.collector.web;

import java.util.Optional;

/** The token of an {@code Authorization: Bearer <token>} header, as REST clients and agents send it. */
public final class BearerHeader {

    private static final String BEARER = "Bearer ";

    private BearerHeader() {}

    /** Empty when the header is missing, another scheme, or carries a blank token. */
    public static Optional<String> token(String header) {
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
