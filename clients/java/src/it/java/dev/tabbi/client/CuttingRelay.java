package dev.tabbi.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay in front of a server that breaks the first turn stream (POST …/messages) it carries after a few
 * events, as a dropped mobile connection or a restarted proxy would, and counts the event-log reconnections.
 */
final class CuttingRelay implements AutoCloseable {
    private static final int FRAMES_BEFORE_CUT = 3;

    private final ServerSocket listener;
    private final URI target;
    private final AtomicBoolean cut = new AtomicBoolean();
    private final AtomicInteger resumes = new AtomicInteger();

    CuttingRelay(URI target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "cutting-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Whether a turn stream was broken. */
    boolean cut() {
        return cut.get();
    }

    /** Requests for a session's event log (the client's reconnections). */
    int resumes() {
        return resumes.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(target.getHost(), target.getPort());
                AtomicBoolean turnStream = new AtomicBoolean();
                start(() -> requests(client, server, turnStream));
                start(() -> responses(server, client, turnStream));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void requests(Socket client, Socket server, AtomicBoolean turnStream) {
        byte[] buffer = new byte[8192];
        try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                String text = new String(buffer, 0, read, StandardCharsets.ISO_8859_1);
                if (text.startsWith("POST /v1/sessions/") && text.contains("/messages ") && !cut.get()) {
                    turnStream.set(true);
                }
                if (text.startsWith("GET /v1/sessions/") && text.contains("/events ")) {
                    resumes.incrementAndGet();
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // either side went away
        }
    }

    private void responses(Socket server, Socket client, AtomicBoolean turnStream) {
        byte[] buffer = new byte[1];
        int frames = 0;
        byte previous = 0;
        try (InputStream in = new java.io.BufferedInputStream(server.getInputStream());
             OutputStream out = new java.io.BufferedOutputStream(client.getOutputStream())) {
            for (int read; (read = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, read);
                if (turnStream.get() && previous == '\n' && buffer[0] == '\n' && ++frames == FRAMES_BEFORE_CUT
                        && cut.compareAndSet(false, true)) {
                    out.flush();
                    client.close(); // mid-stream: the turn goes on on the server
                    server.close();
                    return;
                }
                previous = buffer[0];
                if (in.available() == 0) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // either side went away
        }
    }

    private static void start(Runnable task) {
        Thread thread = new Thread(task, "cutting-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
