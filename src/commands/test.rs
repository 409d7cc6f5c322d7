//! `apim test`: runs test files (`*.test.toml`) and reports each case.

use crate::args::{TestArgs, TestFormat};
use crate::exit::ExitStatus;

pub fn run(args: &TestArgs) -> ExitStatus {
    if args.schema {
        println!("{}", serde_json::to_string_pretty(&apim_suite::schema()).unwrap_or_default());
        return ExitStatus::Success;
    }
    let paths = if args.paths.is_empty() { vec![std::path::PathBuf::from(".")] } else { args.paths.clone() };
    let (files, errors) = apim_suite::discover(&paths);
    for error in &errors {
        eprintln!("error: {error}");
    }
    if files.is_empty() && errors.is_empty() {
        eprintln!("error: no test files (*.test.toml) found");
        return ExitStatus::Error;
    }
    let results: Vec<_> = files.iter().map(|f| apim_suite::run_file(f)).collect();
    match args.format {
        TestFormat::Human => print!("{}", apim_suite::report::human(&results)),
        TestFormat::Junit => print!("{}", apim_suite::report::junit(&results)),
    }
    let failed = results.iter().any(|r| r.error.is_some() || r.cases.iter().any(|c| !c.passed()));
    if !errors.is_empty() {
        ExitStatus::Error
    } else if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}
