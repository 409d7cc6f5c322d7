//! `apim export xml|bicep|arm`: what was checked locally, in the forms APIM deploys.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apim_diagnostics::FileDiagnostics;
use apim_diagnostics::render::{GraphicalOptions, graphical};
use apim_export::bicep::{self, Embed};
use apim_export::plan::{self, PolicySource};
use apim_export::template::Template;
use apim_export::xml;

use crate::args::{ExportArgs, ExportArmArgs, ExportBicepArgs, ExportTarget, ExportXmlArgs, PolicyEmbedding};
use crate::exit::ExitStatus;
use crate::files;

pub fn run(args: &ExportArgs) -> ExitStatus {
    match &args.target {
        ExportTarget::Xml(args) => export_xml(args),
        ExportTarget::Bicep(args) => export_bicep(args),
        ExportTarget::Arm(args) => export_arm(args),
    }
}

fn export_xml(args: &ExportXmlArgs) -> ExitStatus {
    let mut params = BTreeMap::new();
    for param in &args.params {
        let Some((name, value)) = param.split_once('=') else {
            eprintln!("error: --param `{param}` is not NAME=VALUE");
            return ExitStatus::Error;
        };
        params.insert(name.trim_matches(|c| c == '{' || c == '}').to_owned(), value.to_owned());
    }
    let source = match files::read(&args.path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitStatus::Error;
        }
    };
    let shown = files::display(&args.path);
    let exported = match xml::raw(&source, &params) {
        Ok(exported) => exported,
        Err(error) => return xml_error(&shown, &error),
    };
    if !exported.unused.is_empty() {
        eprintln!(
            "error: {shown}: no placeholder {} in the policy; check the --param names",
            exported.unused.iter().map(|name| format!("`{{{name}}}`")).collect::<Vec<_>>().join(", ")
        );
        return ExitStatus::Error;
    }
    for name in &exported.unfilled {
        eprintln!("warning: {shown}: placeholder `{{{name}}}` is left as it is; fill it with --param {name}=VALUE");
    }
    if args.escaped {
        print!("{}", xml::escaped(&exported.text));
    } else {
        print!("{}", exported.text);
    }
    ExitStatus::Success
}

fn xml_error(shown: &str, error: &xml::XmlError) -> ExitStatus {
    match error {
        xml::XmlError::Invalid { text, diagnostics } => {
            let file = FileDiagnostics { path: shown, source: text, diagnostics };
            eprint!("{}", graphical(&file, graphical_options()));
            eprintln!("{shown}: not exported: fix the errors above first");
            ExitStatus::Failure
        }
        xml::XmlError::Bug(message) => {
            eprintln!("error: {shown}: not exported ({message}). This is a bug in apim; please report it.");
            ExitStatus::Error
        }
    }
}

fn graphical_options() -> GraphicalOptions {
    GraphicalOptions { color: super::use_color_stderr(), ..GraphicalOptions::default() }
}

fn export_bicep(args: &ExportBicepArgs) -> ExitStatus {
    let embed = match (args.policies, &args.out) {
        (Some(PolicyEmbedding::Files), None) => {
            eprintln!("error: --policies files writes policy files beside the module: give --out DIR");
            return ExitStatus::Error;
        }
        (Some(PolicyEmbedding::Inline), _) | (None, None) => Embed::Inline,
        (Some(PolicyEmbedding::Files) | None, Some(_)) => Embed::Files,
    };
    let (template, status) = match template(&args.path) {
        Ok(found) => found,
        Err(status) => return status,
    };
    let origin = files::display(&args.path);
    let module = bicep::module(&template, embed, &origin);
    let Some(out) = &args.out else {
        print!("{module}");
        return status;
    };
    let mut written = vec![
        (PathBuf::from("main.bicep"), module),
        (PathBuf::from("main.bicepparam"), bicep::parameters_file(&template)),
    ];
    if embed == Embed::Files {
        written.extend(template.policy_files.iter().map(|policy| (PathBuf::from(&policy.path), policy.text.clone())));
    }
    for (relative, text) in &written {
        if let Err(status) = write(&out.join(relative), text) {
            return status;
        }
    }
    eprintln!("Wrote {} file(s) to {}", written.len(), files::display(out));
    status
}

fn export_arm(args: &ExportArmArgs) -> ExitStatus {
    let (template, status) = match template(&args.path) {
        Ok(found) => found,
        Err(status) => return status,
    };
    let text = apim_export::arm::template(&template);
    match &args.out {
        None => print!("{text}"),
        Some(out) => {
            if let Err(status) = write(out, &text) {
                return status;
            }
            eprintln!("Wrote {}", files::display(out));
        }
    }
    status
}

fn write(path: &Path, text: &str) -> Result<(), ExitStatus> {
    if let Some(parent) = path.parent()
        && let Err(error) = std::fs::create_dir_all(parent)
    {
        eprintln!("error: {}: {error}", files::display(parent));
        return Err(ExitStatus::Error);
    }
    std::fs::write(path, text).map_err(|error| {
        eprintln!("error: {}: {error}", files::display(path));
        ExitStatus::Error
    })
}

