//! The mutable token tree: `JToken` handles with C# reference semantics.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::rc::{Rc, Weak};

use crate::datetime::DateTime;
use crate::error::{JsonError, Result};
use crate::platform::StdPlatform;
use crate::value::{JTokenType, Value};

/// A `Newtonsoft.Json.Linq.JToken`: a `JObject`, `JArray`, `JConstructor`, `JProperty`
/// or `JValue`.
///
/// A `JToken` is a *reference*, like a C# object reference: cloning the handle (`Clone`)
/// yields another reference to the same token, so `let a = obj.get(..)?; a.set(..)?`
/// mutates `obj`. [`deep_clone`](Self::deep_clone) copies. Tokens know their parent;
/// adding a token that already has a parent to a container adds a deep copy, as
/// Newtonsoft does.
///
/// As with .NET's garbage collector, a handle keeps its whole tree alive: after
/// `let a = JToken::parse(s)?.get_value("a")`, `a.parent()`, `a.path()` and `a.remove()`
/// still see the (otherwise unreachable) parsed object. Each tree's root counts the
/// handles into its tree and holds itself while that count is positive, so nothing
/// leaks and nothing is collected early.
///
/// `Display` is .NET's `ToString()`: indented JSON with `"\r\n"` for containers and
/// properties, the raw text for values (see [`to_string_net`](Self::to_string_net)).
pub struct JToken(pub(crate) NodeRef);

pub(crate) type NodeRef = Rc<Node>;

pub(crate) struct Node {
    parent: RefCell<Weak<Node>>,
    pub(crate) data: RefCell<Data>,
    /// Handles (`JToken`s) to this node.
    ext: Cell<usize>,
    /// For a root: handles to any node of its tree.
    tree_ext: Cell<usize>,
    /// For a root with `tree_ext > 0`: itself, so that handles to descendants keep the
    /// tree alive.
    keep_alive: RefCell<Option<NodeRef>>,
}

pub(crate) enum Data {
    Object(ObjectData),
    Array(Vec<NodeRef>),
    Constructor { name: String, items: Vec<NodeRef> },
    Property { name: String, value: Option<NodeRef> },
    Value(Value),
}

#[derive(Default)]
pub(crate) struct ObjectData {
    /// The `JProperty` nodes, in order.
    pub(crate) props: Vec<NodeRef>,
    /// Name to `JProperty`.
    pub(crate) index: HashMap<String, NodeRef>,
}

impl Data {
    /// Takes every child out (for the iterative drop and `RemoveAll`).
    fn take_children(&mut self) -> Vec<NodeRef> {
        match self {
            Data::Object(o) => {
                o.index.clear();
                std::mem::take(&mut o.props)
            }
            Data::Array(items) | Data::Constructor { items, .. } => std::mem::take(items),
            Data::Property { value, .. } => value.take().into_iter().collect(),
            Data::Value(_) => Vec::new(),
        }
    }

    pub(crate) fn children(&self) -> Vec<NodeRef> {
        match self {
            Data::Object(o) => o.props.clone(),
            Data::Array(items) | Data::Constructor { items, .. } => items.clone(),
            Data::Property { value, .. } => value.iter().cloned().collect(),
            Data::Value(_) => Vec::new(),
        }
    }

    fn len(&self) -> usize {
        match self {
            Data::Object(o) => o.props.len(),
            Data::Array(items) | Data::Constructor { items, .. } => items.len(),
            Data::Property { value, .. } => usize::from(value.is_some()),
            Data::Value(_) => 0,
        }
    }
}

impl Drop for Node {
    /// Drops deep trees without recursion.
    fn drop(&mut self) {
        let mut stack = self.data.get_mut().take_children();
        while let Some(node) = stack.pop() {
            if let Ok(mut node) = Rc::try_unwrap(node) {
                stack.extend(node.data.get_mut().take_children());
            }
        }
    }
}

fn new_node(data: Data) -> NodeRef {
    Rc::new(Node {
        parent: RefCell::new(Weak::new()),
        data: RefCell::new(data),
        ext: Cell::new(0),
        tree_ext: Cell::new(0),
        keep_alive: RefCell::new(None),
    })
}

pub(crate) fn parent_of(n: &NodeRef) -> Option<NodeRef> {
    n.parent.borrow().upgrade()
}

fn root_of(n: &NodeRef) -> NodeRef {
    let mut cur = n.clone();
    while let Some(p) = parent_of(&cur) {
        cur = p;
    }
    cur
}

pub(crate) fn children_of(n: &NodeRef) -> Vec<NodeRef> {
    n.data.borrow().children()
}

fn len_of(n: &NodeRef) -> usize {
    n.data.borrow().len()
}

fn name_of(n: &NodeRef) -> Option<String> {
    match &*n.data.borrow() {
        Data::Property { name, .. } | Data::Constructor { name, .. } => Some(name.clone()),
        _ => None,
    }
}

fn type_of(n: &NodeRef) -> JTokenType {
    match &*n.data.borrow() {
        Data::Object(_) => JTokenType::Object,
        Data::Array(_) => JTokenType::Array,
        Data::Constructor { .. } => JTokenType::Constructor,
        Data::Property { .. } => JTokenType::Property,
        Data::Value(v) => v.token_type(),
    }
}

fn value_of(n: &NodeRef) -> Option<Value> {
    match &*n.data.borrow() {
        Data::Value(v) => Some(v.clone()),
        _ => None,
    }
}

