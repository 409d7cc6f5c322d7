//! End-to-end tests of the `apim` binary: exit codes, what is printed on stdout and
//! stderr, and diagnostic codes with their line and column, as a user sees them.
//!
//! Committed fixtures live in `fixtures/check/` and `fixtures/fmt/`; tests that modify
//! files work on copies in temporary directories.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// A command running the `apim` binary built for this test.
fn apim() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apim"));
    // Human output must not depend on the environment of whoever runs the tests.
    command.env_remove("NO_COLOR").env_remove("CLICOLOR").env_remove("CLICOLOR_FORCE");
    command
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn check_fixture(name: &str) -> PathBuf {
    fixtures().join("check").join(name)
}

fn fmt_fixture(name: &str) -> PathBuf {
    fixtures().join("fmt").join(name)
}

/// What one run of `apim` produced.
#[derive(Debug)]
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `command` with `stdin` as its standard input.
fn run_with_stdin(command: &mut Command, stdin: &[u8]) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the apim binary starts");
    child.stdin.take().expect("stdin is piped").write_all(stdin).expect("stdin is written");
    let output = child.wait_with_output().expect("apim runs to the end");
    Run {
        code: output.status.code().unwrap_or_else(|| panic!("apim was killed: {:?}", output.status)),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run(command: &mut Command) -> Run {
    run_with_stdin(command, b"")
}

/// `apim check --format json PATH...`: the exit code and the diagnostics.
fn check_json(paths: &[&Path]) -> (Run, Vec<Value>) {
    let run = run(apim().args(["check", "--format", "json"]).args(paths));
    let diagnostics: Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}", run.stdout));
    let Value::Array(diagnostics) = diagnostics else { panic!("stdout is a JSON array: {}", run.stdout) };
    (run, diagnostics)
}

/// `(code, line, column)` of each diagnostic, in output order.
fn positions(diagnostics: &[Value]) -> Vec<(String, u64, u64)> {
    diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().expect("code is a string").to_owned(),
                diagnostic["line"].as_u64().expect("line is a number"),
                diagnostic["column"].as_u64().expect("column is a number"),
            )
        })
        .collect()
}

fn at(code: &str, line: u64, column: u64) -> (String, u64, u64) {
    (code.to_owned(), line, column)
}

mod check {
    use super::*;

