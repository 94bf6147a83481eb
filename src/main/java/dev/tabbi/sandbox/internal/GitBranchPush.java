package dev.tabbi.sandbox.internal;

import dev.tabbi.platform.Refusal;
import dev.tabbi.sandbox.Branches;
import dev.tabbi.sandbox.GitSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@link Branches} with the real git, in a directory of the server's own: the repository cloned afresh with the
 * owner's token (carried as {@link GitClone#hygiene} does), the patch applied as data (git refuses paths outside the
 * tree or inside {@code .git}), no hooks, no signing, and a push whose lease says the branch must not exist yet.
 */
@ApplicationScoped
public class GitBranchPush implements Branches {
    private static final Logger LOG = Logger.getLogger(GitBranchPush.class.getName());
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> SAFE = List.of("-c", "credential.helper=", "-c", "core.hooksPath=/dev/null",
            "-c", "commit.gpgSign=false", "-c", "core.fsmonitor=false", "-c", "protocol.allow=never",
            "-c", "protocol.https.allow=always", "-c", "protocol.http.allow=always");

    /** One git command's exit code and its last line of complaint. */
    private record Outcome(int exit, String output) {
    }

    @Override
    public String push(GitSource repository, String base, String patch, String branch, Commit commit) {
        Path work = null;
        try {
            work = Files.createTempDirectory("tabbi-branch");
            Path tree = Files.createDirectory(work.resolve("tree"));
            List<String> clone = new ArrayList<>(List.of("clone", "--quiet", "--no-tags", "--single-branch"));
            if (base != null) {
                clone.addAll(List.of("--branch", base));
            }
            clone.addAll(List.of("--", repository.url().toString(), "."));
            Outcome cloned = git(tree, repository.token(), Map.of(), clone);
            if (cloned.exit() != 0) {
                throw cloneRefusal(cloned.output(), base);
            }
            String baseBranch = base != null ? base : git(tree, null, Map.of(), List.of("symbolic-ref", "--short", "HEAD")).output();
            if (git(tree, repository.token(), Map.of(), List.of("ls-remote", "--exit-code", "--heads", "origin", "refs/heads/" + branch))
                    .exit() == 0) {
                throw branchExists(branch);
            }
            Path patchFile = work.resolve("changes.patch");
            Files.writeString(patchFile, patch, StandardCharsets.UTF_8);
            Outcome applied = git(tree, null, Map.of(), List.of("apply", "--index", "--binary", "--3way", "--whitespace=nowarn",
                    patchFile.toString()));
            if (applied.exit() != 0) {
                throw new Refusal(Refusal.Reason.CONFLICT, "PATCH_CONFLICT", "The session's changes do not apply on " + baseBranch
                        + " as it is now: " + applied.output());
            }
            Path message = work.resolve("message.txt");
            Files.writeString(message, commit.message(), StandardCharsets.UTF_8);
            Map<String, String> who = Map.of("GIT_AUTHOR_NAME", commit.authorName(), "GIT_AUTHOR_EMAIL", commit.authorEmail(),
                    "GIT_COMMITTER_NAME", commit.authorName(), "GIT_COMMITTER_EMAIL", commit.authorEmail());
            Outcome committed = git(tree, null, who, List.of("commit", "--quiet", "--no-verify", "-F", message.toString()));
            if (committed.exit() != 0) {
                throw new Refusal(Refusal.Reason.CONFLICT, "NO_CHANGES", "The session's changes make no difference to " + baseBranch);
            }
            Outcome pushed = git(tree, repository.token(), Map.of(), List.of("push", "--quiet", "--force-with-lease=refs/heads/"
                    + branch + ":", "origin", "HEAD:refs/heads/" + branch));
            if (pushed.exit() != 0) {
                throw pushRefusal(pushed.output(), branch);
            }
            return baseBranch;
        } catch (IOException e) {
            throw new IllegalStateException("the branch could not be prepared", e);
        } finally {
            if (work != null) {
                HostCommands.deleteQuietly(work);
            }
        }
    }

    @Override
    public void remove(GitSource repository, String branch) {
        Path work = null;
        try {
            work = Files.createTempDirectory("tabbi-branch");
            Path tree = Files.createDirectory(work.resolve("tree"));
            git(tree, null, Map.of(), List.of("init", "--quiet"));
            Outcome removed = git(tree, repository.token(), Map.of(), List.of("push", "--quiet", repository.url().toString(),
                    ":refs/heads/" + branch));
            if (removed.exit() != 0) {
                LOG.warning("sandbox.branch_remove_failed branch=" + branch + " error=\"" + removed.output() + "\"");
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("sandbox.branch_remove_failed branch=" + branch + " error=\"" + e.getClass().getSimpleName() + "\"");
        } finally {
            if (work != null) {
                HostCommands.deleteQuietly(work);
            }
        }
    }

    private static Refusal cloneRefusal(String output, String base) {
        String said = output.toLowerCase(Locale.ROOT);
        if (base != null && said.contains("remote branch") && said.contains("not found")) {
            return new Refusal(Refusal.Reason.INVALID, "BASE_NOT_FOUND", "The repository has no branch " + base);
        }
        if (said.contains("authentication") || said.contains("403") || said.contains("401") || said.contains("not found")) {
            return new Refusal(Refusal.Reason.FORBIDDEN, "GITHUB_PERMISSION_DENIED", "Your GitHub account cannot read the repository");
        }
        LOG.warning("sandbox.branch_clone_failed error=\"" + output + "\"");
        return new Refusal(Refusal.Reason.UPSTREAM_FAILED, "GITHUB_UNAVAILABLE", "The repository could not be reached; try again later");
    }

    private static Refusal pushRefusal(String output, String branch) {
        String said = output.toLowerCase(Locale.ROOT);
        if (said.contains("stale info") || said.contains("already exists") || said.contains("non-fast-forward")) {
            return branchExists(branch);
        }
        if (said.contains("authentication") || said.contains("403") || said.contains("401") || said.contains("permission")
                || said.contains("could not read username")) {
            return new Refusal(Refusal.Reason.FORBIDDEN, "GITHUB_PERMISSION_DENIED", "Your GitHub account may not push to the repository");
        }
        LOG.warning("sandbox.branch_push_failed error=\"" + output + "\"");
        return new Refusal(Refusal.Reason.UPSTREAM_FAILED, "GITHUB_UNAVAILABLE", "The branch could not be pushed; try again later");
    }

    private static Refusal branchExists(String branch) {
        return new Refusal(Refusal.Reason.CONFLICT, "BRANCH_EXISTS", "The repository has a branch " + branch + " already; "
                + "name another");
    }

    private static Outcome git(Path directory, String token, Map<String, String> extra, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(SAFE);
        command.addAll(arguments);
        Path log = Files.createTempFile("git", ".log");
        try {
            ProcessBuilder builder = Confinement.builder(command, extra).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            GitClone.hygiene(builder.environment(), token);
            builder.environment().put("HOME", directory.getParent().toString());
            Process git = builder.start();
            if (!git.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                git.destroyForcibly();
                return new Outcome(124, "git " + arguments.get(0) + " took longer than " + TIMEOUT.toMinutes() + " minutes");
            }
            return new Outcome(git.exitValue(), GitClone.lastLine(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(130, "interrupted");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
