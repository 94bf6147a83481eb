/*
 * The Files and Changes tabs of a session's page: the workspace browsed through GET …/files/{path}, a file shown
 * with light syntax highlighting, and GET …/diff shown line by line. File contents are only ever set as text.
 */
window.TabbiFiles = (function () {
    "use strict";
    var MAX_SHOWN = 1024 * 1024;
    var currentDir = "";

    var KEYWORDS = new Set(("abstract async await break case catch class const continue def default do elif else "
        + "enum export extends false final finally fn for from func function go if impl import in interface let "
        + "match new nil none null package pass private protected public raise record return self static struct "
        + "super switch this throw throws true try type typeof var void while with yield").split(" "));
    // Comments, strings, numbers and words, in that order of precedence.
    var TOKENS = /(\/\/[^\n]*|#[^\n]*|\/\*[\s\S]*?\*\/)|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)/g;
    var HASH_COMMENTS = /\.(py|sh|bash|rb|ya?ml|toml|r|pl|conf|ini|dockerfile)$|(^|\/)(Dockerfile|Makefile)$/i;

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined) {
            node.textContent = text;
        }
        return node;
    }

    function highlight(target, text, path) {
        target.textContent = "";
        var hashComments = HASH_COMMENTS.test(path);
        var last = 0;
        var match;
        TOKENS.lastIndex = 0;
        while ((match = TOKENS.exec(text)) !== null) {
            var kind = null;
            if (match[1] && (match[1].charAt(0) !== "#" || hashComments)) {
                kind = "tk-comment";
            } else if (match[2]) {
                kind = "tk-string";
            } else if (match[3]) {
                kind = "tk-number";
            } else if (match[4] && KEYWORDS.has(match[4])) {
                kind = "tk-keyword";
            }
            if (kind) {
                target.appendChild(document.createTextNode(text.slice(last, match.index)));
                target.appendChild(el("span", kind, match[0]));
                last = match.index + match[0].length;
            }
        }
        target.appendChild(document.createTextNode(text.slice(last)));
    }

    function encodePath(path) {
        return path.split("/").map(encodeURIComponent).join("/");
    }

    function crumbs(api, dir) {
        var box = document.getElementById("file-crumbs");
        box.textContent = "";
        var parts = dir ? dir.split("/") : [];
        var rootLink = el("button", null, "workspace");
        rootLink.type = "button";
        rootLink.addEventListener("click", function () { list(api, ""); });
        box.appendChild(rootLink);
        parts.forEach(function (part, i) {
            box.appendChild(document.createTextNode(" / "));
            var link = el("button", null, part);
            link.type = "button";
            link.addEventListener("click", function () { list(api, parts.slice(0, i + 1).join("/")); });
            box.appendChild(link);
        });
    }

    function list(api, dir) {
        currentDir = dir;
        return fetch(api + "/files/" + (dir ? encodePath(dir) + "/" : ""), {credentials: "same-origin"})
            .then(function (response) {
                return response.ok ? response.json() : {files: []};
            }).then(function (listing) {
                crumbs(api, dir);
                var box = document.getElementById("file-list");
                box.textContent = "";
                var files = listing.files.slice().sort(function (a, b) {
                    return (b.isDirectory - a.isDirectory) || a.name.localeCompare(b.name);
                });
                if (files.length === 0) {
                    box.appendChild(el("li", "muted", "Nothing here yet."));
                }
                files.forEach(function (file) {
                    var item = el("li");
                    var open = el("button", file.isDirectory ? "dir" : "file", file.name + (file.isDirectory ? "/" : ""));
                    open.type = "button";
                    open.dataset.path = file.path;
                    open.addEventListener("click", function () {
                        if (file.isDirectory) {
                            list(api, file.path);
                        } else {
                            show(api, file.path, file.size);
                        }
                    });
                    item.appendChild(open);
                    box.appendChild(item);
                });
            });
    }

    function show(api, path, size) {
        var title = document.getElementById("file-path");
        var content = document.getElementById("file-content");
        title.textContent = path;
        if (size > MAX_SHOWN) {
            content.textContent = "This file is " + size + " bytes; only files up to 1 MB are shown here.";
            return Promise.resolve();
        }
        return fetch(api + "/files/" + encodePath(path), {credentials: "same-origin"}).then(function (response) {
            if (!response.ok) {
                content.textContent = "The file could not be read (HTTP " + response.status + ").";
                return;
            }
            var type = response.headers.get("Content-Type") || "";
            if (!/^text\/|json|xml|javascript|yaml|x-sh/.test(type)) {
                content.textContent = "A binary file (" + type + ").";
                return;
            }
            return response.text().then(function (text) {
                highlight(content, text, path);
            });
        });
    }

    function diff(api) {
        var box = document.getElementById("diff");
        return fetch(api + "/diff", {credentials: "same-origin"}).then(function (response) {
            return response.ok ? response.text() : "";
        }).then(function (text) {
            box.textContent = "";
            if (!text) {
                box.appendChild(el("span", "muted", "No changes yet."));
                return;
            }
            text.split("\n").forEach(function (line) {
                var kind = /^(\+\+\+|---|diff |index )/.test(line) ? "meta" : line.charAt(0) === "+" ? "add"
                    : line.charAt(0) === "-" ? "del" : line.indexOf("@@") === 0 ? "hunk" : null;
                box.appendChild(el("span", kind || "", line + "\n"));
            });
        });
    }

    return {
        list: list,
        diff: diff,
        current: function () { return currentDir; }
    };
}());
