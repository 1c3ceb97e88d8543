package dev.hotpath.collector.ingest;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Request bodies as a broken or hostile client sends them: raw bytes, and gzip streams that inflate enormously. */
public final class RawMessages {

    private RawMessages() {}

    /** A gzip stream of {@code inflatedBytes} zeros: about a thousandth of that on the wire. */
    public static byte[] gzipOfZeros(long inflatedBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            for (long written = 0; written < inflatedBytes; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return out.toByteArray();
    }

    /** Passes bytes through unchanged. */
    public static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
