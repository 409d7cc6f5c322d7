//! `apim.toml`: which rules run and at which severity, with per-path overrides.
//!
//! ```toml
//! [lint]
//! select = ["ALL"]             # codes, code prefixes ("L4"), names or categories
//! ignore = ["L411"]
//! strict = false               # report template placeholders ({backend-id}) as errors
//! severity = { L403 = "error" }
//!
//! [[lint.overrides]]
//! paths = ["fragments/**"]     # globs relative to the directory of apim.toml
//! ignore = ["L402"]
//! severity = { L406 = "info" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use apim_diagnostics::Severity;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::registry;
use crate::rule::Rule;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    lint: Option<LintTable>,
    /// `apim serve`'s table (apim-gateway reads it).
    #[serde(default)]
    #[allow(dead_code)]
    serve: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LintTable {
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    strict: bool,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    #[serde(default)]
    overrides: Vec<OverrideTable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OverrideTable {
    paths: Vec<String>,
    select: Option<Vec<String>>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
}

/// A configuration problem, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Which rules run and how severe they are.
#[derive(Debug, Clone, Default)]
struct Selection {
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: Vec<(String, Severity)>,
}

#[derive(Debug, Clone)]
struct Override {
    globs: GlobSet,
    selection: Selection,
}

/// The configuration, read from `apim.toml` or the default (every rule at its default severity).
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The directory override globs are relative to.
    root: PathBuf,
    base: Selection,
    overrides: Vec<Override>,
    pub strict: bool,
}

/// The settings of one file.
#[derive(Debug, Clone)]
pub struct Settings {
    enabled: Vec<bool>,
    /// Configured severities; `None` keeps what the check reports.
    severity: Vec<Option<Severity>>,
    pub strict: bool,
}

impl Settings {
    /// Every rule at its default severity.
    #[must_use]
    pub fn all() -> Self {
        Config::default().settings_for(Path::new(""))
    }

    #[must_use]
    pub fn enabled(&self, rule: &Rule) -> bool {
        registry::index_of(rule.code.code).is_some_and(|index| self.enabled[index])
    }

    /// The configured severity of a rule, if any.
    #[must_use]
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        registry::index_of(rule.code.code).and_then(|index| self.severity[index])
    }

    /// Enables or disables one rule (tests, `--select` on the command line).
    pub fn set_enabled(&mut self, code: &str, enabled: bool) {
        if let Some(index) = registry::index_of(code) {
            self.enabled[index] = enabled;
        }
    }
}

impl Config {
    /// Reads a configuration file.
    ///
    /// # Errors
    /// When the file cannot be read, is not TOML, or names an unknown rule or severity.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|error| ConfigError(format!("{}: {error}", path.display())))?;
        let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse(&text, root).map_err(|ConfigError(message)| ConfigError(format!("{}: {message}", path.display())))
    }

    /// Parses configuration text; override globs are relative to `root`.
    ///
    /// # Errors
    /// When the text is not TOML or names an unknown rule or severity.
    pub fn parse(text: &str, root: PathBuf) -> Result<Self, ConfigError> {
        let file: File = toml::from_str(text).map_err(|error| ConfigError(error.to_string().trim_end().to_owned()))?;
        let lint = file.lint.unwrap_or_default();
        let base = selection(lint.select, lint.ignore, lint.severity)?;
        let mut overrides = Vec::new();
        for table in lint.overrides {
            let mut builder = GlobSetBuilder::new();
            for pattern in &table.paths {
                let glob = Glob::new(pattern).map_err(|error| ConfigError(format!("in `lint.overrides`: {error}")))?;
                builder.add(glob);
            }
            let globs = builder.build().map_err(|error| ConfigError(format!("in `lint.overrides`: {error}")))?;
            overrides.push(Override { globs, selection: selection(table.select, table.ignore, table.severity)? });
        }
        Ok(Self { root, base, overrides, strict: lint.strict })
    }

    /// Finds `apim.toml` in `start` or the nearest directory above it.
    #[must_use]
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() { start.parent()? } else { start };
        let start = start.canonicalize().ok()?;
        start.ancestors().map(|dir| dir.join("apim.toml")).find(|candidate| candidate.is_file())
    }

    /// The settings for one file: the base selection, then each override whose globs match.
    #[must_use]
    pub fn settings_for(&self, path: &Path) -> Settings {
        let rules = registry::RULES;
        let mut settings =
            Settings { enabled: vec![true; rules.len()], severity: vec![None; rules.len()], strict: self.strict };
        self.base.apply(&mut settings);
        let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let root = self.root.canonicalize().unwrap_or_else(|_| self.root.clone());
        let relative = absolute.strip_prefix(&root).unwrap_or(path);
        for over in &self.overrides {
            if over.globs.is_match(relative) {
                over.selection.apply(&mut settings);
            }
        }
        settings
    }
}

impl Selection {
    fn apply(&self, settings: &mut Settings) {
        for (index, rule) in registry::RULES.iter().enumerate() {
            if let Some(select) = &self.select {
                settings.enabled[index] = select.iter().any(|selector| matches(selector, rule));
            }
            if self.ignore.iter().any(|selector| matches(selector, rule)) {
                settings.enabled[index] = false;
            }
            for (selector, severity) in &self.severity {
                if matches(selector, rule) {
                    settings.severity[index] = Some(*severity);
                }
            }
        }
    }
}

fn selection(
    select: Option<Vec<String>>,
    ignore: Vec<String>,
    severity: BTreeMap<String, String>,
) -> Result<Selection, ConfigError> {
    for selector in select.iter().flatten().chain(&ignore).chain(severity.keys()) {
        if !registry::RULES.iter().any(|rule| matches(selector, rule)) {
            return Err(ConfigError(format!("`{selector}` selects no rule (see `apim rule --list`)")));
        }
    }
    let severity = severity
        .into_iter()
        .map(|(selector, level)| match level.as_str() {
            "error" => Ok((selector, Severity::Error)),
            "warning" => Ok((selector, Severity::Warning)),
            "info" => Ok((selector, Severity::Info)),
            other => Err(ConfigError(format!("`{other}` is not a severity (use error, warning or info)"))),
        })
        .collect::<Result<_, _>>()?;
    Ok(Selection { select, ignore, severity })
}

/// `ALL`, a code (`L402`), a code prefix (`L4`, `S`), a rule name, or a category.
#[must_use]
pub fn matches(selector: &str, rule: &Rule) -> bool {
    selector == "ALL"
        || rule.code.code.starts_with(selector)
        || rule.code.name == selector
        || rule.category.as_str() == selector
}