    #[test]
    fn clean_file_exits_0_and_says_no_problems() {
        let run = run(apim().arg("check").arg(check_fixture("clean.xml")));
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("Checked 1 file: no problems found."), "{run:?}");
        assert_eq!(run.stderr, "");
    }

    #[test]
    fn clean_file_json_is_an_empty_array() {
        let (run, diagnostics) = check_json(&[&check_fixture("clean.xml")]);
        assert_eq!(run.code, 0, "{run:?}");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
    }

    #[test]
    fn unknown_policy_is_p210_at_the_element_name() {
        let (run, diagnostics) = check_json(&[&check_fixture("unknown-policy.xml")]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(positions(&diagnostics), [at("P210", 4, 10)]);
        let diagnostic = &diagnostics[0];
        assert_eq!(diagnostic["name"], "unknown-policy");
        assert_eq!(diagnostic["severity"], "error");
        assert_eq!(diagnostic["end_line"], 4);
        assert_eq!(diagnostic["end_column"], 21, "the span covers `set-heather`");
        assert!(diagnostic["message"].as_str().unwrap().contains("`<set-heather>`"), "{diagnostic}");
        assert!(diagnostic["file"].as_str().unwrap().ends_with("unknown-policy.xml"), "{diagnostic}");
    }

    #[test]
    fn json_objects_have_exactly_the_documented_keys() {
        let (_, diagnostics) = check_json(&[&check_fixture("unknown-policy.xml")]);
        let Value::Object(object) = &diagnostics[0] else { panic!("an object: {}", diagnostics[0]) };
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["code", "column", "end_column", "end_line", "file", "help", "line", "message", "name", "severity"]
        );
    }

    #[test]
    fn misspelt_attribute_is_p220_with_did_you_mean() {
        let (run, diagnostics) = check_json(&[&check_fixture("attribute-typo.xml")]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(positions(&diagnostics), [at("P220", 4, 34)]);
        assert_eq!(diagnostics[0]["name"], "unknown-attribute");
        let help = diagnostics[0]["help"].as_str().expect("P220 has help");
        assert!(help.contains("did you mean") && help.contains("`exists-action`"), "{help}");
    }

    #[test]
    fn missing_path_exits_2_with_an_error_on_stderr() {
        let missing = check_fixture("does-not-exist.xml");
        let run = run(apim().arg("check").arg(&missing));
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("error:"), "{run:?}");
        assert!(run.stderr.contains("does-not-exist.xml"), "{run:?}");
    }

    #[test]
    fn missing_path_still_checks_the_other_paths() {
        let (run, diagnostics) =
            check_json(&[&check_fixture("does-not-exist.xml"), &check_fixture("unknown-policy.xml")]);
        assert_eq!(run.code, 2, "a tool failure outranks findings: {run:?}");
        assert_eq!(positions(&diagnostics), [at("P210", 4, 10)]);
        assert!(run.stderr.contains("does-not-exist.xml"), "{run:?}");
    }

    #[test]
    fn non_utf8_file_exits_2_and_says_so() {
        let run = run(apim().arg("check").arg(check_fixture("not-utf8.xml")));
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("not-utf8.xml"), "{run:?}");
        assert!(run.stderr.contains("not UTF-8"), "{run:?}");
    }

    /// A file that cannot be read is not counted as checked and clean.
    #[test]
    fn unreadable_file_is_not_reported_as_clean() {
        let run = run(apim().arg("check").arg(check_fixture("not-utf8.xml")));
        assert_eq!(run.code, 2, "{run:?}");
        assert!(!run.stdout.contains("no problems found"), "{run:?}");
    }

    #[test]
    fn directory_is_searched_recursively_for_xml_files_in_sorted_order() {
        let directory = check_fixture("directory");
        let (run, diagnostics) = check_json(&[&directory]);
        assert_eq!(run.code, 0, "warnings only: {run:?}");
        let files: Vec<String> = diagnostics
            .iter()
            .map(|diagnostic| diagnostic["file"].as_str().unwrap().replace('\\', "/"))
            .map(|file| file.rsplit_once("directory/").map(|(_, rest)| rest.to_owned()).unwrap_or(file))
            .collect();
        assert_eq!(files, ["a/inbound-snippet.xml", "b-outbound-snippet.xml", "c-backend-snippet.xml"]);
        assert!(diagnostics.iter().all(|diagnostic| diagnostic["code"] == "P202"), "{diagnostics:?}");

        let run = super::run(apim().args(["check", "--color", "false"]).arg(&directory));
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("Checked 3 files: 0 error(s), 3 warning(s)."), "{run:?}");
        assert!(!run.stdout.contains("notes.txt") && !run.stderr.contains("notes.txt"), "{run:?}");
    }

    #[test]
    fn bare_inbound_snippet_is_warning_p202_and_exits_0() {
        let (run, diagnostics) = check_json(&[&check_fixture("inbound-snippet.xml")]);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(positions(&diagnostics), [at("P202", 1, 2)]);
        assert_eq!(diagnostics[0]["severity"], "warning");

        let run = super::run(apim().args(["check", "--color", "false"]).arg(check_fixture("inbound-snippet.xml")));
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("Checked 1 file: 0 error(s), 1 warning(s)."), "{run:?}");
    }

    #[test]
    fn template_placeholder_is_clean_without_strict() {
        let run = run(apim().arg("check").arg(check_fixture("backend-id-placeholder.xml")));
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("no problems found"), "{run:?}");
    }

    #[test]
    fn template_placeholder_is_error_p240_with_strict() {
        let run = run(apim()
            .args(["check", "--strict", "--format", "json"])
            .arg(check_fixture("backend-id-placeholder.xml")));
        assert_eq!(run.code, 1, "{run:?}");
        let diagnostics: Vec<Value> = serde_json::from_str(&run.stdout).expect("JSON");
        assert_eq!(positions(&diagnostics), [at("P240", 4, 42)]);
        assert_eq!(diagnostics[0]["severity"], "error");
        assert_eq!(diagnostics[0]["end_column"], 54, "the span covers `{{backend-id}}`");
        assert!(diagnostics[0]["message"].as_str().unwrap().contains("{backend-id}"), "{}", diagnostics[0]);
    }

    #[test]
    fn apim_valid_document_that_is_not_well_formed_xml_checks_clean() {
        let path = check_fixture("apim-not-well-formed.xml");
        let source = std::fs::read_to_string(&path).unwrap();
        // The fixture must stay a document a standard XML parser rejects.
        assert!(roxmltree::Document::parse(&source).is_err(), "the fixture is well-formed XML");
        for needle in ["\"X-Role\"", "&&", "As<JObject>(", "count < 10", "Count < 5"] {
            assert!(source.contains(needle), "the fixture contains {needle}");
        }

        let run = run(apim().arg("check").arg(&path));
        assert_eq!(run.code, 0, "{run:?}");
        assert!(run.stdout.contains("Checked 1 file: no problems found."), "{run:?}");
        assert_eq!(run.stderr, "");
    }

    #[test]
    fn missing_close_paren_is_s101_at_the_start_of_the_expression() {
        let (run, diagnostics) = check_json(&[&check_fixture("unterminated-expression.xml")]);
        assert_eq!(run.code, 1, "{run:?}");
        // Line 5 is `            <value>@(context.RequestId.ToString()</value>`: `@(` is at column 20.
        assert_eq!(positions(&diagnostics), [at("S101", 5, 20)]);
        assert_eq!(diagnostics[0]["name"], "unterminated-expression");
        assert_eq!(diagnostics[0]["end_column"], 22, "the span covers `@(`");
    }

    #[test]
    fn several_paths_are_reported_in_command_line_order() {
        let (run, diagnostics) =
            check_json(&[&check_fixture("unknown-policy.xml"), &check_fixture("inbound-snippet.xml")]);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(positions(&diagnostics), [at("P210", 4, 10), at("P202", 1, 2)]);
    }

    #[test]
    fn human_output_snapshot() {
        let run = run(apim().current_dir(fixtures().join("check")).args([
            "check",
            "--color",
            "false",
            "two-diagnostics.xml",
        ]));
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(run.stderr, "");
        insta::assert_snapshot!(run.stdout);
    }

    #[test]
    fn color_true_uses_ansi_escapes_and_color_false_does_not() {
        let coloured = run(apim().args(["check", "--color", "true"]).arg(check_fixture("unknown-policy.xml")));
        assert!(coloured.stdout.contains("\u{1b}["), "{coloured:?}");
        let plain = run(apim().args(["check", "--color", "false"]).arg(check_fixture("unknown-policy.xml")));
        assert!(!plain.stdout.contains('\u{1b}'), "{plain:?}");
        // Output to a pipe is plain by default.
        let default = run(apim().arg("check").arg(check_fixture("unknown-policy.xml")));
        assert!(!default.stdout.contains('\u{1b}'), "{default:?}");
    }

    #[test]
    fn no_path_is_a_usage_error() {
        let run = run(apim().arg("check"));
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("PATHS"), "{run:?}");
    }
}

