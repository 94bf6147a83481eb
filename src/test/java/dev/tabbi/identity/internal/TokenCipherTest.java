package dev.tabbi.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenCipherTest {
    private static final String KEY_A = "a:" + key('A');
    private static final String KEY_B = "b:" + key('B');
    private static final String TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a";

    private static String key(char fill) {
        return Base64.getEncoder().encodeToString(String.valueOf(fill).repeat(32).getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void sealsAndOpensWithoutTheTokenAppearingInTheCiphertext() {
        TokenCipher cipher = TokenCipher.parse(KEY_A);
        TokenCipher.Sealed sealed = cipher.seal(TOKEN, "user:42");

        assertThat(sealed.keyId()).isEqualTo("a");
        assertThat(new String(sealed.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain("gho_");
        assertThat(cipher.open(sealed, "user:42")).isEqualTo(TOKEN);
    }

    @Test
    void everySealUsesAFreshNonce() {
        TokenCipher cipher = TokenCipher.parse(KEY_A);
        assertThat(cipher.seal(TOKEN, "u").ciphertext()).isNotEqualTo(cipher.seal(TOKEN, "u").ciphertext());
    }

    @Test
    void rotatedKeysStillOpenOldRowsAndNewRowsUseTheFirstKey() {
        TokenCipher.Sealed old = TokenCipher.parse(KEY_A).seal(TOKEN, "u");
        TokenCipher rotated = TokenCipher.parse(KEY_B + "," + KEY_A);

        assertThat(rotated.open(old, "u")).isEqualTo(TOKEN);
        assertThat(rotated.seal(TOKEN, "u").keyId()).isEqualTo("b");
    }

    @Test
    void aCiphertextMovedToAnotherUserDoesNotOpen() {
        TokenCipher cipher = TokenCipher.parse(KEY_A);
        TokenCipher.Sealed sealed = cipher.seal(TOKEN, "user:42");
        assertThatThrownBy(() -> cipher.open(sealed, "user:43")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aTamperedCiphertextDoesNotOpen() {
        TokenCipher cipher = TokenCipher.parse(KEY_A);
        TokenCipher.Sealed sealed = cipher.seal(TOKEN, "u");
        sealed.ciphertext()[sealed.ciphertext().length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(sealed, "u")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRemovedKeyIsReportedByIdOnly() {
        TokenCipher.Sealed old = TokenCipher.parse(KEY_A).seal(TOKEN, "u");
        assertThatThrownBy(() -> TokenCipher.parse(KEY_B).open(old, "u"))
                .hasMessageContaining("key a").hasMessageNotContaining(key('A'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nocolon", "a:not-base64!!", "a:QUJD", "bad id:QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE="})
    void malformedConfigurationIsRefusedWithoutEchoingSecrets(String configured) {
        assertThatThrownBy(() -> TokenCipher.parse(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("QUJD"));
    }

    @Test
    void duplicateKeyIdsAreRefused() {
        assertThatThrownBy(() -> TokenCipher.parse(KEY_A + "," + KEY_A)).hasMessageContaining("twice");
    }
}
