package dev.tabbi.keys.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.keys.ApiKeyView;
import dev.tabbi.keys.ApiKeys;
import dev.tabbi.keys.CreatedApiKey;
import dev.tabbi.keys.KeyEnvironment;
import dev.tabbi.platform.PageActions;
import org.omnifaces.cdi.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

/**
 * The Keys page: the signed-in user's keys, and create, rename, roll and revoke. A new key's secret is kept only
 * until the page has shown it once; every change goes through {@link ApiKeys}, which only touches the caller's keys.
 */
@Named
@ViewScoped(saveInViewState = true) // in the page itself: any node may take the next request
public class KeysPage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    @Inject
    ApiKeys keys;

    @Inject
    SignedInUser user;

    private transient List<ApiKeyView> list; // read again after each change, never kept in the page
    private String newName;
    private String newEnvironment = "live";
    private int newExpiryDays;
    private String renameTo;
    private int rollGraceHours = 24;
    private UUID selected;
    private transient String revealedSecret;

    public List<ApiKeyView> getKeys() {
        if (list == null) {
            list = keys.list(user.id());
        }
        return list;
    }

    public void create() {
        Instant expiresAt = newExpiryDays > 0 ? Instant.now().plus(Duration.ofDays(newExpiryDays)) : null;
        attempt(() -> reveal(keys.create(user.id(), newName, KeyEnvironment.fromWireName(newEnvironment), expiresAt)),
                "Key created");
        newName = null;
    }

    public void select(UUID keyId) {
        selected = keyId;
        renameTo = getKeys().stream().filter(k -> k.id().equals(keyId)).map(ApiKeyView::name).findFirst().orElse(null);
    }

    public void rename() {
        attempt(() -> keys.rename(user.id(), selected, renameTo), "Key renamed");
    }

    public void revoke(UUID keyId) {
        attempt(() -> keys.revoke(user.id(), keyId), "Key revoked: it no longer works");
    }

    public void roll() {
        attempt(() -> reveal(keys.roll(user.id(), selected, Duration.ofHours(rollGraceHours))),
                rollGraceHours == 0 ? "Key rolled; the old key stopped working"
                        : "Key rolled; the old key keeps working for " + rollGraceHours + " h");
    }

    /** Forgets the secret once the user closed the dialog that showed it. */
    public void forgetSecret() {
        revealedSecret = null;
    }

    private void reveal(CreatedApiKey created) {
        revealedSecret = created.secret();
    }

    private void attempt(Runnable change, String success) {
        PageActions.attempt(change, success, "Not found: no such key among yours");
        list = null;
    }

    public String status(ApiKeyView key) {
        return key.status(Instant.now()).name().toLowerCase(java.util.Locale.ROOT);
    }

    public String when(Instant instant) {
        return instant == null ? "never" : WHEN.format(instant);
    }

    public boolean usable(ApiKeyView key) {
        return key.usable(Instant.now());
    }

    public String getRevealedSecret() {
        return revealedSecret;
    }

    public String getNewName() {
        return newName;
    }

    public void setNewName(String newName) {
        this.newName = newName;
    }

    public String getNewEnvironment() {
        return newEnvironment;
    }

    public void setNewEnvironment(String newEnvironment) {
        this.newEnvironment = newEnvironment;
    }

    public int getNewExpiryDays() {
        return newExpiryDays;
    }

    public void setNewExpiryDays(int newExpiryDays) {
        this.newExpiryDays = newExpiryDays;
    }

    public String getRenameTo() {
        return renameTo;
    }

    public void setRenameTo(String renameTo) {
        this.renameTo = renameTo;
    }

    public int getRollGraceHours() {
        return rollGraceHours;
    }

    public void setRollGraceHours(int rollGraceHours) {
        this.rollGraceHours = rollGraceHours;
    }
}
