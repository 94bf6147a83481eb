package dev.tabbi.keys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tabbi.testsupport.container.ContainerTestBase;
import dev.tabbi.testsupport.container.JpaProbe;
import dev.tabbi.testsupport.container.EventRecorder;
import dev.tabbi.keys.ApiKeyCreated;
import dev.tabbi.keys.ApiKeyRevoked;
import dev.tabbi.keys.ApiKeyView;
import dev.tabbi.keys.ApiKeys;
import dev.tabbi.keys.CreatedApiKey;
import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.platform.Refusal;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The key lifecycle through the module's API, in the container: object-level checks (someone else's key id is
 * "not found" and changes nothing), limits, rename, roll with and without grace, and the events it announces.
 * Runs in the same Arquillian deployment as {@link PlatformContainerIT}.
 */
class KeysContainerIT extends ContainerTestBase {
    /** Where these calls come from (a documentation address). */
    private static final String CLIENT = "192.0.2.10";

    @Inject
    ApiKeys keys;

    @Inject
    JpaProbe jpa;

    @Inject
    EventRecorder recorder;

    private UUID owner;
    private UUID stranger;

    @BeforeEach
    void users() {
        owner = newUser("owner");
        stranger = newUser("stranger");
    }

    private UUID newUser(String login) {
        UUID id = UUID.randomUUID();
        jpa.execute("INSERT INTO users (id, github_id, login) VALUES (CAST(?1 AS uuid), ?2, ?3)",
                id.toString(), Math.abs(id.getMostSignificantBits()), login);
        return id;
    }

    @Test
    void someoneElsesKeyIdIsNotFoundAndNothingChanges() {
        CreatedApiKey mine = keys.create(owner, "mine", KeyEnvironment.LIVE, null);
        UUID id = mine.key().id();

        assertNotFound(() -> keys.revoke(stranger, id));
        assertNotFound(() -> keys.rename(stranger, id, "stolen"));
        assertNotFound(() -> keys.roll(stranger, id, Duration.ZERO));
        assertNotFound(() -> keys.revoke(owner, UUID.randomUUID()));

        ApiKeyView untouched = keys.list(owner).get(0);
        assertEquals("mine", untouched.name());
        assertTrue(untouched.usable(Instant.now()));
        assertTrue(keys.list(stranger).isEmpty());
        assertTrue(keys.authenticate(mine.secret(), CLIENT).isPresent());
    }

    @Test
    void renameAndValidation() {
        UUID id = keys.create(owner, "  first  ", KeyEnvironment.TEST, null).key().id();
        assertEquals("first", keys.list(owner).get(0).name(), "names are trimmed");
        assertEquals("second", keys.rename(owner, id, "second").name());
        assertEquals(Refusal.Reason.INVALID, assertThrows(Refusal.class, () -> keys.rename(owner, id, " ")).reason());
        assertEquals(Refusal.Reason.INVALID, assertThrows(Refusal.class, () -> keys.rename(owner, id, "x".repeat(101))).reason());
        assertEquals(Refusal.Reason.INVALID, assertThrows(Refusal.class,
                () -> keys.create(owner, "past", KeyEnvironment.LIVE, Instant.now().minusSeconds(1))).reason());
    }

    @Test
    void theNumberOfActiveKeysIsLimitedPerUser() {
        for (int i = 0; i < 20; i++) {
            keys.create(owner, "key " + i, KeyEnvironment.TEST, null);
        }
        Refusal limit = assertThrows(Refusal.class, () -> keys.create(owner, "one too many", KeyEnvironment.TEST, null));
        assertEquals("KEY_LIMIT_REACHED", limit.code());

        keys.revoke(owner, keys.list(owner).get(0).id());
        keys.create(owner, "room again", KeyEnvironment.TEST, null);
    }

