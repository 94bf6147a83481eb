package dev.tabbi.sandbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.sandbox.Sandbox;
import dev.tabbi.testsupport.FuzzInputs;

/**
 * Replies of a sandbox platform (the remote sandbox service, Daytona) as they may come: each reader returns what it
 * reads, checked, or says the service answered something else ({@link SandboxServiceErrors.Refused}); nothing else.
 */
class SandboxServiceRepliesFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void everyReplyIsReadOrRefused(byte[] input) {
        FuzzInputs.reply(input).ifPresent(reply -> {
            read(() -> {
                Sandbox sandbox = SandboxServiceReplies.started(reply, "session");
                assertThat(sandbox.agentUrl().getHost()).isNotNull();
                assertThat(sandbox.id()).hasSizeBetween(1, 200);
            });
            read(() -> SandboxServiceReplies.snapshot(reply));
            read(() -> SandboxServiceReplies.running(reply));
            read(() -> assertThat(SandboxServiceReplies.logs(reply)).hasSizeLessThanOrEqualTo(SandboxServiceReplies.MAX_LOG_LINES));
            read(() -> SandboxServiceReplies.remoteSandboxes(reply));
            read(() -> SandboxServiceReplies.daytonaSandboxes(reply, "tabbi-session"));
            read(() -> SandboxServiceReplies.created(reply));
            read(() -> SandboxServiceReplies.state(reply));
            read(() -> assertThat(SandboxServiceReplies.preview(reply).url()).startsWithIgnoringCase("http"));
        });
    }

    private static void read(Runnable reader) {
        try {
            reader.run();
        } catch (SandboxServiceErrors.Refused e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
