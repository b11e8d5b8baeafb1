//! End-to-end tests: run the real binary on `tests/fixtures/` and check the dataset it writes.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

mod common;
use common::{bin, manifest, rows, run, snapshot, tempdir};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Builds `inputs` into `out` with extra flags and asserts success.
fn build(inputs: &[&Path], out: &Path, flags: &[&str]) -> Output {
    let mut cmd = bin();
    cmd.arg("build")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--split", "0.6,0.2,0.2"])
        .args(flags);
    let output = run(&mut cmd);
    assert!(output.status.success(), "build failed: {}", stderr(&output));
    output
}

#[test]
fn build_accounts_for_every_document() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let m = manifest(&out);
    let counts = &m["counts"];
    assert_eq!(counts["read"], 23);
    assert_eq!(counts["kept"], 16);
    let removed = &counts["removed"];
    for reason in [
        "duplicate",
        "near_duplicate",
        "empty",
        "binary",
        "invalid_encoding",
        "bad_json",
        "missing_text",
    ] {
        assert_eq!(removed[reason], 1, "{reason} in {removed}");
    }
    assert_eq!(m["inputs"]["count"], 17);
    assert_eq!(m["inputs"]["skipped"][0]["path"], "notes.md");
    assert_eq!(m["format_version"], 6);
    let verify = run(bin().arg("verify").arg(&out));
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}

#[test]
fn output_layout_matches_the_contract() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    for file in [
        "README.md",
        "manifest.json",
        "SHA256SUMS",
        "stats.json",
        "removed/removed-00000-of-00001.parquet",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let files = manifest(&out)["files"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for f in &files {
        let path = f["path"].as_str().unwrap_or_default();
        if f["config"] != "removed" {
            let name = format!(
                "data/{}/{}-00000-of-00001.parquet",
                f["config"].as_str().unwrap_or_default(),
                f["split"].as_str().unwrap_or_default()
            );
            assert_eq!(path, name);
        }
    }
    let card = std::fs::read_to_string(out.join("README.md")).unwrap_or_default();
    assert!(card.starts_with("---\n"));
    assert!(card.contains("config_name: \"documents\"\n  default: true"));
    assert!(card.contains("path: \"data/sentences/train-*.parquet\""));
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).unwrap_or_default();
    assert!(sums.contains("  manifest.json\n") && !sums.contains("SHA256SUMS"));
}

#[test]
fn output_is_byte_identical_across_thread_counts() {
    let tmp = tempdir();
    let one = tmp.path().join("one");
    let four = tmp.path().join("four");
    build(&[&fixtures()], &one, &["--threads", "1"]);
    build(&[&fixtures()], &four, &["--threads", "4"]);
    assert_eq!(snapshot(&one), snapshot(&four));
}

#[test]
fn split_of_a_document_survives_adding_data() {
    let tmp = tempdir();
    let small = tmp.path().join("small");
    let large = tmp.path().join("large");
    build(&[&fixtures().join("kk")], &small, &[]);
    build(
        &[
            &fixtures().join("ru"),
            &fixtures().join("kk"),
            &fixtures().join("feeds"),
        ],
        &large,
        &[],
    );
    let small_ids = corpusmill_ids(&small);
    let large_ids = corpusmill_ids(&large);
    assert!(!small_ids.is_empty());
    for pair in &small_ids {
        assert!(large_ids.contains(pair), "{pair:?} moved");
    }
}

/// (id, split) of every kept document, read from the Parquet shards.
fn corpusmill_ids(dir: &Path) -> Vec<(String, String)> {
    rows(dir, "documents", &["id"])
        .into_iter()
        .map(|r| (r.values[0].clone(), r.split))
        .collect()
}

#[test]
fn verbose_build_reports_its_setup_passes_and_stages_on_stderr() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    let output = run(bin()
        .arg("build")
        .arg(fixtures().join("kk"))
        .arg("--out")
        .arg(&out)
        .args(["--verbose", "--threads", "2"]));
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("corpusmill: 2 thread(s); config: defaults;"),
        "{err}"
    );
    for pass in ["counting", "hashing", "building"] {
        assert!(
            err.contains(&format!("corpusmill: pass {pass}: ")),
            "{pass}: {err}"
        );
    }
    assert!(err.contains("busy-s") && err.contains("langid"), "{err}");
    // The summary on stdout is the same as without --verbose.
    assert!(String::from_utf8_lossy(&output.stdout).contains("kept total"));
    let both = run(bin()
        .arg("build")
        .arg(fixtures().join("kk"))
        .arg("--out")
        .arg(tmp.path().join("other"))
        .args(["--verbose", "--quiet"]));
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn existing_output_is_refused_without_overwrite() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures().join("kk")], &out, &[]);
    let again = run(bin()
        .arg("build")
        .arg(fixtures().join("kk"))
        .arg("--out")
        .arg(&out)
        .arg("-q"));
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--overwrite"), "{}", stderr(&again));
    build(&[&fixtures().join("ru")], &out, &["--overwrite"]);
    assert_eq!(
        manifest(&out)["inputs"]["roots"][0]
            .as_str()
            .map(|s| s.ends_with("ru")),
        Some(true)
    );
    let leftovers: Vec<String> = std::fs::read_dir(tmp.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "ds" && name != ".ds.corpusmill-lock")
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn missing_input_names_the_path() {
    let tmp = tempdir();
    let out = run(bin()
        .args(["build", "/no/such/input", "--out"])
        .arg(tmp.path().join("x")));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("/no/such/input") && err.lines().count() == 1,
        "{err}"
    );
}

