package dev.tabbi.sessions.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.platform.PageActions;
import dev.tabbi.sessions.SessionStatus;
import dev.tabbi.sessions.SessionView;
import dev.tabbi.sessions.internal.SessionCursor;
import dev.tabbi.sessions.internal.PauseAndResume;
import dev.tabbi.sessions.internal.SessionAccess;
import dev.tabbi.sessions.internal.SessionTermination;
import org.omnifaces.cdi.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The Sessions page: the signed-in user's sessions from every key and the dashboard, newest first, a page at a
 * time (cursor paging, as the API does), filtered by status, with pause, resume and delete. Every action goes
 * through {@link SessionAccess} and the rooms of the lifecycle with the user's id, so another user's session id is simply not found.
 */
@Named
@ViewScoped(saveInViewState = true) // in the page itself: any node may take the next request
public class SessionsPage implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int PAGE_SIZE = 20;

    @Inject
    SessionAccess sessions;

    @Inject
    PauseAndResume pauseAndResume;

    @Inject
    SessionTermination termination;

    @Inject
    SignedInUser user;

    private String status = "";
    /** The cursors of the pages before this one, to go back (null stands for the first page). */
    private final ArrayList<SessionCursor> trail = new ArrayList<>();
    private SessionCursor current;
    private transient SessionAccess.Page page;

    public List<SessionView> getSessions() {
        return page().sessions();
    }

    public boolean isHasNext() {
        return page().next() != null;
    }

    public boolean isHasPrevious() {
        return current != null;
    }

    public void next() {
        if (page().next() != null) {
            trail.add(current);
            current = page().next();
            page = null;
        }
    }

    public void previous() {
        current = trail.isEmpty() ? null : trail.remove(trail.size() - 1);
        page = null;
    }

    /** Applies the status filter from the first page. */
    public void filter() {
        trail.clear();
        current = null;
        page = null;
    }

    public void pause(UUID sessionId) {
        attempt(() -> pauseAndResume.pause(user.id(), sessionId), "Session paused: its workspace is kept");
    }

    public void resume(UUID sessionId) {
        attempt(() -> pauseAndResume.resume(user.id(), sessionId), "Session resumed");
    }

    public void delete(UUID sessionId) {
        attempt(() -> termination.terminate(user.id(), sessionId), "Session deleted: its sandbox is gone");
    }

    /** "3 min ago" style, for the list; the exact time is in the title attribute. */
    public String ago(Instant instant) {
        return TimeText.ago(instant, Instant.now());
    }

    public String exact(Instant instant) {
        return TimeText.exact(instant);
    }

    private SessionAccess.Page page() {
        if (page == null) {
            page = sessions.list(user.id(), status == null || status.isBlank() ? null : SessionStatus.fromWireName(status),
                    current, PAGE_SIZE);
        }
        return page;
    }

    private void attempt(Runnable change, String success) {
        PageActions.attempt(change, success, "Not found: no such session among yours");
        page = null;
    }

    public String getStatus() {
        return status;
    }

    /** Only the known status names are accepted; anything else shows every session. */
    public void setStatus(String status) {
        String wanted = status == null ? "" : status.strip().toLowerCase(Locale.ROOT);
        this.status = List.of("starting", "idle", "running", "paused", "error", "terminated").contains(wanted) ? wanted : "";
    }
}
