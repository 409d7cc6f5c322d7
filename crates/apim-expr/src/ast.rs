//! The syntax tree of a policy expression.
//!
//! Every node carries a [`TextRange`] of byte offsets into the expression's code (the
//! text from `@` to the closing bracket); `apim_syntax::Expression::source_span` maps
//! it to the file. The tree is plain data: no parser type appears here.

mod print;

use std::fmt;

pub use print::{print_body, print_expr, print_pattern, print_stmt, print_type};

/// Byte offsets `start..end` into the expression's code.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    /// As a `usize` range, to slice the code or map it to the file.
    #[must_use]
    pub const fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The smallest range covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self { start: self.start.min(other.start), end: self.end.max(other.end) }
    }
}

/// What a policy expression holds: `@(expression)` or `@{ statements }`.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Expression(Expr),
    Block(Block),
}

/// A name as written (a verbatim `@name` is stored without the `@`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    pub range: TextRange,
    pub name: String,
}

// ---------------------------------------------------------------------------
// Types

#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    pub range: TextRange,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// `int`, `string`, ...
    Predefined(PredefinedType),
    /// `System.Collections.Generic.List<int>`: one entry per dotted segment with its
    /// type arguments.
    Named(Vec<(Ident, Vec<TypeRef>)>),
    /// `int[]`, `int[,]`, `int[][]`: `ranks` lists the dimensions of each `[...]`.
    Array { element: Box<TypeRef>, ranks: Vec<u32> },
    /// `int?`
    Nullable(Box<TypeRef>),
    /// `(int, string)`; element names are not kept.
    Tuple(Vec<TypeRef>),
}

impl TypeRef {
    /// `var` in a declaration (a single segment named `var` without type arguments).
    #[must_use]
    pub fn is_var(&self) -> bool {
        matches!(&self.kind, TypeKind::Named(segments)
            if segments.len() == 1 && segments[0].0.name == "var" && segments[0].1.is_empty())
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum PredefinedType {
    Bool,
    Byte,
    SByte,
    Char,
    Decimal,
    Double,
    Float,
    Int,
    UInt,
    Long,
    ULong,
    Object,
    Short,
    UShort,
    String,
    Void,
}

impl PredefinedType {
    #[must_use]
    pub fn from_keyword(keyword: &str) -> Option<Self> {
        Some(match keyword {
            "bool" => Self::Bool,
            "byte" => Self::Byte,
            "sbyte" => Self::SByte,
            "char" => Self::Char,
            "decimal" => Self::Decimal,
            "double" => Self::Double,
            "float" => Self::Float,
            "int" => Self::Int,
            "uint" => Self::UInt,
            "long" => Self::Long,
            "ulong" => Self::ULong,
            "object" => Self::Object,
            "short" => Self::Short,
            "ushort" => Self::UShort,
            "string" => Self::String,
            "void" => Self::Void,
            _ => return None,
        })
    }

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Bool => "bool",
            Self::Byte => "byte",
            Self::SByte => "sbyte",
            Self::Char => "char",
            Self::Decimal => "decimal",
            Self::Double => "double",
            Self::Float => "float",
            Self::Int => "int",
            Self::UInt => "uint",
            Self::Long => "long",
            Self::ULong => "ulong",
            Self::Object => "object",
            Self::Short => "short",
            Self::UShort => "ushort",
            Self::String => "string",
            Self::Void => "void",
        }
    }
}

