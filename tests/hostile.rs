//! Hostile input (`scripts/gen_hostile.py`): every case ends as a counted, reasoned record or a
//! skipped-file entry, and the run finishes. What each case must become is in its `expect.json`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

mod common;
use common::{manifest, rows};

/// id → outcome: `kept:<encoding>` for kept documents, the reason code for removed ones,
/// `skipped` for skipped files.
fn outcomes(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for r in rows(dir, "documents", &["id", "encoding"]) {
        out.insert(r.values[0].clone(), format!("kept:{}", r.values[1]));
    }
    for r in rows(dir, "removed", &["id", "reason"]) {
        out.insert(r.values[0].clone(), r.values[1].clone());
    }
    for s in manifest(dir)["inputs"]["skipped"]
        .as_array()
        .into_iter()
        .flatten()
    {
        out.insert(
            s["path"].as_str().unwrap_or_default().to_string(),
            "skipped".into(),
        );
    }
    out
}

#[test]
fn hostile_inputs_become_records_and_the_run_finishes() {
    let Ok(tmp) = tempfile::tempdir() else {
        panic!("tempdir")
    };
    let input = tmp.path().join("hostile");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/gen_hostile.py");
    let made = Command::new("python3").arg(&script).arg(&input).status();
    assert!(made.is_ok_and(|s| s.success()), "gen_hostile.py failed");
    let config = tmp.path().join("limits.toml");
    let _ = std::fs::write(
        &config,
        "[limits]\nmax_doc_bytes = 1048576\n[near_dup]\nenabled = false\n",
    );
    let out = tmp.path().join("ds");
    let run = Command::new(env!("CARGO_BIN_EXE_corpusmill"))
        .arg("build")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .arg("--config")
        .arg(&config)
        .arg("-q")
        .output();
    let Ok(run) = run else {
        panic!("cannot run corpusmill")
    };
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let verify = Command::new(env!("CARGO_BIN_EXE_corpusmill"))
        .arg("verify")
        .arg(&out)
        .output();
    assert!(
        verify.is_ok_and(|v| v.status.success()),
        "read = kept + removed must hold"
    );

    let got = outcomes(&out);
    let expect = expected(&input);
    let root = nix_is_root();
    for (case, want) in &expect {
        let have = got.get(case).cloned().unwrap_or_default();
        let ok = match want.as_str() {
            "links/*" | "skipped" if case.ends_with('*') => [
                "links/loop",
                "links/self",
                "links/escape",
                "links/escape-file.txt",
            ]
            .iter()
            .all(|l| got.get(*l).is_some_and(|o| o == "skipped")),
            "kept-some+unreadable" => {
                got.iter()
                    .any(|(id, o)| id.starts_with("gz") && o.starts_with("kept"))
                    && got
                        .iter()
                        .any(|(id, o)| id.starts_with(case.as_str()) && o == "unreadable")
            }
            "skipped-or-unreadable" => got.iter().any(|(id, o)| {
                id.starts_with(case.as_str()) && (o == "skipped" || o == "unreadable")
            }),
            "unreadable unless run as root" => {
                if root {
                    have.starts_with("kept")
                } else {
                    have == "unreadable"
                }
            }
            w if w.starts_with("kept") => have.starts_with(w),
            w => have == w,
        };
        assert!(ok, "{case}: expected {want}, got {have:?}");
    }
}

/// What `gen_hostile.py` says each case must become. A missing, unreadable or empty
/// `expect.json` fails the test: with no cases to check, it would pass whatever the build did.
fn expected(input: &Path) -> BTreeMap<String, String> {
    let path = input.join("expect.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let expect: BTreeMap<String, String> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(!expect.is_empty(), "{}: no cases", path.display());
    expect
}

/// Root reads files whatever their mode, so the permission case cannot fail for it.
fn nix_is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    #[cfg(unix)]
    return unsafe { libc::geteuid() } == 0;
    #[cfg(not(unix))]
    false
}
