package dev.tabbi.identity.internal;

import dev.tabbi.identity.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.Optional;

/** {@link Secrets} with the {@link TokenCipher} of this app's configuration. */
@ApplicationScoped
public class DefaultSecrets implements Secrets {

    @Inject
    IdentityConfiguration configuration;

    @Override
    public String seal(String plaintext, String context) {
        TokenCipher.Sealed sealed = configuration.cipher().seal(plaintext, context);
        return sealed.keyId() + ":" + Base64.getEncoder().encodeToString(sealed.ciphertext());
    }

    @Override
    public Optional<String> open(String sealed, String context) {
        int colon = sealed == null ? -1 : sealed.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        try {
            byte[] ciphertext = Base64.getDecoder().decode(sealed.substring(colon + 1));
            return Optional.of(configuration.cipher().open(new TokenCipher.Sealed(sealed.substring(0, colon), ciphertext), context));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
