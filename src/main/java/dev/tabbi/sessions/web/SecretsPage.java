package dev.tabbi.sessions.web;

import dev.tabbi.identity.SignedInUser;
import dev.tabbi.platform.PageActions;
import dev.tabbi.sessions.internal.UserSecrets;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The Secrets page: the names of the user's secrets and when each was set; set one (new or replacing) and delete
 * one. A value goes in and never comes back out: the page never holds one after the request that set it.
 */
@Named
@RequestScoped
public class SecretsPage {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    @Inject
    UserSecrets secrets;

    @Inject
    SignedInUser user;

    private List<UserSecrets.Named> list;
    private String name;
    private String value;

    public List<UserSecrets.Named> getSecrets() {
        if (list == null) {
            list = secrets.list(user.id());
        }
        return list;
    }

    public void save() {
        String saved = name;
        PageActions.attempt(() -> secrets.put(user.id(), saved, value), "Secret " + saved + " saved",
                "Not found: no such secret among yours");
        value = null;
        list = null;
    }

    public void delete(String secretName) {
        PageActions.attempt(() -> secrets.delete(user.id(), secretName), "Secret " + secretName + " deleted",
                "Not found: no such secret among yours");
        list = null;
    }

    public String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    /** Never read back into the page: the field is always empty. */
    public String getValue() {
        return null;
    }

    public void setValue(String value) {
        this.value = value;
    }
}
