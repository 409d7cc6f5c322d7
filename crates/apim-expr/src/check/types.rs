//! Obvious type mismatches and unknown members of well-known .NET types.
//!
//! A small static typing of what is certain: literals, the `context` model, declared
//! locals (a name declared once in the expression), casts, well-known members (`.Length`,
//! `ToString()`, `int.Parse`, `As<T>()`, `GetValueOrDefault<T>`). Where a type is not
//! certain nothing is reported, so a real policy never gets a false alarm.

use std::collections::HashMap;

use super::walk::{self, Visitor};
use super::{SemanticError, SemanticKind};
use crate::ast::{
    BinaryOp, Body, Expr, ExprKind, IntSuffix, Literal, LocalDecl, PredefinedType, RealSuffix, Stmt, StmtKind,
    TypeKind, TypeRef, UnaryOp, VarInit,
};
use crate::model;

/// LINQ's `Enumerable` methods: every sequence (a string too) has them.
#[rustfmt::skip]
const LINQ: &[&str] = &[
    "Aggregate", "All", "Any", "Append", "AsEnumerable", "Average", "Cast", "Concat", "Contains", "Count",
    "DefaultIfEmpty", "Distinct", "ElementAt", "ElementAtOrDefault", "Except", "First", "FirstOrDefault", "GroupBy",
    "GroupJoin", "Intersect", "Join", "Last", "LastOrDefault", "LongCount", "Max", "Min", "OfType", "OrderBy",
    "OrderByDescending", "Prepend", "Reverse", "Select", "SelectMany", "SequenceEqual", "Single", "SingleOrDefault",
    "Skip", "SkipWhile", "Sum", "Take", "TakeWhile", "ThenBy", "ThenByDescending", "ToArray", "ToDictionary",
    "ToList", "ToLookup", "Union", "Where", "Zip",
];

/// Members every object has.
const OBJECT: &[&str] = &["Equals", "GetHashCode", "GetType", "ToString"];

/// `System.String`'s instance members, and the extension methods APIM adds to strings.
#[rustfmt::skip]
const STRING: &[&str] = &[
    "Length", "Chars", "Clone", "CompareTo", "Contains", "CopyTo", "EndsWith", "GetEnumerator", "GetTypeCode",
    "IndexOf", "IndexOfAny", "Insert", "IsNormalized", "LastIndexOf", "LastIndexOfAny", "Normalize", "PadLeft",
    "PadRight", "Remove", "Replace", "Split", "StartsWith", "Substring", "ToCharArray", "ToLower",
    "ToLowerInvariant", "ToUpper", "ToUpperInvariant", "Trim", "TrimEnd", "TrimStart", "AsJwt", "TryParseJwt",
    "AsBasic", "TryParseBasic",
];

/// The numeric types, `bool` and `char`: `CompareTo`, `GetTypeCode` and what every object has.
const PRIMITIVE: &[&str] = &["CompareTo", "GetTypeCode"];

/// `JToken`, `JContainer`, `JObject`, `JArray`, `JValue` and Newtonsoft's `Extensions`
/// (one list: the static type of a JSON value is often a base type of the runtime one).
#[rustfmt::skip]
const JSON: &[&str] = &[
    "Type", "Parent", "Root", "Next", "Previous", "Path", "HasValues", "First", "Last", "Children", "Values",
    "Value", "AddAfterSelf", "AddBeforeSelf", "Ancestors", "AncestorsAndSelf", "AfterSelf", "BeforeSelf",
    "Annotation", "Annotations", "AddAnnotation", "RemoveAnnotations", "CreateReader", "DeepClone", "Remove",
    "Replace", "SelectToken", "SelectTokens", "ToObject", "WriteTo", "Item", "Add", "AddFirst", "Descendants",
    "DescendantsAndSelf", "RemoveAll", "ReplaceAll", "Merge", "Count", "CreateWriter", "Clear", "CopyTo", "IndexOf",
    "Insert", "RemoveAt", "Properties", "Property", "PropertyValues", "GetValue", "TryGetValue", "ContainsKey",
    "GetEnumerator", "Keys", "Name", "CompareTo", "AsJEnumerable", "IsReadOnly",
];

pub(super) fn check(body: &Body, errors: &mut Vec<SemanticError>) {
    let mut counts = Declarations::default();
    walk::body(&mut counts, body);
    let mut checker = Checker { locals: HashMap::new(), counts: counts.counts, errors };
    walk::body(&mut checker, body);
}