#[test]
fn bad_config_key_is_named() {
    let tmp = tempdir();
    let config = tmp.path().join("c.toml");
    let _ = std::fs::write(&config, "seed = 3\nmin_charz = 10\n");
    let out = run(bin()
        .arg("build")
        .arg(fixtures())
        .arg("--out")
        .arg(tmp.path().join("x"))
        .arg("--config")
        .arg(&config));
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("min_charz") && err.contains("c.toml") && err.contains("line 2"),
        "{err}"
    );
}

#[test]
fn config_file_is_used_and_flags_win() {
    let tmp = tempdir();
    let config = tmp.path().join("c.toml");
    let _ = std::fs::write(&config, "seed = 3\nmin_chars = 100\n");
    let out = tmp.path().join("ds");
    build(
        &[&fixtures()],
        &out,
        &[
            "--config",
            config.to_str().unwrap_or_default(),
            "--seed",
            "9",
        ],
    );
    let m = manifest(&out);
    assert_eq!(m["config"]["seed"], 9);
    assert_eq!(m["config"]["min_chars"], 100);
    assert_eq!(
        m["config"]["langid"]["prior_langs"],
        serde_json::json!(["kk", "ru", "en"])
    );
    assert!(m["counts"]["removed"]["too_short"].as_u64().unwrap_or(0) > 0);
}

#[test]
fn prior_langs_flag_is_recorded_in_the_manifest() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &["--prior-langs", "RU,tt"]);
    let m = manifest(&out);
    assert_eq!(
        m["config"]["langid"]["prior_langs"],
        serde_json::json!(["ru", "tt"])
    );
    let refused = run(bin()
        .arg("build")
        .arg(fixtures())
        .arg("--out")
        .arg(tmp.path().join("ds2"))
        .args(["--quiet", "--prior-langs", "xx"]));
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("langid.prior_langs"));
}

#[test]
fn verify_catches_a_tampered_file() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let stats = out.join("stats.json");
    let text = std::fs::read_to_string(&stats).unwrap_or_default();
    let _ = std::fs::write(
        &stats,
        text.replace("\"documents_read\": 23", "\"documents_read\": 24"),
    );
    let verify = run(bin().arg("verify").arg(&out));
    assert_eq!(verify.status.code(), Some(1));
    let report = String::from_utf8_lossy(&verify.stdout);
    assert!(report.contains("stats.json: checksum mismatch"), "{report}");
}

#[test]
fn stats_json_has_counts() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let stats = run(bin().arg("stats").arg(&out).arg("--json"));
    let value: Value = serde_json::from_slice(&stats.stdout).unwrap_or(Value::Null);
    assert_eq!(value["counts"]["read"], 23);
    let text = run(bin().arg("stats").arg(&out));
    assert!(String::from_utf8_lossy(&text.stdout).contains("23 read, 16 kept, 7 removed"));
}

#[test]
fn jsonl_fields_pass_through() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures().join("feeds")], &out, &["--split", "1,0,0"]);
    let ids: Vec<String> = corpusmill_ids(&out).into_iter().map(|(id, _)| id).collect();
    assert!(ids.contains(&"j1".to_string()) && ids.contains(&"42".to_string()));
    assert!(ids.contains(&"news.jsonl:3".to_string()), "{ids:?}");
}

#[test]
fn parquet_output_can_be_reprocessed() {
    let tmp = tempdir();
    let first = tmp.path().join("first");
    build(&[&fixtures()], &first, &[]);
    let second = tmp.path().join("second");
    build(&[&first.join("data/documents")], &second, &[]);
    let m1 = manifest(&first);
    let m2 = manifest(&second);
    assert_eq!(m2["counts"]["read"], m1["counts"]["kept"]);
    assert_eq!(m2["counts"]["kept"], m1["counts"]["kept"]);
    let mut a = corpusmill_ids(&first);
    let mut b = corpusmill_ids(&second);
    a.sort();
    b.sort();
    assert_eq!(a, b, "ids and splits survive a rebuild from our own output");
}

#[test]
fn langs_filter_removes_other_languages() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &["--langs", "kk"]);
    let m = manifest(&out);
    assert!(
        m["counts"]["removed"]["language"].as_u64().unwrap_or(0) >= 4,
        "{}",
        m["counts"]
    );
    let stats: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("stats.json")).unwrap_or_default())
            .unwrap_or(Value::Null);
    for split in stats["splits"]
        .as_object()
        .into_iter()
        .flat_map(|o| o.values())
    {
        let langs: Vec<&String> = split["languages"]
            .as_object()
            .map(|o| o.keys().collect())
            .unwrap_or_default();
        assert_eq!(langs, ["kk"]);
    }
}

/// (id, split, cluster) of every kept document.
fn clusters(dir: &Path) -> Vec<(String, String, String)> {
    rows(dir, "documents", &["id", "cluster"])
        .into_iter()
        .map(|r| (r.values[0].clone(), r.split, r.values[1].clone()))
        .collect()
}

