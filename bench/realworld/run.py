#!/usr/bin/env python3
"""The real-world sweep: rightfit on applications read in place from local git mirrors of
public repositories, scored against the judgements in bench/realworld/JUDGEMENTS.tsv.

For each app of the judgement file it exports the pinned commit's app directory into a
temporary directory (`git archive <commit> <path> | tar -x`), runs `rightfit check <dir> -f
json` and `rightfit report <dir> -f json`, and compares:

* findings: a reported finding (path relative to the app, line, rule) judged TP (or FN: a real
  problem an earlier binary missed) counts TP; judged FP counts FP; a judged real problem the
  binary did not report counts FN; the same finding reported more than once counts one TP (or
  FP) and FPs for the copies; an unjudged finding is printed as UNJUDGED and counted apart.
* placement: each judged workload's verdict against the report's recommendation; a workload
  judged `none` (framework code, not the user's) agrees when the report leaves it out.

Nothing it reads enters the project: the exports live in a temporary directory removed at the
end. It is a benchmark, not a CI test (CI has no mirrors). Standard library only.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import datetime
import json
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REAL_VERDICTS = {"TP", "FN"}  # a real problem at this line (FN: judged a miss when written)
WRONG_VERDICTS = {"FP"}
PLACEMENTS = {"stay", "move-to-fargate", "move-to-lambda", "split", "none"}


@dataclasses.dataclass
class App:
    name: str
    repository: str
    commit: str
    path: str
    front_ends: str


@dataclasses.dataclass
class FindingJudgement:
    app: str
    path: str
    line: int
    rule: str
    verdict: str
    why: str


@dataclasses.dataclass
class WorkloadJudgement:
    app: str
    path: str
    name: str
    verdict: str
    why: str


@dataclasses.dataclass
class Judgements:
    apps: list[App]
    findings: list[FindingJudgement]
    workloads: list[WorkloadJudgement]


def fail(message: str) -> None:
    print(f"sweep: {message}", file=sys.stderr)
    sys.exit(2)


def read_judgements(path: Path) -> Judgements:
    apps: list[App] = []
    findings: list[FindingJudgement] = []
    workloads: list[WorkloadJudgement] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        where = f"{path}:{number}"
        kind = cols[0]
        if kind == "app" and len(cols) >= 5:
            apps.append(App(cols[1], cols[2], cols[3], cols[4], cols[5] if len(cols) > 5 else ""))
        elif kind == "finding" and len(cols) >= 7:
            if cols[5] not in REAL_VERDICTS | WRONG_VERDICTS:
                fail(f"{where}: verdict must be TP, FN or FP, not {cols[5]!r}")
            findings.append(
                FindingJudgement(cols[1], cols[2], int(cols[3]), cols[4], cols[5], cols[6]))
        elif kind == "workload" and len(cols) >= 6:
            if cols[4] not in PLACEMENTS:
                fail(f"{where}: placement must be one of {sorted(PLACEMENTS)}, not {cols[4]!r}")
            workloads.append(WorkloadJudgement(cols[1], cols[2], cols[3], cols[4], cols[5]))
        else:
            fail(f"{where}: not an app, finding or workload row with enough tab-separated columns")
    names = [a.name for a in apps]
    for dup in {n for n in names if names.count(n) > 1}:
        fail(f"{path}: app {dup} is declared twice")
    known = set(names)
    for row in [*findings, *workloads]:
        if row.app not in known:
            fail(f"{path}: a judgement names app {row.app}, which no app row declares")
    return Judgements(apps, findings, workloads)


def git_dir(mirrors: Path, repository: str) -> Path | None:
    """The mirror of `owner/name` as the session's fetch tool lays it out."""
    base = mirrors / repository.replace("/", "+")
    for candidate in (base / "repo" / ".git", base / "repo", base):
        if (candidate / "HEAD").is_file() and (candidate / "objects").is_dir():
            return candidate
    return None


