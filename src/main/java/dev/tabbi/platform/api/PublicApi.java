package dev.tabbi.platform.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The public REST API (contract: docs/openapi). Resources of every module live under {@code /v1}; providers and
 * resources are discovered, so a module adds a resource just by annotating it. Resources are application-scoped,
 * holding only injected services: made per request, each cost its injections again, with a JNDI lookup for every
 * {@code @Resource} (bench/api.sh's recording: a tenth of a request's CPU).
 */
@ApplicationPath("/v1")
public class PublicApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // The contract is the OpenAPI document; Jersey's generated WADL would be a second, inaccurate one.
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
