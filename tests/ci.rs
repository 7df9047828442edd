//! The command line as CI runs it: exit codes, selection, config discovery, file
//! walking, suppressions and `--diff-base`, each in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_claimcheck");

fn acceptance(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance").join(name)
}

fn seed_draft() -> String {
    std::fs::read_to_string(acceptance("seed-draft.md")).unwrap()
}

/// A temporary project: the seed reference as `facts.csv` and a config naming it.
fn project() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(acceptance("seed-reference.csv"), dir.path().join("facts.csv")).unwrap();
    write(dir.path(), "claimcheck.toml", "references = [{ path = \"facts.csv\" }]\n");
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(dir).output().unwrap()
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const CLEAN: &str = "# Notes\n\nNothing here is a number worth checking.\n";

#[test]
fn exit_codes() {
    let p = project();
    write(p.path(), "clean.md", CLEAN);
    write(p.path(), "seed.md", &seed_draft());
    assert_eq!(code(&run(p.path(), &["check", "clean.md"])), 0);
    assert_eq!(code(&run(p.path(), &["check", "seed.md"])), 1);
    let missing = run(p.path(), &["check", "missing.md"]);
    assert_eq!(code(&missing), 2);
    assert!(stderr(&missing).contains("missing.md: no such file"), "{}", stderr(&missing));
    let bad = run(p.path(), &["check", "--fail-on", "fatal", "seed.md"]);
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("--fail-on"));
    assert_eq!(code(&run(p.path(), &["check", "--exit-zero", "seed.md"])), 0);
    assert_eq!(code(&run(p.path(), &["check", "--fail-on", "never", "seed.md"])), 0);
    // The seed's contradictions are all errors.
    assert_eq!(code(&run(p.path(), &["check", "--fail-on", "error", "seed.md"])), 1);
}

