package dev.tabbi.identity.internal;

import dev.tabbi.identity.GitHubRepositories;
import dev.tabbi.identity.User;
import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Lists a user's repositories from GitHub and keeps the list for a minute, so search-as-you-type filters it here
 * instead of asking GitHub at every key press. GitHub returns at most 100 a page; the 300 most recently pushed are
 * read, which is what a picker needs.
 */
@ApplicationScoped
public class GitHubRepositoryList implements GitHubRepositories {
    private static final Logger LOG = Logger.getLogger(GitHubRepositoryList.class.getName());
    private static final Duration KEPT = Duration.ofMinutes(1);
    private static final int PAGES = 3;
    private static final int MAX_USERS_KEPT = 10_000;

    private record Listed(List<Repository> repositories, boolean withPrivate, Instant at) {
    }

    private final Map<UUID, Listed> recent = new ConcurrentHashMap<>();

    @Inject
    GitHub gitHub;

    @Inject
    DefaultUsers users;

    @Override
    public List<Repository> search(UUID userId, String query, int limit) {
        Optional<User> user = users.find(userId);
        Optional<String> token = users.githubToken(userId);
        if (user.isEmpty() || token.isEmpty()) {
            return List.of();
        }
        boolean withPrivate = user.get().canReadPrivateRepositories();
        Listed listed = recent.get(userId);
        if (listed == null || listed.withPrivate() != withPrivate || listed.at().plus(KEPT).isBefore(Instant.now())) {
            listed = new Listed(read(token.get(), withPrivate), withPrivate, Instant.now());
            if (recent.size() >= MAX_USERS_KEPT) {
                recent.clear();
            }
            recent.put(userId, listed);
        }
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return listed.repositories().stream()
                .filter(repository -> repository.fullName().toLowerCase(Locale.ROOT).contains(needle))
                .limit(Math.max(0, limit)).toList();
    }

    private List<Repository> read(String token, boolean withPrivate) {
        List<Repository> repositories = new ArrayList<>();
        try {
            for (int page = 1; page <= PAGES; page++) {
                List<Repository> items = GitHubReplies.repositories(gitHub.repositories(token, page));
                items.stream().filter(repository -> !repository.isPrivate() || withPrivate).forEach(repositories::add);
                if (items.size() < GitHub.REPOSITORIES_PER_PAGE) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("identity.github_repositories_failed error=\"" + e.getClass().getSimpleName() + "\"");
            throw new Refusal(Refusal.Reason.UPSTREAM_FAILED, "GITHUB_UNAVAILABLE", "GitHub could not be reached to list your repositories");
        }
        return repositories;
    }
}
