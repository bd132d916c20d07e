#!/usr/bin/env python3
"""A stand-in for GitHub's issue-comment and GitLab's merge-request-note APIs on 127.0.0.1,
for tests/pull_request_comment_test.cpp.

Each conversation (GitHub: /repos/O/R/issues/N/comments, GitLab:
/api/v4/projects/P/merge_requests/N/notes) starts with --seed unrelated comments, and lists
--page-size of them per page: GitHub's pages are linked by `Link: <...>; rel="next"`, GitLab's
by `x-next-page` (each host's documented way). Calls without the token --token are refused
(401). Every call is appended to --record (JSON list: method, path, query, body); the port goes
to --port-file; the stub stops by itself after --lifetime seconds.
"""
import argparse
import http.server
import json
import re
import threading
import urllib.parse

import loopback_server

GITHUB_LIST = re.compile(r"^/repos/[^/]+/[^/]+/issues/(\d+)/comments$")
GITHUB_ONE = re.compile(r"^/repos/[^/]+/[^/]+/issues/comments/(\d+)$")
GITLAB_LIST = re.compile(r"^/api/v4/projects/[^/]+/merge_requests/(\d+)/notes$")
GITLAB_ONE = re.compile(r"^/api/v4/projects/[^/]+/merge_requests/(\d+)/notes/(\d+)$")


class State:
    def __init__(self, seed, page_size, token, record):
        self.seed = seed
        self.page_size = page_size
        self.token = token
        self.record = record
        self.comments = {}  # conversation path -> [{"id", "body"}]
        self.next_id = 1000
        self.calls = []
        self.lock = threading.Lock()

    def conversation(self, path):
        if path not in self.comments:
            self.comments[path] = [{"id": self.new_id(), "body": f"unrelated comment {i}"}
                                   for i in range(self.seed)]
        return self.comments[path]

    def new_id(self):
        self.next_id += 1
        return self.next_id


def make_handler(state):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def authorized(self):
            github = self.headers.get("Authorization") == f"Bearer {state.token}"
            gitlab = self.headers.get("PRIVATE-TOKEN") == state.token
            return github or gitlab

        def answer(self, status, payload, headers=None):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self, method):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            with state.lock:
                state.calls.append({"method": method, "path": url.path, "query": url.query,
                                    "body": body})
                with open(state.record, "w", encoding="utf-8") as f:
                    json.dump(state.calls, f)
                if not self.authorized():
                    return self.answer(401, {"message": "Bad credentials"})
                return self.route(method, url, body)

        def route(self, method, url, body):
            path = url.path
            if GITHUB_LIST.match(path) or GITLAB_LIST.match(path):
                items = state.conversation(path)
                if method == "GET":
                    return self.list_page(url, items, bool(GITLAB_LIST.match(path)))
                if method == "POST":
                    item = {"id": state.new_id(), "body": body["body"]}
                    items.append(item)
                    return self.answer(201, item)
            one = GITHUB_ONE.match(path) or GITLAB_ONE.match(path)
            if one and method in ("PATCH", "PUT"):
                wanted = int(one.groups()[-1])
                for items in state.comments.values():
                    for item in items:
                        if item["id"] == wanted:
                            item["body"] = body["body"]
                            return self.answer(200, item)
                return self.answer(404, {"message": "Not Found"})
            return self.answer(404, {"message": "Not Found"})

        def list_page(self, url, items, gitlab):
            query = urllib.parse.parse_qs(url.query)
            page = int(query.get("page", ["1"])[0])
            start = (page - 1) * state.page_size
            headers = {}
            if start + state.page_size < len(items):
                if gitlab:
                    headers["x-next-page"] = str(page + 1)
                else:
                    query["page"] = [str(page + 1)]
                    host = f"http://127.0.0.1:{self.server.server_address[1]}"
                    next_url = f"{host}{url.path}?{urllib.parse.urlencode(query, doseq=True)}"
                    headers["Link"] = f'<{next_url}>; rel="next"'
            return self.answer(200, items[start:start + state.page_size], headers)

        def do_GET(self):
            self.handle_any("GET")

        def do_POST(self):
            self.handle_any("POST")

        def do_PATCH(self):
            self.handle_any("PATCH")

        def do_PUT(self):
            self.handle_any("PUT")

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--page-size", type=int, default=2)
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--lifetime", type=float, default=120)
    args = parser.parse_args()
    state = State(args.seed, args.page_size, args.token, args.record)
    loopback_server.serve(make_handler(state), args.port_file, args.lifetime,
                          http.server.ThreadingHTTPServer)


if __name__ == "__main__":
    main()
