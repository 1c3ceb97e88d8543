package dev.hotpath.collector.web;

import io.vertx.ext.web.RoutingContext;

/** Who sent a REST request, as {@link ApiAccessFilter} found from its token: the admin or one read-only token. */
public record Caller(boolean admin, long readTokenId) {

    /** Key of the caller in the request's RoutingContext. */
    static final String KEY = "hotpath.caller";

    static final Caller ADMIN = new Caller(true, -1);

    static Caller readOnly(long tokenId) {
        return new Caller(false, tokenId);
    }

    /**
     * Whether the request came with the admin token. Resources ask it to decide what to show (secrets only to the
     * admin); a request with no caller counts as not the admin.
     */
    public static boolean isAdmin(RoutingContext ctx) {
        Caller caller = ctx == null ? null : ctx.get(KEY);
        return caller != null && caller.admin();
    }

    /** The name of the request's caller ({@link #name()}), or "anonymous" when it has none. */
    public static String nameOf(RoutingContext ctx) {
        Caller caller = ctx == null ? null : ctx.get(KEY);
        return caller == null ? "anonymous" : caller.name();
    }

    /** The rate limiter's bucket and the name in messages. */
    String name() {
        return admin ? "admin" : "read-token:" + readTokenId;
    }
}
