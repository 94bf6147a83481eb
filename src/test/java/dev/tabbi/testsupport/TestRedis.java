package dev.tabbi.testsupport;

import java.net.URI;
import java.util.concurrent.ThreadLocalRandom;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The real Redis the tests use ({@code it.redis.url}, default 127.0.0.1:6379), with a key prefix of its own per
 * run so runs never see each other's keys; {@link #deleteKeys()} removes what the run left.
 */
public final class TestRedis implements AutoCloseable {
    private final String url;
    private final String prefix;
    private final JedisPooled client;

    public TestRedis() {
        this.url = System.getProperty("it.redis.url", "redis://127.0.0.1:6379");
        this.prefix = "tabbi-test-" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000) + ":";
        this.client = new JedisPooled(URI.create(url), 2000);
    }

    public String url() {
        return url;
    }

    public String prefix() {
        return prefix;
    }

    public JedisPooled client() {
        return client;
    }

    public void deleteKeys() {
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = client.scan(cursor, new ScanParams().match(prefix + "*").count(500));
            page.getResult().forEach(client::del);
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    }

    @Override
    public void close() {
        deleteKeys();
        client.close();
    }
}
