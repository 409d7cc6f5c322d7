//! Rules of the `suspicious` category.

pub mod constant_condition;
pub mod duplicate_set_header;
pub mod empty_choose;
pub mod literal_body_placeholder;
pub mod local_time;
pub mod missing_base;
pub mod unused_local;
pub mod unused_suppression;
pub mod unused_variable;