mod fmt {
    use super::*;

    /// A temporary directory holding a copy of `fixtures/fmt/<name>` as `<name>`.
    fn copy_to_temp(name: &str) -> (tempfile::TempDir, PathBuf) {
        let directory = tempfile::tempdir().expect("a temporary directory");
        let path = directory.path().join(name);
        std::fs::copy(fmt_fixture(name), &path).expect("the fixture is copied");
        (directory, path)
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    #[test]
    fn check_reports_an_unformatted_file_and_leaves_it_unchanged() {
        let (directory, path) = copy_to_temp("unformatted.xml");
        let before = read(&path);
        let run = run(apim().current_dir(directory.path()).args(["fmt", "--check", "unformatted.xml"]));
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(run.stdout, "Would reformat: unformatted.xml\n");
        assert_eq!(read(&path), before, "--check must not write");
    }

    #[test]
    fn fmt_rewrites_the_file_then_check_passes_and_a_second_fmt_changes_nothing() {
        let (directory, path) = copy_to_temp("unformatted.xml");
        let run1 = run(apim().current_dir(directory.path()).args(["fmt", "unformatted.xml"]));
        assert_eq!(run1.code, 0, "{run1:?}");
        assert_eq!(run1.stdout, "");
        let formatted = read(&path);
        assert_eq!(formatted, read(&fmt_fixture("unformatted.expected.xml")));

        let check = run(apim().current_dir(directory.path()).args(["fmt", "--check", "unformatted.xml"]));
        assert_eq!(check.code, 0, "{check:?}");
        assert_eq!(check.stdout, "");

        let run2 = run(apim().current_dir(directory.path()).args(["fmt", "unformatted.xml"]));
        assert_eq!(run2.code, 0, "{run2:?}");
        assert_eq!(read(&path), formatted, "fmt is idempotent");
    }

    #[test]
    fn formatted_fixture_passes_check() {
        let (directory, _) = copy_to_temp("unformatted.expected.xml");
        let run = run(apim().current_dir(directory.path()).args(["fmt", "--check", "unformatted.expected.xml"]));
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(run.stdout, "");
    }

    #[test]
    fn comments_and_expressions_are_kept_byte_for_byte() {
        let (_directory, path) = copy_to_temp("unformatted.xml");
        let run = run(apim().arg("fmt").arg(&path));
        assert_eq!(run.code, 0, "{run:?}");
        let formatted = read(&path);
        for kept in [
            "<!-- Keep this comment   exactly   as written. -->",
            "<!-- inner comment -->",
            r#"value="@(context.Request.Headers.GetValueOrDefault("X-Caller", "anonymous"))""#,
            "<value>@(context.RequestId.ToString())</value>",
        ] {
            assert!(formatted.contains(kept), "{kept:?} is missing from:\n{formatted}");
        }
    }

    #[test]
    fn crlf_inside_expressions_is_kept_in_an_lf_document() {
        // Written here rather than committed, so that no Git line-ending setting can touch it.
        let body = "@{\r\n    var x = 1;\r\n    return x.ToString();\r\n}";
        let value = "@{\r\n  return 1;\r\n}";
        let comment = "<!--  odd   comment\n   spanning lines  -->";
        let source = format!(
            "<policies>\n<inbound>\n<base />\n{comment}\n<set-body>{body}</set-body>\n\
             <set-variable name=\"v\" value=\"{value}\" />\n</inbound>\n</policies>\n"
        );
        let directory = tempfile::tempdir().unwrap();
        let path = directory.path().join("crlf-expression.xml");
        std::fs::write(&path, &source).unwrap();

        let run = run(apim().arg("fmt").arg(&path));
        assert_eq!(run.code, 0, "{run:?}");
        let formatted = read(&path);
        assert_ne!(formatted, source, "the document is re-indented");
        assert!(formatted.contains(&format!("<set-body>{body}</set-body>\n")), "{formatted:?}");
        assert!(formatted.contains(&format!("value=\"{value}\"")), "{formatted:?}");
        assert!(formatted.contains(comment), "{formatted:?}");
        assert_eq!(formatted.matches("\r\n").count(), source.matches("\r\n").count(), "{formatted:?}");
        assert!(formatted.starts_with("<policies>\n    <inbound>\n        <base />\n"), "{formatted:?}");
    }

    #[test]
    fn crlf_document_keeps_crlf_line_endings() {
        let run = run_with_stdin(
            apim().args(["fmt", "-"]),
            b"<policies>\r\n<inbound>\r\n<base />\r\n</inbound>\r\n</policies>\r\n",
        );
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(run.stdout, "<policies>\r\n    <inbound>\r\n        <base />\r\n    </inbound>\r\n</policies>\r\n");
    }

    #[test]
    fn file_with_a_syntax_error_is_left_untouched_and_exits_1() {
        let (directory, path) = copy_to_temp("syntax-error.xml");
        let before = std::fs::read(&path).unwrap();
        let run = run(apim().current_dir(directory.path()).args(["fmt", "syntax-error.xml"]));
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file must not be written");
        assert_eq!(run.stdout, "");
        assert!(run.stderr.contains("S101"), "{run:?}");
        assert!(run.stderr.contains("syntax-error.xml:4:61"), "{run:?}");
        assert!(run.stderr.contains("not formatted"), "{run:?}");
    }

    #[test]
    fn check_with_a_syntax_error_exits_1_without_would_reformat() {
        let (directory, path) = copy_to_temp("syntax-error.xml");
        let before = std::fs::read(&path).unwrap();
        let run = run(apim().current_dir(directory.path()).args(["fmt", "--check", "syntax-error.xml"]));
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!run.stdout.contains("Would reformat"), "{run:?}");
        assert!(run.stderr.contains("S101"), "{run:?}");
    }

