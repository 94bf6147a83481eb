package dev.tabbi.sessions.internal;

import dev.tabbi.platform.RequestBody;

import dev.tabbi.identity.GitHubPullRequests;
import dev.tabbi.identity.User;
import dev.tabbi.identity.Users;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.Branches;
import dev.tabbi.sandbox.GitSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A session's changes as a pull request: the workspace's diff pushed as a new branch of its GitHub repository (a
 * commit by the configured author, the user as co-author), the pull request opened with the owner's token, then
 * recorded on the session, on its feed and as a webhook. Each refusal says what is missing.
 */
@ApplicationScoped
public class SessionPullRequests {
    private static final Logger LOG = Logger.getLogger(SessionPullRequests.class.getName());
    static final int MAX_TITLE = 256;
    static final int MAX_BODY = 65_536;
    static final long MAX_DIFF_BYTES = 5L * 1024 * 1024;
    private static final Pattern BRANCH = Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*@\\{)[A-Za-z0-9._/-]{1,200}(?<!/)(?<!\\.lock)(?<!\\.)");
    private static final Pattern GITHUB_PATH = Pattern.compile("/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9._-]{1,100}?)(?:\\.git)?/?");

    /** What the caller asks for; all optional but the title (the dashboard and autoCreatePr fill it in). */
    public record Request(String title, String body, String branch, String base, Boolean draft, String path) implements RequestBody {
    }

    /** A pull request opened from the session. */
    public record Opened(String repository, int number, String url, String branch, String base, String title, boolean draft) {
    }

    @Inject
    SessionAccess access;

    @Inject
    SessionWorkspace workspace;

    @Inject
    RepoPolicy repoPolicy;

    @Inject
    Users users;

    @Inject
    GitHubPullRequests gitHub;

    @Inject
    Branches branches;

    @Inject
    PullRequestRecords records;

    @Inject
    SessionFeed feed;

    @Inject
    @ConfigProperty(name = "sessions.pull-requests.author-name", defaultValue = "Tabbi")
    String authorName;

    @Inject
    @ConfigProperty(name = "sessions.pull-requests.author-email", defaultValue = "tabbi@users.noreply.github.com")
    String authorEmail;

