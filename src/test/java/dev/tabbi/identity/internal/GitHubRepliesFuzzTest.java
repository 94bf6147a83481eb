package dev.tabbi.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

/**
 * GitHub's replies as they may come (a broken proxy, a changed API, a hostile network): each reader returns what it
 * reads, bounded, or fails as GitHub refusing ({@link GitHub.Refused}) or answering nonsense
 * ({@link GitHubReplies.Unreadable}); nothing else.
 */
class GitHubRepliesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void everyReplyIsReadOrRefused(byte[] input) {
        JsonValue reply;
        try {
            reply = Json.createReader(new StringReader(new String(input, StandardCharsets.UTF_8))).readValue();
        } catch (JsonException | IllegalStateException e) {
            return; // not JSON: the Rest Client fails before any reader sees it
        }
        read(() -> assertThat(GitHubReplies.grant(reply).accessToken()).isNotBlank().hasSizeLessThanOrEqualTo(1_000));
        read(() -> {
            GitHubProfile profile = GitHubReplies.profile(reply, reply);
            assertThat(profile.id()).isPositive();
            assertThat(profile.login()).hasSizeLessThanOrEqualTo(100);
        });
        read(() -> assertThat(GitHubReplies.pull(reply, "head", "main", false).number()).isPositive());
        read(() -> assertThat(GitHubReplies.message(reply)).hasSizeLessThanOrEqualTo(2_000));
        read(() -> GitHubReplies.repositories(reply));
    }

    private static void read(Runnable reader) {
        try {
            reader.run();
        } catch (GitHub.Refused | GitHubReplies.Unreadable e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
