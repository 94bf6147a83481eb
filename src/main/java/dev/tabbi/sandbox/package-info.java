/**
 * Sandbox: where agents run. Owns the sandbox providers (local process, Daytona, Modal, remote sandbox
 * service), snapshots, and the client for the OpenCode server inside a sandbox.
 *
 * <p>May use: platform.
 */
@Module(name = "sandbox", allowedDependencies = {"platform"},
        tables = {"sandbox_model_tokens"},
        paths = {"gateway"})
package dev.tabbi.sandbox;

import dev.tabbi.platform.Module;
