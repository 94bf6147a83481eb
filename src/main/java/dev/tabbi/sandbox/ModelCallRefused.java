package dev.tabbi.sandbox;

/** A model call the gateway must not send: {@code status} and {@code code} are what the agent is answered. */
public class ModelCallRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    public ModelCallRefused(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
