package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of a stream an agent sends (its event stream), each at most {@code maxCharacters} long: a line without
 * end must not fill the server's memory. A longer line is a {@link SandboxException}. Lines end at {@code \n}, with
 * or without a {@code \r} before it.
 */
final class BoundedLines implements Iterator<String>, AutoCloseable {
    private final Reader in;
    private final int maxCharacters;
    private final StringBuilder line = new StringBuilder();
    private String next;
    private boolean ended;

    BoundedLines(InputStream in, int maxCharacters) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxCharacters = maxCharacters;
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = read();
        }
        return next != null;
    }

    @Override
    public String next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        String line = next;
        next = null;
        return line;
    }

    private String read() {
        line.setLength(0);
        try {
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                    return line.substring(0, end);
                }
                if (line.length() >= maxCharacters) {
                    throw new SandboxException("the agent sent a line longer than " + maxCharacters + " characters");
                }
                line.append((char) c);
            }
        } catch (IOException e) {
            throw new SandboxException("the agent's event stream broke off", e);
        }
        ended = true;
        return line.length() > 0 ? line.toString() : null;
    }

    /** Hangs up: closing the body of the JDK client's response ends the connection. */
    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // it is being given up anyway
        }
    }
}
