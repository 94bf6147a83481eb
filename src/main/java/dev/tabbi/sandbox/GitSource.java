package dev.tabbi.sandbox;

import java.net.URI;

/**
 * A git repository to clone into a sandbox: its URL (never with credentials in it), an optional branch or tag
 * ({@code ref}, null for the default branch) and an optional token sent as HTTP authentication. The token is a
 * secret and never appears in {@link #toString()}.
 */
public record GitSource(URI url, String ref, String token) {

    @Override
    public String toString() {
        return "GitSource[url=" + url + ", ref=" + ref + ", token=" + (token == null ? "none" : "<hidden>") + "]";
    }
}
