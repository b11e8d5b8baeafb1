//! A planned build (`corpusmill plan` + `corpusmill stage`), its tasks run as separate
//! processes the way a cluster runs them, against `corpusmill build` of the same inputs.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{bin, run, run_ok, snapshot, tempdir};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

const SETTINGS: [&str; 2] = ["--split", "0.6,0.2,0.2"];
const STAGES: [&str; 8] = [
    "scan", "mark", "count", "sign", "near", "dedup", "write", "finalize",
];

fn build(out: &Path, flags: &[&str]) {
    build_from(&fixtures(), out, flags);
}

fn build_from(input: &Path, out: &Path, flags: &[&str]) {
    let mut cmd = bin();
    cmd.arg("build").arg(input).arg("--out").arg(out);
    run_ok(cmd.args(["--quiet"]).args(SETTINGS).args(flags));
}

/// A folder `corpus` in `dir` holding `files` (name, content).
fn corpus_of(dir: &Path, files: &[(&str, &[u8])]) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for (name, bytes) in files {
        std::fs::write(corpus.join(name), bytes).unwrap_or_else(|e| panic!("write {name}: {e}"));
    }
    corpus
}

fn plan(out: &Path, work: &Path, tasks: usize, flags: &[&str]) -> Output {
    plan_from(&fixtures(), out, work, tasks, flags)
}

fn plan_from(input: &Path, out: &Path, work: &Path, tasks: usize, flags: &[&str]) -> Output {
    let mut cmd = bin();
    cmd.arg("plan").arg(input).arg("--out").arg(out);
    cmd.arg("--work")
        .arg(work)
        .arg("--tasks")
        .arg(tasks.to_string());
    run(cmd.args(SETTINGS).args(flags))
}

fn stage(work: &Path, name: &str, rank: Option<usize>) -> Output {
    let mut cmd = bin();
    cmd.args(["stage", name, "--quiet", "--threads", "2", "--work"])
        .arg(work);
    if let Some(rank) = rank {
        cmd.arg("--rank").arg(rank.to_string());
    }
    // The scheduler variables of the machine running the tests must not pick the rank.
    for var in ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "RANK"] {
        cmd.env_remove(var);
    }
    run(&mut cmd)
}

fn tasks_of(stage: &str, tasks: usize) -> usize {
    match stage {
        "scan" | "mark" | "count" | "sign" | "near" | "dedup" | "write" => tasks,
        _ => 1,
    }
}

/// Plans and runs every task of every stage, each as its own process, in reverse rank order
/// (no task may rely on running after a lower rank of its stage).
fn planned_build(out: &Path, work: &Path, tasks: usize, flags: &[&str]) {
    planned_build_from(&fixtures(), out, work, tasks, flags);
}

