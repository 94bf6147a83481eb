package dev.tabbi.sessions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tabbi.platform.Refusal;
import dev.tabbi.platform.RequestBody;
import dev.tabbi.platform.internal.RequestBodyBinder;
import dev.tabbi.sessions.api.MessagesResource;
import dev.tabbi.sessions.api.SecretsResource;
import dev.tabbi.sessions.api.WebhooksResource;
import java.net.InetAddress;
import java.util.List;

/**
 * The bodies of the API as a client sends them, through the whole of their checking: bound strictly, then a
 * session's {@code agents}, {@code mcpServers}, {@code repos} and {@code skills} read for what they mean. Every input
 * is a request or a 400 {@code VALIDATION_ERROR}; nothing else escapes (the 500s this would have found are in
 * ApiInputSweepIT's history).
 */
class SessionBodiesFuzzTest {
    private static final RepoPolicy POLICY = new RepoPolicy("github.com", false, "https://github.com",
            host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 140, 82, 112, 3})});
    private static final List<Class<? extends RequestBody>> OTHER_BODIES = List.of(MessagesResource.Message.class,
            SecretsResource.SecretValue.class, WebhooksResource.EndpointRequest.class, SessionPullRequests.Request.class);

    private static void refusedAsInvalid(Refusal refused) {
        assertThat(refused.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.getMessage()).isNotBlank().hasSizeLessThan(2_000);
    }

    @FuzzTest(maxDuration = "10m")
    void aSessionBodyIsARequestOrA400(byte[] input) {
        try {
            NewSession body = RequestBodyBinder.bind(input, NewSession.class);
            if (body == null) {
                return;
            }
            AgentSettings.of(body.mcpServers(), body.agents(), List.of("fake-model", "fake-model-large"));
            if (body.repos() != null) {
                SessionRepositories.validated(body.repos(), POLICY);
            }
            if (body.skills() != null) {
                body.skills().forEach(POLICY::skill);
            }
        } catch (Refusal refused) {
            refusedAsInvalid(refused);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void everyOtherBodyIsARequestOrA400(byte[] input) {
        for (Class<? extends RequestBody> type : OTHER_BODIES) {
            try {
                RequestBodyBinder.bind(input, type);
            } catch (Refusal refused) {
                refusedAsInvalid(refused);
            }
        }
    }
}
