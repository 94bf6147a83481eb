package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.GitSource;
import java.net.InetAddress;
import java.net.URI;

/**
 * Repository URLs, tokens, skills, branch names and webhook destinations, as a client names them: each is accepted
 * as something safe to clone or post to (https, an allowed host, no credentials in the URL) or refused with a 400,
 * never anything else. Names resolve to a public address here: what is fuzzed is the parsing, not DNS.
 */
class RepositoryNamesFuzzTest {
    private static final RepoPolicy POLICY = new RepoPolicy("github.com,git.example.com", false, "https://github.com",
            host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 140, 82, 112, 3})});

    private static void refusedAsInvalid(Refusal refused) {
        assertThat(refused.code()).isEqualTo("VALIDATION_ERROR");
    }

    @FuzzTest(maxDuration = "10m")
    void aRepositoryIsSafeToCloneOrA400(FuzzedDataProvider data) {
        String token = data.consumeBoolean() ? data.consumeString(1200) : null;
        String repo = data.consumeRemainingAsString();
        try {
            GitSource source = POLICY.repository(repo, token);
            URI url = source.url();
            assertThat(url.getScheme()).isEqualToIgnoringCase("https");
            assertThat(url.getHost().toLowerCase(java.util.Locale.ROOT)).isIn("github.com", "git.example.com");
            assertThat(url.getRawUserInfo()).isNull();
        } catch (Refusal refused) {
            refusedAsInvalid(refused);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void aSkillOrABranchIsANameOrA400(FuzzedDataProvider data) {
        String branch = data.consumeString(400);
        if (SessionRequests.BRANCH.matcher(branch).matches()) {
            assertThat(branch).doesNotStartWith("-").doesNotContain("..").hasSizeLessThanOrEqualTo(200);
        }
        try {
            GitSource skill = POLICY.skill(data.consumeRemainingAsString());
            assertThat(skill.url().getHost()).isEqualToIgnoringCase("github.com");
        } catch (Refusal refused) {
            refusedAsInvalid(refused);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void aWebhookDestinationIsAnHttpsUrlWithAHostOrA400(byte[] input) {
        WebhookDestinations destinations = new WebhookDestinations();
        destinations.configuration = new WebhooksConfiguration();
        destinations.configuration.allowPrivateNetwork = true; // no DNS: the URL's form is what is fuzzed
        try {
            URI url = destinations.checked(new String(input, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(url.getHost()).isNotNull();
            assertThat(url.getScheme().toLowerCase(java.util.Locale.ROOT)).isIn("https", "http");
            assertThat(url.getRawUserInfo()).isNull();
        } catch (Refusal refused) {
            refusedAsInvalid(refused);
        }
    }
}
