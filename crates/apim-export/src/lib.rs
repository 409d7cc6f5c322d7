//! Exports for deployment to APIM, reading only the IR and the service model:
//!
//! - [`xml`]: the canonical policy document, raw (`format: 'rawxml'`) or escaped
//!   (`format: 'xml'`), template placeholders filled;
//! - [`plan`]: a service folder or loose policy files as a [`template::Template`] (the
//!   resources and parameters of a deployment, in a stable order);
//! - [`bicep`] and [`arm`]: that template as a Bicep module (with a `.bicepparam`
//!   example) or as an ARM JSON template, with API version 2024-05-01.
//!
//! Secret named values and literal backend credentials become secure parameters; their
//! values are never written.

pub mod arm;
pub mod bicep;
mod names;
pub mod plan;
pub mod template;
pub mod xml;
