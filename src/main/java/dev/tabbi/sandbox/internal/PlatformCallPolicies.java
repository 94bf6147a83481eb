package dev.tabbi.sandbox.internal;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The fault-tolerance policies of calls to a sandbox platform, declared once. A call that changes something (a
 * creation, a pause, a resume) is never retried, since it may have happened; one that reads or removes is retried,
 * with jittered delays and a cap on its total time, when the platform was unavailable. Both have a circuit breaker,
 * which a refusal (or a sandbox already gone) does not trip, and a bulkhead. Each platform has a subclass of its own,
 * so its breakers count only its own calls (the state is kept per class and method).
 */
abstract class PlatformCallPolicies {

    /** A call that must not be repeated. */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 15, delayUnit = ChronoUnit.SECONDS,
            skipOn = SandboxServiceErrors.Refused.class)
    @Bulkhead(20)
    public <T> T once(Supplier<T> call) {
        return call.get();
    }

    /** A call that may be repeated: a read, or a removal (already gone is as good). */
    @Retry(maxRetries = 3, delay = 200, jitter = 150, maxDuration = 10_000, retryOn = SandboxServiceErrors.Unavailable.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.6, delay = 15, delayUnit = ChronoUnit.SECONDS,
            skipOn = {SandboxServiceErrors.Refused.class, SandboxServiceErrors.Gone.class})
    @Bulkhead(20)
    public <T> T repeatable(Supplier<T> call) {
        return call.get();
    }

    /** The calls of the remote sandbox service (and of Modal, which offers its API). */
    @ApplicationScoped
    static class RemoteService extends PlatformCallPolicies {
    }

    /** The calls of Daytona's API. */
    @ApplicationScoped
    static class Daytona extends PlatformCallPolicies {
    }
}
