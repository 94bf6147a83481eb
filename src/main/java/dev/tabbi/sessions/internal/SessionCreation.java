package dev.tabbi.sessions.internal;

import dev.tabbi.platform.LogContext;
import dev.tabbi.identity.Users;
import dev.tabbi.platform.Node;
import dev.tabbi.sandbox.GitSource;
import dev.tabbi.sandbox.RepositoryCheckout;
import dev.tabbi.sandbox.SandboxSpec;
import dev.tabbi.sessions.SessionRequested;
import dev.tabbi.sessions.SessionView;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Creating a session: it answers at once with a {@code starting} session and brings the sandbox up in the
 * background ({@link SandboxBringUp}); its feed tells how that goes ({@code session.created}, {@code session.progress},
 * then {@code session.ready} or {@code session.error}). Limits come first: {@link SessionRequested} observers may
 * refuse it, and the user's live sessions are capped ({@link LiveSessionGate}).
 */
@ApplicationScoped
public class SessionCreation {

    @Inject
    UserSecrets userSecrets;

    @Inject
    SessionStore store;

    @Inject
    SessionFeed feed;

    @Inject
    SandboxBringUp bringUp;

    @Inject
    RepoPolicy repoPolicy;

    @Inject
    Users users;

    @Inject
    WorkLeases work;

    @Inject
    Event<SessionRequested> requested;

    @Inject
    LiveSessionGate gate;

    @Inject
    Node node;

    @Resource
    ManagedExecutorService executor;

    public SessionView create(UUID userId, UUID keyId, SessionRequest request) {
        SessionRefusals.refuseWhileDraining(node);
        requested.fire(new SessionRequested(userId, keyId)); // an observer may refuse it (a rate limit)
        Map<String, String> secrets = userSecrets.values(userId, request.secretNames());
        SessionEntity session = gate.create(userId,
                () -> store.insert(userId, keyId, request.systemPrompt(), request.repo(),
                        request.repoSource() == null ? null : request.repoSource().ref(), request.autoCreatePr(), request.model(),
                        secrets, request.repositories().stream().map(SessionRepositories.Requested::named).toList()));
        UUID id = session.id();
        feed.publish(id, FeedEvent.created(id));
        feed.publish(id, FeedEvent.progress(request.repo() == null
                ? "Creating the sandbox and starting the agent"
                : "Creating the sandbox, cloning " + request.repo() + " and starting the agent"));
        // several repositories: the progress above says "Creating the sandbox and starting the agent"
        work.begin(id);
        executor.execute(LogContext.carrying(id.toString(), () -> bringUp.bringUp(id, null, spec(userId, id, request, secrets))));
        return session.view();
    }

    /**
     * The sandbox for a new session. A repository on GitHub without a {@code gitToken} is cloned with the owner's
     * stored GitHub token, if they connected one (private repositories need the {@code repo} scope).
     */
    private SandboxSpec spec(UUID userId, UUID sessionId, SessionRequest request, Map<String, String> secrets) {
        GitSource repo = request.repoSource();
        if (repo != null && repo.token() == null && repoPolicy.isOnGitHub(repo)) {
            repo = new GitSource(repo.url(), repo.ref(), users.githubToken(userId).orElse(null));
        }
        List<RepositoryCheckout> repositories = request.repositories().stream().map(r -> r.checkout())
                .map(c -> c.source().token() == null && repoPolicy.isOnGitHub(c.source())
                        ? new RepositoryCheckout(new GitSource(c.source().url(), c.source().ref(),
                                users.githubToken(userId).orElse(null)), c.path()) : c).toList();
        return new SandboxSpec(sessionId.toString(), request.model(), repo, request.skills(), request.agentSettings(), secrets,
                repositories);
    }
}
