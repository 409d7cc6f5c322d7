//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "apim", version, about = "A toolchain for Azure API Management policies", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read policy files and validate them against the policy catalog.
    Check(CheckArgs),
    /// Format policy files canonically, keeping every comment and expression byte.
    Fmt(FmtArgs),
    /// Evaluate one policy expression against a request, response, variables and context.
    Eval(EvalArgs),
    /// Run one request through a policy with scripted backend responses.
    Run(RunArgs),
    /// Run test files (*.test.toml): requests, scripted backends, expected responses.
    Test(TestArgs),
    /// Lint policy files: every check of `apim check` plus the lint rules, with fixes.
    Lint(LintArgs),
    /// Print the documentation of a rule (`apim rule L402`, `apim rule undefined-variable`).
    Rule(RuleArgs),
    /// Export a policy as canonical XML, or a service folder or policies as Bicep or ARM JSON.
    Export(ExportArgs),
    /// Serve a service folder as a local APIM gateway (default: the built-in AI gateway with a mock LLM).
    Serve(ServeArgs),
    /// Run the mock OpenAI / Azure OpenAI backend alone (the one `apim serve` calls `mock://llm`).
    MockLlm(MockLlmArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Diagnostics with source excerpts, for people.
    Human,
    /// A JSON array of {"code","severity","message","file","line","column","end_line","end_column","help"}.
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Policy files or directories (searched recursively for *.xml).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Report unfilled deploy-time template placeholders such as `{backend-id}` as errors.
    #[arg(long)]
    pub strict: bool,
    /// Use colours in human output (default: when stdout is a terminal and NO_COLOR is unset).
    #[arg(long)]
    pub color: Option<bool>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Policy files or directories (searched recursively for *.xml); `-` formats stdin to stdout.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Change nothing; exit 1 when a file would be reformatted.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// The type and the value, JSON pretty-printed, for people.
    Human,
    /// {"type": "<.NET type>", "value": "<ToString()>"} or {"error": {"type", "message"}}.
    Json,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// A policy expression as written in a policy: @(...) or @{...}; `-` reads it from stdin.
    pub expression: String,
    /// The incoming request as a raw HTTP/1.1 message (default: GET / with no headers).
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    /// A raw HTTP/1.1 response message exposed as context.Response.
    #[arg(long, value_name = "FILE")]
    pub response: Option<PathBuf>,
    /// A context variable holding a string (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// A context variable from JSON: object -> JObject, array -> JArray, string, bool, int/long, double (repeatable).
    #[arg(long = "var-json", value_name = "NAME=JSON")]
    pub var_json: Vec<String>,
    /// JSON for the rest of the context (subscription, user, api, operation, product, deployment, requestId, timestamp, ipAddress).
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = EvalFormat::Human)]
    pub format: EvalFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    /// The response as a raw HTTP/1.1 message.
    Http,
    /// {"status","reason","headers","body","backend_calls","variables","trace"}.
    Json,
}

/// The scope a policy file is attached to (what its `<base />` inherits from).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    Global,
    Product,
    Api,
    Operation,
}

impl From<ScopeArg> for apim_catalog::Scope {
    fn from(scope: ScopeArg) -> Self {
        match scope {
            ScopeArg::Global => Self::Global,
            ScopeArg::Product => Self::Product,
            ScopeArg::Api => Self::Api,
            ScopeArg::Operation => Self::Operation,
        }
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The policy document.
    pub policy: PathBuf,
    /// The incoming request as a raw HTTP/1.1 message (default: GET / with no headers).
    #[arg(long, value_name = "FILE")]
    pub request: Option<PathBuf>,
    /// A raw HTTP/1.1 response for the next backend call (repeatable, used in order;
    /// afterwards the backend answers 200 with an empty body).
    #[arg(long = "backend-response", value_name = "FILE")]
    pub backend_responses: Vec<PathBuf>,
    /// A template placeholder value: `{NAME}` becomes VALUE (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// A named value: `{{NAME}}` becomes VALUE (repeatable).
    #[arg(long = "named-value", value_name = "NAME=VALUE")]
    pub named_values: Vec<String>,
    /// A secret named value: substituted like --named-value, masked in traces and output.
    #[arg(long = "secret", value_name = "NAME=VALUE")]
    pub secrets: Vec<String>,
    /// A policy fragment for `include-fragment fragment-id="ID"` (repeatable).
    #[arg(long = "fragment", value_name = "ID=FILE")]
    pub fragments: Vec<String>,
    /// JSON for the rest of the context, as `apim eval --context` takes it.
    #[arg(long, value_name = "FILE")]
    pub context: Option<PathBuf>,
    /// The scope of the policy; APIM's default global policy (forward-request) is its parent.
    #[arg(long, value_enum, default_value_t = ScopeArg::Api)]
    pub scope: ScopeArg,
    /// Print the APIM-style trace (to stderr with --format http, inside the JSON otherwise).
    #[arg(long)]
    pub trace: bool,
    #[arg(long, value_enum, default_value_t = RunFormat::Http)]
    pub format: RunFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TestFormat {
    /// One line per case, readable diffs, and `N passed, N failed`.
    Human,
    /// JUnit XML for CI.
    Junit,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Test files or directories searched for *.test.toml (default: the current directory).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = TestFormat::Human)]
    pub format: TestFormat,
    /// Print the JSON Schema of the test file format and exit.
    #[arg(long)]
    pub schema: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    /// Diagnostics with source excerpts, for people.
    Human,
    /// The JSON array of `apim check --format json`.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning and other SARIF viewers).
    Sarif,
    /// GitHub Actions annotations (`::error file=...,line=...::`).
    Github,
    /// Azure Pipelines logging commands (`##vso[task.logissue ...]`).
    Azure,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Policy files or directories (searched recursively for *.xml); default: the current directory.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Apply safe fixes in place, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Print the safe fixes as a unified diff and change nothing (exit 1 when there are any).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// The configuration file (default: `apim.toml` in the current directory or above).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Report unfilled deploy-time template placeholders such as `{backend-id}` as errors.
    #[arg(long)]
    pub strict: bool,
    /// Use colours in human output (default: when stdout is a terminal and NO_COLOR is unset).
    #[arg(long)]
    pub color: Option<bool>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// A rule code (`L402`) or name (`undefined-variable`).
    #[arg(required_unless_present = "list")]
    pub rule: Option<String>,
    /// List every rule: code, name, category, default severity.
    #[arg(long)]
    pub list: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(subcommand)]
    pub target: ExportTarget,
}

