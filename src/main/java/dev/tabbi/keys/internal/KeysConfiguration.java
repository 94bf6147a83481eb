package dev.tabbi.keys.internal;

import dev.tabbi.platform.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Settings of the keys module; a missing pepper disables keys (readiness says why) instead of failing the deploy. */
@ApplicationScoped
public class KeysConfiguration {

    @Inject
    @ConfigProperty(name = "keys.pepper")
    Optional<String> pepper;

    @Inject
    @ConfigProperty(name = "keys.max-per-user", defaultValue = "20")
    int maxPerUser;

    @Inject
    @ConfigProperty(name = "keys.max-roll-grace-hours", defaultValue = "168")
    long maxRollGraceHours;

    @Inject
    @ConfigProperty(name = "keys.cache-seconds", defaultValue = "60")
    long cacheSeconds;

    @Inject
    @ConfigProperty(name = "keys.lookups-per-address-per-minute", defaultValue = "120")
    int lookupsPerAddressPerMinute;

    private volatile ApiKeyFormat format;

    /** The key format with the configured pepper; 503 when no usable pepper is configured. */
    ApiKeyFormat format() {
        ApiKeyFormat current = format;
        if (current == null) {
            String configured = problem().isEmpty() ? pepper.orElseThrow() : null;
            if (configured == null) {
                throw new Refusal(Refusal.Reason.UNAVAILABLE, "SERVICE_UNAVAILABLE", "API keys are not configured on this server",
                        Map.of(), java.time.Duration.ofSeconds(60), null);
            }
            current = new ApiKeyFormat(configured);
            format = current;
        }
        return current;
    }

    /** Why keys cannot work, or empty when they can. */
    Optional<String> problem() {
        if (pepper.isEmpty() || pepper.get().isBlank()) {
            return Optional.of("keys.pepper (KEYS_PEPPER) is not set");
        }
        if (pepper.get().length() < 32) {
            return Optional.of("keys.pepper (KEYS_PEPPER) is shorter than 32 characters");
        }
        return Optional.empty();
    }

    int maxPerUser() {
        return maxPerUser;
    }

    Duration maxRollGrace() {
        return Duration.ofHours(maxRollGraceHours);
    }

    Duration cacheTtl() {
        return Duration.ofSeconds(cacheSeconds);
    }

    /** Lookups of keys not already known that one client address may cause per minute (see {@link KeyLookupLimit}). */
    int lookupsPerAddressPerMinute() {
        return Math.max(1, lookupsPerAddressPerMinute);
    }
}
