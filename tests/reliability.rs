//! Interruptions, locks and hostile input: the run must finish (or stop cleanly), account for
//! every document, and never leave a dataset folder that looks complete but is not.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{bin, run, run_ok, snapshot, tempdir};

fn spawn(cmd: &mut Command) -> Child {
    match cmd.stdout(Stdio::null()).stderr(Stdio::piped()).spawn() {
        Ok(child) => child,
        Err(e) => panic!("cannot start corpusmill: {e}"),
    }
}

const WORDS: [&str; 24] = [
    "Қазақстан",
    "жаңа",
    "мектеп",
    "ашылды",
    "облыс",
    "әкімдігі",
    "жыл",
    "сайын",
    "тұрғындар",
    "құрылыс",
    "жұмыстары",
    "басталды",
    "город",
    "новый",
    "мост",
    "открыли",
    "жители",
    "строительство",
    "дорога",
    "бюджет",
    "министр",
    "заявил",
    "өзен",
    "көпір",
];

/// A deterministic corpus of `n` small articles (about 1 KB each), some of them duplicated.
fn write_corpus(dir: &Path, n: usize) {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for i in 0..n {
        let sub = dir.join(format!("site{}", i % 7));
        let _ = std::fs::create_dir_all(&sub);
        let mut text = format!("Жаңалық нөмір {i}\n\n");
        for _ in 0..8 {
            let sentence: Vec<&str> = (0..14).map(|_| WORDS[(next() % 24) as usize]).collect();
            text.push_str(&sentence.join(" "));
            text.push_str(". ");
        }
        if i % 50 == 7 {
            text = format!("Жаңалық нөмір {}\n\n", i - 1);
        }
        let _ = std::fs::write(sub.join(format!("{i:05}.txt")), text);
    }
}

fn build_cmd(input: &Path, out: &Path) -> Command {
    let mut cmd = bin();
    cmd.arg("build")
        .arg(input)
        .arg("--out")
        .arg(out)
        .args(["-q", "--overwrite", "--threads", "2"]);
    cmd
}

fn verify_ok(dir: &Path) -> bool {
    run(bin().arg("verify").arg(dir)).status.success()
}

/// A build of `n` documents and how long it took.
fn reference(input: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    run_ok(&mut build_cmd(input, out));
    started.elapsed()
}

#[test]
fn kill_9_at_random_points_leaves_old_or_complete_dataset_and_resume_matches() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    write_corpus(&input, 700);
    let reference_dir = tmp.path().join("reference");
    let took = reference(&input, &reference_dir);
    let expected = snapshot(&reference_dir);
    let out = tmp.path().join("out");
    // Spread the kills over the whole run, deterministically.
    for k in 1..=4u32 {
        let delay = took.mul_f64(f64::from(k) / 4.5);
        let mut child = spawn(&mut build_cmd(&input, &out));
        std::thread::sleep(delay);
        let _ = child.kill();
        let _ = child.wait();
        if out.exists() {
            assert!(
                verify_ok(&out),
                "kill after {delay:?} left an unverifiable dataset"
            );
            assert_eq!(
                snapshot(&out),
                expected,
                "kill after {delay:?}: a dataset other than the complete one"
            );
        }
        run_ok(build_cmd(&input, &out).arg("--resume"));
        assert_eq!(
            snapshot(&out),
            expected,
            "resume after a kill at {delay:?} differs"
        );
        let _ = std::fs::remove_dir_all(&out);
    }
    let leftovers: Vec<PathBuf> = std::fs::read_dir(tmp.path())
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.to_string_lossy().contains("corpusmill-tmp")
                || p.to_string_lossy().contains("checkpoint")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn sigint_stops_cleanly_and_leaves_the_old_dataset() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    write_corpus(&input, 700);
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).unwrap_or_default();
    std::fs::write(out.join("old.txt"), "previous dataset").unwrap_or_default();
    let took = {
        let probe = tmp.path().join("probe");
        reference(&input, &probe)
    };
    let mut child = spawn(&mut build_cmd(&input, &out));
    std::thread::sleep(took / 3);
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let status = child.wait().ok().and_then(|s| s.code());
    assert_eq!(status, Some(130), "interrupted build exits with 130");
    assert_eq!(
        std::fs::read_to_string(out.join("old.txt")).unwrap_or_default(),
        "previous dataset"
    );
    assert!(
        !tmp.path().join(".out.corpusmill-tmp").exists(),
        "temporary folder removed"
    );
}

#[test]
fn a_second_build_into_the_same_folder_is_refused_while_one_runs() {
    // The test holds the folder's lock the way a running build does: timing a real first build
    // against the second raced once builds became fast enough to finish first.
    let tmp = tempdir();
    let input = tmp.path().join("in");
    write_corpus(&input, 50);
    let out = tmp.path().join("out");
    let lock_path = tmp.path().join(".out.corpusmill-lock");
    let lock = std::fs::File::create(&lock_path).expect("lock file");
    lock.try_lock().expect("lock taken");
    let second = run(&mut build_cmd(&input, &out));
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("another corpusmill build"), "{err}");
    assert!(!out.exists(), "the refused build wrote nothing");
    drop(lock);
    run_ok(&mut build_cmd(&input, &out));
    assert!(
        verify_ok(&out),
        "a build after the lock is released runs normally"
    );
}

/// Unmounts the tiny file system when the test ends, whatever happens.
#[cfg(target_os = "linux")]
struct Mount(PathBuf);

#[cfg(target_os = "linux")]
impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Needs a file system that fills up: a 96 KiB tmpfs, which only root can mount. Ignored so that
/// a run that cannot mount shows it as ignored rather than passing; `scripts/test` runs it when
/// it runs as root (as CI does), and then a failed mount is a failure.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "mounts a tmpfs: needs root (scripts/test runs it as root, as in CI)"]
fn full_disk_is_reported_with_the_path_and_leaves_no_dataset() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    write_corpus(&input, 700);
    let disk = tmp.path().join("disk");
    std::fs::create_dir_all(&disk).unwrap_or_default();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=96k", "tmpfs"])
        .arg(&disk)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        mounted,
        "cannot mount a tmpfs on {}: run as root with mount permission, or leave this test ignored",
        disk.display()
    );
    let _mount = Mount(disk.clone());
    let out = disk.join("ds");
    let output = run(&mut build_cmd(&input, &out));
    assert_eq!(
        output.status.code(),
        Some(1),
        "a full disk is a failure of the run"
    );
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(&disk.display().to_string()),
        "names the path: {err}"
    );
    assert!(err.contains("No space left on device"), "{err}");
    assert!(!out.exists(), "no partial dataset");
    let left: Vec<_> = std::fs::read_dir(&disk)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| {
            // The lock and the resume checkpoints stay by design; the partial dataset must not.
            let n = n.to_string_lossy();
            !n.ends_with("corpusmill-lock") && !n.ends_with("corpusmill-checkpoint")
        })
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