/// The type `body` evaluates to, when certain: the expression's, or the one type every
/// `return` of a block gives.
#[must_use]
pub fn result_type(body: &Body) -> Option<String> {
    let mut counts = Declarations::default();
    walk::body(&mut counts, body);
    let mut errors = Vec::new();
    let checker = Checker { locals: HashMap::new(), counts: counts.counts, errors: &mut errors };
    match body {
        Body::Expression(e) => checker.infer(e),
        Body::Block(_) => {
            let mut returns = Returns { checker, types: Vec::new(), unknown: false };
            walk::body(&mut returns, body);
            let first = returns.types.first()?.clone();
            (!returns.unknown && returns.types.iter().all(|t| *t == first)).then_some(first)
        }
    }
}

#[derive(Default)]
struct Declarations {
    counts: HashMap<String, usize>,
}

impl Visitor for Declarations {
    fn declared(&mut self, name: &crate::ast::Ident) {
        *self.counts.entry(name.name.clone()).or_default() += 1;
    }
}

struct Returns<'a> {
    checker: Checker<'a>,
    types: Vec<String>,
    unknown: bool,
}

impl Visitor for Returns<'_> {
    fn expr(&mut self, _expr: &Expr) -> bool {
        // Returns inside lambdas are the lambda's: do not walk into expressions.
        false
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::LocalDecl(d) => self.checker.declare(d),
            StmtKind::Return(Some(e)) => match self.checker.infer(e) {
                Some(t) => self.types.push(t),
                None => self.unknown = true,
            },
            _ => {}
        }
    }
}

struct Checker<'a> {
    /// Locals declared exactly once, with their type when it is certain.
    locals: HashMap<String, String>,
    counts: HashMap<String, usize>,
    errors: &'a mut Vec<SemanticError>,
}

/// `a` or `an` before a type name.
fn article(t: &str) -> &'static str {
    if t.starts_with(['a', 'e', 'i', 'o', 'u', 'I', 'E', 'A', 'O', 'U']) { "an" } else { "a" }
}

fn is_numeric(t: &str) -> bool {
    matches!(
        t,
        "int" | "long" | "double" | "float" | "decimal" | "byte" | "short" | "uint" | "ulong" | "sbyte" | "ushort"
    )
}

fn is_primitive(t: &str) -> bool {
    is_numeric(t) || t == "bool" || t == "char"
}

/// A type written as C# shows it (`int`, `string`, `JObject`), when it is a simple one.
fn written(ty: &TypeRef) -> Option<String> {
    match &ty.kind {
        TypeKind::Predefined(p) => Some(
            match p {
                PredefinedType::Bool => "bool",
                PredefinedType::Byte => "byte",
                PredefinedType::SByte => "sbyte",
                PredefinedType::Char => "char",
                PredefinedType::Decimal => "decimal",
                PredefinedType::Double => "double",
                PredefinedType::Float => "float",
                PredefinedType::Int => "int",
                PredefinedType::UInt => "uint",
                PredefinedType::Long => "long",
                PredefinedType::ULong => "ulong",
                PredefinedType::Object => "object",
                PredefinedType::Short => "short",
                PredefinedType::UShort => "ushort",
                PredefinedType::String => "string",
                PredefinedType::Void => return None,
            }
            .to_owned(),
        ),
        TypeKind::Named(segments) if segments.iter().all(|(_, args)| args.is_empty()) => {
            let name = segments.iter().map(|(i, _)| i.name.as_str()).collect::<Vec<_>>().join(".");
            Some(normalize(name.rsplit('.').next().unwrap_or(&name)))
        }
        _ => None,
    }
}

/// `String` -> `string`, `Int32` -> `int`; other names unchanged.
fn normalize(name: &str) -> String {
    match name {
        "String" => "string",
        "Int32" => "int",
        "Int64" => "long",
        "Double" => "double",
        "Single" => "float",
        "Decimal" => "decimal",
        "Boolean" => "bool",
        "Char" => "char",
        "Object" => "object",
        "Byte" => "byte",
        other => other,
    }
    .to_owned()
}

/// Whether C# has no implicit conversion from `from` to `to` (only the obvious cases).
fn incompatible(from: &str, to: &str) -> bool {
    let value = |t: &str| is_primitive(t);
    match (from, to) {
        (a, b) if a == b => false,
        ("null", b) => value(b),
        ("string", b) => value(b),
        (a, "string") => value(a),
        ("bool", b) => is_numeric(b) || b == "char",
        (a, "bool") => is_numeric(a) || a == "char",
        ("double" | "float" | "decimal", "int" | "long" | "short" | "byte" | "uint" | "ulong" | "char") => true,
        ("double", "float" | "decimal") | ("decimal", "double" | "float") | ("float", "decimal") => true,
        ("long", "int") => true,
        _ => false,
    }
}

