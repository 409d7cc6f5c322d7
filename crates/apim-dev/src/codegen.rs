//! What every generator shares: the reference directory, rustfmt, and the write-or-check
//! step behind `--check`.

use std::io::{Read as _, Write as _};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::workspace_root;

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// `$APIM_REFERENCE`, else `../shared/reference` beside the workspace root.
pub fn default_reference_dir() -> PathBuf {
    std::env::var_os("APIM_REFERENCE").map_or_else(|| workspace_root().join("../shared/reference"), PathBuf::from)
}

/// Writes `source` to `output` (relative to the workspace root), or in check mode fails
/// naming `command` when the file differs.
pub fn write_or_check(output: &str, source: &str, command: &str, mode: Mode) -> Result<(), String> {
    let path = workspace_root().join(output);
    let current = std::fs::read_to_string(&path).ok();
    if current.as_deref() == Some(source) {
        if mode == Mode::Write {
            println!("{output} is up to date");
        }
        return Ok(());
    }
    match mode {
        Mode::Check => Err(format!("{output} is out of date; run `{command}`")),
        Mode::Write => {
            std::fs::write(&path, source).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            println!("wrote {output}");
            Ok(())
        }
    }
}

// ---------------------------------------------------------------------------------------
// Formatting.

/// Formats Rust source with rustfmt and the workspace `rustfmt.toml`, as `cargo fmt` does.
pub fn rustfmt(source: &str) -> Result<String, String> {
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let mut command = Command::new(&program);
    command.args(["--edition", "2024"]);
    let config = workspace_root().join("rustfmt.toml");
    if config.is_file() {
        command.arg("--config-path").arg(config);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot run {}: {error}", program.to_string_lossy()))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt: no stdin")?;
    let mut stdout = child.stdout.take().ok_or("rustfmt: no stdout")?;
    let mut formatted = String::new();
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || stdin.write_all(source.as_bytes()));
        let read = stdout.read_to_string(&mut formatted);
        let written = writer.join().unwrap_or_else(|_| Err(std::io::Error::other("writer panicked")));
        written.and(read)
    })
    .map_err(|error| format!("rustfmt: {error}"))?;
    let output = child.wait_with_output().map_err(|error| format!("rustfmt: {error}"))?;
    if !output.status.success() {
        return Err(format!("rustfmt failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr).trim()));
    }
    Ok(formatted)
}