    #[test]
    fn stdin_is_formatted_to_stdout() {
        let source = std::fs::read(fmt_fixture("unformatted.xml")).unwrap();
        let run = run_with_stdin(apim().args(["fmt", "-"]), &source);
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(run.stdout, read(&fmt_fixture("unformatted.expected.xml")));
    }

    #[test]
    fn stdin_with_a_syntax_error_prints_nothing_and_exits_1() {
        let source = std::fs::read(fmt_fixture("syntax-error.xml")).unwrap();
        let run = run_with_stdin(apim().args(["fmt", "-"]), &source);
        assert_eq!(run.code, 1, "{run:?}");
        assert_eq!(run.stdout, "");
        assert!(run.stderr.contains("S101") && run.stderr.contains("<stdin>"), "{run:?}");
    }

    #[test]
    fn stdin_check_exits_1_when_input_would_change_and_0_when_formatted() {
        let unformatted = std::fs::read(fmt_fixture("unformatted.xml")).unwrap();
        let run1 = run_with_stdin(apim().args(["fmt", "--check", "-"]), &unformatted);
        assert_eq!(run1.code, 1, "{run1:?}");
        assert_eq!(run1.stdout, "Would reformat: <stdin>\n", "--check names the input, never prints the document");
        let formatted = std::fs::read(fmt_fixture("unformatted.expected.xml")).unwrap();
        let run2 = run_with_stdin(apim().args(["fmt", "--check", "-"]), &formatted);
        assert_eq!(run2.code, 0, "{run2:?}");
    }