/// The members a well-known type has, when apim knows the full list.
fn members_of(t: &str) -> Option<Vec<&'static str>> {
    let mut names: Vec<&'static str> = OBJECT.to_vec();
    match t {
        "string" => {
            names.extend(STRING);
            names.extend(LINQ);
        }
        _ if is_primitive(t) => names.extend(PRIMITIVE),
        "JObject" | "JArray" | "JToken" | "JValue" | "JContainer" | "JProperty" => {
            names.extend(JSON);
            names.extend(LINQ);
        }
        _ => return None,
    }
    Some(names)
}

impl Checker<'_> {
    fn error(&mut self, range: std::ops::Range<usize>, kind: SemanticKind, message: String, help: String) {
        self.errors.push(SemanticError { range, kind, message, help: Some(help) });
    }

    fn declare(&mut self, d: &LocalDecl) {
        let declared = d.ty.as_ref().and_then(written);
        for declarator in &d.declarators {
            let init = match &declarator.init {
                Some(VarInit::Expr(e)) => Some(e),
                _ => None,
            };
            let ty = match (&d.ty, init) {
                (Some(_), _) => declared.clone(),
                (None, Some(e)) => self.infer(e).filter(|t| t != "null"),
                (None, None) => None,
            };
            if self.counts.get(&declarator.name.name) == Some(&1)
                && let Some(t) = ty
            {
                self.locals.insert(declarator.name.name.clone(), t);
            }
        }
    }

    /// The static type of `e` when it is certain.
    fn infer(&self, e: &Expr) -> Option<String> {
        let s = |t: &str| Some(t.to_owned());
        match &e.kind {
            ExprKind::Literal(l) => match l {
                Literal::String(_) => s("string"),
                Literal::Char(_) => s("char"),
                Literal::Bool(_) => s("bool"),
                Literal::Null => s("null"),
                Literal::Int { value, suffix: IntSuffix::None } => {
                    if i32::try_from(*value).is_ok() {
                        s("int")
                    } else {
                        s("long")
                    }
                }
                Literal::Int { suffix: IntSuffix::L, .. } => s("long"),
                Literal::Int { .. } => None,
                Literal::Real { suffix, .. } => match suffix {
                    None | Some(RealSuffix::D) => s("double"),
                    Some(RealSuffix::F) => s("float"),
                    Some(RealSuffix::M) => s("decimal"),
                },
            },
            ExprKind::Interpolated { .. } => s("string"),
            ExprKind::Parenthesized(inner) | ExprKind::Checked { expr: inner, .. } => self.infer(inner),
            ExprKind::Name { ident, type_args } if type_args.is_empty() => {
                if ident.name == "context" && !self.counts.contains_key("context") {
                    return s("context");
                }
                self.locals.get(&ident.name).cloned()
            }
            ExprKind::Member { target, name, .. } => {
                let t = self.infer(target)?;
                if let Some(context_type) = model::context_type(&t) {
                    let member = context_type.member(&name.name)?;
                    return simple_model_type(member.type_name);
                }
                match (t.as_str(), name.name.as_str()) {
                    ("string", "Length") => s("int"),
                    _ => None,
                }
            }
            ExprKind::Call { callee, args } => self.call_type(callee, args.len()),
            ExprKind::Unary { op, operand } => match op {
                UnaryOp::Not => s("bool"),
                UnaryOp::Minus | UnaryOp::Plus => {
                    self.infer(operand).filter(|t| matches!(t.as_str(), "int" | "long" | "double" | "decimal"))
                }
                _ => None,
            },
            ExprKind::Binary { op, left, right } => match op {
                BinaryOp::Eq
                | BinaryOp::Ne
                | BinaryOp::Lt
                | BinaryOp::Gt
                | BinaryOp::Le
                | BinaryOp::Ge
                | BinaryOp::And
                | BinaryOp::Or => s("bool"),
                BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div | BinaryOp::Rem => {
                    let (l, r) = (self.infer(left)?, self.infer(right)?);
                    if *op == BinaryOp::Add && (l == "string" || r == "string") {
                        return s("string");
                    }
                    let rank = |t: &str| ["int", "long", "double"].iter().position(|x| *x == t);
                    let (a, b) = (rank(&l)?, rank(&r)?);
                    s(["int", "long", "double"][a.max(b)])
                }
                _ => None,
            },
            ExprKind::Conditional { then, otherwise, .. } => {
                let (a, b) = (self.infer(then)?, self.infer(otherwise)?);
                (a == b).then_some(a)
            }
            ExprKind::Cast { ty, .. } | ExprKind::As { ty, .. } => written(ty),
            ExprKind::New { ty, .. } => written(ty),
            ExprKind::Is { .. } => s("bool"),
            _ => None,
        }
    }

    fn call_type(&self, callee: &Expr, arg_count: usize) -> Option<String> {
        let s = |t: &str| Some(t.to_owned());
        let ExprKind::Member { target, name, type_args, .. } = &callee.kind else { return None };
        let method = name.name.as_str();
        // Generic helpers whose result is their type argument.
        if let [t] = &type_args[..]
            && matches!(method, "As" | "GetValueOrDefault" | "Value" | "ToObject")
        {
            return written(t);
        }
        if method == "ToString" {
            return s("string");
        }
        // A static call: `int.Parse`, `string.IsNullOrEmpty`, `JObject.Parse`.
        if let Some(type_name) = static_type(target, &self.locals) {
            return match (type_name.as_str(), method) {
                ("string", "IsNullOrEmpty" | "IsNullOrWhiteSpace" | "Equals") => s("bool"),
                ("string", "Format" | "Join" | "Concat") => s("string"),
                ("int" | "long" | "double" | "decimal" | "bool", "Parse") => Some(type_name),
                ("int" | "long" | "double" | "decimal" | "bool", "TryParse") => s("bool"),
                ("Convert", "ToInt32") => s("int"),
                ("Convert", "ToInt64") => s("long"),
                ("Convert", "ToDouble") => s("double"),
                ("Convert", "ToBoolean") => s("bool"),
                ("Convert", "ToString" | "ToBase64String") => s("string"),
                ("JObject" | "JArray" | "JToken", "Parse" | "FromObject") => Some(type_name),
                _ => None,
            };
        }
        let t = self.infer(target)?;
        if let Some(context_type) = model::context_type(&t) {
            let member = context_type.member(method)?;
            return simple_model_type(member.type_name);
        }
        match (t.as_str(), method) {
            ("IReadOnlyDictionary<string, string[]>", "GetValueOrDefault") if type_args.is_empty() => s("string"),
            (_, "AsJwt") if t == "string" => s("Jwt"),
            (_, "AsBasic") if t == "string" => s("BasicAuthCredentials"),
            (
                "string",
                "ToUpper" | "ToLower" | "ToUpperInvariant" | "ToLowerInvariant" | "Trim" | "TrimStart" | "TrimEnd"
                | "Substring" | "Replace" | "PadLeft" | "PadRight" | "Insert" | "Remove" | "Normalize",
            ) => s("string"),
            ("string", "Contains" | "StartsWith" | "EndsWith" | "Equals") if arg_count > 0 => s("bool"),
            ("string", "IndexOf" | "LastIndexOf" | "CompareTo") => s("int"),
            _ => None,
        }
    }

    fn expect_bool(&mut self, e: &Expr, what: &str) {
        if let Some(t) = self.infer(e)
            && t != "bool"
            && t != "null"
            && (is_primitive(&t) || t == "string")
        {
            self.error(
                e.range.range(),
                SemanticKind::TypeMismatch,
                format!("{what} must be a `bool`, but this is {} `{t}`", article(&t)),
                match t.as_str() {
                    "string" => "compare the string, e.g. `== \"true\"`, or parse it with `bool.Parse(...)`".to_owned(),
                    _ => format!("compare the `{t}` with a value, e.g. `!= 0`"),
                },
            );
        }
    }

    fn member(&mut self, target: &Expr, name: &crate::ast::Ident) {
        let Some(t) = self.infer(target) else { return };
        if model::context_type(&t).is_some() {
            // `context.A.B` chains are E306's; a model type reached another way
            // (`AsJwt()`, a cast) is checked here.
            if context_chain(target) {
                return;
            }
            let Some(context_type) = model::context_type(&t) else { return };
            if context_type.member(&name.name).is_some() || OBJECT.contains(&name.name.as_str()) {
                return;
            }
            let names = context_type.members.iter().map(|m| m.name);
            self.unknown_member(name, &t, names.collect());
            return;
        }
        let Some(members) = members_of(&t) else { return };
        if !members.contains(&name.name.as_str()) {
            self.unknown_member(name, &t, members);
        }
    }

    fn unknown_member(&mut self, name: &crate::ast::Ident, t: &str, members: Vec<&str>) {
        let help = match apim_diagnostics::suggest::closest(&name.name, members.iter().copied()) {
            Some(similar) => format!("did you mean `{similar}`?"),
            None => format!("see the members of `{t}` in the .NET documentation"),
        };
        self.error(
            name.range.range(),
            SemanticKind::UnknownMember,
            format!("`{t}` has no member `{}`", name.name),
            help,
        );
    }
}

