package dev.tabbi.identity.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The unguessable values the dashboard hands browsers (session cookies, sign-in bindings, OAuth state, PKCE
 * verifiers), the hash under which the database keeps them, and reading one back from a cookie of bounded size.
 */
final class BrowserTokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private BrowserTokens() {
    }

    /** 256 random bits, base64url without padding (43 characters). */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What the database keeps instead of the value itself. */
    static byte[] hash(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The named cookie's value if it has the size of one of ours; anything else is ignored. */
    static Optional<String> fromCookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                String value = cookie.getValue();
                if (name.equals(cookie.getName()) && value != null && value.length() >= 32 && value.length() <= 64) {
                    return Optional.of(value);
                }
            }
        }
        return Optional.empty();
    }
}
