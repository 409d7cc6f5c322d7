//! Reports: a line per case for people, JUnit XML for CI.

use crate::run::FileResult;

/// One line per case, failures with their details, and `N passed, N failed`.
#[must_use]
pub fn human(results: &[FileResult]) -> String {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for file in results {
        let path = file.path.display();
        if let Some(error) = &file.error {
            failed += 1;
            out.push_str(&format!("FAIL {path}: {error}\n"));
            continue;
        }
        for case in &file.cases {
            if case.passed() {
                passed += 1;
                out.push_str(&format!("ok   {path} :: {}\n", case.name));
            } else {
                failed += 1;
                out.push_str(&format!("FAIL {path} :: {}\n", case.name));
                for failure in &case.failures {
                    out.push_str(&format!("    {failure}\n"));
                }
            }
        }
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// JUnit XML: a testsuite per file, a testcase per case.
#[must_use]
pub fn junit(results: &[FileResult]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n");
    for file in results {
        let name = escape(&file.path.display().to_string());
        if let Some(error) = &file.error {
            out.push_str(&format!(
                "  <testsuite name=\"{name}\" tests=\"1\" failures=\"1\">\n    <testcase name=\"load\" classname=\"{name}\"><failure message=\"the test file does not load\">{}</failure></testcase>\n  </testsuite>\n",
                escape(error)
            ));
            continue;
        }
        let failures = file.cases.iter().filter(|c| !c.passed()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{name}\" tests=\"{}\" failures=\"{failures}\">\n",
            file.cases.len()
        ));
        for case in &file.cases {
            let case_name = escape(&case.name);
            if case.passed() {
                out.push_str(&format!("    <testcase name=\"{case_name}\" classname=\"{name}\"/>\n"));
            } else {
                let text = escape(&case.failures.join("\n"));
                out.push_str(&format!(
                    "    <testcase name=\"{case_name}\" classname=\"{name}\"><failure message=\"{}\">{text}</failure></testcase>\n",
                    escape(case.failures.first().map_or("", String::as_str).lines().next().unwrap_or(""))
                ));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
