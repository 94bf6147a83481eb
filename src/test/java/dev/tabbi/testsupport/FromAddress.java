package dev.tabbi.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client at a chosen local address (all of 127.0.0.0/8 is this machine), for tests of what the server does per
 * client address: plain HTTP/1.1 GETs over one kept-alive connection, reopened when the server closes it.
 */
public final class FromAddress implements AutoCloseable {
    private final String localAddress;
    private final URI server;
    private Socket socket;
    private InputStream in;

    /** What came back: the status line's parts, the headers (names in lower case) and the body. */
    public record Answer(int status, String reason, Map<String, String> headers, String body) {
    }

    public FromAddress(String localAddress, URI server) {
        this.localAddress = localAddress;
        this.server = server;
    }

    /** GETs {@code path} with the given headers (name, value, name, value…). */
    public Answer get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort() + "\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        byte[] bytes = request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            return exchange(bytes);
        } catch (IOException e) {
            close(); // the server closed the kept-alive connection: once more on a new one
            try {
                return exchange(bytes);
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        }
    }

    private Answer exchange(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream());
        }
        socket.getOutputStream().write(request);
        String statusLine = line();
        if (statusLine.isEmpty()) {
            throw new IOException("the connection was closed");
        }
        String[] parts = statusLine.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            line();
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        if ("close".equalsIgnoreCase(headers.get("connection"))) {
            close();
        }
        return new Answer(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // closing anyway
        } finally {
            socket = null;
        }
    }
}