#[test]
fn repost_with_other_furniture_and_an_edit_is_a_near_duplicate() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures().join("kk")], &out, &[]);
    let removed =
        std::fs::read(out.join("removed/removed-00000-of-00001.parquet")).unwrap_or_default();
    assert!(!removed.is_empty());
    let m = manifest(&out);
    assert_eq!(
        m["counts"]["removed"]["near_duplicate"], 1,
        "{}",
        m["counts"]
    );
    let ids: Vec<String> = clusters(&out).into_iter().map(|(id, _, _)| id).collect();
    assert!(ids.contains(&"a01".to_string()) && !ids.contains(&"a08-repost".to_string()));
}

#[test]
fn tagged_near_duplicates_share_cluster_and_split() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    // Seeds 0..8: the cluster must never straddle splits, whatever the seed.
    for seed in 0..8 {
        let _ = std::fs::remove_dir_all(&out);
        build(
            &[&fixtures().join("kk")],
            &out,
            &["--tag-near-dups", "--seed", &seed.to_string()],
        );
        let rows = clusters(&out);
        let a01 = rows.iter().find(|r| r.0 == "a01").cloned();
        let a08 = rows.iter().find(|r| r.0 == "a08-repost").cloned();
        let (Some(a01), Some(a08)) = (a01, a08) else {
            panic!("both members must be kept when tagging: {rows:?}");
        };
        assert_eq!(a01.2, a08.2, "same cluster");
        assert_eq!(a01.1, a08.1, "same split with seed {seed}");
    }
}

#[test]
fn dry_run_reports_and_writes_nothing() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    let output = run(bin()
        .arg("build")
        .arg(fixtures())
        .arg("--out")
        .arg(&out)
        .args(["--dry-run", "--json", "-q"]));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!out.exists());
    let summary: Value = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    assert_eq!(summary["dry_run"], true);
    let filters: Vec<&str> = summary["quality_report"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|q| q["filter"].as_str())
        .collect();
    assert_eq!(
        filters,
        [
            "min_words",
            "max_non_letter_share",
            "max_dup_line_share",
            "max_dup_ngram_share"
        ]
    );
    assert!(
        summary["quality_report"][0]["would_remove"]
            .as_u64()
            .unwrap_or(0)
            > 0,
        "fixtures are short: min_words 50 would bite"
    );
    // What each kind of furniture removal took, to audit a new site.
    assert_eq!(
        summary["furniture_samples"]["credit"][0],
        serde_json::json!(["Фото: aktobe-times.kz", 1])
    );
    let table = run(bin()
        .arg("build")
        .arg(fixtures())
        .arg("--out")
        .arg(&out)
        .args(["--dry-run", "-q"]));
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("furniture removed, most frequent per kind:")
            && text.contains("Фото: aktobe-times.kz"),
        "{text}"
    );
}

/// Regression (issue 23): a text a mirrored feed posted many times was lost whole, every copy
/// removed as furniture because its own lines recurred in every copy.
#[test]
fn a_text_present_only_as_copies_is_kept_once() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    let _ = std::fs::create_dir_all(&input);
    let copied = "Ауылға жаңа мектеп салынады\nҚұрылыс көктемде басталады.\nМектеп 300 орындық болады.\nЖоба облыс бюджетінен қаржыландырылады.";
    for i in 0..15 {
        let _ = std::fs::write(input.join(format!("copy{i:02}.txt")), copied);
    }
    let _ = std::fs::write(
        input.join("other.txt"),
        "Өзенде су деңгейі көтерілді\nҚұтқарушылар кезекшілікке шықты.",
    );
    let out = tmp.path().join("ds");
    build(&[&input], &out, &[]);
    let m = manifest(&out);
    assert_eq!(m["counts"]["kept"], 2, "{m}");
    assert_eq!(m["counts"]["removed"]["duplicate"], 14, "{m}");
    assert!(m["counts"]["removed"].get("boilerplate").is_none(), "{m}");
    let texts = rows(&out, "documents", &["text"]);
    assert_eq!(texts.iter().filter(|r| r.values[0] == copied).count(), 1);
}

#[test]
fn furniture_removals_are_counted_by_rule() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures().join("kk")], &out, &[]);
    let stats: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("stats.json")).unwrap_or_default())
            .unwrap_or(Value::Null);
    let lines = &stats["boilerplate_lines"];
    assert_eq!(lines["credit"], 1, "{lines}");
    assert_eq!(lines["read_also"], 2, "{lines}");
    assert_eq!(lines["cta"], 1, "{lines}");
}

/// Regression: the lock file beside the output was opened before its folder existed.
#[test]
fn output_in_a_folder_that_does_not_exist_yet() {
    let tmp = tempdir();
    let out = tmp.path().join("new/deeper/ds");
    build(&[&fixtures().join("kk")], &out, &[]);
    assert!(out.join("manifest.json").is_file());
}

/// Errors print their cause once, not twice.
#[test]
fn error_causes_are_not_repeated() {
    let tmp = tempdir();
    let out = run(bin().arg("verify").arg(tmp.path().join("missing")));
    let err = stderr(&out);
    assert_eq!(err.matches("No such file or directory").count(), 1, "{err}");
}

/// Runs `corpusmill ARGS` with `input` on stdin and returns its output.
fn with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = match bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot run corpusmill: {e}"),
    };
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait for corpusmill")
}

