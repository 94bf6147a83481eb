package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.platform.Refusal;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a session may be asked for: branches git cannot misread, and only the models the server offers. */
class SessionRequestsTest {
    private final SessionRequests requests = new SessionRequests();

    SessionRequestsTest() {
        requests.repoPolicy = new RepoPolicy("github.com", false, "https://github.com",
                host -> new InetAddress[] {InetAddress.getByName("140.82.112.3")});
        requests.models = () -> List.of("gpt-4.1-mini", "gpt-4.1");
    }

    private static NewSession repoOnBranch(String branch) {
        return new NewSession("octo/app", null, null, null, null, null, branch, null, null, null, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"main", "release/2.0", "v1.2.3", "feature_x-1"})
    void aBranchOrTagIsCheckedOutFromTheRepository(String branch) {
        SessionRequest request = requests.validated(repoOnBranch(branch));
        assertThat(request.repoSource().ref()).isEqualTo(branch);
        assertThat(request.repoSource().url()).hasToString("https://github.com/octo/app.git");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-upload-pack=evil", "a..b", "/abs", "trailing/", "x.lock", "two//slashes", "sp ace", "semi;colon"})
    void branchNamesGitWouldMisreadAreRefused(String branch) {
        assertThatThrownBy(() -> requests.validated(repoOnBranch(branch))).isInstanceOf(Refusal.class)
                .hasMessageStartingWith("branch:");
    }

    @Test
    void aBranchNeedsARepositoryAndABlankOneIsNone() {
        assertThatThrownBy(() -> requests.validated(new NewSession(null, null, null, null, null, null, "main", null, null, null, null)))
                .hasMessage("branch: only with a repo");
        assertThat(requests.validated(repoOnBranch("  ")).repoSource().ref()).isNull();
    }

    @Test
    void onlyTheOfferedModelsAreAccepted() {
        assertThat(requests.validated(new NewSession(null, null, null, null, null, null, null, "gpt-4.1", null, null, null)).model())
                .isEqualTo("gpt-4.1");
        assertThat(requests.validated(NewSession.empty()).model()).as("the configured default").isNull();
        assertThatThrownBy(() -> requests.validated(new NewSession(null, null, null, null, null, null, null, "o9-max", null, null, null)))
                .hasMessage("model: one of gpt-4.1-mini, gpt-4.1");
    }
}
