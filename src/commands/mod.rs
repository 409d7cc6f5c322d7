//! One file per command.

pub mod check;
pub mod eval;
pub mod export;
pub mod fmt;
pub mod lint;
pub mod long_running;
pub mod mock_llm;
pub mod rule;
pub mod run;
pub mod serve;
pub mod test;

use std::io::IsTerminal;

/// Whether human output to stdout should use colours.
pub fn use_color(flag: Option<bool>) -> bool {
    flag.unwrap_or_else(|| std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none())
}

/// Whether human output to stderr should use colours.
pub fn use_color_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}