/// A new handle: counts it on the node and on its tree's root.
fn acquire(n: &NodeRef) {
    n.ext.set(n.ext.get() + 1);
    let root = root_of(n);
    let total = root.tree_ext.get() + 1;
    root.tree_ext.set(total);
    if total == 1 {
        *root.keep_alive.borrow_mut() = Some(root.clone());
    }
}

/// A handle dropped: when no handle into the tree is left, the root lets go of itself.
fn release(n: &NodeRef) {
    n.ext.set(n.ext.get().saturating_sub(1));
    let root = root_of(n);
    let total = root.tree_ext.get().saturating_sub(1);
    root.tree_ext.set(total);
    if total == 0 {
        let keep = root.keep_alive.borrow_mut().take();
        drop(keep);
    }
}

/// Handles into the subtree under (and including) `n`.
fn subtree_handles(n: &NodeRef) -> usize {
    let mut total = 0;
    let mut stack = vec![n.clone()];
    while let Some(x) = stack.pop() {
        total += x.ext.get();
        stack.extend(children_of(&x));
    }
    total
}

/// `child` (a root, already stored in `container`'s children) joins `container`'s tree.
fn attach(container: &NodeRef, child: &NodeRef) {
    *child.parent.borrow_mut() = Rc::downgrade(container);
    let moved = child.tree_ext.replace(0);
    let keep = child.keep_alive.borrow_mut().take();
    if moved > 0 {
        let root = root_of(container);
        let total = root.tree_ext.get() + moved;
        root.tree_ext.set(total);
        let mut ka = root.keep_alive.borrow_mut();
        if ka.is_none() {
            *ka = Some(root.clone());
        }
    }
    drop(keep);
}

/// `child` (still stored in its container) leaves its tree and becomes a root.
fn detach(child: &NodeRef) {
    let moved = subtree_handles(child);
    let root = root_of(child);
    *child.parent.borrow_mut() = Weak::new();
    if moved > 0 && !Rc::ptr_eq(&root, child) {
        let total = root.tree_ext.get().saturating_sub(moved);
        root.tree_ext.set(total);
        child.tree_ext.set(moved);
        *child.keep_alive.borrow_mut() = Some(child.clone());
        if total == 0 {
            let keep = root.keep_alive.borrow_mut().take();
            drop(keep);
        }
    }
}

impl JToken {
    pub(crate) fn from_ref(n: NodeRef) -> Self {
        acquire(&n);
        JToken(n)
    }

    fn from_data(data: Data) -> Self {
        Self::from_ref(new_node(data))
    }
}

impl Clone for JToken {
    /// Another reference to the same token (C# reference copy).
    fn clone(&self) -> Self {
        Self::from_ref(self.0.clone())
    }
}

impl Drop for JToken {
    fn drop(&mut self) {
        release(&self.0);
    }
}

/// The key of C#'s `token[key]` (`this[object key]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key<'a> {
    /// A `string` key (property name).
    Name(&'a str),
    /// An `int` key (array index).
    Index(i32),
    /// A `null` key.
    Null,
    /// A key of any other type, given as its `ToString()` (e.g. a `long` `5` is `"5"`).
    Other(&'a str),
}

impl Key<'_> {
    /// `MiscellaneousUtils.ToString(key)`: strings quoted, null as `{null}`.
    fn describe(self) -> String {
        match self {
            Key::Name(s) => format!("\"{s}\""),
            Key::Index(i) => i.to_string(),
            Key::Null => "{null}".to_owned(),
            Key::Other(s) => s.to_owned(),
        }
    }
}

