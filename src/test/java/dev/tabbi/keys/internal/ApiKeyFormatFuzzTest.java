package dev.tabbi.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.keys.KeyEnvironment;
import java.nio.charset.StandardCharsets;

/** The API key parser takes any text a client puts in {@code Authorization}: it answers, never throws. */
class ApiKeyFormatFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anyTextIsAKeyOfTheRightShapeAndChecksumOrNone(byte[] input) {
        String candidate = new String(input, StandardCharsets.UTF_8);
        var parsed = ApiKeyFormat.parse(candidate);
        if (parsed.isPresent()) {
            assertThat(candidate).matches("tb_(live|test)_[A-Za-z0-9]{32}");
            assertThat(candidate).endsWith(ApiKeyFormat.checksum(candidate.substring(0, candidate.length() - 6)));
            assertThat(candidate).startsWith(parsed.get() == KeyEnvironment.LIVE ? "tb_live_" : "tb_test_");
            assertThat(ApiKeyFormat.displayPrefix(candidate)).hasSize(12);
        }
        assertThat(new ApiKeyFormat("a-pepper-of-at-least-thirty-two-characters").hash(candidate)).hasSize(64);
    }
}
