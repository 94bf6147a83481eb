package dev.tabbi.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A model provider's answer as the gateway meters it while it streams to the agent ({@link ModelGateway.UsageScanner}):
 * whatever the bytes, the scanner finds a plausible usage report or none, quickly, holding at most one line.
 */
class ModelUsageFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void anAnswerHasAPlausibleUsageOrNone(byte[] input) {
        ModelGateway.UsageScanner scanner = new ModelGateway.UsageScanner();
        int half = input.length / 2;
        scanner.accept(input, half); // as it arrives, in pieces
        byte[] rest = java.util.Arrays.copyOfRange(input, half, input.length);
        scanner.accept(rest, rest.length);
        scanner.finish();
        if (scanner.found()) {
            assertThat(scanner.input).isBetween(0L, 1_000_000_000_000L);
            assertThat(scanner.output).isBetween(0L, 1_000_000_000_000L);
        }
    }
}
