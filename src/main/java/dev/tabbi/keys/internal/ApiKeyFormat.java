package dev.tabbi.keys.internal;

import dev.tabbi.keys.KeyEnvironment;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The text of an API key: {@code tb_live_} or {@code tb_test_}, then 26 random base62 characters from a CSPRNG
 * (about 155 bits), then 6 base62 characters of CRC32 over everything before them. The checksum lets a typo or a
 * truncated key be refused without a database lookup. Only {@link #hash} of a key is ever stored.
 */
public final class ApiKeyFormat {
    static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int RANDOM_LENGTH = 26;
    static final int CHECKSUM_LENGTH = 6;
    /** How much of a key the dashboard shows to tell keys apart: {@code tb_live_} and 4 characters. */
    static final int DISPLAY_PREFIX_LENGTH = 12;
    private static final Pattern SHAPE = Pattern.compile("tb_(live|test)_[A-Za-z0-9]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] pepper;

    /** @param pepper server-side secret mixed into every stored hash, so a leaked table cannot be checked offline */
    public ApiKeyFormat(String pepper) {
        if (pepper == null || pepper.length() < 32) {
            throw new IllegalArgumentException("the key pepper must be at least 32 characters");
        }
        this.pepper = pepper.getBytes(StandardCharsets.UTF_8);
    }

    public static String generate(KeyEnvironment environment) {
        StringBuilder key = new StringBuilder(environment.prefix());
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            key.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return key.append(checksum(key)).toString();
    }

    /** The environment of a well-formed key with a correct checksum; empty for anything else. */
    public static Optional<KeyEnvironment> parse(String candidate) {
        if (candidate == null || !SHAPE.matcher(candidate).matches()) {
            return Optional.empty();
        }
        int split = candidate.length() - CHECKSUM_LENGTH;
        if (!checksum(candidate.substring(0, split)).equals(candidate.substring(split))) {
            return Optional.empty();
        }
        return Optional.of(candidate.startsWith(KeyEnvironment.LIVE.prefix()) ? KeyEnvironment.LIVE : KeyEnvironment.TEST);
    }

    public static String displayPrefix(String key) {
        return key.substring(0, DISPLAY_PREFIX_LENGTH);
    }

    /** HMAC-SHA256 of the key under the pepper, hex: what the database stores and looks keys up by. */
    public String hash(String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    static String checksum(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET.charAt((int) (value % ALPHABET.length()));
            value /= ALPHABET.length();
        }
        return new String(digits);
    }
}
