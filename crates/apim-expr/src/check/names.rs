//! Names and types: every name must be a local, `context`, or an allowed type (or a
//! namespace leading to one); every type must be on APIM's allow-list; a member chain
//! rooted at `context` must follow the documented model.

use std::collections::HashSet;
use std::ops::Range;

use super::walk::{self, Visitor};
use super::{SemanticError, SemanticKind};
use crate::ast::{Body, Expr, ExprKind, Ident, TypeKind, TypeRef};
use crate::model;

/// Types authors reach for that APIM refuses: file, network, process, thread and
/// reflection access. Named in a dedicated message.
const FORBIDDEN: &[&str] = &[
    "File",
    "Directory",
    "Path",
    "FileInfo",
    "DirectoryInfo",
    "FileStream",
    "StreamReader",
    "StreamWriter",
    "HttpClient",
    "WebClient",
    "WebRequest",
    "HttpWebRequest",
    "Socket",
    "TcpClient",
    "Process",
    "Environment",
    "Assembly",
    "Activator",
    "Type",
    "AppDomain",
    "Thread",
    "ThreadPool",
    "Task",
    "Marshal",
    "GC",
    "Console",
];

/// Members every object has.
const OBJECT_MEMBERS: &[&str] = &["ToString", "Equals", "GetHashCode"];

pub(super) fn check(body: &Body, skip: &[Range<usize>], errors: &mut Vec<SemanticError>) {
    let mut declarations = Declarations::default();
    walk::body(&mut declarations, body);
    let mut checker = Checker { declared: declarations.names, skip, errors };
    walk::body(&mut checker, body);
}

#[derive(Default)]
struct Declarations {
    names: HashSet<String>,
}

impl Visitor for Declarations {
    fn declared(&mut self, name: &Ident) {
        self.names.insert(name.name.clone());
    }
}

struct Checker<'a> {
    /// Every name declared anywhere in the expression (scopes are not tracked: a name
    /// declared somewhere is never reported, which keeps the check free of false alarms).
    declared: HashSet<String>,
    skip: &'a [Range<usize>],
    errors: &'a mut Vec<SemanticError>,
}

/// `a.b.c` as identifiers, with the type arguments met along the way, when the whole
/// expression is a chain of names.
fn ident_chain<'e>(expr: &'e Expr, idents: &mut Vec<&'e Ident>, type_args: &mut Vec<&'e TypeRef>) -> bool {
    match &expr.kind {
        ExprKind::Name { ident, type_args: args } => {
            idents.push(ident);
            type_args.extend(args);
            true
        }
        ExprKind::Member { target, name, type_args: args, .. } => {
            if !ident_chain(target, idents, type_args) {
                return false;
            }
            idents.push(name);
            type_args.extend(args);
            true
        }
        _ => false,
    }
}

impl Visitor for Checker<'_> {
    fn expr(&mut self, expr: &Expr) -> bool {
        let mut idents = Vec::new();
        let mut type_args = Vec::new();
        if !matches!(expr.kind, ExprKind::Name { .. } | ExprKind::Member { .. })
            || !ident_chain(expr, &mut idents, &mut type_args)
        {
            return true;
        }
        self.chain(&idents);
        for ty in type_args {
            walk::type_ref(self, ty);
        }
        false
    }

    fn type_ref(&mut self, ty: &TypeRef) {
        let TypeKind::Named(segments) = &ty.kind else { return };
        let name = segments.iter().map(|(ident, _)| ident.name.as_str()).collect::<Vec<_>>().join(".");
        if model::resolve_type(&name).is_none() {
            let range =
                ty.range.start as usize..segments.last().map_or(ty.range.end, |(ident, _)| ident.range.end) as usize;
            self.disallowed(range, &name);
        }
    }
}

/// A declared local, an allowed type or `context` spelled like `name`.
fn similar_name(name: &str, declared: &HashSet<String>) -> Option<String> {
    let mut candidates: Vec<&str> = declared.iter().map(String::as_str).collect();
    for type_name in model::short_type_names() {
        candidates.push(type_name);
    }
    candidates.push("context");
    apim_diagnostics::suggest::closest(name, candidates).map(str::to_owned)
}

impl Checker<'_> {
    fn chain(&mut self, idents: &[&Ident]) {
        let head = idents[0];
        if self.declared.contains(&head.name) || self.skip.contains(&head.range.range()) {
            return;
        }
        if head.name == "context" {
            self.context_chain(idents);
            return;
        }
        let names: Vec<&str> = idents.iter().map(|ident| ident.name.as_str()).collect();
        if (1..=names.len()).any(|length| model::resolve_type(&names[..length].join(".")).is_some()) {
            return;
        }
        let namespace = (0..names.len()).take_while(|&index| model::is_namespace(&names[..=index].join("."))).count();
        if namespace > 0 {
            // `System.IO.File.ReadAllText`: a namespace, then a type that is not allowed.
            if namespace < names.len() {
                let last = (namespace + 1).max(names.len() - 1).min(names.len());
                let range = head.range.start as usize..idents[last - 1].range.end as usize;
                self.disallowed(range, &names[..last].join("."));
            }
            return;
        }
        if FORBIDDEN.contains(&head.name.as_str()) {
            self.disallowed(head.range.range(), &head.name);
            return;
        }
        let suggestion = similar_name(&head.name, &self.declared);
        self.errors.push(SemanticError {
            range: head.range.range(),
            kind: SemanticKind::UnknownName,
            message: format!("`{}` is not defined in this expression", head.name),
            help: Some(match suggestion {
                Some(name) => format!("did you mean `{name}`?"),
                None => "use a local variable, `context`, or a type policy expressions allow".into(),
            }),
        });
    }

    /// `context.Request.Url.Host`: each member must exist in the documented model; the
    /// walk stops at the first type outside it (a string, a dictionary).
    fn context_chain(&mut self, idents: &[&Ident]) {
        let mut current = model::context_type("context");
        for ident in &idents[1..] {
            let Some(context_type) = current else { return };
            if let Some(member) = context_type.member(&ident.name) {
                current = model::context_type(member.type_name);
                continue;
            }
            if OBJECT_MEMBERS.contains(&ident.name.as_str()) {
                return;
            }
            let names = context_type.members.iter().map(|member| member.name);
            let help = match apim_diagnostics::suggest::closest(&ident.name, names.clone()) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!("`{}` has {}", context_type.name, names.collect::<Vec<_>>().join(", ")),
            };
            self.errors.push(SemanticError {
                range: ident.range.range(),
                kind: SemanticKind::UnknownContextMember,
                message: format!("`{}` has no member `{}`", context_type.name, ident.name),
                help: Some(help),
            });
            return;
        }
    }

    fn disallowed(&mut self, range: Range<usize>, name: &str) {
        let short = name.rsplit('.').next().unwrap_or(name);
        let (message, help) = if FORBIDDEN.contains(&short)
            || name.starts_with("System.IO")
            || name.starts_with("System.Net.Http")
        {
            (
                format!("`{name}` is not available in policy expressions"),
                "APIM forbids file, network, process, thread and reflection access in expressions; use a policy (send-request, cache-lookup-value) instead".to_owned(),
            )
        } else {
            let help = match apim_diagnostics::suggest::closest(short, model::short_type_names()) {
                Some(similar) => format!("did you mean `{similar}`? Only the types on APIM's allow-list can be used"),
                None => "policy expressions may use only the .NET types on APIM's allow-list".to_owned(),
            };
            (format!("`{name}` is not a type policy expressions may use"), help)
        };
        self.errors.push(SemanticError { range, kind: SemanticKind::DisallowedType, message, help: Some(help) });
    }
}
