package dev.tabbi.identity.internal;

import dev.tabbi.identity.GitHubPullRequests;
import dev.tabbi.identity.GitHubRepositories.Repository;
import dev.tabbi.platform.ReplyFields;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What Tabbi reads of GitHub's replies, read as untrusted ({@link ReplyFields}): an answer of the wrong shape is
 * {@link GitHub.Refused} (sign-in fails with a clear message) or {@link Unreadable} (counted as GitHub failing), never
 * an exception deep in the server. Strings Tabbi keeps are bounded.
 */
final class GitHubReplies {
    private static final int MAX_TEXT = 2_000;
    private static final int MAX_TOKEN = 1_000;

    /** GitHub answered something that is not what its API documents. */
    static final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String what) {
            super(what);
        }
    }

    private GitHubReplies() {
    }

    /** The OAuth token exchange's answer: the token and its scopes, or {@link GitHub.Refused} with GitHub's error. */
    static GitHub.Grant grant(JsonValue reply) {
        try {
            JsonObject answer = ReplyFields.object(reply, "the token answer");
            if (answer.containsKey("error") || !answer.containsKey("access_token")) {
                // an OAuth error code (snake_case): anything else would put what the network said into our logs
                String error = ReplyFields.optionalText(answer, "error", "no_access_token");
                throw new GitHub.Refused(error.matches("[A-Za-z0-9_.-]{1,100}") ? error : "unreadable_error");
            }
            String token = ReplyFields.text(answer, "access_token");
            if (token.length() > MAX_TOKEN || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new GitHub.Refused("unreadable_access_token");
            }
            Set<String> scopes = Arrays.stream(ReplyFields.optionalText(answer, "scope", "").split("[ ,]+"))
                    .filter(s -> !s.isBlank()).limit(100).collect(Collectors.toSet());
            return new GitHub.Grant(token, scopes);
        } catch (ReplyFields.Unexpected e) {
            throw new GitHub.Refused("unreadable_answer");
        }
    }

    /** The signed-in user's profile; {@code emails} (null: not asked) gives the primary verified one if the profile has none. */
    static GitHubProfile profile(JsonValue reply, JsonValue emails) {
        try {
            JsonObject profile = ReplyFields.object(reply, "the user");
            String email = bounded(ReplyFields.optionalText(profile, "email", null), MAX_TEXT);
            if (email == null && emails != null) {
                email = primaryVerifiedEmail(emails);
            }
            return new GitHubProfile(ReplyFields.whole(profile, "id", 1, Long.MAX_VALUE),
                    login(ReplyFields.text(profile, "login")), bounded(ReplyFields.optionalText(profile, "name", null), MAX_TEXT),
                    email, bounded(ReplyFields.optionalText(profile, "avatar_url", null), MAX_TEXT));
        } catch (ReplyFields.Unexpected e) {
            throw new GitHub.Refused("unreadable_profile");
        }
    }

    /** Whether the profile has an e-mail address of its own (otherwise the e-mail list is asked for). */
    static boolean hasEmail(JsonValue reply) {
        return reply instanceof JsonObject profile && profile.get("email") instanceof jakarta.json.JsonString;
    }

    private static String primaryVerifiedEmail(JsonValue emails) {
        if (!(emails instanceof JsonArray list)) {
            return null;
        }
        return ReplyFields.objects(list, "the e-mail addresses", 1_000).stream()
                .filter(e -> ReplyFields.flag(e, "primary", false) && ReplyFields.flag(e, "verified", false))
                .map(e -> bounded(ReplyFields.optionalText(e, "email", null), MAX_TEXT)).findFirst().orElse(null);
    }

    /** A pull request GitHub opened. */
    static GitHubPullRequests.PullRequest pull(JsonValue reply, String head, String base, boolean draft) {
        try {
            JsonObject pull = ReplyFields.object(reply, "the pull request");
            String url = ReplyFields.httpUrl(ReplyFields.text(pull, "html_url"), "html_url").toString();
            return new GitHubPullRequests.PullRequest((int) ReplyFields.whole(pull, "number", 1, Integer.MAX_VALUE),
                    bounded(url, MAX_TEXT), head, base, ReplyFields.flag(pull, "draft", draft));
        } catch (ReplyFields.Unexpected e) {
            throw new Unreadable("the pull request GitHub opened: " + e.getMessage());
        }
    }

    /** GitHub's explanation of a refusal ({@code message} and its {@code errors}), at most {@value #MAX_TEXT} characters. */
    static String message(JsonValue reply) {
        if (!(reply instanceof JsonObject body)) {
            return "";
        }
        StringBuilder text = new StringBuilder(body.get("message") instanceof jakarta.json.JsonString m ? m.getString() : "");
        if (body.get("errors") instanceof JsonArray errors) {
            for (JsonValue error : errors) {
                if (text.length() > MAX_TEXT) {
                    break;
                }
                if (error instanceof JsonObject item) {
                    JsonValue said = item.containsKey("message") ? item.get("message") : item.get("code");
                    text.append("; ").append(said instanceof jakarta.json.JsonString s ? s.getString() : "");
                }
            }
        }
        return bounded(text.toString(), MAX_TEXT);
    }

    /** One page of repositories: name, privacy, default branch and description of each. */
    static List<Repository> repositories(JsonValue reply) {
        try {
            if (!(reply instanceof JsonArray page)) {
                throw new Unreadable("the repositories are not a list");
            }
            return ReplyFields.objects(page, "the repositories", 1_000).stream().map(repository -> new Repository(
                    bounded(ReplyFields.text(repository, "full_name"), 200), ReplyFields.flag(repository, "private", false),
                    bounded(ReplyFields.optionalText(repository, "default_branch", null), 255),
                    bounded(ReplyFields.optionalText(repository, "description", null), MAX_TEXT))).toList();
        } catch (ReplyFields.Unexpected e) {
            throw new Unreadable("a repository: " + e.getMessage());
        }
    }

    /** A GitHub login: letters, digits and dashes, as GitHub allows them (it is shown and logged). */
    private static String login(String login) {
        if (!login.matches("[A-Za-z0-9-]{1,39}")) {
            throw new GitHub.Refused("unreadable_login");
        }
        return login;
    }

    private static String bounded(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
