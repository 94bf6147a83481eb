package dev.tabbi.sandbox.internal;

import dev.tabbi.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;

/** A local sandbox while it runs: its agent process, the relays to it, its directory and the host user it runs as. */
record RunningLocalSandbox(Sandbox sandbox, Process process, List<Process> relays, Path dir, int uid) {
}
