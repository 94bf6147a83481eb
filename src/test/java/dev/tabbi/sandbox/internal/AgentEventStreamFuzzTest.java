package dev.tabbi.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.sandbox.AgentReport;
import dev.tabbi.sandbox.SandboxException;
import java.io.ByteArrayInputStream;

/**
 * OpenCode's event stream as a hostile agent could send it (whoever controls the sandbox can replace the agent's
 * server): lines of any length, broken or odd JSON, unknown types, huge numbers, parts out of order, endless turns.
 * Reading it only ever ends the turn with a {@link SandboxException} (an {@code error} event), and what the reader and
 * the translator hold stays within their bounds.
 */
class AgentEventStreamFuzzTest {
    private static final int MAX_LINE = 64 * 1024;

    @FuzzTest(maxDuration = "10m")
    void aHostileStreamEndsTheTurnWithAnErrorAndStaysBounded(byte[] input) {
        OpenCodeTurnTranslator translator = new OpenCodeTurnTranslator("ses_fuzz");
        try (BoundedLines lines = new BoundedLines(new ByteArrayInputStream(input), MAX_LINE)) {
            while (lines.hasNext()) {
                String line = lines.next();
                assertThat(line.length()).isLessThanOrEqualTo(MAX_LINE);
                if (!line.startsWith("data:")) {
                    continue;
                }
                for (AgentReport report : translator.translate(line.substring(5).strip())) {
                    assertThat(report).isNotNull();
                    if (report instanceof AgentReport.TokensUsed tokens) {
                        assertThat(tokens.inputTokens()).isNotNegative();
                        assertThat(tokens.outputTokens()).isNotNegative();
                    }
                }
                assertThat(translator.remembered()).isLessThanOrEqualTo(4L * OpenCodeTurnTranslator.MAX_TRACKED
                        + OpenCodeTurnTranslator.MAX_ANSWER_CHARACTERS);
            }
        } catch (SandboxException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
