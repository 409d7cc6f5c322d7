//! `apim check`: read, lower and validate policy files.

use apim_diagnostics::render::{GraphicalOptions, graphical, json_objects};
use apim_diagnostics::{FileDiagnostics, Severity};
use apim_ir::LowerOptions;

use crate::args::{CheckArgs, OutputFormat};
use crate::exit::ExitStatus;
use crate::files;

pub fn run(args: &CheckArgs) -> ExitStatus {
    let (paths, errors) = files::collect(&args.paths);
    let mut status = ExitStatus::Success;
    for error in &errors {
        eprintln!("error: {error}");
        status = ExitStatus::Error;
    }
    let options = LowerOptions { strict_placeholders: args.strict };
    let graphical_options = GraphicalOptions { color: super::use_color(args.color), ..GraphicalOptions::default() };
    let mut json = Vec::new();
    let (mut error_count, mut warning_count, mut unreadable) = (0, 0, 0);
    for path in &paths {
        let source = match files::read(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("error: {error}");
                status = ExitStatus::Error;
                unreadable += 1;
                continue;
            }
        };
        let lowered = apim_ir::read(&source, options);
        let shown = files::display(path);
        let file = FileDiagnostics { path: &shown, source: &source, diagnostics: &lowered.diagnostics };
        for diagnostic in &lowered.diagnostics {
            match diagnostic.severity() {
                Severity::Error => error_count += 1,
                Severity::Warning => warning_count += 1,
                Severity::Info => {}
            }
        }
        match args.format {
            OutputFormat::Human => print!("{}", graphical(&file, graphical_options)),
            OutputFormat::Json => json.extend(json_objects(&file)),
        }
    }
    if error_count > 0 {
        status = status.max(ExitStatus::Failure);
    }
    match args.format {
        OutputFormat::Json => {
            println!("{}", serde_json::to_string_pretty(&json).unwrap_or_else(|_| "[]".to_owned()));
        }
        OutputFormat::Human => {
            let files = paths.len() - unreadable;
            let noun = if files == 1 { "file" } else { "files" };
            let missing = unreadable + errors.len();
            let summary = if missing > 0 {
                format!(
                    "Could not read {missing} path(s) (see above); checked {files} {noun}: {error_count} error(s), {warning_count} warning(s)"
                )
            } else if error_count + warning_count == 0 {
                format!("Checked {files} {noun}: no problems found")
            } else {
                format!("Checked {files} {noun}: {error_count} error(s), {warning_count} warning(s)")
            };
            println!("{summary}.");
        }
    }
    status
}
