package dev.tabbi.keys;

/** A key just created: the only time its full text exists outside the caller's hands. */
public record CreatedApiKey(ApiKeyView key, String secret) {

    @Override
    public String toString() {
        return "CreatedApiKey[key=" + key + ", secret=<hidden>]";
    }
}
