package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.SandboxException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * What the remote sandbox service's error answers mean: a 404 is a sandbox that is gone, other 4xx a request it
 * refuses (retrying cannot help), 5xx and 429 a service in trouble (an idempotent call may be retried).
 */
public final class SandboxServiceErrors implements ResponseExceptionMapper<SandboxException> {

    /** The service is overloaded or failing; worth another try later. */
    public static final class Unavailable extends SandboxException {
        private static final long serialVersionUID = 1L;

        public Unavailable(String message) {
            super(message);
        }
    }

    /** The service refused the request; the same request will be refused again. */
    public static final class Refused extends SandboxException {
        private static final long serialVersionUID = 1L;

        public Refused(String message) {
            super(message);
        }
    }

    /** The sandbox (or snapshot) does not exist there. */
    public static final class Gone extends SandboxException {
        private static final long serialVersionUID = 1L;

        public Gone(String message) {
            super(message);
        }
    }

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public SandboxException toThrowable(Response response) {
        int status = response.getStatus();
        if (status == 404) {
            return new Gone("the sandbox service does not know this sandbox");
        }
        if (status == 429 || status >= 500) {
            return new Unavailable("the sandbox service is unavailable (HTTP " + status + ")");
        }
        return new Refused("the sandbox service refused the request (HTTP " + status + ")");
    }
}
