//! The runtime value: what a C# expression computes, boxed or not.
//!
//! Value types (numbers, `bool`, `char`, `DateTime`, `TimeSpan`, `Guid`) are held inline;
//! reference types sit behind an `Rc`, so `ReferenceEquals` is pointer equality and a
//! mutation through one reference is seen through every other (arrays, lists,
//! dictionaries, `StringBuilder`, JSON tokens).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use apim_dotnet::{DateTime, Decimal, Guid, TimeSpan};
use apim_json::JToken;

use crate::context::Host;
use crate::types::Ty;

/// A .NET value.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Char(char),
    I8(i8),
    U8(u8),
    I16(i16),
    U16(u16),
    I32(i32),
    U32(u32),
    I64(i64),
    U64(u64),
    F32(f32),
    F64(f64),
    Decimal(Decimal),
    /// `System.Numerics.BigInteger` (what Newtonsoft holds for an integer beyond `long`).
    BigInt(Rc<apim_json::BigInteger>),
    /// A string; `Rc` identity is the string's reference identity (literals are interned).
    Str(Rc<str>),
    DateTime(DateTime),
    DateTimeOffset(crate::builtins::datetime_offset::Dto),
    TimeSpan(TimeSpan),
    Guid(Guid),
    /// An enum value: its type and underlying integer.
    Enum(EnumTy, i64),
    /// `T[]`.
    Array(Rc<Seq>),
    /// `List<T>`.
    List(Rc<Seq>),
    /// `Dictionary<K, V>` (insertion order kept, as .NET's does without removals).
    Dict(Rc<Dict>),
    /// `HashSet<T>`.
    Set(Rc<Seq>),
    /// `Queue<T>` / `Stack<T>`.
    Queue(Rc<Seq>),
    Stack(Rc<Seq>),
    /// `KeyValuePair<K, V>`.
    Pair(Rc<(Value, Value, Ty, Ty)>),
    /// A `ValueTuple` or anonymous object: field names (empty for tuples) and values.
    Tuple(Rc<TupleObj>),
    /// A `JToken` handle (reference identity is the token's).
    Json(JToken),
    /// `StringBuilder`.
    Builder(Rc<RefCell<String>>),
    /// `Regex`, `Match`, `Group`, ...
    Regex(Rc<crate::builtins::regex::RegexObj>),
    Match(Rc<crate::builtins::regex::MatchObj>),
    Group(Rc<crate::builtins::regex::GroupObj>),
    /// `Uri`.
    Uri(Rc<crate::builtins::uri::UriObj>),
    /// A `System.Random` (seeded, deterministic).
    Random(Rc<RefCell<crate::builtins::math::DotNetRandom>>),
    /// A hash algorithm object (`SHA256.Create()`, `new HMACSHA256(key)`).
    Hasher(Rc<crate::builtins::crypto::HasherObj>),
    /// `Encoding.UTF8` and friends.
    Encoding(crate::builtins::encoding::EncodingKind),
    /// A caught exception object.
    Exception(Rc<crate::error::Exception>),
    /// The APIM `context` and its members.
    Host(Host),
    /// A lambda or method group.
    Func(Rc<crate::eval::Closure>),
    /// A deferred LINQ sequence.
    Lazy(Rc<crate::builtins::linq::Lazy>),
    /// `UriBuilder` (mutable).
    UriBuilder(Rc<RefCell<crate::builtins::uri_builder::UriBuilderObj>>),
    /// `Jwt`, `BasicAuthCredentials`: read-only properties.
    Record(Rc<crate::builtins::auth::Record>),
    /// A `Type` object (`typeof(T)`, `GetType()`).
    Type(Rc<Ty>),
}

/// Enum types the evaluator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EnumTy {
    StringComparison,
    StringSplitOptions,
    DateTimeKind,
    DayOfWeek,
    JTokenType,
    Formatting,
    MidpointRounding,
    RegexOptions,
    UriKind,
    UriPartial,
    DateTimeStyles,
    NumberStyles,
}

/// The elements of an array, list or set, with the element type.
#[derive(Debug)]
pub struct Seq {
    pub elem: Ty,
    pub items: RefCell<Vec<Value>>,
    /// A `HashSet<string>` built with an ignore-case `StringComparer`.
    pub ignore_case: Cell<bool>,
}

impl Seq {
    #[must_use]
    pub fn new(elem: Ty, items: Vec<Value>) -> Rc<Self> {
        Rc::new(Self { elem, items: RefCell::new(items), ignore_case: Cell::new(false) })
    }
}

/// A dictionary: key and value types, entries in enumeration order, and the comparer.
#[derive(Debug)]
pub struct Dict {
    pub key: Ty,
    pub value: Ty,
    pub ignore_case: bool,
    pub entries: RefCell<Vec<(Value, Value)>>,
    /// Which internal slot each entry occupies, for .NET's enumeration order.
    pub slots: RefCell<DictSlots>,
}

