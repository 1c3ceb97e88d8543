package dev.hotpath.collector.web;

/** Who sent a REST request, as {@link ApiAccessFilter} found from its token: the admin or one read-only token. */
record Caller(boolean admin, long readTokenId) {

    /** Key of the caller in the request's RoutingContext. */
    static final String KEY = "hotpath.caller";

    static final Caller ADMIN = new Caller(true, -1);

    static Caller readOnly(long tokenId) {
        return new Caller(false, tokenId);
    }

    /** The rate limiter's bucket and the name in messages. */
    String name() {
        return admin ? "admin" : "read-token:" + readTokenId;
    }
}
