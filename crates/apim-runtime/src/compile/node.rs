//! The compiled program: the syntax tree with names resolved to local slots or types,
//! literals turned into values, and the static types C# semantics depend on.

use std::rc::Rc;

use apim_expr::ast::{BinaryOp, TextRange};

use crate::types::Ty;
use crate::value::Value;

/// A static (compile-time) type: `None` when the compiler does not know it.
pub type STy = Option<Ty>;

#[derive(Debug)]
pub enum Node {
    Const(Value),
    Local(u32),
    Context,
    /// `Type.Member` of a static type (`int.MaxValue`, `Encoding.UTF8`, `StringComparison.Ordinal`).
    StaticMember {
        ty: Rc<str>,
        name: Rc<str>,
    },
    Member {
        target: Box<Node>,
        name: Rc<str>,
        null_cond: bool,
    },
    /// `x.HasValue` / `x.Value` on a `Nullable<T>`.
    NullableMember {
        target: Box<Node>,
        name: Rc<str>,
        inner: Ty,
    },
    Call {
        target: Box<Node>,
        name: Rc<str>,
        type_args: Vec<Ty>,
        args: Vec<Arg>,
        null_cond: bool,
    },
    StaticCall {
        ty: Rc<str>,
        name: Rc<str>,
        type_args: Vec<Ty>,
        args: Vec<Arg>,
    },
    /// Calling a delegate held in a value: `f(x)`.
    Invoke {
        func: Box<Node>,
        args: Vec<Arg>,
    },
    Index {
        target: Box<Node>,
        args: Vec<Node>,
        null_cond: bool,
    },
    Neg {
        operand: Box<Node>,
        checked: bool,
    },
    Plus(Box<Node>),
    Not(Box<Node>),
    BitNot(Box<Node>),
    Binary {
        op: BinaryOp,
        left: Box<Node>,
        right: Box<Node>,
        checked: bool,
        ref_eq: bool,
    },
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Coalesce(Box<Node>, Box<Node>),
    Assign {
        target: LValue,
        value: Box<Node>,
        conv: STy,
    },
    /// `x op= v`: the result is converted back to the target's type.
    Compound {
        target: LValue,
        op: BinaryOp,
        value: Box<Node>,
        conv: STy,
        checked: bool,
    },
    CoalesceAssign {
        target: LValue,
        value: Box<Node>,
    },
    IncDec {
        target: LValue,
        delta: i8,
        prefix: bool,
        checked: bool,
    },
    Cond {
        cond: Box<Node>,
        then: Box<Node>,
        otherwise: Box<Node>,
        conv: STy,
    },
    /// `(T)expr`; `unbox` when the operand's static type is `object` (or an interface),
    /// `from_json` when it is a `JToken` (Newtonsoft's explicit operators).
    Cast {
        ty: Ty,
        expr: Box<Node>,
        unbox: bool,
        checked: bool,
        from_json: bool,
    },
    Is {
        expr: Box<Node>,
        pattern: Box<Pattern>,
    },
    As {
        expr: Box<Node>,
        ty: Ty,
    },
    Lambda(Rc<LambdaDef>),
    New {
        ty: Ty,
        args: Vec<Arg>,
        init: Vec<Init>,
    },
    NewArray {
        elem: Ty,
        sizes: Vec<Node>,
        init: Option<Vec<Node>>,
    },
    Anonymous {
        names: Vec<Rc<str>>,
        values: Vec<Node>,
    },
    Tuple(Vec<Node>),
    TypeOf(Ty),
    Default(Ty),
    Throw(Box<Node>),
    Switch {
        scrutinee: Box<Node>,
        arms: Vec<(Pattern, Option<Node>, Node)>,
    },
    Interpolated(Vec<Part>),
    NameOf(Rc<str>),
}

#[derive(Debug)]
pub enum Part {
    Text(Rc<str>),
    Hole { expr: Node, alignment: Option<Node>, format: Option<Rc<str>> },
}

#[derive(Debug)]
pub struct Arg {
    pub node: Node,
    /// Where an `out`/`ref` argument is written back.
    pub out: Option<LValue>,
    /// A named argument (`preserveContent: true`).
    pub name: Option<Rc<str>>,
}

#[derive(Debug)]
pub enum LValue {
    Local(u32, STy),
    Member { target: Box<Node>, name: Rc<str> },
    Index { target: Box<Node>, args: Vec<Node> },
    Discard,
}

#[derive(Debug)]
pub enum Init {
    /// A collection element: `Add(values...)`.
    Add(Vec<Node>),
    /// `Name = value`.
    Member(Rc<str>, Node),
    /// `[key] = value`.
    Index(Vec<Node>, Node),
}

#[derive(Debug)]
pub struct LambdaDef {
    pub params: Vec<(u32, STy)>,
    pub body: LambdaBody,
    /// The static type of an expression body, when known (`TResult` of `Select`).
    pub ret: STy,
    /// Slots owned by the lambda (parameters and locals), saved around a call so
    /// recursion through a variable works.
    pub own: std::ops::Range<u32>,
}

#[derive(Debug)]
pub enum LambdaBody {
    Expr(Node),
    Block(Vec<Stmt>),
}

#[derive(Debug)]
pub enum Pattern {
    Null,
    Const(Node),
    Type { ty: Ty, bind: Option<u32> },
    Var(u32),
    Discard,
    Not(Box<Pattern>),
    Relational { op: BinaryOp, value: Node },
    And(Box<Pattern>, Box<Pattern>),
    Or(Box<Pattern>, Box<Pattern>),
}

#[derive(Debug)]
pub enum Stmt {
    Expr(Node),
    Decl { slot: u32, init: Option<Node>, conv: STy },
    Block(Vec<Stmt>),
    If { cond: Node, then: Box<Stmt>, otherwise: Option<Box<Stmt>> },
    While { cond: Node, body: Box<Stmt> },
    DoWhile { body: Box<Stmt>, cond: Node },
    For { init: Vec<Stmt>, cond: Option<Node>, update: Vec<Node>, body: Box<Stmt> },
    Foreach { slot: u32, conv: STy, iterable: Node, body: Box<Stmt> },
    Return(Option<Node>),
    Break,
    Continue,
    Throw(Option<Node>),
    Try { block: Vec<Stmt>, catches: Vec<Catch>, finally: Option<Vec<Stmt>> },
    Switch { expr: Node, sections: Vec<(Vec<Label>, Vec<Stmt>)> },
    Empty,
}

#[derive(Debug)]
pub struct Catch {
    /// `None` catches everything.
    pub ty: Option<&'static str>,
    pub slot: Option<u32>,
    pub filter: Option<Node>,
    pub block: Vec<Stmt>,
}

#[derive(Debug)]
pub enum Label {
    Case(Pattern, Option<Node>),
    Default,
}

/// Where a node came from, for error messages.
pub type Origin = TextRange;