    #[test]
    fn stdin_mixed_with_files_is_refused_before_anything_is_written() {
        let (directory, path) = copy_to_temp("unformatted.xml");
        let before = read(&path);
        let run = run(apim().current_dir(directory.path()).args(["fmt", "-", "unformatted.xml"]));
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("cannot be combined"), "{run:?}");
        assert_eq!(read(&path), before, "no file may be written");
    }

    #[test]
    fn directory_is_formatted_recursively_and_other_files_are_ignored() {
        let directory = tempfile::tempdir().unwrap();
        let nested = directory.path().join("apis").join("orders");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::copy(fmt_fixture("unformatted.xml"), nested.join("policy.xml")).unwrap();
        std::fs::copy(fmt_fixture("unformatted.expected.xml"), directory.path().join("global.xml")).unwrap();
        let notes = b"  <not>   xml  \n";
        std::fs::write(directory.path().join("notes.txt"), notes).unwrap();

        let check = run(apim().current_dir(directory.path()).args(["fmt", "--check", "."]));
        assert_eq!(check.code, 1, "{check:?}");
        assert_eq!(check.stdout.lines().count(), 1, "{check:?}");
        assert!(check.stdout.replace('\\', "/").contains("apis/orders/policy.xml"), "{check:?}");

        let run = run(apim().current_dir(directory.path()).args(["fmt", "."]));
        assert_eq!(run.code, 0, "{run:?}");
        assert_eq!(read(&nested.join("policy.xml")), read(&fmt_fixture("unformatted.expected.xml")));
        assert_eq!(std::fs::read(directory.path().join("notes.txt")).unwrap(), notes);
    }

    #[test]
    fn missing_path_exits_2() {
        let directory = tempfile::tempdir().unwrap();
        let run = run(apim().current_dir(directory.path()).args(["fmt", "missing.xml"]));
        assert_eq!(run.code, 2, "{run:?}");
        assert!(run.stderr.contains("error:") && run.stderr.contains("missing.xml"), "{run:?}");
    }
}
