package dev.tabbi.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tabbi.keys.KeyEnvironment;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyFormatTest {
    private static final String PEPPER = "test-pepper-0123456789-0123456789-abcdef";
    /** 32 characters of the right alphabet but no valid checksum (split so it never looks like a real key). */
    static final String FAKE_BODY = "aaaaaaaaaaaaaaaa" + "aaaaaaaaaaaaaaaa";

    @ParameterizedTest
    @EnumSource(KeyEnvironment.class)
    void generatedKeysMatchTheClientsPatternAndParseBack(KeyEnvironment environment) {
        String key = ApiKeyFormat.generate(environment);

        assertThat(key).matches("^tb_(live|test)_[a-zA-Z0-9]{32}$").startsWith(environment.prefix());
        assertThat(ApiKeyFormat.parse(key)).contains(environment);
    }

    @Test
    void keysAreUnpredictable() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(ApiKeyFormat.generate(KeyEnvironment.LIVE));
        }
        assertThat(keys).hasSize(10_000);
    }

    @Test
    void anyChangedCharacterIsCaughtByTheChecksum() {
        String key = ApiKeyFormat.generate(KeyEnvironment.TEST);
        for (int i = "tb_test_".length(); i < key.length(); i++) {
            char original = key.charAt(i);
            char replacement = original == 'a' ? 'b' : 'a';
            String typo = key.substring(0, i) + replacement + key.substring(i + 1);
            assertThat(ApiKeyFormat.parse(typo)).as("typo at %d", i).isEmpty();
        }
    }

    @Test
    void theChecksumCoversTheEnvironment() {
        String live = ApiKeyFormat.generate(KeyEnvironment.LIVE);
        assertThat(ApiKeyFormat.parse(live.replace("tb_live_", "tb_test_"))).isEmpty();
    }

    @Test
    void checksumIsSixBase62DigitsOfCrc32() {
        // CRC32("tb_test_" + 26 × 'a') computed independently, then written in base 62 with leading zeros.
        String body = "tb_test_" + "a".repeat(26);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long expected = crc.getValue();

        String checksum = ApiKeyFormat.checksum(body);
        long decoded = 0;
        for (char c : checksum.toCharArray()) {
            decoded = decoded * 62 + ApiKeyFormat.ALPHABET.indexOf(c);
        }
        assertThat(checksum).hasSize(6);
        assertThat(decoded).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"tb_live_short", "tb_prod_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Bearer tb_live_x",
        "tb_live_" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "tb_live_" + FAKE_BODY + "a", "tb_live_" + FAKE_BODY})
    void malformedKeysAreRefused(String candidate) {
        assertThat(ApiKeyFormat.parse(candidate)).isEmpty();
    }

    @Test
    void hashIsAKeyedHmacThatDependsOnThePepper() {
        String key = ApiKeyFormat.generate(KeyEnvironment.LIVE);
        ApiKeyFormat one = new ApiKeyFormat(PEPPER);
        ApiKeyFormat other = new ApiKeyFormat(PEPPER + "-rotated");

        assertThat(one.hash(key)).hasSize(64).matches("[0-9a-f]+").isEqualTo(one.hash(key));
        assertThat(one.hash(key)).isNotEqualTo(other.hash(key)).doesNotContain(key.substring(8));
    }

    @Test
    void aShortPepperIsRefused() {
        assertThatThrownBy(() -> new ApiKeyFormat("too-short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void displayPrefixIdentifiesWithoutRevealing() {
        String key = ApiKeyFormat.generate(KeyEnvironment.LIVE);
        assertThat(ApiKeyFormat.displayPrefix(key)).hasSize(12).startsWith("tb_live_");
    }
}
