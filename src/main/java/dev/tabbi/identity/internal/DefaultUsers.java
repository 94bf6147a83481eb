package dev.tabbi.identity.internal;

import dev.tabbi.identity.User;
import dev.tabbi.identity.UserSignedIn;
import dev.tabbi.identity.Users;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/** {@link Users} on PostgreSQL; signing in creates or refreshes the user from their GitHub profile. */
@ApplicationScoped
public class DefaultUsers implements Users {
    private static final Logger LOG = Logger.getLogger(DefaultUsers.class.getName());

    @PersistenceContext(unitName = "tabbi")
    EntityManager entityManager;

    @Inject
    IdentityConfiguration configuration;

    @Inject
    Event<UserSignedIn> signedIn;

    @Override
    @Transactional
    public Optional<User> find(UUID userId) {
        return Optional.ofNullable(entityManager.find(UserEntity.class, userId)).map(UserEntity::view);
    }

    @Override
    @Transactional
    public Optional<String> githubToken(UUID userId) {
        UserEntity user = entityManager.find(UserEntity.class, userId);
        if (user == null || user.sealedToken() == null) {
            return Optional.empty();
        }
        return Optional.of(configuration.cipher().open(user.sealedToken(), boundTo(user.githubId())));
    }

    /**
     * Records a sign-in: creates the user on first sight, refreshes the profile, and stores the token (encrypted)
     * when one was granted. Returns the user id for the browser session.
     */
    @Transactional
    public UUID signIn(GitHubProfile profile, String token, Set<String> scopes) {
        Instant now = Instant.now();
        UserEntity user = entityManager.createNamedQuery(UserEntity.BY_GITHUB_ID, UserEntity.class)
                .setParameter("githubId", profile.id()).getResultStream().findFirst().orElse(null);
        boolean firstTime = user == null;
        if (firstTime) {
            user = new UserEntity(profile.id(), now);
        }
        user.signedIn(profile, now);
        if (token != null) {
            user.storeToken(configuration.cipher().seal(token, boundTo(profile.id())), scopes);
        }
        if (firstTime) {
            entityManager.persist(user);
        }
        signedIn.fire(new UserSignedIn(user.id(), firstTime));
        LOG.info("identity.signed_in user_id=" + user.id() + " github_id=" + profile.id() + " first_time=" + firstTime
                + " scopes=\"" + String.join(" ", scopes) + "\"");
        return user.id();
    }

    /** Ties a stored token to its GitHub account, so a ciphertext copied to another row does not decrypt. */
    private static String boundTo(long githubId) {
        return "github-token:" + githubId;
    }
}
