/*
 * A session's page: the conversation as it happens, the workspace's files and its changes. Everything comes from
 * the public sessions API, called with the browser's sign-in and the page's CSRF token. The conversation is the
 * session's event log replayed from its start and then followed live (GET …/events); after a dropped connection
 * the browser reconnects with Last-Event-ID, so nothing is lost or shown twice. Text from the agent is only ever
 * set as text, never as HTML.
 */
(function () {
    "use strict";
    var root = document.getElementById("session-view");
    if (!root) {
        return;
    }
    var api = root.dataset.api;
    var csrf = document.querySelector("meta[name=csrf-token]").content;
    var pendingFirst = root.dataset.firstMessage || null;
    var conversation = document.getElementById("conversation");
    var messageBox = document.getElementById("message");
    var busyText = document.getElementById("busy");
    var status = root.dataset.status;
    var draft = null;          // the agent's text being streamed, if any
    var tools = {};            // tool cards by toolId
    var sending = false;
    var source = null;

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text !== undefined && text !== null) {
            node.textContent = text;
        }
        return node;
    }

    function append(node) {
        var atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 80;
        conversation.appendChild(node);
        if (atBottom) {
            node.scrollIntoView({block: "end"});
        }
        return node;
    }

    function call(method, path, body) {
        var headers = {"X-CSRF-Token": csrf};
        if (body !== undefined) {
            headers["Content-Type"] = "application/json";
        }
        return fetch(api + path, {method: method, headers: headers, credentials: "same-origin",
            body: body === undefined ? undefined : JSON.stringify(body)});
    }

    function failure(response) {
        return response.json().then(function (body) {
            return body && body.error ? body.error : {message: "HTTP " + response.status};
        }, function () {
            return {message: "HTTP " + response.status};
        });
    }

    function showError(code, message) {
        finishDraft();
        append(el("div", "msg msg-error", (code ? code + ": " : "") + message));
    }

    /* Status, and what may be done in it. */
    var BUSY = {
        starting: "The sandbox is starting; you can send once it is ready.",
        running: "The agent is working. Wait for it to finish, or press Stop.",
        error: "This session failed; start a new one.",
        terminated: "This session has ended."
    };

    function setStatus(next) {
        status = next;
        var badge = document.getElementById("session-status");
        badge.className = "status status-" + next;
        badge.textContent = next;
        var blocked = sending || BUSY.hasOwnProperty(next);
        messageBox.disabled = blocked;
        document.getElementById("send").disabled = blocked;
        document.getElementById("stop").disabled = next !== "running";
        document.getElementById("pause").hidden = next !== "idle";
        document.getElementById("resume").hidden = next !== "paused";
        document.getElementById("delete").hidden = next === "terminated";
        busyText.textContent = sending ? "Sending…" : (BUSY[next] || (next === "paused"
            ? "Paused: your next message resumes it." : ""));
        if (next === "idle" && pendingFirst) {
            var first = pendingFirst;
            pendingFirst = null;
            send(first);
        }
    }

    /* The events of the session, in the contract's shape: {type, data, timestamp}. */
    function handle(event) {
        var data = event.data || {};
        switch (event.type) {
            case "session.created":
                setStatus("starting");
                break;
            case "session.starting":
                setStatus("starting");
                break;
            case "session.progress":
                append(el("div", "progress-line", data.message));
                break;
            case "session.ready":
                append(el("div", "progress-line", "Ready."));
                setStatus("idle");
                break;
            case "session.running":
                setStatus("running");
                break;
            case "message.user":
                draft = null;
                append(el("div", "msg msg-user", data.content));
                break;
            case "message.assistant":
                assistant(data.content || "", data.isPartial === true);
                break;
            case "message.tool":
                tool(data);
                break;
            case "message.complete":
                finishDraft();
                break;
            case "session.idle":
                finishDraft();
                setStatus("idle");
                refreshOpenTab();
                break;
            case "session.paused":
                append(el("div", "progress-line", "Paused."));
                setStatus("paused");
                break;
            case "session.error":
                showError(null, data.message);
                setStatus("error");
                break;
            case "error":
                showError(data.code, data.message);
                break;
            case "pull_request.opened":
                append(el("div", "progress-line", "Pull request #" + data.number + " opened: " + data.url));
                break;
            case "stream.resync":
                append(el("div", "progress-line", "Older events are no longer kept; the saved history follows."));
                history();
                break;
            case "session.terminated":
                setStatus("terminated");
                source.close();
                break;
            default:
                break; // unknown types are for newer pages
        }
    }

    function assistant(text, partial) {
        if (!draft) {
            draft = append(el("div", "msg msg-assistant", ""));
        }
        if (partial) {
            draft.classList.add("streaming");
            draft.textContent += text;
        } else {
            draft.textContent = text;
            draft.classList.remove("streaming");
            draft = null;
        }
    }

    function finishDraft() {
        if (draft) {
            draft.classList.remove("streaming");
            draft = null;
        }
    }

    function tool(data) {
        var card = tools[data.toolId];
        if (!card) {
            finishDraft();
            card = el("details", "tool tool-calling");
            card.dataset.toolId = data.toolId;
            var summary = el("summary");
            summary.appendChild(el("span", "tool-name", data.toolName));
            summary.appendChild(el("span", "tool-state", "running…"));
            card.appendChild(summary);
            var input = el("div", "tool-section");
            input.appendChild(el("h4", null, "Input"));
            input.appendChild(el("pre", "tool-input", pretty(data.input)));
            card.appendChild(input);
            tools[data.toolId] = append(card);
        }
        if (data.status === "result") {
            var output = el("div", "tool-section");
            output.appendChild(el("h4", null, "Output"));
            output.appendChild(el("pre", "tool-output", data.result || ""));
            card.appendChild(output);
            card.className = "tool " + (data.isError ? "tool-failed" : "tool-done");
            card.querySelector(".tool-state").textContent = data.isError ? "failed" : "done";
        }
    }

    function pretty(json) {
        try {
            return JSON.stringify(JSON.parse(json), null, 2);
        } catch (e) {
            return json || "";
        }
    }

    /* When the log no longer holds the start: the persisted conversation instead. */
    function history() {
        fetch(api + "/messages?limit=200", {credentials: "same-origin"}).then(function (response) {
            return response.ok ? response.json() : {messages: []};
        }).then(function (page) {
            page.messages.forEach(function (message) {
                if (message.role === "user") {
                    append(el("div", "msg msg-user", message.content));
                    return;
                }
                (message.tools || []).forEach(function (call) {
                    tool({toolId: call.toolId, toolName: call.toolName, input: call.input, status: "calling"});
                    if (call.result !== undefined) {
                        tool({toolId: call.toolId, status: "result", result: call.result, isError: call.status === "error"});
                    }
                });
                if (message.content) {
                    append(el("div", "msg msg-assistant", message.content));
                }
            });
        });
    }

    function connect() {
        source = new EventSource(api + "/events?after=0");
        source.onmessage = function (message) {
            document.getElementById("connection").hidden = true;
            handle(JSON.parse(message.data));
        };
        source.onopen = function () {
            document.getElementById("connection").hidden = true;
        };
        source.onerror = function () {
            var notice = document.getElementById("connection");
            notice.hidden = status === "terminated";
            notice.textContent = source.readyState === EventSource.CLOSED
                ? "Disconnected. Reload the page to see the session again."
                : "Connection lost; reconnecting…";
        };
    }

    /* A turn: the answer of POST …/messages is the turn's own stream; the page follows the session's stream
       instead, so it only needs to know that the turn started. */
    function send(text) {
        sending = true;
        setStatus(status);
        return call("POST", "/messages", {content: text}).then(function (response) {
            sending = false;
            if (!response.ok) {
                return failure(response).then(function (error) {
                    showError(error.code, error.message);
                    setStatus(status);
                    return false;
                });
            }
            if (response.body) {
                response.body.cancel().catch(function () { /* already closed */ });
            }
            setStatus(status === "idle" || status === "paused" ? "running" : status);
            return true;
        }, function () {
            sending = false;
            showError(null, "The message could not be sent; check the connection and try again.");
            setStatus(status);
            return false;
        });
    }

    document.getElementById("composer").addEventListener("submit", function (e) {
        e.preventDefault();
        var text = messageBox.value.trim();
        if (!text || messageBox.disabled) {
            return;
        }
        send(text).then(function (started) {
            if (started) {
                messageBox.value = "";
            }
        });
    });
    messageBox.addEventListener("keydown", function (e) {
        if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            document.getElementById("composer").requestSubmit();
        }
    });

    function action(id, method, path, after) {
        document.getElementById(id).addEventListener("click", function () {
            if (id === "delete" && !window.confirm("Delete this session? Its sandbox, files and snapshot are removed.")) {
                return;
            }
            var button = this;
            button.disabled = true;
            call(method, path).then(function (response) {
                button.disabled = false;
                if (!response.ok) {
                    return failure(response).then(function (error) {
                        showError(error.code, error.message);
                    });
                }
                if (after) {
                    after();
                }
            });
        });
    }

    action("stop", "POST", "/abort");
    action("pause", "POST", "/pause");
    action("resume", "POST", "/resume");
    action("delete", "DELETE", "", function () {
        window.location.href = root.dataset.list;
    });

    /* Tabs. */
    var tabs = Array.prototype.slice.call(document.querySelectorAll(".tab"));
    tabs.forEach(function (tab) {
        tab.addEventListener("click", function () {
            tabs.forEach(function (other) {
                other.classList.toggle("active", other === tab);
                document.getElementById(other.dataset.panel).hidden = other !== tab;
            });
            refreshOpenTab();
        });
    });

    function refreshOpenTab() {
        if (!document.getElementById("panel-files").hidden) {
            window.TabbiFiles.list(api, window.TabbiFiles.current());
        } else if (!document.getElementById("panel-changes").hidden) {
            window.TabbiFiles.diff(api);
        }
    }

    setStatus(status);
    connect();
}());
