package dev.tabbi.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** After sign-in the browser goes back only to a page of this app: no open redirect. */
class ReturnToTest {
    private static final String HOME = "/keys/index.xhtml";

    @ParameterizedTest
    @ValueSource(strings = {"/keys/index.xhtml", "/sessions/index.xhtml?status=idle", "/usage/"})
    void pathsOfThisAppAreKept(String path) {
        assertThat(ReturnTo.sanitize(path, HOME)).isEqualTo(path);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"https://evil.example/", "//evil.example/keys", "/\\evil.example", "javascript:alert(1)",
        "keys/index.xhtml", "/keys/index.xhtml\r\nSet-Cookie: x=y", "/auth/github/callback?code=x", "/a b"})
    void anythingElseFallsBackToTheHomePage(String candidate) {
        assertThat(ReturnTo.sanitize(candidate, HOME)).isEqualTo(HOME);
    }
}
