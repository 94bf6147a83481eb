package dev.tabbi.testsupport.container;

import dev.tabbi.identity.UserSignedIn;
import dev.tabbi.keys.ApiKeyCreated;
import dev.tabbi.keys.ApiKeyRevoked;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deployed only with the container test: what a later module observing these events would see. */
@ApplicationScoped
public class EventRecorder {
    private final List<Object> events = new CopyOnWriteArrayList<>();

    void created(@Observes(during = TransactionPhase.AFTER_SUCCESS) ApiKeyCreated event) {
        events.add(event);
    }

    void revoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) ApiKeyRevoked event) {
        events.add(event);
    }

    void signedIn(@Observes(during = TransactionPhase.AFTER_SUCCESS) UserSignedIn event) {
        events.add(event);
    }

    public List<Object> events() {
        return List.copyOf(events);
    }
}
