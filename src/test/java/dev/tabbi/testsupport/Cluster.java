package dev.tabbi.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Three nodes sharing the run's database, a Redis of their own (so a test may stop it) and a sandbox platform, behind
 * a {@link LoadBalancer}; every node has the balancer's address as its public one, as in production. Nodes can be
 * crashed, stopped and started again on their port. Leases are short here ({@value #LEASE_SECONDS} s, checked every
 * second), so a dead node's work is reclaimed within a few seconds.
 */
public final class Cluster implements AutoCloseable {
    public static final int LEASE_SECONDS = 3;
    public static final int DRAIN_SECONDS = 15;

    /** One node: a Payara Micro on a fixed port that can die and come back. */
    public static final class Node {
        private final String name;
        private final int port;
        private final Map<String, String> env;
        private final Path work;
        private PayaraProcess process;

        private Node(String name, int port, Map<String, String> env, Path work) {
            this.name = name;
            this.port = port;
            this.env = env;
            this.work = work;
        }

        public URI baseUri() {
            return URI.create("http://127.0.0.1:" + port + "/");
        }

        public synchronized PayaraProcess process() {
            return process;
        }

        /** Launches the node without waiting for it (see {@link #awaitReady}). */
        public synchronized void launch() {
            process = PayaraProcess.launch(port, env, work, work.resolve("payara-" + System.nanoTime() + ".log"));
        }

        public void awaitReady() {
            process().awaitReady();
        }

        /** SIGKILL: nothing of the app's shutdown runs. */
        public void crash() throws InterruptedException {
            process().crash();
        }

        /** SIGTERM, as an orchestrator stops a pod; returns once the JVM is gone. */
        public void stop() {
            process().close();
        }

        public String name() {
            return name;
        }
    }

    private final PrivateRedis redis;
    private final List<Node> nodes = new ArrayList<>();
    private final LoadBalancer balancer;

    Cluster(Map<String, String> appEnvironment, Map<String, String> extra, Path work) {
        redis = new PrivateRedis();
        List<Integer> ports = List.of(FreePort.pick(), FreePort.pick(), FreePort.pick());
        balancer = new LoadBalancer(work.resolve("balancer"), ports);
        for (int i = 0; i < ports.size(); i++) {
            String name = "n" + (i + 1);
            Map<String, String> env = new HashMap<>(appEnvironment);
            env.putAll(extra);
            env.put("TABBI_BASE_URL", balancer.baseUri().toString());
            env.put("REDIS_URL", redis.url());
            env.put("SANDBOX_LOCAL_ROOT", work.resolve(name).resolve("sandboxes").toString());
            env.put("SESSIONS_LEASE_SECONDS", Integer.toString(LEASE_SECONDS));
            env.put("SESSIONS_RECLAIM_CHECK_SECONDS", "1");
            env.put("NODE_DRAIN_SECONDS", Integer.toString(DRAIN_SECONDS));
            nodes.add(new Node(name, ports.get(i), env, work.resolve(name)));
        }
        nodes.forEach(Node::launch); // side by side: three starts take little longer than one
        try {
            nodes.forEach(Node::awaitReady);
        } catch (RuntimeException e) {
            close(); // nothing may outlive a failed start
            throw e;
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The node behind the balancer's server {@code n<number>} (1-based, as HAProxy names them). */
    public Node node(int number) {
        return nodes.get(number - 1);
    }

    public LoadBalancer balancer() {
        return balancer;
    }

    public URI baseUri() {
        return balancer.baseUri();
    }

    public PrivateRedis redis() {
        return redis;
    }

    @Override
    public void close() {
        try {
            balancer.close();
            for (Node node : nodes) {
                if (node.process() != null) {
                    node.process().close();
                }
            }
        } finally {
            redis.close();
        }
    }
}
