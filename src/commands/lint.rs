//! `apim lint`: every check of `apim check` plus the lint rules, configured by
//! `apim.toml`, with safe fixes and CI output formats. A service folder (APIOps layout)
//! is linted as a whole.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use apim_diagnostics::Severity;
use apim_diagnostics::render::GraphicalOptions;
use apim_lint::render::{FileReport, azure, github, human, json, sarif};
use apim_lint::service::{is_service_folder, lint_service};
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
    let (mut services, loose): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|path| is_service_folder(path));
    // A service folder inside a folder of policies (`policies/gateway`) is linted as a
    // service: its root policy.xml is the global scope, not a loose policy.
    let nested = nested_services(&loose);
    let (mut paths, errors) = files::collect(&loose);
    paths.retain(|path| !nested.iter().any(|service| path.starts_with(service)));
    services.extend(nested);
    let mut status = ExitStatus::Success;
    for error in &errors {
        eprintln!("error: {error}");
        status = ExitStatus::Error;
    }
    let mut reports = Vec::new();
    let mut diffs = String::new();
    let mut changed = 0;
    for root in &services {
        let (files, service_changed) = service(root, &config, args, &mut diffs, &mut status);
        changed += service_changed;
        reports.extend(files);
    }
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
                diffs.push_str(&apim_lint::fix::diff(&shown, &source, &text));
            } else if let Err(error) = std::fs::write(path, &text) {
                eprintln!("error: {}: {error}", path.display());
                status = ExitStatus::Error;
            }
        }
        reports.push(FileReport { path: shown, source: text, findings });
    }
    if args.diff {
        print!("{diffs}");
        let noun = if changed == 1 { "file" } else { "files" };
        eprintln!("{changed} {noun} would be fixed.");
        return if changed > 0 { status.max(ExitStatus::Failure) } else { status };
    }
    let errors = reports
        .iter()
        .flat_map(|report| &report.findings)
        .filter(|finding| finding.diagnostic.severity() == Severity::Error)
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

/// Lints a service folder; with `--fix`/`--diff` applies the safe fixes of its policies,
/// keeping them only when the service read again has no new error.
fn service(
    root: &Path,
    config: &Config,
    args: &LintArgs,
    diffs: &mut String,
    status: &mut ExitStatus,
) -> (Vec<FileReport>, usize) {
    let shown = files::display(root);
    let files = lint_service(root, &shown, config, args.strict);
    if !(args.fix || args.diff) {
        return (files.into_iter().map(|file| file.report).collect(), 0);
    }
    let mut edits = Vec::new();
    for file in files.iter().filter(|file| file.is_policy) {
        let (text, applied) = apim_lint::fix::apply(&file.report.source, &file.report.findings);
        if applied > 0 {
            edits.push((file.path.clone(), file.report.path.clone(), file.report.source.clone(), text));
        }
    }
    if args.diff {
        for (_, shown, before, after) in &edits {
            diffs.push_str(&apim_lint::fix::diff(shown, before, after));
        }
        return (files.into_iter().map(|file| file.report).collect(), edits.len());
    }
    let before = error_set(&files.iter().map(|file| &file.report).collect::<Vec<_>>());
    for (path, _, _, after) in &edits {
        if let Err(error) = std::fs::write(path, after) {
            eprintln!("error: {}: {error}", path.display());
            *status = ExitStatus::Error;
        }
    }
    let again = lint_service(root, &shown, config, args.strict);
    let after = error_set(&again.iter().map(|file| &file.report).collect::<Vec<_>>());
    if !after.is_subset(&before) {
        for (path, shown, original, _) in &edits {
            let _ = std::fs::write(path, original);
            eprintln!(
                "error: {shown}: a fix would introduce a new error; the file is left as it is (please report this bug)"
            );
        }
        return (files.into_iter().map(|file| file.report).collect(), 0);
    }
    (again.into_iter().map(|file| file.report).collect(), edits.len())
}

fn error_set(reports: &[&FileReport]) -> BTreeSet<String> {
    reports
        .iter()
        .flat_map(|report| report.findings.iter().map(move |finding| (report, finding)))
        .filter(|(_, finding)| finding.diagnostic.severity() == Severity::Error)
        .map(|(report, finding)| {
            format!("{} {} {}", report.path, finding.diagnostic.code().code, finding.diagnostic.message())
        })
        .collect()
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
        let is_new = |finding: &Finding| {
            finding.diagnostic.severity() == Severity::Error
                && !findings.iter().any(|before| {
                    before.diagnostic.code() == finding.diagnostic.code()
                        && before.diagnostic.message() == finding.diagnostic.message()
                })
        };
        if after.iter().any(is_new) {
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

/// The service folders below the given directories (not below another service folder).
fn nested_services(dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for dir in dirs.iter().filter(|dir| dir.is_dir()) {
        let mut walk = walkdir::WalkDir::new(dir).min_depth(1).into_iter();
        while let Some(entry) = walk.next() {
            let Ok(entry) = entry else { continue };
            if entry.file_type().is_dir() && is_service_folder(entry.path()) {
                found.push(entry.path().to_path_buf());
                walk.skip_current_dir();
            }
        }
    }
    found
}
