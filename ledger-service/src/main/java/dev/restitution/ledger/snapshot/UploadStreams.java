package dev.restitution.ledger.snapshot;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The byte streams under a balances file: how many bytes of the upload were consumed (the progress),
 * gzip recognised by its magic bytes, and a bound on how large a compressed body may expand.
 */
final class UploadStreams {

    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;

    private UploadStreams() {
    }

    /** Counts the bytes read through it; read from another thread only for progress reports. */
    static final class Counting extends FilterInputStream {
        private volatile long count;

        Counting(InputStream input) {
            super(input);
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                count++;
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count += read;
            }
            return read;
        }

        long count() {
            return count;
        }
    }

    /** Refuses to deliver more than {@code limit} bytes: reading beyond fails with {@link TooLargeException}. */
    static final class Bounded extends FilterInputStream {
        private final long limit;
        private long count;

        Bounded(InputStream input, long limit) {
            super(input);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                account(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                account(read);
            }
            return read;
        }

        private void account(int read) throws TooLargeException {
            count += read;
            if (count > limit) {
                throw new TooLargeException(limit);
            }
        }
    }

    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("the decompressed file is larger than " + limit + " bytes");
        }
    }

    /** True when the stream starts with gzip's magic bytes; the stream is left where it was. */
    static boolean isGzip(BufferedInputStream input) throws IOException {
        input.mark(2);
        int first = input.read();
        int second = input.read();
        input.reset();
        return first == GZIP_MAGIC_FIRST && second == GZIP_MAGIC_SECOND;
    }

    static InputStream decompressed(BufferedInputStream input, boolean gzip, long maxUncompressedBytes) throws IOException {
        InputStream content = gzip ? new GZIPInputStream(input, BUFFER_BYTES) : input;
        return new Bounded(content, maxUncompressedBytes);
    }
}
