//! The .NET type of a deferred LINQ sequence (`GetType()` of what `Where` returns).

use super::linq::{Lazy, Op, arity, elem_type, lambda_result};
use crate::types::{GenericTy, Ty};
use crate::value::Value;

impl Lazy {
    /// `GetType()`: for `Where` and `Select` the .NET Framework iterator class with its
    /// type arguments (see [`FrameworkIterator`]); other steps by name only.
    #[must_use]
    pub fn clr_type(&self) -> Ty {
        if let Shape::Iterator(it) = shape(self) {
            return it.ty();
        }
        Ty::Named(match self.op {
            Op::Where(_) => "System.Linq.Enumerable+WhereEnumerableIterator`1",
            Op::Select(_) => "System.Linq.Enumerable+WhereSelectEnumerableIterator`2",
            Op::OrderBy(_) => "System.Linq.OrderedEnumerable`2",
            Op::Range(..) => "System.Linq.Enumerable+<RangeIterator>d__111",
            _ => "System.Linq.Enumerable+Iterator`1",
        })
    }
}

/// What `Where`/`Select` return on .NET Framework (`System.Core`'s `Enumerable`): a
/// `WhereXIterator<TSource>` or `WhereSelectXIterator<TSource, TResult>`, X after the
/// source (an array, a `List<T>`, anything else). On an iterator of the same family the
/// step merges into it: `Where` after `Where` keeps the class (predicates combined),
/// `Select` after `Where` or `Select` keeps the source and its kind with the new result;
/// `Where` after `Select` starts a `WhereEnumerableIterator` over the projection. The
/// index-taking overloads are compiler-generated iterators instead.
#[derive(Debug, Clone)]
struct FrameworkIterator {
    select: bool,
    source_kind: SourceKind,
    source: Ty,
    result: Ty,
}

#[derive(Debug, Clone, Copy)]
enum SourceKind {
    Array,
    List,
    Enumerable,
}

enum Shape {
    Iterator(FrameworkIterator),
    /// Another kind of sequence (not an `Enumerable.Iterator<T>`).
    Other,
    /// An iterator whose type arguments are not known (a lambda's result type).
    Unknown,
}

impl FrameworkIterator {
    fn ty(&self) -> Ty {
        let name = match (self.select, self.source_kind) {
            (false, SourceKind::Array) => "System.Linq.Enumerable+WhereArrayIterator`1",
            (false, SourceKind::List) => "System.Linq.Enumerable+WhereListIterator`1",
            (false, SourceKind::Enumerable) => "System.Linq.Enumerable+WhereEnumerableIterator`1",
            (true, SourceKind::Array) => "System.Linq.Enumerable+WhereSelectArrayIterator`2",
            (true, SourceKind::List) => "System.Linq.Enumerable+WhereSelectListIterator`2",
            (true, SourceKind::Enumerable) => "System.Linq.Enumerable+WhereSelectEnumerableIterator`2",
        };
        let args = if self.select { vec![self.source.clone(), self.result.clone()] } else { vec![self.source.clone()] };
        Ty::Generic(Box::new(GenericTy { name, args }))
    }
}

fn shape_of(v: &Value) -> Shape {
    match v {
        Value::Lazy(l) => shape(l),
        _ => Shape::Other,
    }
}

fn shape(l: &Lazy) -> Shape {
    let (select, f) = match &l.op {
        Op::Where(f) => (false, f),
        Op::Select(f) => (true, f),
        _ => return Shape::Other,
    };
    if arity(f) != 1 {
        return Shape::Other;
    }
    let result = if select {
        match lambda_result(f) {
            Some(r) => Some(r),
            None => return Shape::Unknown,
        }
    } else {
        None
    };
    let it = match (shape_of(&l.source), result) {
        (Shape::Unknown, _) => return Shape::Unknown,
        (Shape::Iterator(inner), None) if !inner.select => inner,
        (Shape::Iterator(inner), None) => FrameworkIterator {
            select: false,
            source_kind: SourceKind::Enumerable,
            source: inner.result.clone(),
            result: inner.result,
        },
        (Shape::Iterator(inner), Some(r)) => FrameworkIterator { select: true, result: r, ..inner },
        (Shape::Other, result) => {
            let Some(source) = elem_type(&l.source) else { return Shape::Unknown };
            let source_kind = match &l.source {
                Value::Array(_) => SourceKind::Array,
                Value::List(_) => SourceKind::List,
                _ => SourceKind::Enumerable,
            };
            FrameworkIterator { select, source_kind, result: result.unwrap_or_else(|| source.clone()), source }
        }
    };
    Shape::Iterator(it)
}
