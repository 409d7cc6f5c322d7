//! `cargo dev`: developer tasks for the apim workspace (code generators and their checks).
//!
//! Run through the alias in `.cargo/config.toml`, e.g. `cargo dev generate-catalog --check`.

mod catalog_overrides;
mod codegen;
mod generate_catalog;
mod generate_expression_model;
mod generate_rule_docs;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo dev", bin_name = "cargo dev", about = "Developer tasks for the apim workspace.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
#[allow(clippy::enum_variant_names, reason = "the variants are the subcommand names users type")]
enum Command {
    /// Write `crates/apim-catalog/src/generated.rs` from the reference `policies.json`.
    GenerateCatalog(generate_catalog::Args),
    /// Write `crates/apim-expr/src/model/generated.rs` from the reference `expressions.json`.
    GenerateExpressionModel(generate_expression_model::Args),
    /// Write `docs/rules/` (one page per lint rule and the index) from the lint registry.
    GenerateRuleDocs(generate_rule_docs::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::GenerateCatalog(args) => generate_catalog::main(&args),
        Command::GenerateExpressionModel(args) => generate_expression_model::main(&args),
        Command::GenerateRuleDocs(args) => generate_rule_docs::main(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (two levels above this crate).
fn workspace_root() -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}