/// Folders an APIOps extractor writes; one of them (or a root `policy.xml`) makes a
/// directory a service folder rather than a folder of policies.
const SERVICE_ENTRIES: &[&str] =
    &["apis", "products", "backends", "named values", "policy fragments", "subscriptions", "policy.xml"];

/// The template for a service folder, a folder of policies or one policy, and the
/// status so far (warnings were printed); `Err` once the problems were reported.
fn template(path: &Path) -> Result<(Template, ExitStatus), ExitStatus> {
    let shown = files::display(path);
    let planned = if path.is_dir() && SERVICE_ENTRIES.iter().any(|entry| path.join(entry).exists()) {
        let loaded = apim_service::load(path);
        for (file, diagnostics) in by_file(&loaded) {
            let source = loaded.sources.get(file).map_or("", String::as_str);
            let display = format!("{}/{file}", shown.trim_end_matches('/'));
            let rendered = FileDiagnostics { path: &display, source, diagnostics: &diagnostics };
            eprint!("{}", graphical(&rendered, graphical_options()));
        }
        if loaded.has_errors() {
            eprintln!("{shown}: not exported: fix the errors above first");
            return Err(ExitStatus::Failure);
        }
        warn_mock_urls(&shown, &loaded.service);
        plan::service(&loaded.service)
    } else if path.is_dir() || path.is_file() {
        let sources = policy_sources(path)?;
        plan::policies(&sources)
    } else {
        eprintln!("error: {shown}: no such file or directory");
        return Err(ExitStatus::Error);
    };
    match planned {
        Ok(template) => Ok((template, ExitStatus::Success)),
        Err(error) => {
            eprintln!("error: {shown}/{}: {}", error.file, error.message);
            Err(ExitStatus::Failure)
        }
    }
}

/// `mock://` URLs are `apim serve`'s in-process mock LLM: APIM cannot call them, so the
/// exported parameter needs a real URL at deployment. Said loudly, not left to fail there.
fn warn_mock_urls(shown: &str, service: &apim_service::Service) {
    let folder = shown.trim_end_matches('/');
    let urls = service
        .backends
        .iter()
        .filter_map(|b| b.url.as_deref().map(|url| (format!("backends/{}", b.name), url)))
        .chain(
            service.apis.iter().filter_map(|a| a.service_url.as_deref().map(|url| (format!("apis/{}", a.name), url))),
        );
    for (place, url) in urls.filter(|(_, url)| url.starts_with("mock://")) {
        eprintln!(
            "warning: {folder}/{place}: `{url}` is apim serve's built-in mock LLM, which APIM cannot reach; \
             the exported URL parameter defaults to it: set a real URL when you deploy"
        );
    }
}

fn by_file(loaded: &apim_service::Loaded) -> Vec<(&str, Vec<apim_diagnostics::Diagnostic>)> {
    let mut grouped: BTreeMap<&str, Vec<apim_diagnostics::Diagnostic>> = BTreeMap::new();
    for found in &loaded.diagnostics {
        grouped.entry(found.file.as_str()).or_default().push(found.diagnostic.clone());
    }
    grouped.into_iter().collect()
}

/// Policy files with paths relative to the folder given (the file name for one file).
fn policy_sources(path: &Path) -> Result<Vec<PolicySource>, ExitStatus> {
    let (paths, errors) = files::collect(&[path.to_path_buf()]);
    if let Some(error) = errors.first() {
        eprintln!("error: {error}");
        return Err(ExitStatus::Error);
    }
    let mut sources = Vec::new();
    let mut failed = false;
    for file in paths {
        let text = files::read(&file).map_err(|error| {
            eprintln!("error: {error}");
            ExitStatus::Error
        })?;
        let shown = if path.is_dir() {
            file.strip_prefix(path).unwrap_or(&file).to_string_lossy().replace('\\', "/")
        } else {
            single_file_name(&file)
        };
        let lowered = apim_ir::read(&text, apim_ir::LowerOptions::default());
        if lowered.has_errors() {
            let display = files::display(&file);
            let rendered = FileDiagnostics { path: &display, source: &text, diagnostics: &lowered.diagnostics };
            eprint!("{}", graphical(&rendered, graphical_options()));
            failed = true;
        }
        sources.push(PolicySource { path: shown, text });
    }
    if failed {
        eprintln!("{}: not exported: fix the errors above first", files::display(path));
        return Err(ExitStatus::Failure);
    }
    if sources.is_empty() {
        eprintln!("error: {}: no *.xml policy files", files::display(path));
        return Err(ExitStatus::Error);
    }
    Ok(sources)
}

/// A lone `policy.xml` is named after its folder (`token-rate-limit/policy.xml`), as in
/// a library; any other file by itself.
fn single_file_name(file: &Path) -> String {
    let name = file.file_name().unwrap_or_default().to_string_lossy().into_owned();
    match file.parent().and_then(Path::file_name) {
        Some(folder) if name == "policy.xml" => format!("{}/{name}", folder.to_string_lossy()),
        _ => name,
    }
}
