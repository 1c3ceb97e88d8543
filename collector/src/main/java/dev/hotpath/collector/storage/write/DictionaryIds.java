package dev.hotpath.collector.storage.write;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ids of frames, stacks and label sets: the first 64 bits of an HMAC-SHA-256 under this installation's secret (the
 * {@code dictionary_key} row), so every collector of one database computes the same id without asking it, and an
 * agent, not knowing the secret, can neither aim a frame or stack at another's id nor build colliding ones.
 */
public final class DictionaryIds {

    private static final String HMAC = "HmacSHA256";
    // Domain separation: a frame name and a stack's frame ids never hash the same input.
    private static final byte FRAME = 'F';
    private static final byte STACK = 'S';
    private static final byte LABELS = 'L';

    // Mac.getInstance costs a provider lookup and Mac is not thread-safe; ingest hashes thousands of names a report.
    private final ThreadLocal<Mac> macs;

    public DictionaryIds(byte[] secret) {
        SecretKeySpec key = new SecretKeySpec(secret.clone(), HMAC);
        this.macs = ThreadLocal.withInitial(() -> newMac(key));
    }

    public long frameId(String name) {
        Mac mac = macs.get();
        mac.update(FRAME);
        return leading64(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    }

    public long stackId(long[] frameIdsRootFirst) {
        ByteBuffer bytes = ByteBuffer.allocate(1 + frameIdsRootFirst.length * Long.BYTES);
        bytes.put(STACK);
        for (long id : frameIdsRootFirst) {
            bytes.putLong(id);
        }
        return leading64(macs.get().doFinal(bytes.array()));
    }

    /** Never 0, the id of the empty set (a digest starting with 64 zero bits is taken as 1). */
    long labelSetId(LabelSet labels) {
        Mac mac = macs.get();
        mac.update(LABELS);
        String[] keys = labels.keys();
        String[] values = labels.values();
        for (int i = 0; i < keys.length; i++) {
            // Length-prefixed, so no two different sets hash the same bytes.
            lengthPrefixed(mac, keys[i]);
            lengthPrefixed(mac, values[i]);
        }
        long id = leading64(mac.doFinal());
        return id == 0 ? 1 : id;
    }

    private static void lengthPrefixed(Mac mac, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        mac.update(bytes);
    }

    private static long leading64(byte[] digest) {
        return ByteBuffer.wrap(digest).getLong();
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
