//! Human output: the miette renderer `apim check` uses, then a summary line.

use apim_diagnostics::Severity;
use apim_diagnostics::render::{GraphicalOptions, graphical};

use super::FileReport;

#[must_use]
pub fn human(files: &[FileReport], options: GraphicalOptions) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos, mut fixable) = (0, 0, 0, 0);
    for file in files {
        out.push_str(&file.with_file(|file| graphical(file, options)));
        for finding in &file.findings {
            match finding.diagnostic.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            fixable += usize::from(finding.fix.is_some());
        }
    }
    let noun = if files.len() == 1 { "file" } else { "files" };
    if errors + warnings + infos == 0 {
        out.push_str(&format!("Linted {} {noun}: no problems found.\n", files.len()));
    } else {
        out.push_str(&format!(
            "Linted {} {noun}: {errors} error(s), {warnings} warning(s), {infos} info(s)",
            files.len()
        ));
        if fixable > 0 {
            out.push_str(&format!("; {fixable} fixable with `apim lint --fix`"));
        }
        out.push_str(".\n");
    }
    out
}