def export_app(git: Path, app: App, into: Path) -> tuple[Path, list[str]]:
    """Extracts `app.path` at `app.commit` under `into`; returns the app's directory and the
    files the mirror lacks.

    `git archive <commit> <path> | tar -x` when every blob is there; snapshots leave out files
    of 4 MiB and more (and LFS content), on which `git archive` stops, so then the tree is
    written blob by blob and the absent files are named (they are binaries and archives in
    practice, which rightfit does not read).
    """
    spec = [app.commit] if app.path in ("", ".") else [app.commit, "--", app.path]
    archive = subprocess.run(["git", "--git-dir", str(git), "archive", "--format=tar", *spec],
                             capture_output=True, check=False)
    if archive.returncode == 0:
        tar_path = into / "export.tar"
        tar_path.write_bytes(archive.stdout)
        with tarfile.open(tar_path) as tar:
            tar.extractall(into / "tree", filter="data")
        tar_path.unlink()
        return into / "tree" / ("" if app.path in ("", ".") else app.path), []
    return export_blob_by_blob(git, app, into / "tree")


def export_blob_by_blob(git: Path, app: App, tree: Path) -> tuple[Path, list[str]]:
    listing = subprocess.run(["git", "--git-dir", str(git), "ls-tree", "-r", "-z", app.commit,
                              *([] if app.path in ("", ".") else ["--", app.path])],
                             capture_output=True, check=False)
    if listing.returncode != 0:
        raise RuntimeError(listing.stderr.decode(errors="replace").strip())
    blobs = []
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":  # symbolic links are left out
            blobs.append((sha.decode(), name.decode(errors="replace")))
    batch = subprocess.run(["git", "--git-dir", str(git), "cat-file", "--batch"],
                           input=b"".join(f"{sha}\n".encode() for sha, _ in blobs),
                           capture_output=True, check=False)
    data, pos, absent = batch.stdout, 0, []
    root = tree.resolve()
    for sha, name in blobs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            absent.append(name)
            continue
        size = int(header[2])
        target = (tree / name).resolve()
        if root not in target.parents:
            raise RuntimeError(f"refusing to write outside the export: {name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data[pos:pos + size])
        pos += size + 1
    return tree / ("" if app.path in ("", ".") else app.path), absent


def run_json(binary: str, command: str, app_dir: Path) -> tuple[dict, str]:
    """Runs `rightfit <command> . -f json` in the app's directory; returns (document, stderr)."""
    done = subprocess.run([binary, command, ".", "-f", "json"], cwd=app_dir, capture_output=True,
                          text=True, timeout=600, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"rightfit {command} exited {done.returncode}: {done.stderr.strip()}")
    try:
        return json.loads(done.stdout or "{}"), done.stderr
    except json.JSONDecodeError as error:
        raise RuntimeError(f"rightfit {command} printed no JSON ({error})") from error


def relative(file: str, app_dir: Path) -> str:
    p = Path(file)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(app_dir.resolve())
        except ValueError:
            return file
    text = p.as_posix()
    return text[2:] if text.startswith("./") else text


@dataclasses.dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclasses.dataclass
class Outcome:
    """Every scored line of one run, kept for the table and the markdown."""
    by_rule: dict[str, Score] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(Score))
    true_positives: list[str] = dataclasses.field(default_factory=list)
    false_positives: list[str] = dataclasses.field(default_factory=list)
    misses: list[str] = dataclasses.field(default_factory=list)
    unjudged: list[str] = dataclasses.field(default_factory=list)
    agreements: list[str] = dataclasses.field(default_factory=list)
    disagreements: list[str] = dataclasses.field(default_factory=list)
    unjudged_workloads: list[str] = dataclasses.field(default_factory=list)
    duplicate_workloads: list[str] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)
    absent: list[str] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    apps_run: int = 0


