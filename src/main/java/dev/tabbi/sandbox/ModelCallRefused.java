package dev.tabbi.sandbox;

import dev.tabbi.platform.Refusal;

/** A model call the gateway must not send; the agent is answered with its reason and code. */
public class ModelCallRefused extends Refusal {
    private static final long serialVersionUID = 1L;

    public ModelCallRefused(Reason reason, String code, String message) {
        super(reason, code, message);
    }
}
