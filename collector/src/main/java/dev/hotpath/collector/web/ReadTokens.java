package dev.hotpath.collector.web;

import dev.hotpath.collector.groups.AgentTokens;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.access.ReadToken;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The read-only REST tokens, checked in memory so the HTTP event loop never waits for the database: a token
 * revoked here fails at once; one revoked through another collector sharing the database fails here after the
 * next refresh (hotpath.token-refresh).
 */
@Singleton
public class ReadTokens {

    private static final Logger LOG = Logger.getLogger(ReadTokens.class);

    private final Storage storage;
    private volatile Map<Long, byte[]> hashes;
    private final Map<Long, Instant> lastUsed = new ConcurrentHashMap<>();

    ReadTokens(Storage storage) {
        this.storage = storage;
        this.hashes = storage.readTokenHashes();
    }

    /** The id of the read token {@code token} is, if it is one. */
    OptionalLong match(String token) {
        byte[] hash = AgentTokens.hash(token);
        long matched = -1;
        // No early exit: every stored hash is compared in constant time.
        for (Map.Entry<Long, byte[]> e : hashes.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), hash)) {
                matched = e.getKey();
            }
        }
        if (matched < 0) {
            return OptionalLong.empty();
        }
        lastUsed.put(matched, Instant.now());
        return OptionalLong.of(matched);
    }

    /** A created token with the secret, which is shown only in this answer. */
    public record CreatedReadToken(long id, String name, Instant createdAt, String token) {}

    synchronized CreatedReadToken create(String name) {
        String token = AgentTokens.generate();
        ReadToken stored = storage.createReadToken(name, AgentTokens.hash(token));
        Map<Long, byte[]> copy = new HashMap<>(hashes);
        copy.put(stored.id(), AgentTokens.hash(token));
        hashes = Map.copyOf(copy);
        return new CreatedReadToken(stored.id(), stored.name(), stored.createdAt(), token);
    }

    /** False when there was no such token. Synchronized with refresh, so a reload cannot bring it back. */
    synchronized boolean revoke(long id) {
        boolean revoked = storage.revokeReadToken(id);
        Map<Long, byte[]> copy = new HashMap<>(hashes);
        copy.remove(id);
        hashes = Map.copyOf(copy);
        lastUsed.remove(id);
        return revoked;
    }

    @Scheduled(every = "${hotpath.token-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        try {
            Map<Long, Instant> used = new HashMap<>(lastUsed);
            storage.readTokensLastUsed(used);
            // remove(key, value): a use recorded during the write stays for the next flush.
            used.forEach(lastUsed::remove);
            hashes = Map.copyOf(storage.readTokenHashes());
        } catch (RuntimeException e) {
            // Keeps the last known tokens: the API stays readable while the database is away.
            LOG.warnf("cannot reread the read-only tokens (keeping the %d known): %s", hashes.size(), e.toString());
        }
    }
}
