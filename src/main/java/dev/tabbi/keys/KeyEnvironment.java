package dev.tabbi.keys;

import dev.tabbi.platform.Refusal;

/** Which kind of key: {@code live} for production traffic, {@code test} for development. Part of the key text. */
public enum KeyEnvironment {
    LIVE, TEST;

    public String prefix() {
        return "tb_" + wireName() + "_";
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static KeyEnvironment fromWireName(String name) {
        for (KeyEnvironment environment : values()) {
            if (environment.wireName().equals(name)) {
                return environment;
            }
        }
        throw Refusal.invalid("environment: choose live or test");
    }
}