fn sentence_lines(out: &Output) -> Vec<Vec<String>> {
    assert!(out.status.success(), "{}", stderr(out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            v["sentences"]
                .as_array()
                .expect("a sentences array")
                .iter()
                .map(|s| s.as_str().expect("a string").to_string())
                .collect()
        })
        .collect()
}

#[test]
fn segment_reads_jsonl_and_writes_one_sentences_line_per_input_line() {
    let input = concat!(
        r#"{"text": "1939 ж. Қ. Жұмалиев туған. Ол «Абай» романын оқыды.", "id": 7}"#,
        "\n",
        r#"{"text": "He said \"stop.\" Then\tleft.\nNew line"}"#,
        "\r\n",
    );
    let got = sentence_lines(&with_stdin(&["segment", "--lang", "kk"], input));
    assert_eq!(
        got,
        [
            vec!["1939 ж. Қ. Жұмалиев туған.", "Ол «Абай» романын оқыды."],
            vec!["He said \"stop.\"", "Then\tleft.", "New line"],
        ]
    );
}

#[test]
fn segment_plain_detects_the_language_and_keeps_the_text() {
    let text = "Мы купили яблоки, груши и т.д. Потом пошли домой. Дом построен в 1898 г. В 1954 году его продали.";
    let out = with_stdin(&["segment", "--plain", "--profile"], &format!("{text}\n"));
    let got = sentence_lines(&out);
    assert_eq!(
        got,
        [vec![
            "Мы купили яблоки, груши и т.д.",
            "Потом пошли домой.",
            "Дом построен в 1898 г.",
            "В 1954 году его продали."
        ]]
    );
    assert_eq!(got[0].join(" "), text);
    assert!(stderr(&out).contains("MB/s"), "{}", stderr(&out));
}

#[test]
fn segment_names_the_bad_stdin_line() {
    let out = with_stdin(&["segment"], "{\"text\": \"ok.\"}\n{\"body\": 1}\n");
    assert!(!out.status.success());
    assert!(stderr(&out).contains("stdin line 2"), "{}", stderr(&out));
    let out = with_stdin(&["segment", "--plain"], "ok\n\u{0}\n");
    assert!(out.status.success(), "a NUL is text: {}", stderr(&out));
}

#[test]
fn detect_labels_each_stdin_line() {
    let input = "Бүгін Астанада күн ашық болады деп күтілуде.\nThe weather in London will be rainy today.\n";
    let out = with_stdin(&["detect", "--json"], input);
    assert!(out.status.success(), "{}", stderr(&out));
    let langs: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("a JSON line");
            v["lang"].as_str().unwrap_or("").to_string()
        })
        .collect();
    assert_eq!(langs, ["kk", "en"]);
}

/// Regression (issue 24): the helpers that read a dataset back returned nothing for a file they
/// could not read, so a test over "every row" of a missing dataset checked nothing and passed.
#[test]
#[should_panic(expected = "no-such-dataset/manifest.json")]
fn test_helpers_name_the_manifest_they_cannot_read() {
    manifest(Path::new("no-such-dataset"));
}

#[test]
#[should_panic(expected = "no-such-dataset")]
fn test_helpers_name_the_folder_they_cannot_snapshot() {
    snapshot(Path::new("no-such-dataset"));
}

#[test]
#[should_panic(expected = "no-such-dataset/manifest.json")]
fn test_helpers_name_the_dataset_whose_rows_they_cannot_read() {
    rows(Path::new("no-such-dataset"), "documents", &["id"]);
}

/// `sample --json` on `dir` with `flags`, parsed.
fn sample_json(dir: &Path, flags: &[&str]) -> Value {
    let out = common::run_ok(bin().arg("sample").arg(dir).arg("--json").args(flags));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("sample --json: {e}"))
}

#[test]
fn sample_picks_reproducible_rows_that_pass_its_filters() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let kk = sample_json(&out, &["--lang", "kk", "-n", "3", "--seed", "7"]);
    let rows = kk["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r["lang"] == "kk"), "{kk}");
    assert!(kk["matching"].as_u64().is_some_and(|m| m > 3), "{kk}");
    // The same seed picks the same rows; the sample is a reproducible thing to quote.
    assert_eq!(
        kk,
        sample_json(&out, &["--lang", "kk", "-n", "3", "--seed", "7"])
    );
    // Asking for more than there is gives everything that matches, in dataset order.
    let all = sample_json(&out, &["--split", "test", "-n", "1000"]);
    let test_docs = rows_of_split(&out, "test");
    let ids: Vec<&str> = all["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        test_docs.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let dups = sample_json(&out, &["--config", "removed", "--reason", "duplicate"]);
    assert_eq!(dups["matching"], 1, "{dups}");
    assert_eq!(dups["rows"][0]["reason"], "duplicate");
}

/// Document ids of one split, in file order.
fn rows_of_split(dir: &Path, split: &str) -> Vec<String> {
    rows(dir, "documents", &["id"])
        .into_iter()
        .filter(|r| r.split == split)
        .map(|r| r.values[0].clone())
        .collect()
}

#[test]
fn sample_refuses_filters_that_do_not_apply_with_a_usage_error() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    for flags in [
        &["--config", "removed", "--lang", "kk"][..],
        &["--reason", "duplicate"],
        &["--config", "tables"],
    ] {
        let res = run(bin().arg("sample").arg(&out).args(flags));
        assert_eq!(res.status.code(), Some(2), "{flags:?}: {}", stderr(&res));
    }
}

