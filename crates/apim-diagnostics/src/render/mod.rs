//! One file per output format.

mod graphical;
mod json;

pub use graphical::{GraphicalOptions, graphical};
pub use json::{JsonDiagnostic, json_objects};