impl JToken {
    /// `self.Type == Property` etc. without cloning.
    fn data(&self) -> std::cell::Ref<'_, Data> {
        self.0.data.borrow()
    }

    // ----------------------------------------------------------------- construction

    /// `new JObject()`.
    #[must_use]
    pub fn new_object() -> Self {
        Self::from_data(Data::Object(ObjectData::default()))
    }

    /// `new JArray()`.
    #[must_use]
    pub fn new_array() -> Self {
        Self::from_data(Data::Array(Vec::new()))
    }

    /// `new JConstructor(name)`.
    #[must_use]
    pub fn new_constructor(name: impl Into<String>) -> Self {
        Self::from_data(Data::Constructor { name: name.into(), items: Vec::new() })
    }

    /// `new JProperty(name, value)`: a `null` value becomes a JSON null; a value that
    /// already has a parent is deep-copied.
    #[must_use]
    pub fn new_property(name: impl Into<String>, value: Option<JToken>) -> Self {
        let prop = Self::from_data(Data::Property { name: name.into(), value: None });
        let value = prop.ensure_parent_token(value.unwrap_or_else(JToken::null));
        if let Data::Property { value: slot, .. } = &mut *prop.0.data.borrow_mut() {
            *slot = Some(value.0.clone());
        }
        attach(&prop.0, &value.0);
        prop
    }

    /// A `JProperty` without a value yet (while loading).
    pub(crate) fn new_property_empty(name: &str) -> Self {
        Self::from_data(Data::Property { name: name.to_owned(), value: None })
    }

    /// `new JValue(value)`.
    #[must_use]
    pub fn from_value(value: Value) -> Self {
        Self::from_data(Data::Value(value))
    }

    /// `JValue.CreateNull()`.
    #[must_use]
    pub fn null() -> Self {
        Self::from_value(Value::Null)
    }

    /// `JValue.CreateUndefined()`.
    #[must_use]
    pub fn undefined() -> Self {
        Self::from_value(Value::Undefined)
    }

    /// `new JValue(string)`.
    #[must_use]
    pub fn string(s: impl Into<String>) -> Self {
        Self::from_value(Value::String(s.into()))
    }

    /// `new JValue(long)`.
    #[must_use]
    pub fn integer(i: i64) -> Self {
        Self::from_value(Value::Integer(i))
    }

    /// `new JValue(double)`.
    #[must_use]
    pub fn float(f: f64) -> Self {
        Self::from_value(Value::Float(f))
    }

    /// `new JValue(bool)`.
    #[must_use]
    pub fn boolean(b: bool) -> Self {
        Self::from_value(Value::Boolean(b))
    }

    /// `new JValue(DateTime)`.
    #[must_use]
    pub fn date(d: DateTime) -> Self {
        Self::from_value(Value::Date(d))
    }

    /// `JValue.CreateComment(text)`.
    #[must_use]
    pub fn comment(text: impl Into<String>) -> Self {
        Self::from_value(Value::Comment(text.into()))
    }

    // ------------------------------------------------------------------ inspection

    /// `JToken.Type`.
    #[must_use]
    pub fn token_type(&self) -> JTokenType {
        type_of(&self.0)
    }

    /// The runtime type's full name (`token.GetType()`), e.g. `Newtonsoft.Json.Linq.JObject`.
    #[must_use]
    pub fn clr_type_name(&self) -> &'static str {
        clr_type_name(&self.0)
    }

    /// Whether this is a `JValue`.
    #[must_use]
    pub fn is_value(&self) -> bool {
        matches!(*self.data(), Data::Value(_))
    }

    /// Whether this is a `JContainer` (object, array, constructor or property).
    #[must_use]
    pub fn is_container(&self) -> bool {
        !self.is_value()
    }

    /// Whether both handles refer to the same token (C# `==` on references,
    /// `object.ReferenceEquals`).
    #[must_use]
    pub fn ptr_eq(&self, other: &JToken) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    /// `JToken.Parent`: the containing `JObject`'s `JProperty` for a property value, the
    /// `JArray` for an element, the `JObject` for a `JProperty`.
    #[must_use]
    pub fn parent(&self) -> Option<JToken> {
        parent_of(&self.0).map(JToken::from_ref)
    }

    /// `JToken.Root`.
    #[must_use]
    pub fn root(&self) -> JToken {
        JToken::from_ref(root_of(&self.0))
    }

    /// The `JValue`'s payload (`JValue.Value`), `None` for containers.
    #[must_use]
    pub fn value(&self) -> Option<Value> {
        value_of(&self.0)
    }

    /// `JValue.Value = value`.
    ///
    /// # Errors
    /// `InvalidOperationException` when this is not a `JValue`.
    pub fn set_value(&self, value: Value) -> Result<()> {
        match &mut *self.0.data.borrow_mut() {
            Data::Value(v) => {
                *v = value;
                Ok(())
            }
            _ => Err(JsonError::invalid_operation("Only a JValue holds a value.")),
        }
    }

    /// `JProperty.Name` (or `JConstructor.Name`); `None` for other tokens.
    #[must_use]
    pub fn name(&self) -> Option<String> {
        name_of(&self.0)
    }

    /// `JProperty.Value`; `None` for other tokens.
    #[must_use]
    pub fn property_value(&self) -> Option<JToken> {
        let v = match &*self.data() {
            Data::Property { value, .. } => value.clone(),
            _ => None,
        };
        v.map(JToken::from_ref)
    }

    /// `JProperty.Value = value` (a null becomes a JSON null; a parented value is copied;
    /// an equal `JValue` leaves the current one in place).
    ///
    /// # Errors
    /// `InvalidOperationException` when this is not a `JProperty`.
    pub fn set_property_value(&self, value: Option<JToken>) -> Result<()> {
        let has_value = match &*self.data() {
            Data::Property { value, .. } => value.is_some(),
            _ => return Err(JsonError::invalid_operation("Only a JProperty has a property value.")),
        };
        let value = Some(value.unwrap_or_else(JToken::null));
        if has_value { self.set_item(0, value) } else { self.insert_item(0, value, false).map(|_| ()) }
    }

    /// `JToken.HasValues`.
    #[must_use]
    pub fn has_values(&self) -> bool {
        self.count() > 0
    }

    /// `JContainer.Count` (0 for a `JValue`).
    #[must_use]
    pub fn count(&self) -> usize {
        len_of(&self.0)
    }

    /// `JToken.Children()`: the properties of an object, the elements of an array, the
    /// value of a property; empty for a value.
    #[must_use]
    pub fn children(&self) -> Vec<JToken> {
        children_of(&self.0).into_iter().map(JToken::from_ref).collect()
    }

    /// `JObject.Properties()`; empty for other tokens.
    #[must_use]
    pub fn properties(&self) -> Vec<JToken> {
        if self.token_type() == JTokenType::Object { self.children() } else { Vec::new() }
    }

    /// `JObject.Properties().Select(p => p.Name)`; empty for other tokens.
    #[must_use]
    pub fn property_names(&self) -> Vec<String> {
        match &*self.data() {
            Data::Object(o) => o.props.iter().filter_map(name_of).collect(),
            _ => Vec::new(),
        }
    }

    fn child_access_error(&self) -> JsonError {
        JsonError::invalid_operation(format!("Cannot access child value on {}.", self.clr_type_name()))
    }

    /// `JToken.First`.
    ///
    /// # Errors
    /// `InvalidOperationException` on a `JValue`.
    pub fn first(&self) -> Result<Option<JToken>> {
        if self.is_value() {
            return Err(self.child_access_error());
        }
        Ok(children_of(&self.0).into_iter().next().map(JToken::from_ref))
    }

    /// `JToken.Last`.
    ///
    /// # Errors
    /// `InvalidOperationException` on a `JValue`.
    pub fn last(&self) -> Result<Option<JToken>> {
        if self.is_value() {
            return Err(self.child_access_error());
        }
        Ok(children_of(&self.0).pop().map(JToken::from_ref))
    }

    fn sibling(&self, offset: isize) -> Option<JToken> {
        let parent = parent_of(&self.0)?;
        let siblings = children_of(&parent);
        let index = siblings.iter().position(|t| Rc::ptr_eq(t, &self.0))?;
        let target = index.checked_add_signed(offset)?;
        siblings.get(target).cloned().map(JToken::from_ref)
    }

    /// `JToken.Next`.
    #[must_use]
    pub fn next(&self) -> Option<JToken> {
        self.sibling(1)
    }

    /// `JToken.Previous`.
    #[must_use]
    pub fn previous(&self) -> Option<JToken> {
        self.sibling(-1)
    }

    /// `JToken.Path`: `a.b[0]`, `['x y']`.
    #[must_use]
    pub fn path(&self) -> String {
        let mut parts: Vec<crate::reader::PathPart> = Vec::new();
        let mut previous: Option<NodeRef> = None;
        let mut current = Some(self.0.clone());
        while let Some(cur) = current {
            match &*cur.data.borrow() {
                Data::Property { name, .. } => parts.push(crate::reader::PathPart::Name(name.clone())),
                Data::Array(items) | Data::Constructor { items, .. } => {
                    if let Some(prev) = &previous {
                        let index = items
                            .iter()
                            .position(|t| Rc::ptr_eq(t, prev))
                            .map_or(-1, |i| i64::try_from(i).unwrap_or(-1));
                        parts.push(crate::reader::PathPart::Index(index));
                    }
                }
                _ => {}
            }
            current = parent_of(&cur);
            previous = Some(cur);
        }
        parts.reverse();
        crate::reader::build_path(&parts)
    }

    // ------------------------------------------------------------------- indexers

    /// `JObject.Property(name)`: the `JProperty` named exactly `name`.
    #[must_use]
    pub fn property(&self, name: &str) -> Option<JToken> {
        let p = match &*self.data() {
            Data::Object(o) => o.index.get(name).cloned(),
            _ => None,
        };
        p.map(JToken::from_ref)
    }

    /// `jobject[name]` / `JObject.GetValue(name)`: the value of the property named
    /// exactly `name`; `None` when missing or when this is not an object.
    #[must_use]
    pub fn get_value(&self, name: &str) -> Option<JToken> {
        self.property(name).and_then(|p| p.property_value())
    }

    /// `JObject.GetValue(name, StringComparison.OrdinalIgnoreCase)` (and
    /// `Property(name, OrdinalIgnoreCase)`): the exact name first, then the first
    /// property whose name matches ignoring case.
    #[must_use]
    pub fn get_value_ignore_case(&self, name: &str) -> Option<JToken> {
        if let Some(v) = self.get_value(name) {
            return Some(v);
        }
        let found = match &*self.data() {
            Data::Object(o) => {
                o.props.iter().find(|p| name_of(p).is_some_and(|n| ordinal_ignore_case_eq(&n, name))).cloned()
            }
            _ => None,
        };
        found.and_then(|p| JToken::from_ref(p).property_value())
    }

    /// `JObject.ContainsKey(name)`.
    #[must_use]
    pub fn contains_key(&self, name: &str) -> bool {
        matches!(&*self.data(), Data::Object(o) if o.index.contains_key(name))
    }

    /// `token[key]` (`this[object key]`).
    ///
    /// # Errors
    /// What Newtonsoft throws: a wrong key type (`ArgumentException`), a null key
    /// (`ArgumentNullException`), an index out of range (`ArgumentOutOfRangeException`),
    /// any key on a `JValue` or `JProperty` (`InvalidOperationException`).
    pub fn get(&self, key: Key<'_>) -> Result<Option<JToken>> {
        let ty = self.token_type();
        match ty {
            JTokenType::Object => match key {
                Key::Name(name) => Ok(self.get_value(name)),
                Key::Null => Err(JsonError::null_argument("key")),
                _ => Err(JsonError::argument(format!(
                    "Accessed JObject values with invalid key value: {}. Object property name expected.",
                    key.describe()
                ))),
            },
            JTokenType::Array | JTokenType::Constructor => match key {
                Key::Index(i) => self.at(i).map(Some),
                Key::Null => Err(JsonError::null_argument("key")),
                _ if ty == JTokenType::Array => Err(JsonError::argument(format!(
                    "Accessed JArray values with invalid key value: {}. Int32 array index expected.",
                    key.describe()
                ))),
                _ => Err(JsonError::argument(format!(
                    "Accessed JConstructor values with invalid key value: {}. Argument position index expected.",
                    key.describe()
                ))),
            },
            _ => Err(self.child_access_error()),
        }
    }

    /// `jarray[index]`.
    ///
    /// # Errors
    /// `ArgumentOutOfRangeException` outside `0..Count`; `InvalidOperationException` on a
    /// `JValue` or `JProperty`; `ArgumentException` on an object.
    pub fn at(&self, index: i32) -> Result<JToken> {
        let found = match &*self.data() {
            Data::Array(items) | Data::Constructor { items, .. } => {
                usize::try_from(index).ok().and_then(|i| items.get(i).cloned()).ok_or_else(JsonError::list_index)
            }
            Data::Object(_) => Err(JsonError::argument(format!(
                "Accessed JObject values with invalid key value: {index}. Object property name expected."
            ))),
            _ => Err(self.child_access_error()),
        };
        found.map(JToken::from_ref)
    }

    /// `token[key] = value`. On an object, an existing property gets the new value (an
    /// equal `JValue` is kept), a missing one is added at the end; on an array, the
    /// element is replaced. A value that already has a parent is deep-copied.
    ///
    /// # Errors
    /// As [`get`](Self::get), with `Set ...` messages.
    pub fn set(&self, key: Key<'_>, value: Option<JToken>) -> Result<()> {
        let ty = self.token_type();
        match ty {
            JTokenType::Object => match key {
                Key::Name(name) => self.set_property(name, value),
                Key::Null => Err(JsonError::null_argument("key")),
                _ => Err(JsonError::argument(format!(
                    "Set JObject values with invalid key value: {}. Object property name expected.",
                    key.describe()
                ))),
            },
            JTokenType::Array | JTokenType::Constructor => match key {
                Key::Index(i) => self.set_item_checked(i, value),
                Key::Null => Err(JsonError::null_argument("key")),
                _ if ty == JTokenType::Array => Err(JsonError::argument(format!(
                    "Set JArray values with invalid key value: {}. Int32 array index expected.",
                    key.describe()
                ))),
                _ => Err(JsonError::argument(format!(
                    "Set JConstructor values with invalid key value: {}. Argument position index expected.",
                    key.describe()
                ))),
            },
            _ => Err(JsonError::invalid_operation(format!("Cannot set child value on {}.", self.clr_type_name()))),
        }
    }

    /// `jobject[name] = value`.
    ///
    /// # Errors
    /// `InvalidOperationException` when this is not an object.
    pub fn set_property(&self, name: &str, value: Option<JToken>) -> Result<()> {
        if self.token_type() != JTokenType::Object {
            return Err(JsonError::invalid_operation(format!("Cannot set child value on {}.", self.clr_type_name())));
        }
        match self.property(name) {
            Some(prop) => prop.set_property_value(value),
            None => self.add_property(name, value),
        }
    }

    fn set_item_checked(&self, index: i32, value: Option<JToken>) -> Result<()> {
        let Ok(i) = usize::try_from(index) else {
            return Err(JsonError::out_of_range("Index is less than 0.", "index"));
        };
        self.set_item(i, value)
    }

    // ------------------------------------------------------------------- mutation

    /// `JContainer.Add(content)`: appends (a `JProperty` to an object, anything but a
    /// property to an array). A `null` adds a JSON null; a token that already has a
    /// parent is deep-copied. Comments added to an object are ignored.
    ///
    /// # Errors
    /// `ArgumentException` for a wrong child type or a duplicate property name;
    /// `InvalidOperationException` on a `JValue`.
    pub fn add(&self, content: Option<JToken>) -> Result<()> {
        let count = self.container_len()?;
        self.insert_item(count, content, false).map(|_| ())
    }

    /// `JContainer.AddFirst(content)`.
    ///
    /// # Errors
    /// As [`add`](Self::add).
    pub fn add_first(&self, content: Option<JToken>) -> Result<()> {
        self.container_len()?;
        self.insert_item(0, content, false).map(|_| ())
    }

    /// `IList<JToken>.Insert(index, item)` (`JArray.Insert`).
    ///
    /// # Errors
    /// `ArgumentOutOfRangeException` beyond `Count`; as [`add`](Self::add).
    pub fn insert(&self, index: i32, content: Option<JToken>) -> Result<()> {
        self.container_len()?;
        let Ok(i) = usize::try_from(index) else {
            return Err(JsonError::out_of_range("Index must be within the bounds of the List.", "index"));
        };
        self.insert_item(i, content, false).map(|_| ())
    }

    /// `JObject.Add(name, value)`.
    ///
    /// # Errors
    /// `ArgumentException` when the name exists: `Can not add property x to
    /// Newtonsoft.Json.Linq.JObject. Property with the same name already exists on
    /// object.`
    pub fn add_property(&self, name: &str, value: Option<JToken>) -> Result<()> {
        self.add(Some(JToken::new_property(name, value)))
    }

    /// `JObject.Remove(name)`: `true` when a property was removed.
    #[must_use]
    pub fn remove_property(&self, name: &str) -> bool {
        match self.property(name) {
            Some(p) => self.remove_item(&p).unwrap_or(false),
            None => false,
        }
    }

    /// `JObject.TryGetValue(name, out value)`.
    #[must_use]
    pub fn try_get_value(&self, name: &str) -> Option<JToken> {
        self.get_value(name)
    }

    /// `JToken.Remove()`: detaches this token from its parent.
    ///
    /// # Errors
    /// `InvalidOperationException` (`The parent is missing.`) without a parent;
    /// `JsonException` when the parent is a `JProperty`.
    pub fn remove(&self) -> Result<()> {
        let parent = self.parent().ok_or_else(|| JsonError::invalid_operation("The parent is missing."))?;
        parent.remove_item(self).map(|_| ())
    }

    /// `JToken.Replace(value)`: puts `value` (copied if it has a parent) where this token is.
    ///
    /// # Errors
    /// `InvalidOperationException` without a parent; `ArgumentException` for a wrong type.
    pub fn replace(&self, value: JToken) -> Result<()> {
        let parent = self.parent().ok_or_else(|| JsonError::invalid_operation("The parent is missing."))?;
        match parent.index_of_item(self) {
            Some(i) => parent.set_item(i, Some(value)),
            None => Ok(()),
        }
    }

    /// `JToken.AddAfterSelf(content)`.
    ///
    /// # Errors
    /// `InvalidOperationException` without a parent; as [`add`](Self::add).
    pub fn add_after_self(&self, content: Option<JToken>) -> Result<()> {
        let parent = self.parent().ok_or_else(|| JsonError::invalid_operation("The parent is missing."))?;
        let i = parent.index_of_item(self).unwrap_or(0);
        parent.insert_item(i + 1, content, false).map(|_| ())
    }

    /// `JToken.AddBeforeSelf(content)`.
    ///
    /// # Errors
    /// `InvalidOperationException` without a parent; as [`add`](Self::add).
    pub fn add_before_self(&self, content: Option<JToken>) -> Result<()> {
        let parent = self.parent().ok_or_else(|| JsonError::invalid_operation("The parent is missing."))?;
        let i = parent.index_of_item(self).unwrap_or(0);
        parent.insert_item(i, content, false).map(|_| ())
    }

    /// `JArray.RemoveAt(index)`.
    ///
    /// # Errors
    /// `ArgumentOutOfRangeException` outside `0..Count`.
    pub fn remove_at(&self, index: i32) -> Result<()> {
        self.container_len()?;
        let Ok(i) = usize::try_from(index) else {
            return Err(JsonError::out_of_range("Index is less than 0.", "index"));
        };
        self.remove_item_at(i)
    }

    /// `JArray.Remove(item)` / `JContainer.Remove`: removes `item` (by reference) and
    /// returns whether it was there.
    ///
    /// # Errors
    /// `JsonException` on a `JProperty`.
    pub fn remove_item(&self, item: &JToken) -> Result<bool> {
        if matches!(*self.data(), Data::Property { .. }) {
            return Err(JsonError::json("Cannot add or remove items from Newtonsoft.Json.Linq.JProperty."));
        }
        match self.index_of_item(item) {
            Some(i) => self.remove_item_at(i).map(|()| true),
            None => Ok(false),
        }
    }

    /// `JContainer.RemoveAll()`.
    ///
    /// # Errors
    /// `JsonException` on a `JProperty`; `InvalidOperationException` on a `JValue`.
    pub fn remove_all(&self) -> Result<()> {
        self.container_len()?;
        if matches!(*self.data(), Data::Property { .. }) {
            return Err(JsonError::json("Cannot add or remove items from Newtonsoft.Json.Linq.JProperty."));
        }
        for child in children_of(&self.0) {
            detach(&child);
        }
        let removed = self.0.data.borrow_mut().take_children();
        drop(removed);
        Ok(())
    }

    /// `IList<JToken>.IndexOf(item)` (by reference).
    #[must_use]
    pub fn index_of_item(&self, item: &JToken) -> Option<usize> {
        children_of(&self.0).iter().position(|t| Rc::ptr_eq(t, &item.0))
    }

    fn container_len(&self) -> Result<usize> {
        if self.is_value() {
            return Err(self.child_access_error());
        }
        Ok(self.count())
    }

    // ------------------------------------------------------- JContainer internals

    /// `EnsureParentToken`: copy when the item has a parent, is this container, or is the
    /// root of this container.
    pub(crate) fn ensure_parent_token(&self, item: JToken) -> JToken {
        if parent_of(&item.0).is_some()
            || item.ptr_eq(self)
            || (len_of(&item.0) > 0 && Rc::ptr_eq(&root_of(&self.0), &item.0))
        {
            item.deep_clone()
        } else {
            item
        }
    }

    /// `ValidateToken`.
    fn validate_token(&self, item: &NodeRef, existing: Option<&NodeRef>) -> Result<()> {
        match &*self.data() {
            Data::Object(o) => {
                let Some(name) = (match &*item.data.borrow() {
                    Data::Property { name, .. } => Some(name.clone()),
                    _ => None,
                }) else {
                    return Err(JsonError::argument(format!(
                        "Can not add {} to Newtonsoft.Json.Linq.JObject.",
                        clr_type_name(item)
                    )));
                };
                if existing.and_then(name_of).is_some_and(|n| n == name) {
                    return Ok(());
                }
                if o.index.contains_key(&name) {
                    return Err(JsonError::argument(format!(
                        "Can not add property {name} to Newtonsoft.Json.Linq.JObject. Property with the same name already exists on object."
                    )));
                }
                Ok(())
            }
            _ => {
                if type_of(item) == JTokenType::Property {
                    return Err(JsonError::argument(format!(
                        "Can not add Newtonsoft.Json.Linq.JProperty to {}.",
                        self.clr_type_name()
                    )));
                }
                Ok(())
            }
        }
    }

    /// `InsertItem`: returns whether the item was inserted (comments are not added to
    /// objects and properties).
    pub(crate) fn insert_item(&self, index: usize, item: Option<JToken>, skip_parent_check: bool) -> Result<bool> {
        let is_comment = item.as_ref().is_some_and(|i| i.token_type() == JTokenType::Comment);
        match &*self.data() {
            Data::Object(_) if is_comment => return Ok(false),
            Data::Property { value, .. } => {
                if is_comment {
                    return Ok(false);
                }
                if value.is_some() {
                    return Err(JsonError::json("Newtonsoft.Json.Linq.JProperty cannot have multiple values."));
                }
            }
            Data::Value(_) => return Err(self.child_access_error()),
            _ => {}
        }
        if index > self.count() {
            return Err(JsonError::out_of_range("Index must be within the bounds of the List.", "index"));
        }
        let item = item.unwrap_or_else(JToken::null);
        let item = if skip_parent_check { item } else { self.ensure_parent_token(item) };
        self.validate_token(&item.0, None)?;
        {
            let mut data = self.0.data.borrow_mut();
            match &mut *data {
                Data::Object(o) => {
                    if let Some(name) = name_of(&item.0) {
                        o.index.insert(name, item.0.clone());
                    }
                    o.props.insert(index, item.0.clone());
                }
                Data::Array(items) | Data::Constructor { items, .. } => items.insert(index, item.0.clone()),
                Data::Property { value, .. } => *value = Some(item.0.clone()),
                Data::Value(_) => {}
            }
        }
        attach(&self.0, &item.0);
        Ok(true)
    }

    /// `SetItem`.
    pub(crate) fn set_item(&self, index: usize, item: Option<JToken>) -> Result<()> {
        let count = self.container_len()?;
        if index >= count {
            return Err(JsonError::out_of_range("Index is equal to or greater than Count.", "index"));
        }
        let Some(existing) = children_of(&self.0).get(index).cloned() else {
            return Err(JsonError::list_index());
        };
        if is_token_unchanged(&existing, item.as_ref()) {
            return Ok(());
        }
        let item = self.ensure_parent_token(item.unwrap_or_else(JToken::null));
        self.validate_token(&item.0, Some(&existing))?;
        detach(&existing);
        {
            let mut data = self.0.data.borrow_mut();
            match &mut *data {
                Data::Object(o) => {
                    if let Some(old) = name_of(&existing) {
                        o.index.remove(&old);
                    }
                    if let Some(name) = name_of(&item.0) {
                        o.index.insert(name, item.0.clone());
                    }
                    o.props[index] = item.0.clone();
                }
                Data::Array(items) | Data::Constructor { items, .. } => items[index] = item.0.clone(),
                Data::Property { value, .. } => *value = Some(item.0.clone()),
                Data::Value(_) => {}
            }
        }
        attach(&self.0, &item.0);
        Ok(())
    }

    /// `RemoveItemAt`.
    pub(crate) fn remove_item_at(&self, index: usize) -> Result<()> {
        if matches!(*self.data(), Data::Property { .. }) {
            return Err(JsonError::json("Cannot add or remove items from Newtonsoft.Json.Linq.JProperty."));
        }
        let Some(existing) = children_of(&self.0).get(index).cloned() else {
            return Err(JsonError::out_of_range("Index is equal to or greater than Count.", "index"));
        };
        detach(&existing);
        let removed = {
            let mut data = self.0.data.borrow_mut();
            match &mut *data {
                Data::Object(o) => {
                    if let Some(name) = name_of(&existing) {
                        o.index.remove(&name);
                    }
                    Some(o.props.remove(index))
                }
                Data::Array(items) | Data::Constructor { items, .. } => Some(items.remove(index)),
                _ => None,
            }
        };
        drop(removed);
        Ok(())
    }

    // --------------------------------------------------------- clone and compare

    /// `JToken.DeepClone()`: a copy of this token and everything below it, without parent.
    #[must_use]
    pub fn deep_clone(&self) -> JToken {
        let root = shallow_copy(&self.0);
        let mut stack = vec![(self.0.clone(), root.clone())];
        while let Some((src, dst)) = stack.pop() {
            let pairs: Vec<(NodeRef, NodeRef)> = children_of(&src).into_iter().map(|c| (shallow_copy(&c), c)).collect();
            {
                let mut data = dst.data.borrow_mut();
                for (copy, _) in &pairs {
                    *copy.parent.borrow_mut() = Rc::downgrade(&dst);
                    match &mut *data {
                        Data::Object(o) => {
                            if let Some(name) = name_of(copy) {
                                o.index.insert(name, copy.clone());
                            }
                            o.props.push(copy.clone());
                        }
                        Data::Array(items) | Data::Constructor { items, .. } => items.push(copy.clone()),
                        Data::Property { value, .. } => *value = Some(copy.clone()),
                        Data::Value(_) => {}
                    }
                }
            }
            for (copy, original) in pairs {
                stack.push((original, copy));
            }
        }
        JToken::from_ref(root)
    }

    /// `JToken.DeepEquals(t1, t2)`: both null, or equal types and values all the way down
    /// (object properties in any order; floats with Newtonsoft's tolerance; `1` and `1.0`
    /// differ).
    #[must_use]
    pub fn deep_equals(a: Option<&JToken>, b: Option<&JToken>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(a), Some(b)) => deep_equals_nodes(&a.0, &b.0),
            _ => false,
        }
    }
}

