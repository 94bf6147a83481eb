package dev.tabbi.platform.internal;

import dev.tabbi.platform.ClusterBus;
import dev.tabbi.platform.Locks;
import dev.tabbi.platform.RedisConnection;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

/** Chooses the Redis or the in-process implementation of the coordination interfaces, once per app. */
@ApplicationScoped
public class CoordinationProducer {

    @Inject
    RedisConnection redis;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedThreadFactory threads;

    @Produces
    @ApplicationScoped
    Locks locks() {
        return redis.client()
                .<Locks>map(client -> new RedisLocks(client, redis::key))
                .orElseGet(() -> new InProcessLocks(System::nanoTime));
    }

    @Produces
    @ApplicationScoped
    ClusterBus clusterBus() {
        return redis.client()
                .<ClusterBus>map(client -> new RedisClusterBus(client, redis::key, threads))
                .orElseGet(() -> new InProcessClusterBus(executor));
    }
}
