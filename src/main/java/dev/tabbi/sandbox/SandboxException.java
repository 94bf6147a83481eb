package dev.tabbi.sandbox;

/** A sandbox could not be created or reached; the message is safe to show (no secrets, no paths of the host). */
public class SandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
