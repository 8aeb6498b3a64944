//! The reliability summary at the end of `cargo xtask test`: counts that the tests which
//! inject faults wrote, added up and printed, never typed in here.
//!
//! A test that injects faults writes lines `name: N` (for example `double charges: 0`,
//! `lost payments: 0`, `faults injected: 12`) to a file of its own in
//! `target/reliability/` (server tests: `<workspace>/target/reliability/<test>.txt`; the
//! browser tests: `target/reliability/e2e.txt`). The directory is emptied when the test
//! command starts, so only this run's files count. [`summary`] adds up each name over all
//! files; the test command fails when a count that must be zero is not, or when a required
//! count was written by no test at all (a fault test that no longer runs would otherwise
//! pass silently).

use std::collections::BTreeMap;
use std::path::Path;

/// Where the fault tests write their counts, relative to the workspace root.
pub const DIR: &str = "target/reliability";

/// Counts that must be written by some test, and must add up to zero.
pub const MUST_BE_ZERO: [&str; 2] = ["double charges", "lost payments"];

/// Empties [`DIR`] (creating it), before the tests run.
pub fn reset(root: &Path) -> Result<(), String> {
    let dir = root.join(DIR);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Adds up the `name: N` lines of every file in `dir`; other lines are ignored.
pub fn read(dir: &Path) -> Result<BTreeMap<String, u64>, String> {
    let mut totals = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(totals);
    };
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path())
            .map_err(|e| format!("cannot read {}: {e}", entry.path().display()))?;
        for line in text.lines() {
            if let Some((name, value)) = line.rsplit_once(':') {
                if let Ok(n) = value.trim().parse::<u64>() {
                    *totals.entry(name.trim().to_string()).or_insert(0) += n;
                }
            }
        }
    }
    Ok(totals)
}

/// Prints the summary of `root`'s [`DIR`] and fails on a non-zero or missing
/// [`MUST_BE_ZERO`] count.
pub fn summary(root: &Path) -> Result<(), String> {
    let totals = read(&root.join(DIR))?;
    eprintln!("\nreliability summary (counted by the tests that inject the faults):");
    for (name, n) in &totals {
        eprintln!("  {name}: {n}");
    }
    let mut problems = Vec::new();
    for name in MUST_BE_ZERO {
        match totals.get(name) {
            None => problems.push(format!("no test reported `{name}`")),
            Some(0) => {}
            Some(n) => problems.push(format!("{name}: {n}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("reliability: {}", problems.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_over_files_and_missing_or_non_zero_fail() {
        let root = std::env::temp_dir().join(format!("reliability-{}", std::process::id()));
        reset(&root).unwrap();
        let dir = root.join(DIR);
        std::fs::write(
            dir.join("a.txt"),
            "double charges: 0\nlost payments: 0\nfaults injected: 3\n",
        )
        .unwrap();
        std::fs::write(dir.join("b.txt"), "faults injected: 2\nnoise line\n").unwrap();
        let totals = read(&dir).unwrap();
        assert_eq!(totals["faults injected"], 5);
        assert!(summary(&root).is_ok());
        std::fs::write(dir.join("c.txt"), "double charges: 1\n").unwrap();
        assert!(summary(&root).unwrap_err().contains("double charges: 1"));
        reset(&root).unwrap();
        assert!(summary(&root).unwrap_err().contains("no test reported"));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
