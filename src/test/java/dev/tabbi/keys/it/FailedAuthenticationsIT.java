package dev.tabbi.keys.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.keys.internal.ApiKeyFormat;
import dev.tabbi.testsupport.FromAddress;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.Profile;
import dev.tabbi.testsupport.TabbiServer;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A script guessing keys from one address: after the configured number of lookups (30 a minute here) every unknown key
 * it sends is refused with 429 before it is looked up, while a key already in use goes on working from the same
 * address (it is still in the key cache, which the guesses cannot flush) and other addresses are not affected.
 */
class FailedAuthenticationsIT {
    /** The node with low limits. */
    @TabbiServer(Profile.LIMITS)
    static PayaraProcess limited;

    private static final int FAILURES_PER_MINUTE = TestEnvironment.KEY_LOOKUPS_PER_MINUTE;
    private static final int GUESSES = 10_000;

    @Test
    void tenThousandMadeUpKeysFromOneAddressAreThrottledAndTheKeysInUseGoOn() throws Exception {
        URI server = limited.baseUri(); // the others let loopback look up any number
        var db = TestEnvironment.get().database();
        String valid = TestKeys.insertKey(db, TestKeys.insertUser(db, "guessed-at"), KeyEnvironment.LIVE, null, null);
        try (FromAddress owner = new FromAddress("127.0.0.6", server)) {
            assertThat(current(owner, valid).status()).as("in use: the node knows it now").isEqualTo(200);
        }

        AtomicInteger unauthorized = new AtomicInteger();
        AtomicInteger throttled = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    try (FromAddress guesser = new FromAddress("127.0.0.7", server)) {
                        for (int i = 0; i < GUESSES / 8; i++) {
                            FromAddress.Answer answer = current(guesser, ApiKeyFormat.generate(KeyEnvironment.LIVE));
                            if (answer.status() == 429) {
                                assertThat(answer.headers()).containsKey("retry-after");
                                assertThat(answer.body()).contains("RATE_LIMIT_EXCEEDED");
                                throttled.incrementAndGet();
                            } else {
                                assertThat(answer.status()).isEqualTo(401);
                                unauthorized.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            threads.shutdownNow();
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L + 1;
        assertThat(unauthorized.get()).as("looked up: the limit's burst and what refilled meanwhile")
                .isBetween(FAILURES_PER_MINUTE, FAILURES_PER_MINUTE + (int) (seconds * FAILURES_PER_MINUTE / 60) + 1);
        assertThat(throttled.get()).isEqualTo(GUESSES - unauthorized.get());

        try (FromAddress sameAddress = new FromAddress("127.0.0.7", server);
                FromAddress otherAddress = new FromAddress("127.0.0.8", server)) {
            assertThat(current(sameAddress, valid).status()).as("the key in use still works from the throttled address")
                    .isEqualTo(200);
            assertThat(current(otherAddress, ApiKeyFormat.generate(KeyEnvironment.LIVE)).status())
                    .as("another address is not throttled").isEqualTo(401);
        }
    }

    private static FromAddress.Answer current(FromAddress client, String key) {
        return client.get("/v1/keys/current", "Authorization", "Bearer " + key);
    }
}
