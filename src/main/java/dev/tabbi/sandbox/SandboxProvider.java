package dev.tabbi.sandbox;

/**
 * Where agents run: the local process provider, Daytona, Modal or a remote sandbox service, chosen by configuration
 * ({@code sandbox/internal/SandboxProducer}). A provider offers three concerns, and users of sandboxes ask for the
 * one they need: {@link SandboxLifecycle}, {@link SandboxSnapshots}, {@link SandboxWorkspaces}.
 */
public interface SandboxProvider extends SandboxLifecycle, SandboxSnapshots, SandboxWorkspaces {
}
