//! `apim lint`: every check of `apim check` plus the lint rules, configured by
//! `apim.toml`, with safe fixes and CI output formats.

use std::path::{Path, PathBuf};

use apim_diagnostics::render::GraphicalOptions;
use apim_diagnostics::{Severity, has_errors};
use apim_lint::render::{FileReport, azure, github, human, json, sarif};
use apim_lint::{Config, Finding, Settings};

use crate::args::{LintArgs, LintFormat};
use crate::exit::ExitStatus;
use crate::files;

/// Fixes can enable others (a renamed policy, then its attribute): a few passes at most.
const FIX_PASSES: usize = 4;

pub fn run(args: &LintArgs) -> ExitStatus {
    let config = match load_config(args.config.as_deref()) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitStatus::Error;
        }
    };
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let (paths, errors) = files::collect(&paths);
    let mut status = ExitStatus::Success;
    for error in &errors {
        eprintln!("error: {error}");
        status = ExitStatus::Error;
    }
    let mut reports = Vec::new();
    let mut changed = 0;
    for path in &paths {
        let source = match files::read(path) {
            Ok(source) => source,
            Err(error) => {
                eprintln!("error: {error}");
                status = ExitStatus::Error;
                continue;
            }
        };
        let mut settings = config.settings_for(path);
        settings.strict |= args.strict;
        let shown = files::display(path);
        let (text, findings) = if args.fix || args.diff {
            fix(&shown, &source, &settings)
        } else {
            (source.clone(), apim_lint::lint(&source, &settings))
        };
        if text != source {
            changed += 1;
            if args.diff {
                print!("{}", apim_lint::fix::diff(&shown, &source, &text));
                continue;
            }
            if let Err(error) = std::fs::write(path, &text) {
                eprintln!("error: {}: {error}", path.display());
                status = ExitStatus::Error;
            }
        }
        if args.diff {
            continue;
        }
        reports.push(FileReport { path: shown, source: text, findings });
    }
    if args.diff {
        let noun = if changed == 1 { "file" } else { "files" };
        eprintln!("{changed} {noun} would be fixed.");
        return if changed > 0 { status.max(ExitStatus::Failure) } else { status };
    }
    let errors = reports
        .iter()
        .flat_map(|report| &report.findings)
        .filter(|f| f.diagnostic.severity() == Severity::Error)
        .count();
    let output = match args.format {
        LintFormat::Human => {
            let options = GraphicalOptions { color: super::use_color(args.color), ..GraphicalOptions::default() };
            let mut text = human(&reports, options);
            if args.fix {
                text.push_str(&format!("Fixed {changed} file(s).\n"));
            }
            text
        }
        LintFormat::Json => json(&reports),
        LintFormat::Sarif => sarif(&reports, env!("CARGO_PKG_VERSION")),
        LintFormat::Github => github(&reports),
        LintFormat::Azure => azure(&reports),
    };
    print!("{output}");
    if errors > 0 { status.max(ExitStatus::Failure) } else { status }
}

fn load_config(explicit: Option<&Path>) -> Result<Config, apim_lint::ConfigError> {
    if let Some(path) = explicit {
        return Config::load(path);
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    match Config::discover(&cwd) {
        Some(path) => Config::load(&path),
        None => Ok(Config::default()),
    }
}

/// Applies safe fixes until none is left, keeping a pass only when the result has no
/// error the previous text did not have. Returns the text and its findings.
fn fix(shown: &str, source: &str, settings: &Settings) -> (String, Vec<Finding>) {
    let mut text = source.to_owned();
    let mut findings = apim_lint::lint(&text, settings);
    for _ in 0..FIX_PASSES {
        let (fixed, applied) = apim_lint::fix::apply(&text, &findings);
        if applied == 0 {
            break;
        }
        let after = apim_lint::lint(&fixed, settings);
        let is_new = |finding: &&Finding| {
            finding.diagnostic.severity() == Severity::Error
                && !findings.iter().any(|before| {
                    before.diagnostic.code() == finding.diagnostic.code()
                        && before.diagnostic.message() == finding.diagnostic.message()
                })
        };
        if has_errors(&after.iter().map(|f| f.diagnostic.clone()).collect::<Vec<_>>())
            && after.iter().any(|f| is_new(&f))
        {
            eprintln!(
                "error: {shown}: a fix would introduce a new error; the file is left as it is (please report this bug)"
            );
            break;
        }
        text = fixed;
        findings = after;
    }
    (text, findings)
}