/// `context`, `context.Request`, `context.User?.Id`: a member chain from `context`.
fn context_chain(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Name { ident, .. } => ident.name == "context",
        ExprKind::Member { target, .. } => context_chain(target),
        _ => false,
    }
}

/// The type a name chain denotes when it is a type used statically (`int`, `string`,
/// `Convert`, `JObject`), not a local or `context`.
fn static_type(target: &Expr, locals: &HashMap<String, String>) -> Option<String> {
    match &target.kind {
        ExprKind::Type(t) => written(t),
        ExprKind::Name { ident, type_args } if type_args.is_empty() && !locals.contains_key(&ident.name) => matches!(
            ident.name.as_str(),
            "String"
                | "Int32"
                | "Int64"
                | "Double"
                | "Decimal"
                | "Boolean"
                | "Convert"
                | "JObject"
                | "JArray"
                | "JToken"
        )
        .then(|| normalize(&ident.name)),
        _ => None,
    }
}

/// A model member type usable here (`string`, `int`, `IUrl`, `Jwt`); generic and
/// nullable ones only where the text is exact (`IReadOnlyDictionary<string, string[]>`).
fn simple_model_type(type_name: &str) -> Option<String> {
    if type_name.ends_with('?') || type_name == "T" || type_name == "void" {
        return None;
    }
    Some(type_name.to_owned())
}

