package dev.hotpath.collector.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids of frames and stacks: the first 64 bits of a SHA-256, so every collector computes the same id for the
 * same frame or stack without asking the database (a collision needs about 2^32 distinct entries).
 */
final class DictionaryIds {

    // MessageDigest.getInstance costs a provider lookup per call; ingest hashes thousands of names per report.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(DictionaryIds::newSha256);

    private DictionaryIds() {
    }

    static long frameId(String name) {
        return leading64(SHA_256.get().digest(name.getBytes(StandardCharsets.UTF_8)));
    }

    static long stackId(long[] frameIdsRootFirst) {
        ByteBuffer bytes = ByteBuffer.allocate(frameIdsRootFirst.length * Long.BYTES);
        for (long id : frameIdsRootFirst) {
            bytes.putLong(id);
        }
        return leading64(SHA_256.get().digest(bytes.array()));
    }

    private static long leading64(byte[] digest) {
        return ByteBuffer.wrap(digest).getLong();
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