#[derive(Debug, Subcommand)]
pub enum ExportTarget {
    /// Print the canonical policy document: raw for `format: 'rawxml'`, or escaped (well-formed XML) for `format: 'xml'`.
    Xml(ExportXmlArgs),
    /// Write a Bicep module (and a .bicepparam example) deploying a service folder or policies to an existing APIM.
    Bicep(ExportBicepArgs),
    /// Write the equivalent ARM JSON deployment template.
    Arm(ExportArmArgs),
}

#[derive(Debug, Args)]
pub struct ExportXmlArgs {
    /// The policy file.
    pub path: PathBuf,
    /// Well-formed XML with every expression escaped (for `format: 'xml'`).
    #[arg(long)]
    pub escaped: bool,
    /// Fill the template placeholder `{NAME}` with VALUE (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PolicyEmbedding {
    /// Policies as multi-line strings inside the module.
    Inline,
    /// `loadTextContent('policies/...')` of policy files written beside the module (needs `--out`).
    Files,
}

#[derive(Debug, Args)]
pub struct ExportBicepArgs {
    /// An APIOps service folder, a folder of policies, or one policy file.
    pub path: PathBuf,
    /// Write main.bicep, main.bicepparam and policies/ into DIR (default: print the module).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// How policies are put in the module (default: files with `--out`, inline without).
    #[arg(long, value_enum)]
    pub policies: Option<PolicyEmbedding>,
}

#[derive(Debug, Args)]
pub struct ExportArmArgs {
    /// An APIOps service folder, a folder of policies, or one policy file.
    pub path: PathBuf,
    /// Write the template to FILE (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// An APIOps service folder (policy.xml, apis/, products/, backends/ ... and apim.toml);
    /// without one, the built-in AI gateway (policies/gateway) in front of the mock LLM.
    pub folder: Option<PathBuf>,
    /// The gateway's address (default: apim.toml's `serve.listen`, else 127.0.0.1:8080; port 0 picks a free one).
    #[arg(long)]
    pub listen: Option<std::net::SocketAddr>,
    /// The admin address: /metrics, /traces/<id>, /health (default: `serve.admin-listen`, else 127.0.0.1:8090).
    #[arg(long)]
    pub admin_listen: Option<std::net::SocketAddr>,
    /// Reload the folder when a file in it changes (a folder that stops loading keeps the previous configuration).
    #[arg(long)]
    pub watch: bool,
    /// Keep counters and caches in this Redis (redis://host:port) shared with other instances
    /// (default: apim.toml's `serve.store.redis`, else in memory).
    #[arg(long, value_name = "URL")]
    pub redis: Option<String>,
}

#[derive(Debug, Args)]
pub struct MockLlmArgs {
    /// The address to listen on (port 0 picks a free one).
    #[arg(long, default_value = "127.0.0.1:8081")]
    pub listen: std::net::SocketAddr,
    /// A TOML file of mock settings, the keys of an apim.toml `[serve.mocks.<name>]` table
    /// (name, model, fault, fail-first, fault-rate, retry-after-seconds, latency-ms,
    /// stream-chunk-delay-ms, created); the flags below override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The instance name, sent back in `x-mock-backend`.
    #[arg(long)]
    pub name: Option<String>,
    /// The model reported in responses (default: the request's model or deployment).
    #[arg(long)]
    pub model: Option<String>,
    /// Inject a fault: 429, 500, 503 or drop (on every request unless --fail-first or --fault-rate).
    #[arg(long, value_parser = ["429", "500", "503", "drop"])]
    pub fault: Option<String>,
    /// Only the first N requests fail with --fault.
    #[arg(long, value_name = "N")]
    pub fail_first: Option<u64>,
    /// The share of requests (0.0 to 1.0) failing with --fault, spread evenly.
    #[arg(long, value_name = "RATE")]
    pub fault_rate: Option<f64>,
    /// Retry-After of injected 429s and 503s, in seconds.
    #[arg(long, value_name = "SECONDS")]
    pub retry_after_seconds: Option<u64>,
    /// A delay before every response, in milliseconds.
    #[arg(long, value_name = "MS")]
    pub latency_ms: Option<u64>,
    /// A delay before each event of a streamed response, in milliseconds.
    #[arg(long, value_name = "MS")]
    pub stream_chunk_delay_ms: Option<u64>,
}