def score_findings(app: App, reported: list[dict], judged: list[FindingJudgement],
                   app_dir: Path, out: Outcome) -> None:
    verdicts = {(j.path, j.line, j.rule): j for j in judged}
    seen: collections.Counter = collections.Counter()
    for f in reported:
        if f.get("suppressed"):
            continue
        key = (relative(f["location"]["file"], app_dir), int(f["location"]["line"]), f["ruleId"])
        seen[key] += 1
        label = f"{app.name}: {key[0]}:{key[1]} {key[2]}"
        j = verdicts.get(key)
        score = out.by_rule[key[2]]
        if j is None:
            out.unjudged.append(f"{label}  -- {f.get('message', '')[:160]}")
        elif seen[key] > 1:
            score.fp += 1
            out.false_positives.append(f"{label}  (reported {seen[key]} times: a duplicate)")
        elif j.verdict in REAL_VERDICTS:
            score.tp += 1
            out.true_positives.append(label)
        else:
            score.fp += 1
            out.false_positives.append(f"{label}  ({j.why})")
    for j in judged:
        if j.verdict in REAL_VERDICTS and not seen[(j.path, j.line, j.rule)]:
            out.by_rule[j.rule].fn += 1
            out.misses.append(f"{app.name}: {j.path}:{j.line} {j.rule}  ({j.why})")


def score_workloads(app: App, report: dict, judged: list[WorkloadJudgement], app_dir: Path,
                    out: Outcome) -> None:
    placed: dict[tuple[str, str], dict] = {}
    copies: collections.Counter = collections.Counter()
    for w in report.get("workloads", []):
        key = (relative(w.get("file", ""), app_dir), w.get("name", ""))
        placed.setdefault(key, w)
        copies[key] += 1
    for key, n in sorted(copies.items()):
        if n > 1:
            out.duplicate_workloads.append(f"{app.name}: {key[0]} {key[1]} listed {n} times")
    wanted = {(j.path, j.name) for j in judged}
    for j in judged:
        got = placed.get((j.path, j.name))
        have = got["recommendation"] if got else "none"
        label = f"{app.name}: {j.path} {j.name}"
        if have == j.verdict:
            out.agreements.append(f"{label}: {have}")
        else:
            why = f" -- {got.get('reason', '')[:160]}" if got else " -- not in the report"
            out.disagreements.append(
                f"{label}: judged {j.verdict}, reported {have}{why}  (judged: {j.why})")
    for key, w in placed.items():
        if key not in wanted:
            out.unjudged_workloads.append(f"{app.name}: {key[0]} {key[1]}: {w['recommendation']}")


def run_app(binary: str, mirrors: Path, app: App, judgements: Judgements, out: Outcome,
            verbose: bool) -> None:
    git = git_dir(mirrors, app.repository)
    if git is None:
        out.missing.append(f"{app.name}: no mirror of {app.repository} under {mirrors}")
        return
    with tempfile.TemporaryDirectory(prefix="rightfit-sweep-") as tmp:
        try:
            app_dir, absent = export_app(git, app, Path(tmp))
            check, check_err = run_json(binary, "check", app_dir)
            report, _ = run_json(binary, "report", app_dir)
        except (RuntimeError, OSError, subprocess.TimeoutExpired, tarfile.TarError) as error:
            out.errors.append(f"{app.name}: {error}")
            return
        if absent:
            out.absent.append(f"{app.name}: {len(absent)} files absent from the mirror "
                              f"(e.g. {absent[0]}), left out of the export")
        if verbose and check_err.strip():
            print(f"[{app.name}] stderr: {check_err.strip()[:400]}", file=sys.stderr)
        out.apps_run += 1
        score_findings(app, check.get("findings", []),
                       [j for j in judgements.findings if j.app == app.name], app_dir, out)
        score_workloads(app, report, [j for j in judgements.workloads if j.app == app.name],
                        app_dir, out)


def ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(out: Outcome) -> list[str]:
    total = Score()
    rows = ["| rule | TP | FP | FN | precision | recall |",
            "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for rule in sorted(out.by_rule):
        s = out.by_rule[rule]
        if not (s.tp or s.fp or s.fn):
            continue
        total.tp, total.fp, total.fn = total.tp + s.tp, total.fp + s.fp, total.fn + s.fn
        rows.append(f"| {rule} | {s.tp} | {s.fp} | {s.fn} | {ratio(s.precision())} "
                    f"| {ratio(s.recall())} |")
    rows.append(f"| **all** | {total.tp} | {total.fp} | {total.fn} | {ratio(total.precision())} "
                f"| {ratio(total.recall())} |")
    judged = len(out.agreements) + len(out.disagreements)
    agreement = len(out.agreements) / judged if judged else None
    rows += ["", f"Placement: {len(out.agreements)} of {judged} judged workloads agree "
                 f"(agreement {ratio(agreement)}); {len(out.unjudged_workloads)} reported "
                 f"workloads unjudged; "
                 f"{len(out.duplicate_workloads)} listed more than once.",
             f"Unjudged findings: {len(out.unjudged)}. Apps run: {out.apps_run}; "
             f"missing mirrors: {len(out.missing)}; errors: {len(out.errors)}."]
    return rows


def section(title: str, lines: list[str]) -> list[str]:
    if not lines:
        return []
    return ["", f"### {title} ({len(lines)})", "", *[f"- {line}" for line in lines]]


def markdown(out: Outcome, binary: str, judgements_path: Path, apps: int, repos: int) -> str:
    now = datetime.datetime.now(datetime.timezone.utc)
    head = [f"## Real-world sweep, {now:%Y-%m-%d %H:%M} UTC", "",
            f"`{binary}` on {apps} apps from {repos} repositories ({judgements_path.name}); "
            f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
            f"{platform.system()} {platform.release()}.", ""]
    body = table(out)
    body += section("Missing mirrors", out.missing)
    body += section("Errors", out.errors)
    body += section("Files absent from the mirrors", out.absent)
    body += section("False positives", out.false_positives)
    body += section("Misses (FN)", out.misses)
    body += section("Unjudged findings", out.unjudged)
    body += section("Placement disagreements", out.disagreements)
    body += section("Unjudged workloads", out.unjudged_workloads)
    body += section("Workloads listed more than once", out.duplicate_workloads)
    body += section("True positives", out.true_positives)
    return "\n".join(head + body) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("binary", nargs="?", help="the rightfit binary (same as --rightfit)")
    parser.add_argument("mirror_root", nargs="?", help="the mirror root (same as --mirrors)")
    parser.add_argument("--rightfit", default="build/rightfit", help="the binary (build/rightfit)")
    parser.add_argument("--mirrors", default="/work/.mirror", help="mirror root (/work/.mirror)")
    parser.add_argument("--judgements", default=str(HERE / "JUDGEMENTS.tsv"))
    parser.add_argument("--summary", default="build/realworld-sweep.md",
                        help="where to write the markdown summary")
    parser.add_argument("--app", action="append", help="run only this app (repeatable)")
    parser.add_argument("--verbose", action="store_true", help="print each app's stderr")
    args = parser.parse_args()
    # Absolute: each app runs in its own exported directory.
    args.rightfit = os.path.abspath(args.binary or args.rightfit)
    args.mirrors = args.mirror_root or args.mirrors

    if not os.access(args.rightfit, os.X_OK):
        fail(f"{args.rightfit} is not an executable rightfit binary (build it: make build-cli)")
    judgements = read_judgements(Path(args.judgements))
    apps = [a for a in judgements.apps if not args.app or a.name in args.app]
    out = Outcome()
    for app in apps:
        print(f"... {app.name} ({app.repository}@{app.commit[:10]} {app.path})", file=sys.stderr)
        run_app(args.rightfit, Path(args.mirrors), app, judgements, out, args.verbose)
    repos = len({a.repository for a in apps})
    text = markdown(out, args.rightfit, Path(args.judgements), len(apps), repos)
    summary = Path(args.summary)
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text(text, encoding="utf-8")
    print("\n".join(table(out)))
    for title, lines in (("MISSING", out.missing), ("ERROR", out.errors), ("ABSENT", out.absent),
                         ("UNJUDGED", out.unjudged), ("UNJUDGED-WORKLOAD", out.unjudged_workloads)):
        for line in lines:
            print(f"{title} {line}")
    if out.missing:
        print("Fetch the missing mirrors with the session's `fetch` tool (github:<owner>/<name>); "
              "see bench/realworld/README.md.", file=sys.stderr)
    print(f"summary: {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
