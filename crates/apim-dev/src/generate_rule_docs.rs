//! `cargo dev generate-rule-docs`: writes `docs/rules/<code>-<name>.md` for every rule of
//! the lint registry, and the index `docs/rules/README.md`.

use crate::codegen::{Mode, write_or_check};
use crate::workspace_root;

pub const COMMAND: &str = "cargo dev generate-rule-docs";
const DIR: &str = "docs/rules";

#[derive(clap::Args)]
pub struct Args {
    /// Write nothing; fail if a page on disk differs from what would be written.
    #[arg(long)]
    pub check: bool,
}

pub fn main(args: &Args) -> Result<(), String> {
    run(if args.check { Mode::Check } else { Mode::Write })
}

pub fn run(mode: Mode) -> Result<(), String> {
    let dir = workspace_root().join(DIR);
    if mode == Mode::Write {
        std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    }
    let files = apim_lint::docs::files();
    let mut problems = Vec::new();
    for (path, content) in &files {
        if let Err(problem) = write_or_check(path, content, COMMAND, mode) {
            problems.push(problem);
        }
    }
    // A page whose rule is gone is stale too.
    let expected: Vec<String> =
        files.iter().filter_map(|(path, _)| path.rsplit('/').next().map(str::to_owned)).collect();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".md") && !expected.contains(&name) {
            match mode {
                Mode::Check => problems.push(format!("{DIR}/{name} belongs to no rule; run `{COMMAND}`")),
                Mode::Write => {
                    std::fs::remove_file(entry.path()).map_err(|error| format!("cannot remove {name}: {error}"))?;
                    println!("removed {DIR}/{name}");
                }
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems.join("\n")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_docs_are_fresh() {
        if let Err(message) = run(Mode::Check) {
            panic!("{message}");
        }
    }
}
