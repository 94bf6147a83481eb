package dev.tabbi.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.testsupport.FuzzInputs;

/**
 * GitHub's replies as they may come (a broken proxy, a changed API, a hostile network): each reader returns what it
 * reads, bounded, or fails as GitHub refusing ({@link GitHub.Refused}) or answering nonsense
 * ({@link GitHubReplies.Unreadable}); nothing else.
 */
class GitHubRepliesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void everyReplyIsReadOrRefused(byte[] input) {
        FuzzInputs.reply(input).ifPresent(reply -> {
            read(() -> assertThat(GitHubReplies.grant(reply).accessToken()).isNotBlank().hasSizeLessThanOrEqualTo(1_000));
            read(() -> {
                GitHubProfile profile = GitHubReplies.profile(reply, reply);
                assertThat(profile.id()).isPositive();
                assertThat(profile.login()).matches("[A-Za-z0-9-]{1,39}");
            });
            read(() -> assertThat(GitHubReplies.pull(reply, "head", "main", false).number()).isPositive());
            read(() -> assertThat(GitHubReplies.message(reply)).hasSizeLessThanOrEqualTo(2_000));
            read(() -> GitHubReplies.repositories(reply));
        });
    }

    private static void read(Runnable reader) {
        try {
            reader.run();
        } catch (GitHub.Refused | GitHubReplies.Unreadable e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
