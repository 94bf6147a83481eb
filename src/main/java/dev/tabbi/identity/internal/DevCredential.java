package dev.tabbi.identity.internal;

import jakarta.security.enterprise.credential.Credential;

/** The development sign-in's "credential": just a login name, accepted only when the dev sign-in is enabled. */
public record DevCredential(String login) implements Credential {
}
