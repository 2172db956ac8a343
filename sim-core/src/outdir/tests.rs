//! The output directory's rules: one run's files at a time, whole files by rename,
//! whole blocks by one append, and a directory removed mid-run written again.

use super::*;
use crate::{Simulation, SystemBuilder};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh path under the temp dir (not created).
fn temp_dir(tag: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "sim-core-outdir-{tag}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn start_removes_every_file_of_a_previous_run_and_nothing_else() {
    let dir = temp_dir("start");
    fs::create_dir_all(&dir).unwrap();
    for name in RUN_FILES {
        fs::write(dir.join(name), "old run").unwrap();
        fs::write(temp_path(&dir.join(name)), "old temporary").unwrap();
    }
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    fs::create_dir(dir.join("cpt.1")).unwrap();

    let out = OutDir::start(&dir).unwrap();
    assert_eq!(names_in(&dir), ["cpt.1", "notes.txt"]);
    assert!(matches!(out.state(), DirState::Ready));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn whole_files_are_replaced_by_rename_and_leave_no_temporary() {
    let dir = temp_dir("whole");
    let out = OutDir::start(&dir).unwrap();
    out.write_whole("config.ini", b"first").unwrap();
    out.write_whole("config.ini", b"second").unwrap();
    assert_eq!(fs::read(dir.join("config.ini")).unwrap(), b"second");
    assert_eq!(names_in(&dir), ["config.ini"]);

    // A failed replacement (the name is taken by a directory) keeps nothing
    // half-written and names the file.
    fs::create_dir(dir.join("config.json")).unwrap();
    let err = out.write_whole("config.json", b"x").unwrap_err();
    assert!(err.to_string().contains("config.json"), "{err}");
    assert_eq!(names_in(&dir), ["config.ini", "config.json"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_full_disk_is_an_error_naming_the_file() {
    let err = append_whole(Path::new("/dev/full"), b"block\n").unwrap_err();
    assert_eq!(err.raw_os_error(), None, "the path is added to the message");
    let text = err.to_string();
    assert!(
        text.starts_with("/dev/full: ") && text.contains("No space left"),
        "{text}"
    );
}

#[test]
fn appended_blocks_follow_each_other_whole() {
    let dir = temp_dir("append");
    let out = OutDir::start(&dir).unwrap();
    out.append("stats.txt", b"one\n").unwrap();
    out.append("stats.txt", b"two\n").unwrap();
    assert_eq!(fs::read(dir.join("stats.txt")).unwrap(), b"one\ntwo\n");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn rewrite_with_starts_from_a_copy_and_keeps_the_old_file_on_error() {
    let dir = temp_dir("rewrite");
    let out = OutDir::start(&dir).unwrap();
    out.write_whole("stats.h5", b"dump0").unwrap();
    out.rewrite_with("stats.h5", true, |temp| {
        let mut f = OpenOptions::new().append(true).open(temp)?;
        f.write_all(b"+dump1")
    })
    .unwrap();
    assert_eq!(fs::read(dir.join("stats.h5")).unwrap(), b"dump0+dump1");
    let err = out
        .rewrite_with("stats.h5", true, |temp| {
            fs::write(temp, b"garbage")?;
            Err(io::Error::other("library failed"))
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: library failed", dir.join("stats.h5").display())
    );
    assert_eq!(fs::read(dir.join("stats.h5")).unwrap(), b"dump0+dump1");
    assert_eq!(names_in(&dir), ["stats.h5"]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn state_notices_a_removed_or_replaced_directory() {
    let dir = temp_dir("state");
    let out = OutDir::start(&dir).unwrap();
    assert!(matches!(out.state(), DirState::Ready));
    fs::remove_dir_all(&dir).unwrap();
    assert!(matches!(out.state(), DirState::Gone));
    // Replaced by another directory of the same name: not the one the run set up.
    fs::create_dir(&dir).unwrap();
    assert!(matches!(out.state(), DirState::Gone));
    fs::remove_dir(&dir).unwrap();
    fs::write(&dir, "a file").unwrap();
    assert!(matches!(out.state(), DirState::Gone));
    fs::remove_file(&dir).unwrap();
}

#[test]
fn state_notices_a_directory_that_is_no_longer_writable() {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        eprintln!("skipped: permissions do not restrict root");
        return;
    }
    let dir = temp_dir("perm");
    let out = OutDir::start(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o500)).unwrap();
    let state = out.state();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).unwrap();
    assert!(matches!(state, DirState::Unwritable(_)), "{state:?}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_simulation_replaces_the_previous_runs_files_together() {
    let dir = temp_dir("sim-start");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("stats.json"), "[{\"stale\": true}]").unwrap();
    fs::write(dir.join("stats.h5"), "stale").unwrap();
    fs::write(dir.join("stats.txt"), "stale block").unwrap();
    fs::write(dir.join("config.dot"), "stale").unwrap();
    let mut sim = Simulation::new(SystemBuilder::new().build().unwrap(), &dir).unwrap();
    assert_eq!(names_in(&dir), ["stats.txt"]);
    assert_eq!(fs::read(dir.join("stats.txt")).unwrap(), b"");
    sim.write_config().unwrap();
    assert_eq!(
        names_in(&dir),
        ["config.dot", "config.ini", "config.json", "stats.txt"]
    );
    sim.dump_stats().unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("stats.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(1));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_directory_removed_mid_run_is_written_again_with_everything_so_far() {
    let dir = temp_dir("sim-removed");
    let mut sim = Simulation::new(SystemBuilder::new().build().unwrap(), &dir).unwrap();
    sim.write_config().unwrap();
    sim.dump_stats().unwrap();
    let first_text = fs::read(dir.join("stats.txt")).unwrap();
    let ini = fs::read(dir.join("config.ini")).unwrap();
    fs::remove_dir_all(&dir).unwrap();

    sim.check_outdir().unwrap();
    assert_eq!(fs::read(dir.join("stats.txt")).unwrap(), first_text);
    assert_eq!(fs::read(dir.join("config.ini")).unwrap(), ini);
    assert!(dir.join("config.json").is_file() && dir.join("config.dot").is_file());

    // A dump notices by itself, without an explicit check first.
    fs::remove_dir_all(&dir).unwrap();
    sim.dump_stats().unwrap();
    let text = String::from_utf8(fs::read(dir.join("stats.txt")).unwrap()).unwrap();
    assert!(text.starts_with(std::str::from_utf8(&first_text).unwrap()));
    assert_eq!(text.matches(crate::stats::END_BANNER).count(), 2, "{text}");
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(dir.join("stats.json")).unwrap()).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_directory_that_cannot_be_created_again_stops_the_run_with_a_clear_error() {
    let parent = temp_dir("sim-parent");
    let dir = parent.join("m5out");
    let mut sim = Simulation::new(SystemBuilder::new().build().unwrap(), &dir).unwrap();
    fs::remove_dir_all(&parent).unwrap();
    // The parent's name is now a file: the directory cannot be created again.
    fs::write(&parent, "in the way").unwrap();
    let err = sim.dump_stats().unwrap_err().to_string();
    fs::remove_file(&parent).unwrap();
    assert!(
        err.starts_with(&format!(
            "output directory {} was removed during the run and cannot be created again: ",
            dir.display()
        )),
        "{err}"
    );
}

#[test]
fn an_output_path_that_is_a_file_is_refused_clearly() {
    let path = temp_dir("file");
    fs::write(&path, "not a directory").unwrap();
    let err = OutDir::start(&path).unwrap_err().to_string();
    fs::remove_file(&path).unwrap();
    assert_eq!(
        err,
        format!("{}: exists and is not a directory", path.display())
    );
}
