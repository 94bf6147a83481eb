package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {
    private final SecretRedaction redaction = new SecretRedaction(new LinkedHashMap<>(Map.of(
            "SHORT", "abcdefgh", "LONG", "abcdefgh-and-more")));

    @Test
    void aSecretThatContainsAnotherIsHiddenWhole() {
        assertThat(redaction.apply("x abcdefgh-and-more y abcdefgh z")).isEqualTo("x [REDACTED:LONG] y [REDACTED:SHORT] z");
        assertThat(redaction.longest()).isEqualTo(17);
    }

    @Test
    void stringsInsideEventDataAndBytesAreRedacted() {
        Object data = redaction.applyDeep(Map.of("list", List.of("abcdefgh"), "n", 3));
        assertThat(data).isEqualTo(Map.of("list", List.of("[REDACTED:SHORT]"), "n", 3));
        assertThat(new String(redaction.apply("1abcdefgh2".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("1[REDACTED:SHORT]2");
    }

    @Test
    void withoutSecretsNothingChanges() {
        assertThat(SecretRedaction.NONE.apply("abcdefgh")).isEqualTo("abcdefgh");
        assertThat(SecretRedaction.NONE.isEmpty()).isTrue();
    }
}
