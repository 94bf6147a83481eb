package dev.tabbi.testsupport;

import java.net.URI;
import java.net.http.HttpResponse;

/** A browser session signed in through the fake GitHub, for tests of member pages over plain HTTP. */
public final class SignIn {
    private SignIn() {
    }

    /** Runs the whole OAuth round trip (start → GitHub → callback) and checks it landed signed in. */
    public static WebSession withGitHub(URI app, FakeGitHub gitHub, FakeGitHub.Account account) {
        gitHub.signInAs(account);
        WebSession browser = new WebSession();
        HttpResponse<String> toGitHub = browser.get(app.resolve("/auth/github/start"));
        HttpResponse<String> callback = browser.follow(toGitHub);
        HttpResponse<String> landed = browser.follow(browser.follow(callback));
        if (landed.statusCode() != 200) {
            throw new AssertionError("sign-in did not land on a page: " + landed.statusCode() + " " + landed.uri());
        }
        return browser;
    }
}
