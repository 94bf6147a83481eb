package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.ContentTooLarge;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Caps what a Rest Client reads of one reply: an agent or a sandbox platform is not trusted to answer with a
 * sensible amount. Past the cap, reading fails with {@link TooLong}, which {@link #tooLarge} recognises in whatever
 * the client wrapped it in.
 */
final class BoundedReplies implements ClientResponseFilter {
    private final long maxBytes;

    BoundedReplies(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (response.getLength() > maxBytes) {
            throw new ContentTooLarge("the reply", maxBytes);
        }
        if (response.hasEntity()) {
            response.setEntityStream(new Capped(response.getEntityStream(), maxBytes));
        }
    }

    /** The {@link ContentTooLarge} behind a failure, if a cap caused it. */
    static java.util.Optional<ContentTooLarge> tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLong tooLong) {
                return java.util.Optional.of(new ContentTooLarge("the reply", tooLong.maxBytes));
            }
            if (cause instanceof ContentTooLarge known) {
                return java.util.Optional.of(known);
            }
        }
        return java.util.Optional.empty();
    }

    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;
        final long maxBytes;

        TooLong(long maxBytes) {
            super("the reply is longer than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }
    }

    private static final class Capped extends FilterInputStream {
        private final long maxBytes;
        private long read;

        Capped(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(0, n));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new TooLong(maxBytes);
            }
        }
    }
}
