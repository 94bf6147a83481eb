package dev.tabbi.identity.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts GitHub tokens at rest with AES-256-GCM. Keys are configured as {@code id:base64,id:base64,…}; the first
 * encrypts, all of them decrypt, so a new key can be put first and old rows still open until re-encrypted on the
 * user's next sign-in. The associated data binds a ciphertext to its user, so rows cannot be swapped.
 */
public final class TokenCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A ciphertext (nonce followed by encrypted data and tag) and the id of the key that made it. */
    public record Sealed(String keyId, byte[] ciphertext) {
    }

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;

    private TokenCipher(String currentKeyId, Map<String, SecretKey> keys) {
        this.currentKeyId = currentKeyId;
        this.keys = keys;
    }

    /** Parses the configured key list; throws with a message safe to log (it never contains key material). */
    public static TokenCipher parse(String configured) {
        if (configured == null || configured.isBlank()) {
            throw new IllegalArgumentException("no token encryption key is configured");
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : configured.split(",")) {
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException("each token encryption key must look like <id>:<base64 of 32 bytes>");
            }
            byte[] material;
            try {
                material = Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("token encryption key " + id + " is not valid base64");
            }
            if (material.length != 32) {
                throw new IllegalArgumentException("token encryption key " + id + " must be 32 bytes (AES-256)");
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(material, "AES")) != null) {
                throw new IllegalArgumentException("token encryption key id " + id + " is used twice");
            }
        }
        return new TokenCipher(keys.keySet().iterator().next(), Map.copyOf(keys));
    }

    public Sealed seal(String token, String boundTo) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), nonce, boundTo);
            byte[] encrypted = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return new Sealed(currentKeyId, ByteBuffer.allocate(nonce.length + encrypted.length)
                    .put(nonce).put(encrypted).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed", e);
        }
    }

    public String open(Sealed sealed, String boundTo) {
        SecretKey key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("token was encrypted with key " + sealed.keyId() + ", which is no longer configured");
        }
        try {
            byte[] data = sealed.ciphertext();
            byte[] nonce = java.util.Arrays.copyOfRange(data, 0, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, boundTo);
            return new String(cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token cannot be decrypted (wrong key or tampered row)", e);
        }
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, String boundTo) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