    /**
     * Rolling with grace leaves the old key usable beside its successor: a script that rolls again and again (the
     * successor, or the key it already replaced) must still never hold more usable keys than the cap.
     */
    @Test
    void twentyFiveRollsNeverHoldMoreUsableKeysThanTheCap() {
        for (int i = 0; i < 18; i++) {
            keys.create(owner, "key " + i, KeyEnvironment.TEST, null);
        }
        UUID first = keys.create(owner, "rolled", KeyEnvironment.LIVE, null).key().id();
        UUID current = first;
        int rolled = 0;
        for (int i = 0; i < 25; i++) {
            try {
                current = keys.roll(owner, i % 2 == 0 ? current : first, Duration.ofHours(1)).key().id();
                rolled++;
            } catch (Refusal e) {
                assertTrue(e.code().equals("KEY_LIMIT_REACHED") || e.code().equals("KEY_ALREADY_ROLLED"), e.code());
            }
            long usable = keys.list(owner).stream().filter(k -> k.usable(Instant.now())).count();
            assertTrue(usable <= 20, "after roll " + (i + 1) + ": " + usable + " usable keys, the cap is 20");
        }
        assertEquals(1, rolled, "the cap leaves room for one roll with grace; the replaced key is never rolled again");

        UUID inGrace = current;
        UUID successor = keys.roll(owner, inGrace, Duration.ZERO).key().id(); // at the cap: the old key goes at once
        assertEquals(20, keys.list(owner).stream().filter(k -> k.usable(Instant.now())).count());
        assertEquals("KEY_ALREADY_ROLLED", assertThrows(Refusal.class,
                () -> keys.roll(owner, first, Duration.ZERO)).code(), "a key in its grace period was already replaced");
        assertEquals("KEY_NOT_ACTIVE", assertThrows(Refusal.class,
                () -> keys.roll(owner, inGrace, Duration.ZERO)).code());
        assertNotEquals(inGrace, successor);
    }

    @Test
    void rollingWithGraceKeepsTheOldKeyWorkingUntilItExpires() {
        CreatedApiKey old = keys.create(owner, "deploy", KeyEnvironment.LIVE, null);
        CreatedApiKey successor = keys.roll(owner, old.key().id(), Duration.ofHours(2));

        assertNotEquals(old.secret(), successor.secret());
        assertEquals("deploy", successor.key().name());
        assertTrue(keys.authenticate(old.secret(), CLIENT).isPresent(), "old key works during the grace period");
        assertTrue(keys.authenticate(successor.secret(), CLIENT).isPresent());
        ApiKeyView rolled = keys.list(owner).stream().filter(k -> k.id().equals(old.key().id())).findFirst().orElseThrow();
        assertEquals(ApiKeyView.Status.EXPIRING, rolled.status(Instant.now()));
    }

    @Test
    void rollingWithoutGraceStopsTheOldKeyAtOnce() {
        CreatedApiKey old = keys.create(owner, "leaked", KeyEnvironment.LIVE, null);
        keys.authenticate(old.secret(), CLIENT); // cached now
        CreatedApiKey successor = keys.roll(owner, old.key().id(), Duration.ZERO);

        assertFalse(keys.authenticate(old.secret(), CLIENT).isPresent());
        assertTrue(keys.authenticate(successor.secret(), CLIENT).isPresent());
        assertEquals(Refusal.Reason.INVALID, assertThrows(Refusal.class,
                () -> keys.roll(owner, successor.key().id(), Duration.ofDays(30))).reason(), "grace is capped");
    }

    @Test
    void revocationWorksAtOnceAndIsAnnounced() {
        CreatedApiKey key = keys.create(owner, "short-lived", KeyEnvironment.LIVE, null);
        assertTrue(keys.authenticate(key.secret(), CLIENT).isPresent());

        keys.revoke(owner, key.key().id());
        keys.revoke(owner, key.key().id()); // twice is harmless

        assertFalse(keys.authenticate(key.secret(), CLIENT).isPresent());
        assertTrue(recorder.events().contains(new ApiKeyCreated(key.key().id(), owner)));
        assertEquals(1, recorder.events().stream().filter(new ApiKeyRevoked(key.key().id(), owner)::equals).count());
    }

    private static void assertNotFound(org.junit.jupiter.api.function.Executable action) {
        Refusal e = assertThrows(Refusal.class, action);
        assertEquals(Refusal.Reason.NOT_FOUND, e.reason());
    }
}
