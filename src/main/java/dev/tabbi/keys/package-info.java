/**
 * Keys: the API keys users create for their programs. Owns key generation and hashing, the key lifecycle
 * (create, rename, roll, revoke) and bearer authentication of {@code /v1/*}.
 *
 * <p>May use: platform, identity.
 */
@Module(name = "keys", allowedDependencies = {"platform", "identity"},
        tables = {"api_keys"},
        paths = {"keys"})
package dev.tabbi.keys;

import dev.tabbi.platform.Module;