impl Visitor for Checker<'_> {
    fn expr(&mut self, e: &Expr) -> bool {
        match &e.kind {
            ExprKind::Member { target, name, .. } => self.member(target, name),
            ExprKind::Unary { op: UnaryOp::Not, operand } => self.expect_bool(operand, "the operand of `!`"),
            ExprKind::Conditional { cond, .. } => self.expect_bool(cond, "the condition of `?:`"),
            ExprKind::Binary { op: BinaryOp::And | BinaryOp::Or, left, right } => {
                self.expect_bool(left, "an operand of `&&`/`||`");
                self.expect_bool(right, "an operand of `&&`/`||`");
            }
            ExprKind::Binary {
                op: BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Gt | BinaryOp::Le | BinaryOp::Ge,
                left,
                right,
            } => {
                if let (Some(l), Some(r)) = (self.infer(left), self.infer(right))
                    && l != r
                    && (is_primitive(&l) || l == "string")
                    && (is_primitive(&r) || r == "string")
                    && (l == "string" || r == "string" || l == "bool" || r == "bool")
                {
                    self.error(
                        e.range.range(),
                        SemanticKind::TypeMismatch,
                        format!("{} `{l}` cannot be compared with {} `{r}`", article(&l), article(&r)),
                        if l == "string" || r == "string" {
                            "convert one side first, e.g. `int.Parse(text)` or `number.ToString()`".to_owned()
                        } else {
                            "compare values of the same type".to_owned()
                        },
                    );
                }
            }
            _ => {}
        }
        true
    }

    fn stmt(&mut self, stmt: &Stmt) {
        match &stmt.kind {
            StmtKind::LocalDecl(d) => {
                if let Some(declared) = d.ty.as_ref().and_then(written) {
                    for declarator in &d.declarators {
                        if let Some(VarInit::Expr(init)) = &declarator.init
                            && let Some(t) = self.infer(init)
                            && incompatible(&t, &declared)
                        {
                            let help = match (t.as_str(), declared.as_str()) {
                                ("null", _) => format!("declare it as `{declared}?` to allow null"),
                                ("string", _) => format!("parse the string, e.g. `{declared}.Parse(...)`"),
                                (_, "string") => "call `.ToString()` on the value".to_owned(),
                                _ => format!("cast explicitly, e.g. `({declared})value`"),
                            };
                            self.error(
                                init.range.range(),
                                SemanticKind::TypeMismatch,
                                format!(
                                    "{} `{t}` cannot be assigned to `{declared} {}`",
                                    article(&t),
                                    declarator.name.name
                                ),
                                help,
                            );
                        }
                    }
                }
                self.declare(d);
            }
            StmtKind::If { cond, .. } | StmtKind::While { cond, .. } | StmtKind::DoWhile { cond, .. } => {
                self.expect_bool(cond, "a condition");
            }
            StmtKind::For { cond: Some(cond), .. } => self.expect_bool(cond, "a condition"),
            _ => {}
        }
    }
}