#[test]
fn verify_json_reports_ok_and_problems() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let ok = common::run_ok(bin().arg("verify").arg(&out).arg("--json"));
    let report: Value = serde_json::from_slice(&ok.stdout).expect("verify --json is JSON");
    assert_eq!(report["ok"], true, "{report}");
    assert!(report["checksums_checked"].as_u64().is_some_and(|n| n > 0));
    std::fs::write(out.join("stats.json"), "{}").expect("stats.json is writable");
    let bad = run(bin().arg("verify").arg(&out).arg("--json"));
    assert_eq!(bad.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&bad.stdout).expect("verify --json is JSON");
    assert_eq!(report["ok"], false, "{report}");
    assert!(!report["problems"].as_array().expect("problems").is_empty());
}

#[test]
fn config_show_prints_settings_that_build_reads_back_the_same() {
    let tmp = tempdir();
    let file = tmp.path().join("corpus.toml");
    std::fs::write(
        &file,
        "seed = 7\n\n[langid]\nprior_langs = [\"ky\", \"ru\"]\n",
    )
    .expect("config file is writable");
    let shown = common::run_ok(bin().args(["config", "show", "--config"]).arg(&file));
    let text = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(text.contains("seed = 7"), "{text}");
    assert!(text.contains("\"ky\""), "{text}");
    // The printed settings are a config file: loading it gives the same settings again.
    let again = tmp.path().join("shown.toml");
    std::fs::write(&again, &text).expect("shown config is writable");
    let reshown = common::run_ok(bin().args(["config", "show", "--config"]).arg(&again));
    assert_eq!(String::from_utf8_lossy(&reshown.stdout), text);
}

#[test]
fn completions_and_man_page_cover_every_subcommand() {
    let bash = common::run_ok(bin().args(["completions", "bash"]));
    let bash = String::from_utf8_lossy(&bash.stdout);
    let man = common::run_ok(bin().arg("man"));
    let man = String::from_utf8_lossy(&man.stdout);
    assert!(
        man.starts_with(".ie") && man.contains(".TH corpusmill 1"),
        "{man}"
    );
    for sub in [
        "build", "verify", "stats", "sample", "diff", "config", "segment", "detect",
    ] {
        assert!(bash.contains(sub), "bash completion lacks {sub}");
        assert!(man.contains(sub), "man page lacks {sub}");
    }
}

#[test]
fn verify_hub_checks_the_card_configs_against_the_files() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let ok = common::run_ok(bin().arg("verify").arg(&out).args(["--hub", "--json"]));
    let report: Value = serde_json::from_slice(&ok.stdout).expect("verify --json is JSON");
    let hub = report["hub"].as_object().expect("hub checks");
    assert!(
        hub.values()
            .all(|f| f.as_array().is_some_and(Vec::is_empty)),
        "{report}"
    );
    // A card whose config points at files that are not there is what the Hub shows as a broken
    // dataset; verify --hub says so, naming the path.
    let card = out.join("README.md");
    let text = String::from_utf8(common::read(&card)).expect("card is UTF-8");
    std::fs::write(
        &card,
        text.replace("data/sentences/train-", "data/sentences/training-"),
    )
    .expect("card is writable");
    let bad = run(bin().arg("verify").arg(&out).args(["--hub", "--json"]));
    assert_eq!(bad.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&bad.stdout).expect("verify --json is JSON");
    let configs = report["hub"]["card configs"].to_string();
    assert!(
        configs.contains("training-*.parquet` matches no file"),
        "{configs}"
    );
    assert!(configs.contains("matched by no config path"), "{configs}");
}

/// `diff --json OLD NEW`, parsed.
fn diff_json(old: &Path, new: &Path) -> Value {
    let out = common::run_ok(bin().arg("diff").arg(old).arg(new).arg("--json"));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("diff --json: {e}"))
}

/// (id, split) of every kept document, as a map.
fn splits_by_id(dir: &Path) -> std::collections::BTreeMap<String, String> {
    corpusmill_ids(dir).into_iter().collect()
}

#[test]
fn diff_of_a_dataset_with_itself_reports_no_change() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let diff = diff_json(&out, &out);
    let total = &diff["documents"]["total"];
    assert_eq!(total["kept"]["documents"], 16, "{diff}");
    assert_eq!(total["old"], total["new"]);
    assert_eq!(total["kept"], total["new"]);
    for n in ["changed_text", "changed_lang", "moved_split"] {
        assert_eq!(total[n], 0, "{n}");
    }
    assert_eq!(total["added"]["documents"], 0);
    assert_eq!(total["dropped"]["documents"], 0);
    assert_eq!(diff["moved"], serde_json::json!({}));
    assert_eq!(diff["config"], serde_json::json!({}));
    let removed = diff["removed"].as_object().expect("removed by reason");
    assert!(removed.values().all(|d| d["delta"] == 0), "{diff}");
    assert_eq!(removed.len(), 7);
    assert_eq!(
        diff["old"]["manifest_sha256"],
        diff["new"]["manifest_sha256"]
    );
    let text = common::run_ok(bin().arg("diff").arg(&out).arg(&out));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("0 documents added, 0 dropped, 16 kept (0 with a changed text); no kept document changed split."),
        "{text}"
    );
    assert!(
        text.contains("## Settings\n\nThe same in both releases."),
        "{text}"
    );
}