    /** Opens a pull request of the session's changes since it started. */
    public Opened open(UUID userId, UUID sessionId, Request request) {
        SessionEntity session = access.owned(userId, sessionId);
        Request valid = validated(request, sessionId);
        String repo = session.repo();
        String sessionBranch = session.repoBranch();
        List<SessionRepositories.Named> several = session.repositories();
        if (!several.isEmpty()) { // one of several: the caller names which, by its path
            String paths = String.join(", ", several.stream().map(SessionRepositories.Named::path).toList());
            if (valid.path() == null) {
                throw Refusal.invalid("path: the session has several repositories; name one of " + paths);
            }
            SessionRepositories.Named chosen = several.stream().filter(r -> r.path().equals(valid.path())).findFirst()
                    .orElseThrow(() -> new Refusal(Refusal.Reason.NOT_FOUND, "REPOSITORY_NOT_FOUND",
                            "The session has no repository at that path; its repositories are at " + paths));
            repo = chosen.repo();
            sessionBranch = chosen.branch();
        } else if (repo == null) {
            throw new Refusal(Refusal.Reason.CONFLICT, "NO_REPOSITORY", "The session has no repository to open a pull request on");
        }
        String token = users.githubToken(userId).orElse(null);
        GitSource source = repoPolicy.repository(repo, token);
        String repository = gitHubName(source);
        gitHub.requireWriteAccess(userId);
        String diff = several.isEmpty() ? workspace.diff(userId, sessionId, MAX_DIFF_BYTES)
                : workspace.diff(userId, sessionId, valid.path(), MAX_DIFF_BYTES);
        if (diff.isBlank()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "NO_CHANGES", "The session's workspace has no changes since it started");
        }
        User user = users.find(userId).orElseThrow();
        String base = valid.base() != null ? valid.base() : sessionBranch;
        String baseUsed = branches.push(new GitSource(source.url(), null, token), base, diff, valid.branch(),
                new Branches.Commit(authorName, authorEmail, valid.title() + "\n\n" + (valid.body().isBlank() ? "" : valid.body() + "\n\n")
                        + "Co-authored-by: " + user.displayName() + " <" + email(user) + ">\n"));
        GitHubPullRequests.PullRequest pull;
        try {
            pull = gitHub.open(userId, new GitHubPullRequests.Proposal(repository, valid.branch(), baseUsed, valid.title(),
                    valid.body(), valid.draft()));
        } catch (RuntimeException e) {
            branches.remove(new GitSource(source.url(), null, token), valid.branch()); // so that trying again works
            throw e;
        }
        Opened opened = new Opened(repository, pull.number(), pull.url(), valid.branch(), baseUsed, valid.title(), pull.draft());
        records.record(userId, sessionId, opened);
        feed.publish(sessionId, FeedEvent.pullRequestOpened(sessionId, opened));
        LOG.info("sessions.pull_request_opened session_id=" + sessionId + " repository=" + repository + " number=" + pull.number());
        return opened;
    }

    /** The pull requests opened from the session, oldest first. */
    public List<Opened> of(UUID userId, UUID sessionId) {
        return of(access.owned(userId, sessionId));
    }

    /** As {@link #of(UUID, UUID)}, for a session already found as its owner's; one without a repository has none. */
    public List<Opened> of(SessionEntity owned) {
        return owned.view().repo() == null && owned.repositories().isEmpty() ? List.of() : records.of(owned.id());
    }

    private static Request validated(Request request, UUID sessionId) {
        Request given = request == null ? new Request(null, null, null, null, null, null) : request;
        String title = given.title() == null ? "" : given.title().strip();
        if (title.isEmpty() || title.length() > MAX_TITLE || title.chars().anyMatch(Character::isISOControl)) {
            throw Refusal.invalid("title: 1 to " + MAX_TITLE + " characters on one line");
        }
        String body = given.body() == null ? "" : given.body();
        if (body.length() > MAX_BODY) {
            throw Refusal.invalid("body: at most " + MAX_BODY + " characters");
        }
        String path = given.path() == null || given.path().isBlank() ? null : given.path().strip();
        String branch = given.branch() == null || given.branch().isBlank()
                ? "tabbi/session-" + sessionId.toString().substring(0, 8) : given.branch().strip();
        if (!BRANCH.matcher(branch).matches()) {
            throw Refusal.invalid("branch: a new branch name (letters, digits, . _ / -; at most 200)");
        }
        String base = given.base() == null || given.base().isBlank() ? null : given.base().strip();
        if (base != null && !BRANCH.matcher(base).matches()) {
            throw Refusal.invalid("base: a branch name (letters, digits, . _ / -; at most 200)");
        }
        if (branch.equals(base)) {
            throw Refusal.invalid("branch: must differ from base");
        }
        return new Request(title, body, branch, base, Boolean.TRUE.equals(given.draft()), path);
    }

    /** {@code owner/repo} of a repository on the configured GitHub; 409 for one elsewhere. */
    private String gitHubName(GitSource source) {
        var match = GITHUB_PATH.matcher(source.url().getPath());
        if (!repoPolicy.isOnGitHub(source) || !match.matches()) {
            throw new Refusal(Refusal.Reason.CONFLICT, "REPOSITORY_NOT_ON_GITHUB", "Pull requests are opened on GitHub; "
                    + "the session's repository is elsewhere");
        }
        return match.group(1) + "/" + match.group(2);
    }

    /** The user's address for the co-author line: theirs, or GitHub's private one for their account. */
    private static String email(User user) {
        return user.email() != null && !user.email().isBlank() ? user.email()
                : user.githubId() + "+" + user.login() + "@users.noreply.github.com";
    }

    static String json(Opened opened) {
        return Json.createObjectBuilder().add("number", opened.number()).add("url", opened.url())
                .add("repository", opened.repository()).add("branch", opened.branch()).add("base", opened.base())
                .add("title", opened.title()).add("draft", opened.draft()).build().toString();
    }
}
