//! `apim eval`: evaluates one policy expression against a request, a response, variables
//! and a context file, printing the result's .NET type and `ToString()`.

use std::io::Read;
use std::path::Path;

use apim_runtime::{Budget, Context, ContextInput, Program, Value};

use crate::args::{EvalArgs, EvalFormat};
use crate::exit::ExitStatus;

pub fn run(args: &EvalArgs) -> ExitStatus {
    let code = if args.expression == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut s) {
            eprintln!("error: cannot read the expression from standard input: {e}");
            return ExitStatus::Error;
        }
        s
    } else {
        args.expression.clone()
    };
    let input = match load_input(args) {
        Ok(input) => input,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::Error;
        }
    };
    let ctx = match Context::new(input) {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!(
                "error: {}: {}",
                args.context.as_deref().map_or("--context".into(), |p| p.display().to_string()),
                e.message
            );
            return ExitStatus::Error;
        }
    };
    let program = match Program::compile(&code) {
        Ok(p) => p,
        Err(errors) => return report_compile_errors(&code, &errors, args.format),
    };
    match program.eval(&ctx, Budget::default()) {
        Ok(value) => {
            print_value(&value, args.format);
            ExitStatus::Success
        }
        Err(e) => {
            match args.format {
                EvalFormat::Json => {
                    println!("{}", error_json(e.type_name, &e.message));
                }
                EvalFormat::Human => eprintln!("{}: {}", e.type_name, e.message),
            }
            ExitStatus::Failure
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_input(args: &EvalArgs) -> Result<ContextInput, String> {
    let mut input = ContextInput::default();
    if let Some(path) = &args.request {
        let bytes = read(path)?;
        input.request =
            Some(apim_http::parse_request(&bytes).map_err(|e| located(path, e.line, e.column, &e.message, &e.help))?);
    }
    if let Some(path) = &args.response {
        let bytes = read(path)?;
        input.response =
            Some(apim_http::parse_response(&bytes).map_err(|e| located(path, e.line, e.column, &e.message, &e.help))?);
    }
    for var in &args.vars {
        let (name, value) = var.split_once('=').ok_or_else(|| format!("--var `{var}`: expected NAME=VALUE"))?;
        set(&mut input.variables, name, Value::string(value.to_owned()));
    }
    for var in &args.var_json {
        let (name, json) = var.split_once('=').ok_or_else(|| format!("--var-json `{var}`: expected NAME=JSON"))?;
        let value = apim_runtime::var_from_json(json).map_err(|e| format!("--var-json {name}: {}", e.message))?;
        set(&mut input.variables, name, value);
    }
    if let Some(path) = &args.context {
        let bytes = read(path)?;
        let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            located(path, e.line(), e.column(), &e.to_string(), "the context is a JSON object with camelCase keys")
        })?;
        input.context = Some(json);
    }
    Ok(input)
}

fn set(vars: &mut Vec<(String, Value)>, name: &str, value: Value) {
    vars.retain(|(n, _)| n != name);
    vars.push((name.to_owned(), value));
}

fn located(path: &Path, line: usize, column: usize, message: &str, help: &str) -> String {
    let mut s = format!("{}:{line}:{column}: {message}", path.display());
    if !help.is_empty() {
        s.push_str("\n  help: ");
        s.push_str(help);
    }
    s
}

fn line_col(code: &str, offset: usize) -> (usize, usize) {
    let before = &code[..offset.min(code.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn report_compile_errors(code: &str, errors: &[apim_runtime::ProgramError], format: EvalFormat) -> ExitStatus {
    let first = &errors[0];
    let ty = if first.syntax { "apim.SyntaxError" } else { "apim.CompileError" };
    match format {
        EvalFormat::Json => {
            let (line, column) = line_col(code, first.range.start);
            let message = format!("{} (<expression>:{line}:{column})", first.message);
            println!("{}", error_json(ty, &message));
        }
        EvalFormat::Human => {
            for e in errors {
                let (line, column) = line_col(code, e.range.start);
                eprintln!("error: {}\n  --> <expression>:{line}:{column}", e.message);
                eprintln!("  help: fix the expression; it must compile as C# 7 with the APIM allow-list");
            }
        }
    }
    ExitStatus::Failure
}

fn print_value(value: &Value, format: EvalFormat) {
    let ty = apim_runtime::type_name(value);
    match format {
        EvalFormat::Json => {
            let shown = if value.is_null() { None } else { Some(apim_runtime::display(value)) };
            println!("{{\"type\":{},\"value\":{}}}", serde_json::json!(ty), serde_json::json!(shown));
        }
        EvalFormat::Human => match value {
            Value::Null => println!("null"),
            Value::Json(token) if token.is_container() => {
                println!("{}", ty.unwrap_or_default());
                println!("{}", token.to_json(apim_json::Formatting::Indented, &apim_json::StdPlatform::MONO));
            }
            _ => {
                println!("{}", ty.unwrap_or_default());
                println!("{}", apim_runtime::display(value));
            }
        },
    }
}

/// `{"error":{"type":...,"message":...}}` with the keys in the contract's order.
fn error_json(ty: &str, message: &str) -> String {
    format!("{{\"error\":{{\"type\":{},\"message\":{}}}}}", serde_json::json!(ty), serde_json::json!(message))
}
