/*
 * The session page's "Open pull request" form: posts to the session's pull-request route with the browser's
 * sign-in and the page's CSRF token, then shows the pull request's link, or what stands in the way (with a link to
 * grant repository access when that is what is missing). Everything is set as text, never as HTML.
 */
(function () {
    "use strict";
    var root = document.getElementById("session-view");
    var form = document.getElementById("pull-request");
    if (!root || !form) {
        return;
    }
    var csrf = document.querySelector("meta[name=csrf-token]").content;
    var result = document.getElementById("pr-result");
    var button = document.getElementById("open-pr");

    function show(kind, text, href, linkText) {
        result.hidden = false;
        result.className = "notice notice-" + kind;
        result.textContent = text;
        if (href) {
            var link = document.createElement("a");
            link.href = href;
            link.textContent = linkText;
            result.appendChild(document.createTextNode(" "));
            result.appendChild(link);
        }
    }

    form.addEventListener("submit", function (e) {
        e.preventDefault();
        button.disabled = true;
        show("info", "Pushing a branch and opening the pull request…");
        fetch(root.dataset.api + "/pull-request", {
            method: "POST", credentials: "same-origin",
            headers: {"X-CSRF-Token": csrf, "Content-Type": "application/json"},
            body: JSON.stringify({title: document.getElementById("pr-title").value,
                draft: document.getElementById("pr-draft").checked})
        }).then(function (response) {
            return response.json().then(function (body) {
                if (response.ok) {
                    show("success", "Pull request #" + body.number + " is open on " + body.repository + " from " + body.branch + ".",
                        body.url, "Open it on GitHub");
                } else if (body.error && body.error.code === "GITHUB_SCOPE_MISSING") {
                    var context = root.dataset.list.replace(/\/sessions\/index\.xhtml$/, "");
                    show("error", body.error.message, context + ((body.error.details || {}).grant || "/account/"), "Grant access");
                } else {
                    show("error", body.error ? body.error.message : "The pull request could not be opened.");
                }
            });
        }).catch(function () {
            show("error", "The pull request could not be opened; try again.");
        }).then(function () {
            button.disabled = false;
        });
    });
})();
