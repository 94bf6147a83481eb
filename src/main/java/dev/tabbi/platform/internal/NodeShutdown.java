package dev.tabbi.platform.internal;

import dev.tabbi.platform.Node;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.util.logging.Logger;

/**
 * Starts the node's drain as early as the server lets us see a shutdown coming. SIGTERM runs the JVM's shutdown
 * hooks at once, in parallel with the server's own, so the hook registered here makes readiness false and refuses
 * new work right away; the undeployment that follows waits in {@link #contextDestroyed} until the drain is done,
 * so running turns keep their threads and their clients' streams meanwhile.
 */
@WebListener
public class NodeShutdown implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(NodeShutdown.class.getName());

    @Inject
    Node node;

    private Thread hook;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Node drained = node;
        hook = new Thread(drained::drain, "tabbi-drain");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            LOG.warning("node.shutdown_hook_refused error=\"already shutting down\"");
        }
        LOG.info("node.started node=" + node.id());
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        node.drain();
        try {
            Runtime.getRuntime().removeShutdownHook(hook); // undeployed without a JVM shutdown
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook has run or is running
        }
    }
}
