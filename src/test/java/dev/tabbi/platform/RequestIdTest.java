package dev.tabbi.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "req_01HZX.trace:span", "7f1c2e94-0c43-4c4a-9d8e-6a2a7d1f1f00"})
    void saneIncomingIdsAreKept(String incoming) {
        assertThat(RequestId.acceptOrGenerate(incoming)).isEqualTo(incoming);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "new\nline", "quote\"", "<script>", "ü-nicode"})
    void missingOrUnsafeIdsAreReplacedByAUuid(String incoming) {
        String id = RequestId.acceptOrGenerate(incoming);
        assertThat(id).isNotEqualTo(incoming);
        assertThat(UUID.fromString(id)).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void overlongIdsAreReplaced() {
        String tooLong = "a".repeat(129);
        assertThat(RequestId.acceptOrGenerate(tooLong)).hasSize(36);
        assertThat(RequestId.acceptOrGenerate("a".repeat(128))).hasSize(128);
    }
}
