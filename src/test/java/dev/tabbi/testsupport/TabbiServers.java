package dev.tabbi.testsupport;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Sets the {@link TabbiServer} fields of a test class before its first test, starting their servers if need be. */
public final class TabbiServers implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        for (Class<?> type = context.getRequiredTestClass(); type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                TabbiServer server = field.getAnnotation(TabbiServer.class);
                if (server != null) {
                    field.setAccessible(true);
                    field.set(null, serverFor(field, server.value()));
                }
            }
        }
    }

    private static Object serverFor(Field field, Profile profile) {
        if (!Modifier.isStatic(field.getModifiers())) {
            throw new ExtensionConfigurationException("@TabbiServer fields are static (the server is the class's): " + field);
        }
        if (field.getType() == Cluster.class && profile == Profile.CLUSTER) {
            return TestEnvironment.get().cluster();
        }
        if (field.getType() == PayaraProcess.class && profile != Profile.CLUSTER) {
            return TestEnvironment.get().node(profile);
        }
        throw new ExtensionConfigurationException("@TabbiServer(" + profile + ") goes on a "
                + (profile == Profile.CLUSTER ? "Cluster" : "PayaraProcess") + " field, not on " + field);
    }
}