#[test]
fn diff_counts_added_and_dropped_documents_between_two_builds() {
    let tmp = tempdir();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    let (kk, ru, feeds) = (
        fixtures().join("kk"),
        fixtures().join("ru"),
        fixtures().join("feeds"),
    );
    build(&[&kk, &ru], &old, &[]);
    build(&[&kk, &feeds], &new, &["--min-chars", "50"]);
    let diff = diff_json(&old, &new);
    let (old_ids, new_ids) = (splits_by_id(&old), splits_by_id(&new));
    let count = |a: &std::collections::BTreeMap<String, String>,
                 b: &std::collections::BTreeMap<String, String>| {
        a.keys().filter(|id| !b.contains_key(*id)).count()
    };
    let total = &diff["documents"]["total"];
    assert_eq!(
        total["added"]["documents"],
        count(&new_ids, &old_ids),
        "{diff}"
    );
    assert_eq!(
        total["dropped"]["documents"],
        count(&old_ids, &new_ids),
        "{diff}"
    );
    assert_eq!(
        total["kept"]["documents"],
        old_ids.len() - count(&old_ids, &new_ids)
    );
    assert!(total["added"]["documents"].as_u64() > Some(0));
    assert!(total["dropped"]["documents"].as_u64() > Some(0));
    // Each side of every split and language is what that release's stats.json says.
    for (side, dir) in [("old", &old), ("new", &new)] {
        let stats: Value = serde_json::from_slice(&common::read(&dir.join("stats.json")))
            .expect("stats.json is JSON");
        for (split, s) in stats["splits"].as_object().expect("splits") {
            for (lang, counts) in s["languages"].as_object().expect("languages") {
                let bucket = &diff["documents"]["splits"][split]["languages"][lang];
                assert_eq!(&bucket[side], counts, "{side} {split} {lang}");
            }
        }
    }
    assert_eq!(
        diff["config"],
        serde_json::json!({"min_chars": {"old": 0, "new": 50}})
    );
    assert_eq!(
        diff["removed"]["bad_json"],
        serde_json::json!({"old": 0, "new": 1, "delta": 1})
    );
    assert_eq!(diff["removed"]["binary"]["delta"], -1);
    assert_eq!(diff["old"]["read"], 15);
    assert_eq!(diff["new"]["read"], 17);
}

#[test]
fn diff_counts_an_edited_document_as_kept_with_a_changed_text() {
    let tmp = tempdir();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus folder");
    for name in ["a01", "a02", "a03", "a04", "a05", "a06"] {
        let file = format!("{name}.txt");
        std::fs::copy(fixtures().join("kk").join(&file), corpus.join(&file)).expect("copy");
    }
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    build(&[&corpus], &old, &[]);
    let a04 = corpus.join("a04.txt");
    let text = String::from_utf8(common::read(&a04)).expect("UTF-8 fixture");
    std::fs::write(&a04, format!("{text}\nКітапхана күн сайын ашық.\n")).expect("edit");
    std::fs::remove_file(corpus.join("a05.txt")).expect("remove");
    std::fs::write(
        corpus.join("a09.txt"),
        "Алматыда марафон өтті\n\nЖарысқа 20 елден 5000 жүгіруші қатысты.\n",
    )
    .expect("add");
    build(&[&corpus], &new, &[]);
    let diff = diff_json(&old, &new);
    let total = &diff["documents"]["total"];
    let docs = |what: &str| total[what]["documents"].as_u64();
    assert_eq!(
        (docs("added"), docs("dropped"), docs("kept")),
        (Some(1), Some(1), Some(5)),
        "{diff}"
    );
    assert_eq!(total["changed_text"], 1);
    // The split follows the text, so the edit may move a04: the diff must say so if it did.
    let moved = old_ids_in_other_split(&old, &new);
    assert_eq!(total["moved_split"], moved);
}

/// Documents of `old` that are in `new` in another split.
fn old_ids_in_other_split(old: &Path, new: &Path) -> usize {
    let new = splits_by_id(new);
    splits_by_id(old)
        .iter()
        .filter(|(id, split)| new.get(*id).is_some_and(|s| s != *split))
        .count()
}

#[test]
fn diff_reports_kept_documents_that_changed_split() {
    let tmp = tempdir();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    build(&[&fixtures()], &old, &[]);
    build(&[&fixtures()], &new, &["--seed", "1"]);
    let diff = diff_json(&old, &new);
    let moved = old_ids_in_other_split(&old, &new);
    assert!(moved > 0, "another seed moves some documents");
    let listed: u64 = diff["moved"]
        .as_object()
        .expect("moved")
        .values()
        .flat_map(|to| to.as_object().expect("moved to").values())
        .filter_map(Value::as_u64)
        .sum();
    assert_eq!(listed, moved as u64, "{diff}");
    assert_eq!(diff["documents"]["total"]["moved_split"], moved);
    assert_eq!(diff["documents"]["total"]["changed_text"], 0);
    assert_eq!(
        diff["config"]["seed"],
        serde_json::json!({"old": 0, "new": 1})
    );
    let text = common::run_ok(bin().arg("diff").arg(&old).arg(&new));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains(&format!("**{moved} kept document")), "{text}");
    assert!(
        text.contains("| old split | new split | documents |"),
        "{text}"
    );
}

