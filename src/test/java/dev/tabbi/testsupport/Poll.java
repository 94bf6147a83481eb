package dev.tabbi.testsupport;

/**
 * The pause between two checks of a condition a test waits for: 10 ms at first, doubling up to 200 ms. Checking in a
 * tight loop would take the CPU from the very thing the test waits for (a sandbox starting, a node booting) on a
 * small machine, and slow every test that runs beside it.
 */
public final class Poll {
    private static final long FIRST_MILLIS = 10;
    private static final long MAX_MILLIS = 200;

    private Poll() {
    }

    /** Pauses before check number {@code attempt + 1} (counting from 0). */
    public static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
