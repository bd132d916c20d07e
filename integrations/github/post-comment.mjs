#!/usr/bin/env node
// Posts a pull request's (GitHub) or merge request's (GitLab) rightfit comment, once: the
// comment carrying the hidden marker `<!-- rightfit-report -->` is looked up (every page of the
// list) and updated when found, created otherwise, so each push edits the same comment.
//
//   node post-comment.mjs --github --repository OWNER/REPO --number PR --body-file report.md
//   node post-comment.mjs --gitlab --project ID_OR_PATH --number MR_IID --body-file report.md
//
// The API base comes from GITHUB_API_URL / CI_API_V4_URL (a stub can stand in), the token from
// GITHUB_TOKEN / GITLAB_TOKEN; the token is sent only to the base URL's origin, never printed.
// Endpoints (read 2026-12-07):
//   GitHub REST "Issue comments" (docs.github.com/en/rest/issues/comments): GET and POST
//   /repos/{owner}/{repo}/issues/{n}/comments, PATCH /repos/{owner}/{repo}/issues/comments/{id};
//   pages follow the `Link: <...>; rel="next"` header (docs.github.com/en/rest/using-the-rest-api/
//   using-pagination-in-the-rest-api).
//   GitLab "Notes API" (docs.gitlab.com/api/notes/): GET and POST
//   /projects/:id/merge_requests/:iid/notes, PUT /projects/:id/merge_requests/:iid/notes/:note_id
//   (:id a number or a URL-encoded path); pages follow `Link` rel="next", else `x-next-page`
//   (gitlab.com/gitlab-org/gitlab/-/merge_requests/196834).
// Node 20's fetch: no dependency to install in CI.
import { readFileSync } from "node:fs";

const MARKER = "<!-- rightfit-report -->";
const MAX_PAGES = 100;  // 10,000 comments: past that, something is wrong with the list

function usage(message) {
  process.stderr.write(`post-comment: ${message}\n` +
    "usage: post-comment.mjs (--github --repository OWNER/REPO | --gitlab --project ID) " +
    "--number N --body-file FILE\n");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; ++i) {
    const arg = argv[i];
    if (arg === "--github" || arg === "--gitlab") {
      opts.host = arg.slice(2);
    } else if (["--repository", "--project", "--number", "--body-file"].includes(arg)) {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      opts[arg.slice(2)] = argv[++i];
    } else {
      usage(`unknown argument ${arg}`);
    }
  }
  return opts;
}

// What differs between the two hosts: where things are, how to authenticate, what a page is.
function github(opts, env) {
  const base = (env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const repository = opts.repository || env.GITHUB_REPOSITORY;
  if (!repository || !/^[^/]+\/[^/]+$/.test(repository)) usage("--repository OWNER/REPO is needed");
  if (!env.GITHUB_TOKEN) usage("GITHUB_TOKEN is not set");
  const repo = repository.split("/").map(encodeURIComponent).join("/");
  const number = encodeURIComponent(opts.number);
  return {
    base,
    headers: { Authorization: `Bearer ${env.GITHUB_TOKEN}`, Accept: "application/vnd.github+json",
               "X-GitHub-Api-Version": "2022-11-28" },
    list: `${base}/repos/${repo}/issues/${number}/comments?per_page=100`,
    create: { method: "POST", url: `${base}/repos/${repo}/issues/${number}/comments` },
    update: (id) => ({ method: "PATCH", url: `${base}/repos/${repo}/issues/comments/${id}` }),
  };
}

function gitlab(opts, env) {
  const base = (env.CI_API_V4_URL || "https://gitlab.com/api/v4").replace(/\/+$/, "");
  const project = opts.project || env.CI_PROJECT_ID;
  if (!project) usage("--project ID is needed");
  if (!env.GITLAB_TOKEN) usage("GITLAB_TOKEN is not set");
  const notes = `${base}/projects/${encodeURIComponent(project)}/merge_requests/` +
                `${encodeURIComponent(opts.number)}/notes`;
  return {
    base,
    headers: { "PRIVATE-TOKEN": env.GITLAB_TOKEN },
    list: `${notes}?per_page=100&sort=asc&order_by=created_at`,
    create: { method: "POST", url: notes },
    update: (id) => ({ method: "PUT", url: `${notes}/${id}` }),
  };
}

// The next page's URL from a `Link` header (or GitLab's `x-next-page`), only on the API's own
// origin: the token never goes anywhere else.
function nextPage(response, current, api) {
  const link = response.headers.get("link") || "";
  const next = link.split(",").map((part) => part.match(/<([^>]+)>\s*;\s*rel="?next"?/))
    .find(Boolean);
  let url = null;
  if (next) {
    url = new URL(next[1], current);
  } else if (response.headers.get("x-next-page")) {
    url = new URL(current);
    url.searchParams.set("page", response.headers.get("x-next-page"));
  }
  if (url && url.origin !== new URL(api.base).origin) {
    throw new Error(`the next page is on another host (${url.origin}); not following it`);
  }
  return url ? url.toString() : null;
}

async function call(api, method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { ...api.headers, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    const text = (await response.text()).slice(0, 300);
    throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}: ${text}`);
  }
  return response;
}

async function findMarked(api) {
  let url = api.list;
  for (let page = 0; url && page < MAX_PAGES; ++page) {
    const response = await call(api, "GET", url);
    const items = await response.json();
    if (!Array.isArray(items)) throw new Error(`GET ${new URL(url).pathname}: not a list`);
    const found = items.find((c) => typeof c.body === "string" && c.body.includes(MARKER));
    if (found) return found.id;
    url = nextPage(response, url, api);
  }
  return null;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.host) usage("--github or --gitlab is needed");
  if (!opts.number || !/^[0-9]+$/.test(opts.number)) usage("--number N is needed");
  if (!opts["body-file"]) usage("--body-file FILE is needed");
  let body;
  try {
    body = readFileSync(opts["body-file"], "utf8");
  } catch (e) {
    usage(`${opts["body-file"]}: ${e.code || e.message}`);
  }
  if (!body.includes(MARKER)) body = `${MARKER}\n${body}`;
  const api = opts.host === "github" ? github(opts, process.env) : gitlab(opts, process.env);
  const id = await findMarked(api);
  const target = id === null ? api.create : api.update(encodeURIComponent(id));
  const response = await call(api, target.method, target.url, { body });
  const posted = await response.json();
  process.stdout.write(`post-comment: ${id === null ? "created" : "updated"} comment ${posted.id}\n`);
}

main().catch((e) => {
  process.stderr.write(`post-comment: ${e.message}\n`);
  process.exit(1);
});