impl fmt::Display for PredefinedType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ---------------------------------------------------------------------------
// Expressions

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub range: TextRange,
    pub kind: ExprKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `$"..."` (`verbatim`: `$@"..."` or `@$"..."`).
    Interpolated {
        verbatim: bool,
        parts: Vec<InterpolationPart>,
    },
    /// `{{name}}`, replaced by APIM with the named value before compiling.
    NamedValue(String),
    /// `x`, `GetValueOrDefault<string>` (a generic method group).
    Name {
        ident: Ident,
        type_args: Vec<TypeRef>,
    },
    /// `target.name`, `target?.name`, `target.Name<T>`.
    Member {
        target: Box<Expr>,
        name: Ident,
        type_args: Vec<TypeRef>,
        null_conditional: bool,
    },
    Call {
        callee: Box<Expr>,
        args: Vec<Argument>,
    },
    /// `target[args]`, `target?[args]`.
    Index {
        target: Box<Expr>,
        args: Vec<Argument>,
        null_conditional: bool,
    },
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Postfix {
        op: PostfixOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Assign {
        op: AssignOp,
        target: Box<Expr>,
        value: Box<Expr>,
    },
    Conditional {
        cond: Box<Expr>,
        then: Box<Expr>,
        otherwise: Box<Expr>,
    },
    Cast {
        ty: TypeRef,
        expr: Box<Expr>,
    },
    Is {
        expr: Box<Expr>,
        pattern: Box<Pattern>,
    },
    As {
        expr: Box<Expr>,
        ty: TypeRef,
    },
    Lambda {
        params: Vec<LambdaParam>,
        body: Box<LambdaBody>,
    },
    /// `new T(args) { initializer }`; `args` is `None` for `new T { ... }`.
    New {
        ty: TypeRef,
        args: Option<Vec<Argument>>,
        initializer: Option<Initializer>,
    },
    /// `new T[sizes]ranks { initializer }`, `new T[] { ... }`, `new[] { ... }`.
    ///
    /// `sizes` fill the first `[...]` (empty when it has none); `ranks` lists the
    /// dimensions of each following empty `[...]`, so `new int[3][]` has sizes `[3]`
    /// and ranks `[1]`, `new int[,] { ... }` has no sizes and ranks `[2]`.
    NewArray {
        element: Option<TypeRef>,
        sizes: Vec<Expr>,
        ranks: Vec<u32>,
        initializer: Option<Initializer>,
    },
    /// `new { a = 1, x.b }`: `(Some(a), 1)`, `(None, x.b)`.
    AnonymousObject(Vec<(Option<Ident>, Expr)>),
    TypeOf(TypeRef),
    /// `default(T)`, or the `default` literal.
    Default(Option<TypeRef>),
    Checked {
        checked: bool,
        expr: Box<Expr>,
    },
    NameOf(Box<Expr>),
    This,
    Base,
    /// A throw expression (`x ?? throw new Exception()`).
    Throw(Box<Expr>),
    /// `scrutinee switch { arms }`.
    Switch {
        scrutinee: Box<Expr>,
        arms: Vec<SwitchArm>,
    },
    Tuple(Vec<Expr>),
    /// A predefined type used as an expression: `string` in `string.Join`.
    Type(TypeRef),
    Parenthesized(Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// The value with `_` separators removed; `suffix` as written (`u`, `L`, `UL`, ...).
    Int {
        value: u64,
        suffix: IntSuffix,
    },
    /// `text` is the number without separators or suffix (`1.5`, `.5`, `1e3`).
    Real {
        text: String,
        suffix: Option<RealSuffix>,
    },
    /// Escapes resolved.
    String(String),
    Char(char),
    Bool(bool),
    Null,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum IntSuffix {
    None,
    U,
    L,
    UL,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum RealSuffix {
    /// `f`: float
    F,
    /// `d`: double
    D,
    /// `m`: decimal
    M,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InterpolationPart {
    /// Text with escapes (`{{`, `}}`, `\n`, `""`) resolved.
    Text(String),
    /// `{expr,alignment:format}`
    Hole { expr: Box<Expr>, alignment: Option<Box<Expr>>, format: Option<String> },
    /// A deploy-time template placeholder such as `{group-id}` (kept by name, not read
    /// as a subtraction).
    Placeholder(String),
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Plus,
    Minus,
    Not,
    BitNot,
    PreIncrement,
    PreDecrement,
}

impl UnaryOp {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Plus => "+",
            Self::Minus => "-",
            Self::Not => "!",
            Self::BitNot => "~",
            Self::PreIncrement => "++",
            Self::PreDecrement => "--",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum PostfixOp {
    Increment,
    Decrement,
}

impl PostfixOp {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Increment => "++",
            Self::Decrement => "--",
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `??`
    Coalesce,
    /// `||`
    Or,
    /// `&&`
    And,
    BitOr,
    BitXor,
    BitAnd,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Shl,
    Shr,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinaryOp {
    #[must_use]
    pub fn from_token(token: &str) -> Option<Self> {
        Some(match token {
            "??" => Self::Coalesce,
            "||" => Self::Or,
            "&&" => Self::And,
            "|" => Self::BitOr,
            "^" => Self::BitXor,
            "&" => Self::BitAnd,
            "==" => Self::Eq,
            "!=" => Self::Ne,
            "<" => Self::Lt,
            ">" => Self::Gt,
            "<=" => Self::Le,
            ">=" => Self::Ge,
            "<<" => Self::Shl,
            ">>" => Self::Shr,
            "+" => Self::Add,
            "-" => Self::Sub,
            "*" => Self::Mul,
            "/" => Self::Div,
            "%" => Self::Rem,
            _ => return None,
        })
    }

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Coalesce => "??",
            Self::Or => "||",
            Self::And => "&&",
            Self::BitOr => "|",
            Self::BitXor => "^",
            Self::BitAnd => "&",
            Self::Eq => "==",
            Self::Ne => "!=",
            Self::Lt => "<",
            Self::Gt => ">",
            Self::Le => "<=",
            Self::Ge => ">=",
            Self::Shl => "<<",
            Self::Shr => ">>",
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Rem => "%",
        }
    }

    /// Binding strength, higher binds tighter (`??` is 1, `*` is 11). `is` and `as` share
    /// the relational level, [`BinaryOp::RELATIONAL`].
    #[must_use]
    pub const fn precedence(self) -> u8 {
        match self {
            Self::Coalesce => 1,
            Self::Or => 2,
            Self::And => 3,
            Self::BitOr => 4,
            Self::BitXor => 5,
            Self::BitAnd => 6,
            Self::Eq | Self::Ne => 7,
            Self::Lt | Self::Gt | Self::Le | Self::Ge => Self::RELATIONAL,
            Self::Shl | Self::Shr => 9,
            Self::Add | Self::Sub => 10,
            Self::Mul | Self::Div | Self::Rem => 11,
        }
    }

    /// The precedence of `<`, `>`, `<=`, `>=`, `is` and `as`.
    pub const RELATIONAL: u8 = 8;

    /// Only `??` groups to the right.
    #[must_use]
    pub const fn is_right_associative(self) -> bool {
        matches!(self, Self::Coalesce)
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum AssignOp {
    Assign,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    Coalesce,
}

impl AssignOp {
    #[must_use]
    pub fn from_token(token: &str) -> Option<Self> {
        Some(match token {
            "=" => Self::Assign,
            "+=" => Self::Add,
            "-=" => Self::Sub,
            "*=" => Self::Mul,
            "/=" => Self::Div,
            "%=" => Self::Rem,
            "&=" => Self::BitAnd,
            "|=" => Self::BitOr,
            "^=" => Self::BitXor,
            "<<=" => Self::Shl,
            ">>=" => Self::Shr,
            "??=" => Self::Coalesce,
            _ => return None,
        })
    }

    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Assign => "=",
            Self::Add => "+=",
            Self::Sub => "-=",
            Self::Mul => "*=",
            Self::Div => "/=",
            Self::Rem => "%=",
            Self::BitAnd => "&=",
            Self::BitOr => "|=",
            Self::BitXor => "^=",
            Self::Shl => "<<=",
            Self::Shr => ">>=",
            Self::Coalesce => "??=",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub range: TextRange,
    /// `preserveContent` in `preserveContent: true`.
    pub name: Option<Ident>,
    pub modifier: Option<ArgModifier>,
    pub value: ArgValue,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum ArgModifier {
    Out,
    Ref,
    In,
}

impl ArgModifier {
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Out => "out",
            Self::Ref => "ref",
            Self::In => "in",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Expr(Expr),
    /// `out var x`, `out int x`; `ty` is `None` for `var`. A discard (`out _`,
    /// `out var _`) is named `_`.
    OutVar {
        ty: Option<TypeRef>,
        name: Ident,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LambdaParam {
    pub range: TextRange,
    pub modifier: Option<ArgModifier>,
    /// `None` when the type is inferred (`x => ...`, `(a, b) => ...`).
    pub ty: Option<TypeRef>,
    pub name: Ident,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LambdaBody {
    Expr(Expr),
    Block(Block),
}

/// The `{ ... }` after `new T(...)`, `new T[]` or in a declaration `int[] a = { 1, 2 }`.
#[derive(Debug, Clone, PartialEq)]
pub struct Initializer {
    pub range: TextRange,
    pub elements: Vec<InitElement>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum InitElement {
    /// A collection or array element.
    Expr(Expr),
    /// `Name = value` in an object initializer.
    Member { name: Ident, value: InitValue },
    /// `["key"] = value`.
    Index { args: Vec<Argument>, value: InitValue },
    /// `{ "key", value }` (a collection `Add` with several arguments) or a nested array
    /// initializer.
    List(Initializer),
}

#[derive(Debug, Clone, PartialEq)]
pub enum InitValue {
    Expr(Expr),
    Initializer(Initializer),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SwitchArm {
    pub range: TextRange,
    pub pattern: Pattern,
    pub guard: Option<Expr>,
    pub value: Expr,
}

// ---------------------------------------------------------------------------
// Patterns

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub range: TextRange,
    pub kind: PatternKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PatternKind {
    Null,
    /// A constant: `"a"`, `-1`, `true`, and in `case` labels and switch arms a bare
    /// dotted name such as `HttpStatusCode.OK`.
    Constant(Expr),
    /// `string`, `JObject obj`. After `is`, a bare name is read as a type.
    Type {
        ty: TypeRef,
        name: Option<Ident>,
    },
    /// `var x`
    Var(Ident),
    /// `_`
    Discard,
    /// `not pattern`
    Not(Box<Pattern>),
    /// `> 5`, `<= limit`: `op` is one of `<`, `>`, `<=`, `>=`.
    Relational {
        op: BinaryOp,
        value: Expr,
    },
    And(Box<Pattern>, Box<Pattern>),
    Or(Box<Pattern>, Box<Pattern>),
}

// ---------------------------------------------------------------------------
// Statements

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub range: TextRange,
    pub statements: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Stmt {
    pub range: TextRange,
    pub kind: StmtKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum StmtKind {
    Block(Block),
    LocalDecl(LocalDecl),
    Expr(Expr),
    If {
        cond: Expr,
        then: Box<Stmt>,
        otherwise: Option<Box<Stmt>>,
    },
    Switch {
        expr: Expr,
        sections: Vec<SwitchSection>,
    },
    /// `init` holds declarations or expression statements.
    For {
        init: Vec<Stmt>,
        cond: Option<Expr>,
        update: Vec<Expr>,
        body: Box<Stmt>,
    },
    /// `ty` is `None` for `var`.
    Foreach {
        ty: Option<TypeRef>,
        name: Ident,
        iterable: Expr,
        body: Box<Stmt>,
    },
    While {
        cond: Expr,
        body: Box<Stmt>,
    },
    DoWhile {
        body: Box<Stmt>,
        cond: Expr,
    },
    Try {
        block: Block,
        catches: Vec<Catch>,
        finally: Option<Block>,
    },
    /// `using (resource) body`, or `using var x = ...;` (no body).
    Using {
        resource: UsingResource,
        body: Option<Box<Stmt>>,
    },
    Lock {
        expr: Expr,
        body: Box<Stmt>,
    },
    Return(Option<Expr>),
    Throw(Option<Expr>),
    Break,
    Continue,
    Checked {
        checked: bool,
        block: Block,
    },
    YieldReturn(Expr),
    YieldBreak,
    /// A local function (C# 7): `int Square(int x) => x * x;`.
    LocalFunction {
        return_type: TypeRef,
        name: Ident,
        params: Vec<LambdaParam>,
        body: LambdaBody,
    },
    Empty,
}

/// `var x = 1, y;`, `const int N = 5;`
#[derive(Debug, Clone, PartialEq)]
pub struct LocalDecl {
    pub range: TextRange,
    pub is_const: bool,
    /// `None` for `var`.
    pub ty: Option<TypeRef>,
    pub declarators: Vec<Declarator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Declarator {
    pub range: TextRange,
    pub name: Ident,
    pub init: Option<VarInit>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VarInit {
    Expr(Expr),
    /// `int[] a = { 1, 2 };`
    Array(Initializer),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SwitchSection {
    pub range: TextRange,
    pub labels: Vec<CaseLabel>,
    pub body: Vec<Stmt>,
}

#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant, reason = "labels are few; boxing would only complicate matching")]
pub enum CaseLabel {
    Case { pattern: Pattern, guard: Option<Expr> },
    Default,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catch {
    pub range: TextRange,
    pub ty: Option<TypeRef>,
    pub name: Option<Ident>,
    /// `when (filter)`
    pub filter: Option<Expr>,
    pub block: Block,
}

#[derive(Debug, Clone, PartialEq)]
pub enum UsingResource {
    Decl(LocalDecl),
    Expr(Expr),
}
