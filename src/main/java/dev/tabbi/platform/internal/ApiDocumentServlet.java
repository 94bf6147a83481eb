package dev.tabbi.platform.internal;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /openapi.yaml}: the API's contract exactly as written (META-INF/openapi.yaml), on every server. The
 * server's own MicroProfile OpenAPI service at {@code /openapi} adds what it knows of the server (its addresses,
 * for one), so proxies keep that one in and the documentation links this.
 */
@WebServlet(urlPatterns = "/openapi.yaml")
public class ApiDocumentServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final String RESOURCE = "META-INF/openapi.yaml";

    private transient volatile Document document;

    private record Document(byte[] bytes, String etag) {
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Document served = document();
        response.setHeader("ETag", served.etag());
        response.setHeader("Cache-Control", "public, max-age=300");
        if (served.etag().equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType("application/yaml");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(served.bytes().length);
        response.getOutputStream().write(served.bytes());
    }

    private Document document() {
        Document loaded = document;
        if (loaded == null) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the application");
                }
                byte[] bytes = in.readAllBytes();
                String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                loaded = new Document(bytes, "\"" + hash.substring(0, 32) + "\"");
                document = loaded;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return loaded;
    }
}
