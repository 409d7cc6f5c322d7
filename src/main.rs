//! The `apim` command line: parses arguments, runs one command, maps the result to an
//! exit code. The work lives in the library crates under `crates/`.

mod args;
mod commands;
mod exit;
mod files;

use clap::Parser;

/// mimalloc instead of glibc's malloc: a gateway request allocates many small,
/// short-lived values (headers, JSON, context), and under load glibc's allocator was a
/// fifth of `apim serve`'s CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = args::Cli::parse();
    let status = match cli.command {
        args::Command::Check(options) => commands::check::run(&options),
        args::Command::Fmt(options) => commands::fmt::run(&options),
        args::Command::Eval(options) => commands::eval::run(&options),
        args::Command::Run(options) => commands::run::run(&options),
        args::Command::Test(options) => commands::test::run(&options),
        args::Command::Lint(options) => commands::lint::run(&options),
        args::Command::Rule(options) => commands::rule::run(&options),
        args::Command::Export(options) => commands::export::run(&options),
        args::Command::Serve(options) => commands::serve::run(&options),
        args::Command::MockLlm(options) => commands::mock_llm::run(&options),
    };
    status.into()
}