/// `StringComparison.OrdinalIgnoreCase`: UTF-16 units compared after simple upper-casing.
fn ordinal_ignore_case_eq(a: &str, b: &str) -> bool {
    fn upper(c: char) -> char {
        let mut u = c.to_uppercase();
        match (u.next(), u.next()) {
            (Some(x), None) => x,
            _ => c,
        }
    }
    a.chars().map(upper).eq(b.chars().map(upper))
}

fn clr_type_name(n: &NodeRef) -> &'static str {
    match &*n.data.borrow() {
        Data::Object(_) => "Newtonsoft.Json.Linq.JObject",
        Data::Array(_) => "Newtonsoft.Json.Linq.JArray",
        Data::Constructor { .. } => "Newtonsoft.Json.Linq.JConstructor",
        Data::Property { .. } => "Newtonsoft.Json.Linq.JProperty",
        Data::Value(_) => "Newtonsoft.Json.Linq.JValue",
    }
}

/// A copy of the node without children.
fn shallow_copy(n: &NodeRef) -> NodeRef {
    new_node(match &*n.data.borrow() {
        Data::Object(_) => Data::Object(ObjectData::default()),
        Data::Array(_) => Data::Array(Vec::new()),
        Data::Constructor { name, .. } => Data::Constructor { name: name.clone(), items: Vec::new() },
        Data::Property { name, .. } => Data::Property { name: name.clone(), value: None },
        Data::Value(v) => Data::Value(v.clone()),
    })
}

