/**
 * Platform: what every module shares and nothing more. Owns the JAX-RS application and its error shape
 * ({@link dev.tabbi.platform.Refusal}), request ids, security headers, the database connection and its
 * migrations, the Redis connection with its in-process fallbacks ({@link dev.tabbi.platform.Locks},
 * {@link dev.tabbi.platform.ClusterBus}, {@link dev.tabbi.platform.RateLimiters}), the client's address behind trusted
 * proxies ({@link dev.tabbi.platform.ClientAddress}), configuration, health probes and the dashboard layout.
 *
 * <p>Uses no other module; every module may use this one.
 */
@Module(name = "platform",
        tables = {"platform_installation"},
        paths = {"health", "error-dispatch", "docs", "index.xhtml", "resources", "openapi.yaml", "metrics"})
package dev.tabbi.platform;
