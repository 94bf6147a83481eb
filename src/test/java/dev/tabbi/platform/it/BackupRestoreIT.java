package dev.tabbi.platform.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.testsupport.Commands;
import dev.tabbi.testsupport.Http;
import dev.tabbi.testsupport.Paths;
import dev.tabbi.testsupport.PayaraProcess;
import dev.tabbi.testsupport.SessionPolling;
import dev.tabbi.testsupport.TestEnvironment;
import dev.tabbi.testsupport.TestKeys;
import dev.tabbi.testsupport.ThrowAwayDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator's backup and restore (ops/backup.sh, ops/restore.sh) against the local PostgreSQL: a node with a
 * key and a paused session (its snapshot on disk) is stopped and backed up; the database and snapshots are wiped and
 * restored; a node started on them serves the same key, history and session, which resumes with its files.
 */
class BackupRestoreIT {
    private static final Path WORK = Paths.target().resolve("it-backup");
    private static ThrowAwayDatabase database;

    @BeforeAll
    static void database() throws IOException {
        database = ThrowAwayDatabase.create();
        Files.createDirectories(WORK);
    }

    @AfterAll
    static void drop() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void backUpWipeRestoreAndTheAppStillWorks() throws Exception {
        String key;
        String session;
        try (PayaraProcess node = start()) {
            key = TestKeys.insertKey(database, TestKeys.insertUser(database, "backup-olga"), KeyEnvironment.LIVE, null, null);
            session = Http.json(Http.send(as(node, key, "/v1/sessions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")))).getString("id");
            SessionPolling.awaitStatus(node.baseUri(), key, session, "idle");
            assertThat(Http.send(as(node, key, "/v1/sessions/" + session + "/messages").header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(120))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"please create kept.txt\"}"))).statusCode()).isEqualTo(200);
            assertThat(Http.send(as(node, key, "/v1/sessions/" + session + "/pause").POST(HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(200);
        }

        String backup = run("ops/backup.sh", WORK.resolve("backups").toString()).strip();
        assertThat(Files.readString(Path.of(backup, "MANIFEST"))).contains("schema_version=").contains("snapshots=snapshots.tar.gz");

        run("psql", "--no-psqlrc", "-q", "-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        deleteTree(WORK.resolve("sandboxes/snapshots"));
        assertThat(run("ops/restore.sh", backup)).contains("restored");
        assertThat(run("ops/restore.sh", backup)).as("never over a database that has tables, unless asked")
                .contains("set RESTORE_REPLACE=yes");

        try (PayaraProcess node = start()) {
            assertThat(Http.send(as(node, key, "/v1/keys/current")).statusCode()).as("the key still works").isEqualTo(200);
            assertThat(Http.json(Http.send(as(node, key, "/v1/sessions/" + session))).getString("status")).isEqualTo("paused");
            assertThat(Http.send(as(node, key, "/v1/sessions/" + session + "/messages")).body()).contains("please create kept.txt");
            assertThat(Http.send(as(node, key, "/v1/sessions/" + session + "/resume").POST(HttpRequest.BodyPublishers.noBody()))
                    .statusCode()).isEqualTo(200);
            assertThat(Http.send(as(node, key, "/v1/sessions/" + session + "/files/kept.txt")).body())
                    .as("the snapshot came back with the session").isEqualTo("hello from the scripted model\n");
            Http.send(as(node, key, "/v1/sessions/" + session).DELETE());
        }
    }

    /** With BACKUP_KEEP_DAYS, backups older than that go once a new one is written; nothing else in the directory. */
    @Test
    void aBackupRemovesTheBackupsOlderThanItsRetention() throws Exception {
        try (ThrowAwayDatabase other = ThrowAwayDatabase.create()) {
            Path backups = Files.createDirectories(WORK.resolve("retention"));
            Path old = Files.createDirectories(backups.resolve("tabbi-20200101T000000Z"));
            Files.writeString(old.resolve("MANIFEST"), "created=20200101T000000Z\n");
            String recent = "tabbi-" + java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                    .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now().minus(Duration.ofDays(2)));
            Files.createDirectories(backups.resolve(recent));
            Path unrelated = Files.createDirectories(backups.resolve("tabbi-notes"));
            run(other, Map.of(), "psql", "--no-psqlrc", "-q", "-c", "CREATE TABLE flyway_schema_history"
                    + " (installed_rank int, version text, success boolean); INSERT INTO flyway_schema_history VALUES (1, '1', true)");

            String written = run(other, Map.of("BACKUP_KEEP_DAYS", "7"), "ops/backup.sh", backups.toString()).strip();

            assertThat(written).contains("removed " + old);
            assertThat(old).doesNotExist();
            assertThat(backups.resolve(recent)).as("younger than 7 days").exists();
            assertThat(unrelated).as("not a backup").exists();
            assertThat(Path.of(written.lines().reduce((first, last) -> last).orElseThrow()).resolve("MANIFEST")).exists();
            assertThat(run(other, Map.of("BACKUP_KEEP_DAYS", "a week"), "ops/backup.sh", backups.toString()))
                    .contains("BACKUP_KEEP_DAYS must be a number of days");
        }
    }

    private static PayaraProcess start() {
        return TestEnvironment.get().nodeOn(database, WORK, "backup");
    }

    private static HttpRequest.Builder as(PayaraProcess node, String key, String path) {
        return Http.request(node.baseUri(), path).header("Authorization", "Bearer " + key);
    }

    /** Runs a command with this test's database and sandbox root in the environment; its output (and errors). */
    private static String run(String... command) throws IOException, InterruptedException {
        return run(database, Map.of(), command);
    }

    private static String run(ThrowAwayDatabase db, Map<String, String> extra, String... command)
            throws IOException, InterruptedException {
        URI jdbc = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        Map<String, String> environment = new java.util.HashMap<>(Map.of("PGHOST", jdbc.getHost(),
                "PGPORT", Integer.toString(jdbc.getPort()), "PGUSER", db.user(), "PGPASSWORD", db.password(),
                "PGDATABASE", db.name(), "SANDBOX_LOCAL_ROOT", WORK.resolve("sandboxes").toString()));
        environment.putAll(extra);
        return Commands.run(environment, List.of(command), Duration.ofSeconds(120)).output();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