#[test]
fn bad_config_is_located() {
    let p = project();
    write(p.path(), "claimcheck.toml", "references = [{ path = \"facts.csv\" }]\nfial-on = \"error\"\n");
    write(p.path(), "clean.md", CLEAN);
    let out = run(p.path(), &["check", "clean.md"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("claimcheck.toml:2:1: unknown field `fial-on`"), "{}", stderr(&out));
    write(p.path(), "claimcheck.toml", "select = [\"CC101\", \"CC999\"]\n");
    let out = run(p.path(), &["check", "clean.md"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("claimcheck.toml:1:20:"), "{}", stderr(&out));
    // Nothing was checked, so nothing was printed.
    assert!(stdout(&out).is_empty());
}

#[test]
fn select_and_ignore_change_the_status() {
    let p = project();
    write(p.path(), "seed.md", &seed_draft());
    // Everything the seed gets wrong is CC1xx or CC201.
    assert_eq!(code(&run(p.path(), &["check", "--ignore", "CC1,CC201", "seed.md"])), 0);
    assert_eq!(code(&run(p.path(), &["check", "--select", "date", "seed.md"])), 1);
    assert_eq!(code(&run(p.path(), &["check", "--select", "CC202", "--select", "CC203", "seed.md"])), 0);
    // CC301 is off unless selected; the seed has unverifiable claims.
    assert_eq!(code(&run(p.path(), &["check", "--select", "CC202", "--extend-select", "CC301", "seed.md"])), 1);
    let bad = run(p.path(), &["check", "--select", "CC7", "seed.md"]);
    assert_eq!(code(&bad), 2);
    // The claim formats keep every claim whatever is selected.
    let all = stdout(&run(p.path(), &["check", "--format", "jsonl", "seed.md"])).lines().count();
    let some = stdout(&run(p.path(), &["check", "--format", "jsonl", "--select", "CC104", "seed.md"])).lines().count();
    assert_eq!(all, some);
    assert!(all >= 5);
    // Config selection applies, and the command line wins over it.
    write(p.path(), "claimcheck.toml", "references = [{ path = \"facts.csv\" }]\nignore = [\"CC1\", \"CC2\"]\n");
    assert_eq!(code(&run(p.path(), &["check", "seed.md"])), 0);
    assert_eq!(code(&run(p.path(), &["check", "--select", "CC104", "seed.md"])), 1);
}

#[test]
fn nearest_config_wins_and_overrides_match_globs() {
    let p = project();
    // The root config fails on anything; drafts/ has its own that never fails,
    // and news/ matches an override of the root config that never fails.
    write(
        p.path(),
        "claimcheck.toml",
        "references = [{ path = \"facts.csv\" }]\n[[overrides]]\nfiles = [\"news/**/*.md\"]\nfail-on = \"never\"\n",
    );
    write(p.path(), "drafts/claimcheck.toml", "references = [{ path = \"../facts.csv\" }]\nfail-on = \"never\"\n");
    write(p.path(), "seed.md", &seed_draft());
    write(p.path(), "drafts/seed.md", &seed_draft());
    write(p.path(), "news/2025/seed.md", &seed_draft());
    assert_eq!(code(&run(p.path(), &["check", "seed.md"])), 1);
    assert_eq!(code(&run(p.path(), &["check", "drafts/seed.md"])), 0);
    assert_eq!(code(&run(p.path(), &["check", "news"])), 0);
    // From inside drafts/ the same file gets the same config.
    assert_eq!(code(&run(&p.path().join("drafts"), &["check", "seed.md"])), 0);
    // --config applies one file everywhere; --isolated none (so the built-in
    // reference: the seed's CC201 contradiction still fails).
    assert_eq!(code(&run(p.path(), &["check", "--config", "claimcheck.toml", "drafts/seed.md"])), 1);
    assert_eq!(code(&run(p.path(), &["check", "--isolated", "drafts/seed.md"])), 1);
    // The effective settings say where they come from.
    let shown = stdout(&run(p.path(), &["config", "news/2025/seed.md"]));
    assert!(shown.contains("fail-on = \"never\""), "{shown}");
    assert!(shown.contains("# config file: claimcheck.toml"), "{shown}");
    let shown = stdout(&run(p.path(), &["config", "--fail-on", "error", "drafts/seed.md"]));
    assert!(shown.contains("fail-on = \"error\"") && shown.contains("drafts/claimcheck.toml"), "{shown}");
}

#[test]
fn config_date_and_tolerance() {
    let p = project();
    // No front matter date: the config's date stands in. The shown settings echo both.
    write(
        p.path(),
        "claimcheck.toml",
        "references = [{ path = \"facts.csv\" }]\ndate = 2025-12-16\ntolerance = \"2%\"\n",
    );
    let shown = stdout(&run(p.path(), &["config"]));
    assert!(shown.contains("date = \"2025-12-16\"") && shown.contains("tolerance = \"2%\""), "{shown}");
    let bad = run(p.path(), &["check", "--tolerance", "2", "x.md"]);
    assert_eq!(code(&bad), 2);
}

#[test]
fn files_lists_what_check_reads() {
    let p = tempfile::tempdir().unwrap();
    let d = p.path();
    write(d, ".gitignore", "build/\n*.draft.md\n");
    write(d, "a.md", "a");
    write(d, "b.html", "b");
    write(d, "c.csv", "c");
    write(d, "notes.txt", "n");
    write(d, "x.draft.md", "x");
    write(d, "build/out.md", "o");
    write(d, ".hidden/h.md", "h");
    write(d, "sub/z.mdx", "z");
    write(d, "sub/old/y.md", "y");
    let listed = stdout(&run(d, &["files"]));
    assert_eq!(listed, "a.md\nb.html\nnotes.txt\nsub/old/y.md\nsub/z.mdx\n");
    // Explicit files are read whatever their extension or ignore status.
    let listed = stdout(&run(d, &["files", "c.csv", "x.draft.md", "sub"]));
    assert_eq!(listed, "c.csv\nx.draft.md\nsub/old/y.md\nsub/z.mdx\n");
    let listed = stdout(&run(d, &["files", "--exclude", "old", "--exclude", "*.txt", "."]));
    assert_eq!(listed, "./a.md\n./b.html\n./sub/z.mdx\n");
    let missing = run(d, &["files", "nope"]);
    assert_eq!(code(&missing), 2);
}

#[test]
fn suppressions_silence_findings_and_unused_ones_fail() {
    let p = project();
    let draft = seed_draft();
    // Only the date finding (line "since March 2021") selected: a next-line
    // comment above that line silences it.
    let next_line = draft.replace(
        "bombardment. Moscow has controlled",
        "<!-- claimcheck-disable-next-line CC104 -- checked with the desk -->\nbombardment. Moscow has controlled",
    );
    write(p.path(), "next.md", &next_line);
    assert_eq!(code(&run(p.path(), &["check", "--select", "CC104,CC901", "next.md"])), 0);
    // A block around the whole body silences everything.
    let block = draft.replacen("# Air raids", "<!-- claimcheck-disable -->\n# Air raids", 1);
    write(p.path(), "block.md", &format!("{block}\n<!-- claimcheck-enable -->\n"));
    let out = run(p.path(), &["check", "block.md"]);
    // The headline's "32" sits above the block and is the other side of CC201,
    // which is reported on the body's "28": covered, so the run is clean.
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // Suppressed claims are still records in the claim formats.
    let records = stdout(&run(p.path(), &["check", "--format", "jsonl", "block.md"]));
    assert!(records.contains("\"verdict\":\"inconsistent\""));
    // A comment that silences nothing is CC901 (a warning), failing by default.
    write(p.path(), "unused.md", &format!("<!-- claimcheck-disable-next-line CC102 -->\n{CLEAN}"));
    let out = run(p.path(), &["check", "unused.md"]);
    assert_eq!(code(&out), 1);
    assert!(stdout(&out).contains("warning[CC901]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("unused.md:1:1"), "{}", stdout(&out));
    let concise = stdout(&run(p.path(), &["check", "--format", "concise", "unused.md"]));
    assert!(concise.contains("unused.md:1:1: CC901"), "{concise}");
    assert_eq!(code(&run(p.path(), &["check", "--fail-on", "error", "unused.md"])), 0);
    assert_eq!(code(&run(p.path(), &["check", "--ignore", "CC901", "unused.md"])), 0);
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn diff_base_reports_changed_lines_only() {
    let p = project();
    let d = p.path();
    git(d, &["init", "-q"]);
    git(d, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    // On main the date is right; everything else in the seed is already wrong.
    let draft = seed_draft();
    write(d, "drafts/a.md", &draft.replace("since March 2021", "since March 2022"));
    git(d, &["add", "-A"]);
    git(d, &["commit", "-q", "-m", "base"]);
    git(d, &["checkout", "-q", "-b", "feature"]);
    write(d, "drafts/a.md", &draft);
    git(d, &["commit", "-q", "-a", "-m", "change the date"]);
    // Without --diff-base every old finding fails the run.
    assert_eq!(code(&run(d, &["check", "--select", "CC1,CC201", "drafts"])), 1);
    let out = run(d, &["check", "--format", "human", "--diff-base", "main", "drafts"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(text.contains("error[CC104]"), "{text}");
    assert_eq!(text.matches("error[").count(), 1, "{text}");
    // Reverting the change leaves nothing to report.
    write(d, "drafts/a.md", &draft.replace("since March 2021", "since March 2022"));
    assert_eq!(code(&run(d, &["check", "--diff-base", "main", "drafts"])), 0);
    // An untracked file is new: all of it counts.
    write(d, "drafts/new.md", &draft);
    assert_eq!(code(&run(d, &["check", "--diff-base", "main", "drafts/new.md"])), 1);
    // A bad revision is an error, not an empty report.
    let out = run(d, &["check", "--diff-base", "no-such-branch", "drafts"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no-such-branch"), "{}", stderr(&out));
}
