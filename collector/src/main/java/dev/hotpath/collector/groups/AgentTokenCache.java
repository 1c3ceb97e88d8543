package dev.hotpath.collector.groups;

import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.access.AgentTokenHash;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The agent tokens of every group, held in memory as SHA-256 hashes so that an agent call is authenticated before
 * its body is read and without a database round trip. A token created, rotated or revoked through this collector
 * (or its group deleted) changes here at once; through another collector sharing the database, after the next
 * refresh (hotpath.token-refresh, 5 s by default).
 */
@Singleton
public class AgentTokenCache {

    private static final Logger LOG = Logger.getLogger(AgentTokenCache.class);

    /** The group an agent token opens. */
    public record AgentIdentity(long tokenId, long groupId, String groupName) {}

    private final Storage storage;
    // Keyed by the token's SHA-256: a lookup reveals nothing an attacker could steer without a preimage.
    private volatile Map<ByteBuffer, AgentIdentity> byHash;
    private final Map<Long, Instant> lastUsed = new ConcurrentHashMap<>();

    AgentTokenCache(Storage storage) {
        this.storage = storage;
        this.byHash = load(storage.agentTokenHashes());
    }

    /** The group {@code token} belongs to, if it is an unrevoked agent token; never reads the database. */
    public Optional<AgentIdentity> match(String token) {
        AgentIdentity identity = byHash.get(ByteBuffer.wrap(AgentTokens.hash(token)));
        if (identity != null) {
            lastUsed.put(identity.tokenId(), Instant.now());
        }
        return Optional.ofNullable(identity);
    }

    /** Rereads the tokens now; called after every change this collector makes. */
    synchronized void reload() {
        byHash = load(storage.agentTokenHashes());
    }

    /** Writes the uses seen since the last flush, so the admin's token list shows them. */
    void flushLastUsed() {
        Map<Long, Instant> used = new HashMap<>(lastUsed);
        storage.agentTokensLastUsed(used);
        // remove(key, value): a use recorded during the write stays for the next flush.
        used.forEach(lastUsed::remove);
    }

    @Scheduled(every = "${hotpath.token-refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        try {
            flushLastUsed();
            byHash = load(storage.agentTokenHashes());
        } catch (RuntimeException e) {
            // Keeps the last known tokens: agents keep reporting, and their reports wait in the database's absence.
            LOG.warnf("cannot reread the agent tokens (keeping the %d known): %s", byHash.size(), e.toString());
        }
    }

    private static Map<ByteBuffer, AgentIdentity> load(List<AgentTokenHash> tokens) {
        Map<ByteBuffer, AgentIdentity> map = new HashMap<>();
        for (AgentTokenHash t : tokens) {
            map.put(ByteBuffer.wrap(t.hash()), new AgentIdentity(t.tokenId(), t.groupId(), t.groupName()));
        }
        return Map.copyOf(map);
    }
}
