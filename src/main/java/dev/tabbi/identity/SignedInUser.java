package dev.tabbi.identity;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.Optional;
import java.util.UUID;

/**
 * The dashboard user of the current request, for the web beans of every module. The caller principal's name is
 * the user id; a page that needs a user is protected, so {@link #id()} is safe to call there.
 */
@RequestScoped
public class SignedInUser {

    @Inject
    SecurityContext security;

    @Inject
    Users users;

    private Optional<User> user;

    public Optional<User> current() {
        if (user == null) {
            Principal principal = security.getCallerPrincipal();
            user = principal == null ? Optional.empty() : parse(principal.getName()).flatMap(users::find);
        }
        return user;
    }

    public boolean isSignedIn() {
        return current().isPresent();
    }

    /** The signed-in user's id; fails on a page that forgot to require sign-in. */
    public UUID id() {
        return current().orElseThrow(() -> new IllegalStateException("no signed-in user")).id();
    }

    private static Optional<UUID> parse(String name) {
        try {
            return Optional.of(UUID.fromString(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
