package dev.tabbi.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitHubSignInTest {

    @Test
    void pkceChallengeIsTheS256OfTheVerifierAsInRfc7636() {
        // The example of RFC 7636, appendix B.
        assertThat(GitHubSignIn.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
