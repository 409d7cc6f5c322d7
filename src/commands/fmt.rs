//! `apim fmt`: canonical, lossless formatting.

use std::io::{Read, Write};
use std::path::Path;

use apim_diagnostics::FileDiagnostics;
use apim_diagnostics::render::{GraphicalOptions, graphical};
use apim_syntax::FormatError;

use crate::args::FmtArgs;
use crate::exit::ExitStatus;
use crate::files;

pub fn run(args: &FmtArgs) -> ExitStatus {
    let stdin_given = args.paths.iter().any(|path| path == Path::new("-"));
    if stdin_given && args.paths.len() > 1 {
        eprintln!("error: `-` (standard input) cannot be combined with file paths");
        return ExitStatus::Error;
    }
    if stdin_given {
        return stdin(args.check);
    }
    let (paths, errors) = files::collect(&args.paths);
    let mut status = ExitStatus::Success;
    for error in &errors {
        eprintln!("error: {error}");
        status = ExitStatus::Error;
    }
    let (mut changed, mut unchanged, mut skipped) = (0, 0, 0);
    for path in &paths {
        let shown = files::display(path);
        let source = match files::read(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("error: {error}");
                status = ExitStatus::Error;
                continue;
            }
        };
        let formatted = match apim_syntax::format(&source) {
            Ok(formatted) => formatted,
            Err(error) => {
                status = status.max(report(&shown, &source, &error));
                skipped += 1;
                continue;
            }
        };
        if formatted == source {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.check {
            println!("Would reformat: {shown}");
            status = status.max(ExitStatus::Failure);
        } else if let Err(error) = std::fs::write(path, &formatted) {
            eprintln!("error: {shown}: {error}");
            status = ExitStatus::Error;
        }
    }
    let verb = if args.check { "would be reformatted" } else { "reformatted" };
    let mut summary = format!("{changed} file(s) {verb}, {unchanged} file(s) already formatted");
    if skipped > 0 {
        summary.push_str(&format!(", {skipped} file(s) not formatted because of errors"));
    }
    eprintln!("{summary}");
    status
}

fn stdin(check: bool) -> ExitStatus {
    let mut source = String::new();
    if let Err(error) = std::io::stdin().read_to_string(&mut source) {
        eprintln!("error: <stdin>: {error}");
        return ExitStatus::Error;
    }
    match apim_syntax::format(&source) {
        Ok(formatted) if check => {
            if formatted == source {
                ExitStatus::Success
            } else {
                println!("Would reformat: <stdin>");
                ExitStatus::Failure
            }
        }
        Ok(formatted) => {
            let _ = std::io::stdout().write_all(formatted.as_bytes());
            ExitStatus::Success
        }
        Err(error) => report("<stdin>", &source, &error),
    }
}

/// Reports why a file was not formatted; it is left untouched.
fn report(shown: &str, source: &str, error: &FormatError) -> ExitStatus {
    match error {
        FormatError::Syntax(diagnostics) => {
            let file = FileDiagnostics { path: shown, source, diagnostics };
            eprint!(
                "{}",
                graphical(&file, GraphicalOptions { color: super::use_color_stderr(), ..GraphicalOptions::default() })
            );
            eprintln!("{shown}: not formatted: fix the syntax errors above first");
            ExitStatus::Failure
        }
        FormatError::NotLossless(message) => {
            eprintln!(
                "error: {shown}: not formatted, because formatting would change its content ({message}). This is a bug in apim; please report it."
            );
            ExitStatus::Error
        }
    }
}
