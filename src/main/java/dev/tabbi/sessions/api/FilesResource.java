package dev.tabbi.sessions.api;

import dev.tabbi.keys.DashboardMayCall;
import dev.tabbi.sessions.SessionRoute;
import dev.tabbi.keys.CurrentCaller;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.WorkspaceEntry;
import dev.tabbi.sessions.internal.SessionWorkspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLConnection;
import java.util.Map;
import java.util.UUID;

/**
 * {@code GET /v1/sessions/{id}/files/{path}}: a listing ({@code {"files":[…]}}) for {@code /} or a path ending in
 * {@code /}, else the file's raw bytes. Nothing outside the workspace is ever reachable. The agent wrote the bytes,
 * so they are never run on this origin: a download, of a declared type that is never guessed, under a CSP that
 * sandboxes it and lets nothing load. Past {@value #MAX_FILE_BYTES} bytes the answer is 413.
 */
@Path("/sessions/{id}/files")
@DashboardMayCall
@SessionRoute.ReadsWorkspace
@ApplicationScoped
public class FilesResource {
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    @Inject
    SessionWorkspace workspace;

    @Inject
    CurrentCaller currentCaller;

    @GET
    public Response root(@PathParam("id") String id) {
        return read(id, "/");
    }

    @GET
    @Path("/{path: .*}")
    public Response read(@PathParam("id") String id, @PathParam("path") String path) {
        UUID sessionId = SessionsResource.parse(id);
        boolean wantsListing = path.isEmpty() || path.endsWith("/");
        WorkspaceEntry entry = workspace.file(currentCaller.get().userId(), sessionId, path, MAX_FILE_BYTES);
        if (entry instanceof WorkspaceEntry.Directory directory) {
            return Response.ok(Map.of("files", directory.items()), MediaType.APPLICATION_JSON_TYPE).build();
        }
        if (wantsListing) {
            throw new Refusal(Refusal.Reason.NOT_FOUND, "FILE_NOT_FOUND", "Not a directory: " + path);
        }
        WorkspaceEntry.File file = (WorkspaceEntry.File) entry;
        String type = URLConnection.guessContentTypeFromName(file.name());
        return Response.ok(file.content(), type == null ? MediaType.APPLICATION_OCTET_STREAM : type)
                .header("Content-Disposition", "attachment; filename=\"" + file.name().replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("Cache-Control", "private, no-store")
                .build();
    }
}
