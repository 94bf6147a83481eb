package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.ModelTokensUsed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Announces what a model call cost, in a transaction of its own that the observers (metering) write in. */
@ApplicationScoped
public class ModelMeter {

    @Inject
    Event<ModelTokensUsed> used;

    @Transactional
    public void record(ModelTokensUsed call) {
        used.fire(call);
    }
}
