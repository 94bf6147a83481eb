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
 * crashed and stopped; three more are configured in the balancer to replace them in a rolling update, started side by
 * side before the old ones stop one at a time (a surge, as Kubernetes does with {@code maxSurge}). Leases are short
 * here ({@value #LEASE_SECONDS} s, checked every second), so a dead node's work is reclaimed within a few seconds.
 */
public final class Cluster implements AutoCloseable {
    public static final int LEASE_SECONDS = 3;
    public static final int DRAIN_SECONDS = 15;
    public static final int WEBHOOK_TIMEOUT_SECONDS = 20;
    /** The rolling update's new nodes, one for each of the first three. */
    private static final int REPLACEMENTS = 3;

    /** One node: a Payara Micro on a fixed port that can die and come back. */
    public static final class Node {
        private final int number;
        private final String name;
        private final int port;
        private final Map<String, String> env;
        private final Path work;
        private PayaraProcess process;

        private Node(int number, int port, Map<String, String> env, Path work) {
            this.number = number;
            this.name = "n" + number;
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

        synchronized boolean launched() {
            return process != null && process.handle().isAlive();
        }

        private void crash() throws InterruptedException {
            process().crash();
        }

        /** SIGTERM, as an orchestrator stops a pod; returns once the JVM is gone. */
        public void stop() {
            process().close();
        }

        public String name() {
            return name;
        }

        /** Its server number in the balancer. */
        public int number() {
            return number;
        }
    }

    private final PrivateRedis redis;
    private final List<Node> all = new ArrayList<>();
    private List<Node> nodes;
    private final LoadBalancer balancer;

    Cluster(ServerSettings settings, Path work) {
        redis = new PrivateRedis();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3 + REPLACEMENTS; i++) {
            ports.add(FreePort.pick());
        }
        balancer = new LoadBalancer(work.resolve("balancer"), ports, 3);
        for (int i = 0; i < ports.size(); i++) {
            String name = "n" + (i + 1);
            Map<String, String> env = new HashMap<>();
            env.put("tabbi.base-url", balancer.baseUri().toString());
            env.put("redis.url", redis.url());
            env.put("sandbox.local.root", work.resolve(name).resolve("sandboxes").toString());
            env.put("sessions.lease-seconds", Integer.toString(LEASE_SECONDS));
            env.put("sessions.reclaim-check-seconds", "1");
            env.put("node.drain-seconds", Integer.toString(DRAIN_SECONDS));
            // a delivery the receiver holds stays with its node until the test kills that node
            env.put("webhooks.timeout-seconds", Integer.toString(WEBHOOK_TIMEOUT_SECONDS));
            all.add(new Node(i + 1, ports.get(i), settings.with(env).asEnvironment(), work.resolve(name)));
        }
        nodes = List.copyOf(all.subList(0, 3));
        nodes.forEach(Node::launch); // side by side
        try {
            nodes.forEach(Node::awaitReady);
            // HAProxy marked them down while they started; a client of the balancer must find them all in rotation
            nodes.forEach(node -> balancer.awaitUp(node.number()));
        } catch (RuntimeException e) {
            close(); // nothing may outlive a failed start
            throw e;
        }
    }

    /** SIGKILL: nothing of the app's shutdown runs; the node is no longer one of {@link #nodes()}. */
    public void crash(Node node) throws InterruptedException {
        node.crash();
        synchronized (this) {
            nodes = nodes.stream().filter(serving -> serving != node).toList();
        }
    }

    /** The nodes serving now. */
    public synchronized List<Node> nodes() {
        return nodes;
    }

    /** The {@code index}-th node serving now (1-based). */
    public synchronized Node node(int index) {
        return nodes.get(index - 1);
    }

    /**
     * Starts the replacements of a rolling update ahead of time, out of rotation (the balancer sends them nothing
     * until the update), so that their start overlaps whatever the run does meanwhile.
     */
    public void prepareReplacements() {
        replacements().stream().filter(node -> !node.launched()).forEach(Node::launch);
    }

    private List<Node> replacements() {
        List<Node> old = nodes();
        return all.stream().filter(node -> !old.contains(node)).toList();
    }

    /**
     * A rolling update: the replacements start side by side (if {@link #prepareReplacements} has not started them)
     * and join the balancer, then each serving node is taken out of rotation and stopped (SIGTERM, so it drains) one
     * at a time; {@code afterEachStop} runs once each old node is gone.
     */
    public void rollingUpdate(Runnable afterEachStop) {
        List<Node> old = nodes();
        List<Node> fresh = replacements();
        prepareReplacements();
        fresh.forEach(Node::awaitReady);
        fresh.forEach(node -> balancer.enable(node.number()));
        for (Node node : fresh) {
            balancer.awaitUp(node.number());
        }
        synchronized (this) {
            nodes = List.copyOf(fresh);
        }
        for (Node node : old) {
            balancer.drain(node.number()); // what a pre-stop step waits for
            node.stop();
            afterEachStop.run();
        }
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
            for (Node node : all) {
                if (node.process() != null) {
                    node.process().close();
                }
            }
        } finally {
            redis.close();
        }
    }
}
