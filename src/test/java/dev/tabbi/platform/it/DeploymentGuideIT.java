package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The deployment guide's verification, run as an operator would: every command of its Verify section is in
 * docs/verify-deployment.sh, and that script passes against a live server.
 */
class DeploymentGuideIT {
    private static final Pattern SHELL_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    @Test
    void theGuidesVerificationCommandsAreTheScriptAndItPasses() throws Exception {
        String guide = Files.readString(Paths.project().resolve("docs/DEPLOYMENT.md"));
        String verify = guide.substring(guide.indexOf("## Verify"), guide.indexOf("## More than one replica"));
        String script = Files.readString(Paths.project().resolve("docs/verify-deployment.sh"));
        List<String> commands = new ArrayList<>();
        Matcher blocks = SHELL_BLOCK.matcher(verify);
        while (blocks.find()) {
            commands.add(blocks.group(1).strip());
        }
        assertThat(commands).hasSizeGreaterThanOrEqualTo(7).allSatisfy(command -> assertThat(script).contains(command));

        String server = TestEnvironment.get().server().baseUri().toString(); // started, so its schema exists
        var db = TestEnvironment.get().database();
        String key = TestKeys.insertKey(db, TestKeys.insertUser(db, "guide-operator"), KeyEnvironment.LIVE, null, null);
        ProcessBuilder builder = new ProcessBuilder("bash", "docs/verify-deployment.sh")
                .directory(Paths.project().toFile()).redirectErrorStream(true);
        builder.environment().put("TABBI", server);
        builder.environment().put("KEY", key);
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).endsWith("deployment verified\n");
    }
}