/// `Dictionary<K,V>`'s storage order: entries enumerate in slot order, and a removed
/// entry's slot is reused (last freed, first reused) by the next insertion, so after
/// `Remove("a")` an added key takes `a`'s place rather than going last.
#[derive(Debug, Default)]
pub struct DictSlots {
    /// The slot of each entry of `entries`, ascending.
    live: Vec<usize>,
    /// Freed slots, the most recently freed last.
    free: Vec<usize>,
    /// The first never-used slot.
    next: usize,
}

impl Dict {
    /// Brings the slot table in line with `entries` when they were set directly (a
    /// constructor, `Clear`): entries then sit in consecutive slots, none free.
    fn sync(slots: &mut DictSlots, len: usize) {
        if slots.live.len() != len {
            *slots = DictSlots { live: (0..len).collect(), free: Vec::new(), next: len };
        }
    }

    /// Adds a new entry (the key must not be present) where .NET would put it.
    pub fn insert(&self, k: Value, v: Value) {
        let mut entries = self.entries.borrow_mut();
        let mut slots = self.slots.borrow_mut();
        Self::sync(&mut slots, entries.len());
        let slot = slots.free.pop().unwrap_or_else(|| {
            slots.next += 1;
            slots.next - 1
        });
        let at = slots.live.partition_point(|&s| s < slot);
        slots.live.insert(at, slot);
        entries.insert(at, (k, v));
    }

    /// Removes the entry at `index` of `entries`, freeing its slot.
    pub fn remove_at(&self, index: usize) {
        let mut entries = self.entries.borrow_mut();
        let mut slots = self.slots.borrow_mut();
        Self::sync(&mut slots, entries.len());
        entries.remove(index);
        let slot = slots.live.remove(index);
        slots.free.push(slot);
    }
}

/// A tuple or anonymous object.
#[derive(Debug)]
pub struct TupleObj {
    pub names: Vec<Rc<str>>,
    pub items: RefCell<Vec<Value>>,
    pub anonymous: bool,
    /// A `System.Tuple` (`Tuple.Create`): a read-only reference type, unlike `ValueTuple`.
    pub reference: bool,
}

impl Value {
    #[must_use]
    pub fn str(s: impl Into<Rc<str>>) -> Self {
        Value::Str(s.into())
    }

    #[must_use]
    pub fn string(s: String) -> Self {
        Value::Str(Rc::from(s))
    }

    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn list(elem: Ty, items: Vec<Value>) -> Self {
        Value::List(Seq::new(elem, items))
    }

    #[must_use]
    pub fn array(elem: Ty, items: Vec<Value>) -> Self {
        Value::Array(Seq::new(elem, items))
    }

    /// Whether this is a .NET value type (copied on assignment, boxed as `object`).
    #[must_use]
    pub fn is_value_type(&self) -> bool {
        matches!(
            self,
            Value::Bool(_)
                | Value::Char(_)
                | Value::I8(_)
                | Value::U8(_)
                | Value::I16(_)
                | Value::U16(_)
                | Value::I32(_)
                | Value::U32(_)
                | Value::I64(_)
                | Value::U64(_)
                | Value::F32(_)
                | Value::F64(_)
                | Value::Decimal(_)
                | Value::BigInt(_)
                | Value::DateTime(_)
                | Value::DateTimeOffset(_)
                | Value::TimeSpan(_)
                | Value::Guid(_)
                | Value::Enum(..)
                | Value::Pair(_)
        )
    }

    /// `object.ReferenceEquals(a, b)`: pointer identity for references; value types
    /// are boxed separately, so two boxes are never the same reference.
    #[must_use]
    pub fn ref_eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Str(a), Value::Str(b)) => Rc::ptr_eq(a, b),
            (Value::Array(a), Value::Array(b))
            | (Value::List(a), Value::List(b))
            | (Value::Set(a), Value::Set(b))
            | (Value::Queue(a), Value::Queue(b))
            | (Value::Stack(a), Value::Stack(b)) => Rc::ptr_eq(a, b),
            (Value::Dict(a), Value::Dict(b)) => Rc::ptr_eq(a, b),
            (Value::Tuple(a), Value::Tuple(b)) => Rc::ptr_eq(a, b),
            (Value::Json(a), Value::Json(b)) => a.ptr_eq(b),
            (Value::Builder(a), Value::Builder(b)) => Rc::ptr_eq(a, b),
            (Value::Regex(a), Value::Regex(b)) => Rc::ptr_eq(a, b),
            (Value::Match(a), Value::Match(b)) => Rc::ptr_eq(a, b),
            (Value::Uri(a), Value::Uri(b)) => Rc::ptr_eq(a, b),
            (Value::Func(a), Value::Func(b)) => Rc::ptr_eq(a, b),
            (Value::Record(a), Value::Record(b)) => Rc::ptr_eq(a, b),
            (Value::UriBuilder(a), Value::UriBuilder(b)) => Rc::ptr_eq(a, b),
            (Value::Lazy(a), Value::Lazy(b)) => Rc::ptr_eq(a, b),
            (Value::Host(a), Value::Host(b)) => a.same(b),
            (Value::Encoding(a), Value::Encoding(b)) => a == b,
            _ => false,
        }
    }
}