fn planned_build_from(input: &Path, out: &Path, work: &Path, tasks: usize, flags: &[&str]) {
    let planned = plan_from(input, out, work, tasks, flags);
    assert!(planned.status.success(), "{}", stderr(&planned));
    for name in STAGES {
        for rank in (0..tasks_of(name, tasks)).rev() {
            let ran = stage(work, name, Some(rank));
            assert!(ran.status.success(), "{name} {rank}: {}", stderr(&ran));
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn planned_builds_are_byte_identical_to_build_for_any_task_count() {
    let tmp = tempdir();
    let whole = tmp.path().join("whole");
    build(&whole, &[]);
    for tasks in [1, 2, 3, 7] {
        let out = tmp.path().join(format!("planned-{tasks}"));
        planned_build(&out, &tmp.path().join(format!("work-{tasks}")), tasks, &[]);
        assert!(snapshot(&out) == snapshot(&whole), "{tasks} tasks");
    }
}

#[test]
fn planned_builds_match_build_without_furniture_removal_and_with_tagged_near_dups() {
    let tmp = tempdir();
    for flags in [
        &["--no-boilerplate"][..],
        &["--tag-near-dups", "--min-chars", "40"],
    ] {
        let whole = tmp.path().join("whole");
        build(&whole, flags);
        let out = tmp.path().join("planned");
        planned_build(&out, &tmp.path().join("work"), 3, flags);
        assert!(snapshot(&out) == snapshot(&whole), "{flags:?}");
        for dir in [&whole, &out, &tmp.path().join("work")] {
            std::fs::remove_dir_all(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        }
    }
}

#[test]
fn a_stage_whose_predecessors_are_not_done_exits_2_and_names_them() {
    let tmp = tempdir();
    let work = tmp.path().join("work");
    let planned = plan(&tmp.path().join("out"), &work, 3, &[]);
    assert!(planned.status.success(), "{}", stderr(&planned));
    assert!(stage(&work, "scan", Some(1)).status.success());
    let early = stage(&work, "sign", Some(0));
    assert_eq!(early.status.code(), Some(2), "{}", stderr(&early));
    let said = stderr(&early);
    assert!(
        said.contains("scan 0, scan 2, mark 0, mark 1, mark 2, count 0, count 1, count 2"),
        "{said}"
    );
    assert!(!work.join("done/sign-0.json").exists());
}

#[test]
fn a_rank_outside_the_stage_or_an_unknown_stage_is_a_usage_error() {
    let tmp = tempdir();
    let work = tmp.path().join("work");
    assert!(
        plan(&tmp.path().join("out"), &work, 2, &[])
            .status
            .success()
    );
    for (name, rank) in [
        ("scan", Some(2)),
        ("count", Some(2)),
        ("scan", None),
        ("mix", None),
    ] {
        let out = stage(&work, name, rank);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{name} {rank:?}: {}",
            stderr(&out)
        );
    }
    let nowhere = stage(&tmp.path().join("nowhere"), "scan", Some(0));
    assert_eq!(nowhere.status.code(), Some(2));
    assert!(stderr(&nowhere).contains("corpusmill plan"));
}

#[test]
fn the_rank_comes_from_slurm_then_kubernetes_then_rank() {
    let tmp = tempdir();
    let work = tmp.path().join("work");
    assert!(
        plan(&tmp.path().join("out"), &work, 3, &[])
            .status
            .success()
    );
    let cases: [&[(&str, &str)]; 3] = [
        &[
            ("SLURM_ARRAY_TASK_ID", "2"),
            ("JOB_COMPLETION_INDEX", "0"),
            ("RANK", "0"),
        ],
        &[("JOB_COMPLETION_INDEX", "1"), ("RANK", "0")],
        &[("RANK", "0")],
    ];
    for (vars, expected) in cases.iter().zip([2, 1, 0]) {
        let mut cmd = bin();
        cmd.args(["stage", "scan", "--quiet", "--work"]).arg(&work);
        for var in ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "RANK"] {
            cmd.env_remove(var);
        }
        cmd.envs(vars.iter().copied());
        run_ok(&mut cmd);
        let marker = work.join(format!("done/scan-{expected}.json"));
        assert!(marker.exists(), "{vars:?} ran rank {expected}");
    }
    let flag_wins = {
        let mut cmd = bin();
        cmd.args(["stage", "sign", "--rank", "0", "--quiet", "--work"])
            .arg(&work);
        cmd.env("SLURM_ARRAY_TASK_ID", "not a number");
        run(&mut cmd)
    };
    assert_eq!(flag_wins.status.code(), Some(2), "sign needs count first");
    assert!(
        stderr(&flag_wins).contains("count 0"),
        "{}",
        stderr(&flag_wins)
    );
}

#[test]
fn a_finished_task_run_again_is_a_no_op() {
    let tmp = tempdir();
    let work = tmp.path().join("work");
    let out = tmp.path().join("out");
    planned_build(&out, &work, 2, &[]);
    let before = snapshot(&out);
    let spool = work.join("rank-1/normalized.spool");
    let modified = || std::fs::metadata(&spool).and_then(|m| m.modified()).ok();
    let written = modified();
    for name in STAGES {
        let again = stage(&work, name, Some(tasks_of(name, 2) - 1));
        assert!(again.status.success(), "{name}: {}", stderr(&again));
    }
    assert_eq!(modified(), written, "the scan task did not run again");
    assert!(snapshot(&out) == before);
}

/// Every task is killed with SIGKILL once, at some point of its run, and then run again: a
/// cluster's pre-empted or failed task. Debris of a killed writer (`*.partial` files) is left
/// in place on purpose.
#[test]
fn tasks_killed_and_run_again_give_the_same_dataset() {
    let tmp = tempdir();
    let whole = tmp.path().join("whole");
    build(&whole, &[]);
    let work = tmp.path().join("work");
    let out = tmp.path().join("out");
    let planned = plan(&out, &work, 2, &[]);
    assert!(planned.status.success(), "{}", stderr(&planned));
    for (step, name) in STAGES.iter().enumerate() {
        for rank in 0..tasks_of(name, 2) {
            let mut cmd = bin();
            cmd.args(["stage", name, "--quiet", "--work"]).arg(&work);
            cmd.arg("--rank").arg(rank.to_string());
            let mut child = cmd.spawn().unwrap_or_else(|e| panic!("spawn: {e}"));
            std::thread::sleep(std::time::Duration::from_millis(5 * step as u64));
            let _ = child.kill();
            let _ = child.wait();
            let debris = work.join(format!("rank-{rank}/rows.partial"));
            if std::fs::create_dir_all(work.join(format!("rank-{rank}"))).is_ok() {
                let _ = std::fs::write(&debris, b"half a spool");
            }
            let again = stage(&work, name, Some(rank));
            assert!(again.status.success(), "{name} {rank}: {}", stderr(&again));
        }
    }
    assert!(snapshot(&out) == snapshot(&whole));
}

#[test]
fn plan_lists_its_stages_and_status_shows_what_is_done() {
    let tmp = tempdir();
    let work = tmp.path().join("work");
    let listed = plan(&tmp.path().join("out"), &work, 3, &["--json"]);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let json: serde_json::Value =
        serde_json::from_slice(&listed.stdout).unwrap_or_else(|e| panic!("plan --json: {e}"));
    let stages: Vec<(String, u64)> = json["stages"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap_or("").to_string(),
                        s["tasks"].as_u64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let expected: Vec<(String, u64)> = STAGES
        .iter()
        .map(|s| (s.to_string(), tasks_of(s, 3) as u64))
        .collect();
    assert_eq!(stages, expected);
    assert!(stage(&work, "scan", Some(1)).status.success());
    let status = run_ok(bin().arg("plan").arg("--status").arg(&work));
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("scan         1/3    to do: 0 2"), "{text}");
    assert!(text.contains("finalize     0/1    to do: 0"), "{text}");
    let status = run_ok(bin().arg("plan").arg("--status").arg(&work).arg("--json"));
    let json: serde_json::Value = serde_json::from_slice(&status.stdout)
        .unwrap_or_else(|e| panic!("plan --status --json: {e}"));
    assert_eq!(json["stages"][0]["done"], serde_json::json!([1]));
    assert_eq!(json["stages"][7]["name"], "finalize");
}

#[test]
fn planning_again_keeps_the_plan_and_another_build_is_refused() {
    let tmp = tempdir();
    let work = tmp.path().join("work");
    let out = tmp.path().join("out");
    assert!(plan(&out, &work, 2, &[]).status.success());
    assert!(stage(&work, "scan", Some(0)).status.success());
    assert!(
        plan(&out, &work, 2, &[]).status.success(),
        "the same plan again"
    );
    assert!(
        work.join("done/scan-0.json").exists(),
        "what is done stays done"
    );
    for other in [
        plan(&out, &work, 3, &[]),
        plan(&out, &work, 2, &["--seed", "7"]),
    ] {
        assert_eq!(other.status.code(), Some(2), "{}", stderr(&other));
        assert!(
            stderr(&other).contains("another build"),
            "{}",
            stderr(&other)
        );
    }
}

/// A cluster's tasks start wherever the scheduler puts them: a plan made with relative paths
/// must still find its inputs and output, and the manifest keep the roots as given.
#[test]
fn tasks_started_in_another_folder_find_the_inputs_of_a_relative_plan() {
    let tmp = tempdir();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let whole = tmp.path().join("whole");
    let mut cmd = bin();
    cmd.current_dir(root)
        .args(["build", "tests/fixtures/corpus", "--quiet", "--out"])
        .arg(&whole);
    run_ok(cmd.args(SETTINGS));
    let work = tmp.path().join("work");
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap_or_else(|e| panic!("mkdir: {e}"));
    let mut cmd = bin();
    cmd.current_dir(root)
        .args(["plan", "tests/fixtures/corpus", "--tasks", "2"]);
    cmd.arg("--work").arg(&work).arg("--out");
    // Relative to the folder `plan` runs in, which the tasks do not share.
    cmd.arg(pathdiff(&tmp.path().join("planned"), root));
    run_ok(cmd.args(SETTINGS));
    for name in STAGES {
        for rank in 0..tasks_of(name, 2) {
            let mut cmd = bin();
            cmd.current_dir(&elsewhere)
                .args(["stage", name, "--quiet", "--work"])
                .arg(&work)
                .arg("--rank")
                .arg(rank.to_string());
            run_ok(&mut cmd);
        }
    }
    assert!(snapshot(&tmp.path().join("planned")) == snapshot(&whole));
}

/// `to` as a path relative to `from` (both absolute).
fn pathdiff(to: &Path, from: &Path) -> PathBuf {
    let to: Vec<_> = to.components().collect();
    let from: Vec<_> = from.components().collect();
    let common = to.iter().zip(&from).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in common..from.len() {
        rel.push("..");
    }
    for part in &to[common..] {
        rel.push(part);
    }
    rel
}

/// One JSONL file larger than a task's share is cut into pieces at line starts and read by
/// several tasks; line numbers (in `path:line` sources and ids) run on as in the whole file.
#[test]
fn a_large_jsonl_file_is_read_in_pieces_by_several_tasks() {
    let lines = large_jsonl();
    for (name, bytes) in [
        ("big.jsonl", lines.clone().into_bytes()),
        // Frames of 1000 bytes, most of them starting inside a line.
        ("big.jsonl.zst", seekable_zstd(lines.as_bytes(), 1000)),
    ] {
        let tmp = tempdir();
        let corpus = corpus_of(
            tmp.path(),
            &[(name, bytes.as_slice()), ("note.txt", b"A short note.\n")],
        );
        let whole = tmp.path().join("whole");
        build_from(&corpus, &whole, &[]);
        let work = tmp.path().join("work");
        let out = tmp.path().join("planned");
        planned_build_from(&corpus, &out, &work, 3, &[]);
        let plan: serde_json::Value =
            serde_json::from_slice(&common::read(&work.join("plan.json")))
                .unwrap_or_else(|e| panic!("plan.json: {e}"));
        let pieces = plan["parts"].as_array().map_or(0, |parts| {
            parts.iter().filter(|p| !p["piece"].is_null()).count()
        });
        assert!(pieces >= 3, "{name} is cut into pieces: {}", plan["parts"]);
        assert!(snapshot(&out) == snapshot(&whole), "{name}");
    }
}

/// 400 JSON lines, two of them bad, the last without a newline.
fn large_jsonl() -> String {
    let mut lines = String::new();
    for i in 0..400 {
        let text = match i % 7 {
            0 => "Бүгін Астанада жаңа мектеп ашылды. Оқушылар қуанышты.".to_string(),
            3 => format!("Жаңалық нөмірі {i}: облыста жол жөнделіп жатыр, жұмыс аяқталуға жақын."),
            _ => format!("News item {i}: the council met on Tuesday and approved the budget."),
        };
        match i {
            57 => lines.push_str("{not json\n"),
            58 => lines.push_str("{\"id\": 5}\n"),
            _ => lines.push_str(&format!("{{\"text\": \"{text}\"}}\n")),
        }
    }
    lines.push_str("{\"text\": \"The last line has no newline.\"}");
    lines
}

/// `text` in zstd's seekable format: a frame per `frame` bytes, then the seek table (a
/// skippable frame of each frame's compressed and decompressed size, their count, a descriptor
/// byte and the format's magic number).
fn seekable_zstd(text: &[u8], frame: usize) -> Vec<u8> {
    let (mut out, mut table) = (Vec::new(), Vec::new());
    let chunks: Vec<&[u8]> = text.chunks(frame).collect();
    for chunk in &chunks {
        let compressed = zstd::bulk::compress(chunk, 3).unwrap_or_else(|e| panic!("zstd: {e}"));
        for size in [compressed.len(), chunk.len()] {
            table.extend_from_slice(&(size as u32).to_le_bytes());
        }
        out.extend_from_slice(&compressed);
    }
    table.extend_from_slice(&(chunks.len() as u32).to_le_bytes());
    table.push(0);
    table.extend_from_slice(&0x8F92_EAB1u32.to_le_bytes());
    out.extend_from_slice(&0x184D_2A5Eu32.to_le_bytes());
    out.extend_from_slice(&(table.len() as u32).to_le_bytes());
    out.extend_from_slice(&table);
    out
}

/// Write tasks encode whole chunks of `CHUNK_DOCS` documents, taking the heads of the next
/// shares to complete the last one; the shards must come out the same.
/// The fixture corpus is smaller than one chunk, so this corpus has three.
#[test]
fn chunks_encoded_by_write_tasks_give_the_shards_of_build() {
    let tmp = tempdir();
    let corpus = corpus_of(
        tmp.path(),
        &[("many.jsonl", many_articles(9_000).as_bytes())],
    );
    let whole = tmp.path().join("whole");
    build_from(&corpus, &whole, &[]);
    let manifest: serde_json::Value =
        serde_json::from_slice(&common::read(&whole.join("manifest.json")))
            .unwrap_or_else(|e| panic!("manifest.json: {e}"));
    let kept = manifest["counts"]["kept"].as_u64().unwrap_or(0);
    assert!(
        kept > 2 * 4096,
        "the kept documents span three chunks: {kept}"
    );
    for tasks in [2, 3] {
        let work = tmp.path().join(format!("work-{tasks}"));
        let out = tmp.path().join(format!("planned-{tasks}"));
        planned_build_from(&corpus, &out, &work, tasks, &[]);
        assert!(snapshot(&out) == snapshot(&whole), "{tasks} tasks");
        assert!(piece_bytes(&work) > 0, "{tasks} tasks encoded no chunk");
    }
}

/// Distinct short articles: random words from small lists, so no two are near duplicates.
fn many_articles(count: usize) -> String {
    const WHO: [&str; 8] = [
        "The mayor",
        "A farmer",
        "The council",
        "Our reporter",
        "The teacher",
        "A doctor",
        "The minister",
        "Local people",
    ];
    const DID: [&str; 8] = [
        "visited",
        "praised",
        "criticised",
        "opened",
        "inspected",
        "described",
        "funded",
        "closed",
    ];
    const WHAT: [&str; 8] = [
        "the new school",
        "a small bridge",
        "the river port",
        "the old market",
        "a water plant",
        "the city park",
        "a rural clinic",
        "the bus depot",
    ];
    const WHEN: [&str; 8] = [
        "on Monday",
        "last week",
        "in spring",
        "after the storm",
        "before noon",
        "this year",
        "on Friday",
        "in the evening",
    ];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut pick = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let mut lines = String::new();
    for i in 0..count {
        let mut text = String::new();
        for _ in 0..6 {
            text.push_str(&format!(
                "{} {} {} {}, and {} {} it. ",
                WHO[pick(8)],
                DID[pick(8)],
                WHAT[pick(8)],
                WHEN[pick(8)],
                WHO[pick(8)].to_lowercase(),
                DID[pick(8)]
            ));
        }
        lines.push_str(&format!(
            "{{\"text\": \"Report {i}. {}\"}}\n",
            text.trim_end()
        ));
    }
    lines
}

fn piece_bytes(dir: &Path) -> u64 {
    let mut bytes = 0;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        if path.is_dir() {
            bytes += piece_bytes(&path);
        } else if path.parent().and_then(|p| p.file_name()) == Some("pieces".as_ref()) {
            bytes += std::fs::metadata(&path).map_or(0, |m| m.len());
        }
    }
    bytes
}

/// `--previous`: the dedup tasks seed their groups with the previous release's documents and the
/// finalize task writes the changelog, as `build --previous` does.
#[test]
fn planned_builds_on_a_previous_release_match_build() {
    let tmp = tempdir();
    let v1 = tmp.path().join("v1");
    build_from(&fixtures().join("kk"), &v1, &[]);
    let previous = ["--previous", v1.to_str().unwrap_or_default()];
    // Without the article a repost repeats (and its copy), the repost's only near duplicate is
    // in the previous release: the near tasks must search its documents too.
    let reposts = tmp.path().join("reposts");
    std::fs::create_dir_all(reposts.join("kk")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for name in ["a02.txt", "a03.txt", "a08-repost.txt"] {
        let from = fixtures().join("kk").join(name);
        std::fs::copy(&from, reposts.join("kk").join(name))
            .unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
    // A release whose ids are the corpus's: its documents built again claim their texts, one
    // of them revised since.
    let old = tmp.path().join("old");
    std::fs::create_dir_all(old.join("kk")).unwrap_or_else(|e| panic!("mkdir: {e}"));
    for name in ["a02.txt", "a03.txt", "a04.txt", "a05.txt"] {
        let mut text = common::read(&fixtures().join("kk").join(name));
        if name == "a05.txt" {
            text.extend_from_slice("\nБұл мақала кейін толықтырылды.\n".as_bytes());
        }
        std::fs::write(old.join("kk").join(name), text).unwrap_or_else(|e| panic!("write: {e}"));
    }
    let same_ids = tmp.path().join("same-ids");
    build_from(&old, &same_ids, &[]);
    let claims = ["--previous", same_ids.to_str().unwrap_or_default()];
    let only_new = [claims[0], claims[1], "--only-new"];
    let cases = [
        ("whole", fixtures(), &previous[..]),
        ("reposts", reposts, &previous[..]),
        ("claims", fixtures(), &claims[..]),
        // The documents built again unchanged are left out: each write task must know which
        // are, from the facts of the dedup task that owns their text.
        ("only-new", fixtures(), &only_new[..]),
    ];
    for (name, input, flags) in cases {
        let expected = tmp.path().join(format!("{name}-built"));
        build_from(&input, &expected, flags);
        if name == "only-new" {
            let stats =
                String::from_utf8_lossy(&common::read(&expected.join("stats.json"))).into_owned();
            assert!(stats.contains("in_previous"), "{stats}");
        }
        for tasks in [1, 2, 3] {
            let out = tmp.path().join(format!("{name}-planned-{tasks}"));
            let work = tmp.path().join(format!("{name}-work-{tasks}"));
            planned_build_from(&input, &out, &work, tasks, flags);
            assert!(
                snapshot(&out) == snapshot(&expected),
                "{name}: {tasks} tasks"
            );
            assert!(out.join("CHANGES.md").exists());
        }
    }
}

/// With a table of 1024 lines (16 a stripe), the line counts are pruned (lossy counting) many
/// times over; count tasks that each own some stripes of the table must still prune as `build`
/// does, and skip the later copies of a text that the mark tasks found.
#[test]
fn planned_builds_match_build_when_the_line_counts_are_pruned() {
    let tmp = tempdir();
    let corpus = corpus_of(
        tmp.path(),
        &[("lines.jsonl", articles_of_short_lines(4_000).as_bytes())],
    );
    let config = tmp.path().join("small.toml");
    std::fs::write(
        &config,
        "[boilerplate]\nmax_tracked_lines = 1024\nmin_docs = 3\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    let flags = ["--config", config.to_str().unwrap_or_default()];
    let whole = tmp.path().join("whole");
    build_from(&corpus, &whole, &flags);
    let stats: serde_json::Value = serde_json::from_slice(&common::read(&whole.join("stats.json")))
        .unwrap_or_else(|e| panic!("stats.json: {e}"));
    assert!(
        stats.to_string().contains("repeated_line"),
        "some lines still count as repeated: {stats}"
    );
    for tasks in [2, 3] {
        let out = tmp.path().join(format!("planned-{tasks}"));
        let work = tmp.path().join(format!("work-{tasks}"));
        planned_build_from(&corpus, &out, &work, tasks, &flags);
        assert!(snapshot(&out) == snapshot(&whole), "{tasks} tasks");
    }
}

/// Articles of a unique headline, six short lines numbered by the product of two draws below
/// 60 (lines of small products in many articles, the others in a few), and a line of text;
/// every third one twice.
fn articles_of_short_lines(count: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut pick = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut out = String::new();
    let mut copies = Vec::new();
    for i in 0..count {
        let mut text = format!("Report number {i} of the day");
        for _ in 0..6 {
            // A product skews the draw: numbers with many factor pairs are common.
            let n = pick(60) * pick(60);
            text.push_str(&format!("\\nShort line {n} of the pool"));
        }
        text.push_str(&format!(
            "\\nThe council met on day {i} and talked about roads, schools and the river port."
        ));
        out.push_str(&format!("{{\"text\": \"{text}\"}}\n"));
        copies.push(text);
    }
    // Every third article posted again at the end, in the last task's share: its lines must
    // count once, though the task that counts them never saw the first copy.
    for text in copies.iter().step_by(3) {
        out.push_str(&format!("{{\"text\": \"{text}\"}}\n"));
    }
    out
}
