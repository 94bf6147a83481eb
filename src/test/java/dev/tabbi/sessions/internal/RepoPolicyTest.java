package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.GitSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which repositories a session may clone, with a fixed table of host addresses instead of DNS. */
class RepoPolicyTest {
    private static final Map<String, String> DNS = Map.of(
            "github.com", "140.82.121.4",
            "git.example.com", "203.0.113.10",
            "sneaky.example.com", "10.1.2.3");

    private static RepoPolicy policy(boolean allowPrivateNetwork) {
        return new RepoPolicy("github.com, Git.Example.com,sneaky.example.com,localhost", allowPrivateNetwork,
                "https://github.com", host -> {
                    if (host.equals("localhost")) {
                        return new InetAddress[] {InetAddress.getLoopbackAddress()};
                    }
                    String address = DNS.get(host);
                    if (address == null) {
                        throw new UnknownHostException(host);
                    }
                    return new InetAddress[] {InetAddress.getByName(address)};
                });
    }

    @Test
    void ownerSlashRepoMeansTheConfiguredGitHub() {
        GitSource source = policy(false).repository("octocat/hello-world", "ghp_abc");
        assertThat(source.url()).hasToString("https://github.com/octocat/hello-world.git");
        assertThat(source.token()).isEqualTo("ghp_abc");
        assertThat(source.toString()).doesNotContain("ghp_abc");
        assertThat(policy(false).isOnGitHub(source)).isTrue();
    }

    @Test
    void anHttpsUrlOnAnAllowedPublicHostIsTakenAsItIs() {
        GitSource source = policy(false).repository("https://git.example.com/team/app.git", null);
        assertThat(source.url()).hasToString("https://git.example.com/team/app.git");
        assertThat(policy(false).isOnGitHub(source)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://github.com/octocat/hello", // not https
        "ssh://git@github.com/octocat/hello", // other scheme
        "file:///etc", // local files
        "https://user:pass@github.com/octocat/hello", // credentials in the URL
        "https://github.com/octocat/hello?x=1", // query
        "https://github.com", // no repository
        "https://other.example.org/octocat/hello", // host not allowed
        "https://sneaky.example.com/team/app", // allowed, but resolves to a private address
        "https://localhost/team/app", // loopback
        "https://unknown.github.com/a/b", // not allowed (and not resolvable)
        "octocat", // neither shorthand nor URL
        "../../etc/passwd"})
    void everythingElseIsRefusedBeforeAnyClone(String repo) {
        assertThatThrownBy(() -> policy(false).repository(repo, null)).isInstanceOf(Refusal.class)
                .hasMessageStartingWith("repo:");
    }

    @Test
    void anInternalGitServerCanBeAllowedOnPurpose() {
        assertThat(policy(true).repository("http://localhost/team/app.git", null).url().getHost()).isEqualTo("localhost");
        assertThat(policy(true).repository("https://sneaky.example.com/team/app", null)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "::1", "fe80::1", "fd00::1"})
    void internalAddressesAreRecognised(String address) throws Exception {
        assertThat(RepoPolicy.internal(InetAddress.getByName(address))).isTrue();
    }

    @Test
    void publicAddressesAreNotInternal() throws Exception {
        assertThat(RepoPolicy.internal(InetAddress.getByName("140.82.121.4"))).isFalse();
        assertThat(RepoPolicy.internal(InetAddress.getByName("2606:50c0:8000::153"))).isFalse();
    }

    @Test
    void skillsAreRepositoriesOnGitHubWithAnOptionalVersion() {
        GitSource skill = policy(false).skill("anthropics/skills@v1.2");
        assertThat(skill.url()).hasToString("https://github.com/anthropics/skills.git");
        assertThat(skill.ref()).isEqualTo("v1.2");
        assertThat(policy(false).skill("anthropics/skills").ref()).isNull();
        for (String bad : new String[] {"skills", "a/b@", "a/b@v 1", "https://github.com/a/b", "a/b/c"}) {
            assertThatThrownBy(() -> policy(false).skill(bad)).as(bad).hasMessageStartingWith("skills:");
        }
    }

    @Test
    void tokensAreBoundedVisibleText() {
        assertThatThrownBy(() -> policy(false).repository("a/b", "with space")).hasMessageStartingWith("gitToken:");
        assertThatThrownBy(() -> policy(false).repository("a/b", "x".repeat(1001))).hasMessageStartingWith("gitToken:");
    }
}