#[test]
fn diff_names_the_file_it_cannot_read() {
    let tmp = tempdir();
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &[]);
    let missing = tmp.path().join("missing");
    let no_manifest = run(bin().arg("diff").arg(&out).arg(&missing));
    assert_eq!(no_manifest.status.code(), Some(1));
    let err = stderr(&no_manifest);
    assert!(err.contains("missing/manifest.json"), "{err}");
    let shard = out.join("data/documents/test-00000-of-00001.parquet");
    std::fs::write(&shard, b"not parquet").expect("shard is writable");
    let bad = run(bin().arg("diff").arg(&out).arg(&out));
    assert_eq!(bad.status.code(), Some(1));
    let err = stderr(&bad);
    assert!(
        err.contains("data/documents/test-00000-of-00001.parquet: not readable Parquet"),
        "{err}"
    );
}

/// An earlier release: the fixture `kk` folder without its copy (`a07-copy.txt`) and repost
/// (`a08-repost.txt`) of `a01.txt`. Returns its folder.
fn first_release(tmp: &Path) -> PathBuf {
    let kk = tmp.join("v1-inputs").join("kk");
    std::fs::create_dir_all(&kk).unwrap_or_else(|e| panic!("{}: {e}", kk.display()));
    let entries = std::fs::read_dir(fixtures().join("kk")).unwrap_or_else(|e| panic!("kk: {e}"));
    for entry in entries {
        let path = entry.unwrap_or_else(|e| panic!("kk: {e}")).path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if name != "a07-copy.txt" && name != "a08-repost.txt" {
            std::fs::copy(&path, kk.join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let v1 = tmp.join("v1");
    build(&[&kk], &v1, &[]);
    v1
}

/// (id, [split, cluster]) of every kept document.
fn places(dir: &Path) -> std::collections::BTreeMap<String, (String, String)> {
    rows(dir, "documents", &["id", "cluster"])
        .into_iter()
        .map(|r| (r.values[0].clone(), (r.split, r.values[1].clone())))
        .collect()
}

/// (reason, duplicate_of, detail) of the removed document `id`.
fn removal_of(dir: &Path, id: &str) -> Option<(String, String, String)> {
    rows(dir, "removed", &["id", "reason", "duplicate_of", "detail"])
        .into_iter()
        .find(|r| r.values[0] == id)
        .map(|r| {
            (
                r.values[1].clone(),
                r.values[2].clone(),
                r.values[3].clone(),
            )
        })
}

#[test]
fn a_release_built_on_another_keeps_its_documents_and_removes_their_new_copies() {
    let tmp = tempdir();
    let v1 = first_release(tmp.path());
    let v11 = tmp.path().join("v1.1");
    let (kk, ru) = (fixtures().join("kk"), fixtures().join("ru"));
    let previous = ["--previous", v1.to_str().unwrap_or_default()];
    build(&[&kk, &ru], &v11, &previous);
    let (old, new) = (places(&v1), places(&v11));
    assert!(old.len() >= 6, "{old:?}");
    for (id, place) in &old {
        assert_eq!(new.get(id), Some(place), "{id} keeps its split and cluster");
    }
    let a01 = old
        .keys()
        .find(|id| id.contains("a01"))
        .cloned()
        .unwrap_or_default();
    let (reason, of, detail) = removal_of(&v11, "a07-copy").unwrap_or_default();
    assert_eq!((reason.as_str(), of.as_str()), ("duplicate", a01.as_str()));
    assert!(detail.contains("previous release"), "{detail}");
    let (reason, of, _) = removal_of(&v11, "a08-repost").unwrap_or_default();
    assert_eq!(
        (reason.as_str(), of.as_str()),
        ("near_duplicate", a01.as_str())
    );
    let m = manifest(&v11);
    let bytes = common::read(&v1.join("manifest.json"));
    let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(bytes));
    assert_eq!(m["previous"]["manifest_sha256"], sha.as_str());
    let changes: Value = serde_json::from_slice(&common::read(&v11.join("changes.json")))
        .unwrap_or_else(|e| panic!("changes.json: {e}"));
    // `diff` of the two folders says the same, but names them by their paths.
    let mut diff = diff_json(&v1, &v11);
    for side in ["old", "new"] {
        diff[side]["dir"] = changes[side]["dir"].clone();
    }
    assert_eq!(changes, diff);
    assert_eq!(changes["documents"]["total"]["dropped"]["documents"], 0);
    assert_eq!(changes["moved"], serde_json::json!({}));
    let markdown = String::from_utf8_lossy(&common::read(&v11.join("CHANGES.md"))).into_owned();
    assert!(
        markdown.contains("no kept document changed split"),
        "{markdown}"
    );
    assert!(run(bin().arg("verify").arg(&v11)).status.success());
    let again = tmp.path().join("again");
    build(&[&kk, &ru], &again, &previous);
    assert!(
        snapshot(&again) == snapshot(&v11),
        "a rebuild is byte-identical"
    );
}

#[test]
fn only_new_writes_what_the_previous_release_does_not_hold() {
    let tmp = tempdir();
    let v1 = first_release(tmp.path());
    let new = tmp.path().join("new");
    let (kk, ru) = (fixtures().join("kk"), fixtures().join("ru"));
    let flags = ["--previous", v1.to_str().unwrap_or_default(), "--only-new"];
    build(&[&kk, &ru], &new, &flags);
    let (old, written) = (places(&v1), places(&new));
    assert!(!written.is_empty());
    assert!(
        written.keys().all(|id| !old.contains_key(id)),
        "{written:?}"
    );
    let m = manifest(&new);
    assert_eq!(m["counts"]["removed"]["in_previous"], old.len());
    for id in old.keys() {
        let (reason, ..) = removal_of(&new, id).unwrap_or_default();
        assert_eq!(reason, "in_previous", "{id}");
    }
    assert!(run(bin().arg("verify").arg(&new)).status.success());
}

#[test]
fn a_previous_release_with_other_split_settings_is_refused() {
    let tmp = tempdir();
    let v1 = first_release(tmp.path());
    let mut cmd = bin();
    cmd.arg("build").arg(fixtures().join("kk")).arg("--out");
    cmd.arg(tmp.path().join("v2"))
        .args(["--quiet", "--split", "0.6,0.2,0.2"]);
    let out = run(cmd.args(["--seed", "7", "--previous"]).arg(&v1));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("`seed`"), "{}", stderr(&out));
    assert!(!tmp.path().join("v2").exists());
}

/// Format 6: a kept document says what the cleaning removed from it and where, so that its
/// text before cleaning can be shown (the report strikes it through).
#[test]
fn kept_documents_list_their_removed_furniture_where_it_was() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    let _ = std::fs::create_dir_all(&input);
    let article = "Ауылда жаңа мектеп ашылды\nФото: Ақорда\nМектеп 300 оқушыға арналған.\n\nТағы да оқыңыздар:\nҚұрылыс екі жылға созылды.";
    let _ = std::fs::write(input.join("a.txt"), article);
    let out = tmp.path().join("ds");
    build(&[&input], &out, &[]);
    let sampled = common::run_ok(bin().arg("sample").arg(&out).args(["--json", "-n", "5"]));
    let rows: Value =
        serde_json::from_slice(&sampled.stdout).unwrap_or_else(|e| panic!("sample --json: {e}"));
    let doc = &rows["rows"][0];
    let text: Vec<char> = doc["text"].as_str().unwrap_or_default().chars().collect();
    let furniture = doc["furniture"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = furniture
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    // The pointer and the headline it points to are both `read_also`.
    assert_eq!(kinds, ["credit", "read_also", "read_also"], "{doc}");
    // Put back where they were, the removed lines give the article's lines in order.
    let mut lines = Vec::new();
    let mut from = 0;
    for f in &furniture {
        let at = f["at"].as_u64().unwrap_or(0) as usize;
        lines.extend(
            text[from..at]
                .iter()
                .collect::<String>()
                .split('\n')
                .map(String::from),
        );
        lines.push(f["text"].as_str().unwrap_or_default().to_string());
        from = at;
    }
    lines.extend(
        text[from..]
            .iter()
            .collect::<String>()
            .split('\n')
            .map(String::from),
    );
    lines.retain(|l| !l.is_empty());
    let original: Vec<&str> = article.split('\n').filter(|l| !l.is_empty()).collect();
    assert_eq!(lines, original);
}

/// Format 6: `removed/` keeps the text a filter or dedup took, to audit it, unless
/// `removed_text = false`.
#[test]
fn removed_documents_keep_their_text_unless_told_not_to() {
    let tmp = tempdir();
    let removed_texts = |out: &Path| -> Vec<(String, Value)> {
        let sampled = common::run_ok(
            bin()
                .arg("sample")
                .arg(out)
                .args(["--config", "removed", "--json", "-n", "100"]),
        );
        let rows: Value = serde_json::from_slice(&sampled.stdout)
            .unwrap_or_else(|e| panic!("sample --json: {e}"));
        let rows = rows["rows"].as_array().cloned().unwrap_or_default();
        rows.iter()
            .map(|r| {
                (
                    r["reason"].as_str().unwrap_or("").to_string(),
                    r["text"].clone(),
                )
            })
            .collect()
    };
    let out = tmp.path().join("ds");
    build(&[&fixtures()], &out, &["--min-chars", "200"]);
    let texts = removed_texts(&out);
    let text_of = |reason: &str| {
        texts
            .iter()
            .find(|(r, _)| r == reason)
            .map(|(_, t)| t.clone())
            .unwrap_or(Value::Null)
    };
    for reason in ["too_short", "duplicate", "near_duplicate"] {
        assert!(
            text_of(reason).as_str().is_some_and(|t| !t.is_empty()),
            "{reason}: {texts:?}"
        );
    }
    for reason in ["empty", "binary", "bad_json"] {
        assert_eq!(text_of(reason), Value::Null, "{reason}");
    }
    let config = tmp.path().join("lean.toml");
    let _ = std::fs::write(&config, "removed_text = false\n");
    let lean = tmp.path().join("lean");
    let config = config.to_str().unwrap_or_default();
    build(
        &[&fixtures()],
        &lean,
        &["--min-chars", "200", "--config", config],
    );
    assert!(removed_texts(&lean).iter().all(|(_, t)| t.is_null()));
}