/// `IsTokenUnchanged`: a `JValue` replaced by an equal `JValue` stays.
fn is_token_unchanged(current: &NodeRef, new: Option<&JToken>) -> bool {
    let Some(cur) = value_of(current) else { return false };
    match new {
        None => cur == Value::Null,
        Some(n) => n.value().is_some_and(|nv| crate::compare::values_equal(&cur, &nv)),
    }
}

fn deep_equals_nodes(a: &NodeRef, b: &NodeRef) -> bool {
    let mut stack = vec![(a.clone(), b.clone())];
    while let Some((x, y)) = stack.pop() {
        if Rc::ptr_eq(&x, &y) {
            continue;
        }
        let xd = x.data.borrow();
        let yd = y.data.borrow();
        match (&*xd, &*yd) {
            (Data::Value(v1), Data::Value(v2)) => {
                if !crate::compare::values_equal(v1, v2) {
                    return false;
                }
            }
            (Data::Object(o1), Data::Object(o2)) => {
                if o1.props.len() != o2.props.len() {
                    return false;
                }
                for (name, p1) in &o1.index {
                    let Some(p2) = o2.index.get(name) else { return false };
                    stack.push((p1.clone(), p2.clone()));
                }
            }
            (Data::Array(i1), Data::Array(i2)) => {
                if i1.len() != i2.len() {
                    return false;
                }
                stack.extend(i1.iter().cloned().zip(i2.iter().cloned()));
            }
            (Data::Constructor { name: n1, items: i1 }, Data::Constructor { name: n2, items: i2 }) => {
                if n1 != n2 || i1.len() != i2.len() {
                    return false;
                }
                stack.extend(i1.iter().cloned().zip(i2.iter().cloned()));
            }
            (Data::Property { name: n1, value: v1 }, Data::Property { name: n2, value: v2 }) => {
                if n1 != n2 {
                    return false;
                }
                match (v1, v2) {
                    (Some(v1), Some(v2)) => stack.push((v1.clone(), v2.clone())),
                    (None, None) => {}
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
    true
}

impl PartialEq for JToken {
    /// Reference equality, like C#'s `==` on tokens (use [`JToken::deep_equals`] for
    /// value equality).
    fn eq(&self, other: &Self) -> bool {
        self.ptr_eq(other)
    }
}

impl Eq for JToken {}

impl fmt::Debug for JToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "JToken({})", self.to_json(crate::Formatting::None, &StdPlatform::APIM))
    }
}

impl fmt::Display for JToken {
    /// .NET's `ToString()` on APIM (see [`JToken::to_string_net`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_string_net(&StdPlatform::APIM))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handles(t: &JToken) -> usize {
        root_of(&t.0).tree_ext.get()
    }

    #[test]
    fn handles_keep_the_tree_alive_and_release_it() {
        let weak_root;
        {
            let child = {
                let root = JToken::new_object();
                root.add_property("a", Some(JToken::integer(1))).unwrap();
                weak_root = Rc::downgrade(&root.0);
                root.get_value("a").unwrap()
            };
            // The root is unreachable from Rust code but still the child's ancestor.
            assert!(weak_root.upgrade().is_some());
            assert_eq!(child.path(), "a");
            assert_eq!(handles(&child), 1);
            child.remove().unwrap_err(); // parent is a JProperty: JsonException, as in .NET
        }
        assert!(weak_root.upgrade().is_none(), "the tree is freed with its last handle");
    }

    #[test]
    fn detaching_moves_handles_to_the_new_root() {
        let root = JToken::new_array();
        root.add(Some(JToken::new_object())).unwrap();
        let child = root.at(0).unwrap();
        assert_eq!(handles(&root), 2);
        root.remove_at(0).unwrap();
        assert_eq!(handles(&root), 1);
        assert_eq!(handles(&child), 1);
        let weak = Rc::downgrade(&child.0);
        drop(child);
        assert!(weak.upgrade().is_none());
    }
}
