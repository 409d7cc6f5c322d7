//! set-variable and trace.

use apim_runtime::Value;

use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::step::{Node, Step};
use crate::template::Template;

/// Stores the value: a literal as `System.String`, an expression's result as it is.
pub fn set_variable(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let name = exec.attr_string(step, "name")?.unwrap_or_default();
    let value = match step.attr("value") {
        Some(template) => exec.eval(template)?,
        None => Value::Null,
    };
    if exec.traced() {
        exec.note_with(|| format!("context.Variables[\"{name}\"] = {}", apim_runtime::display(&value)));
    }
    exec.ctx.set_variable(&name, value);
    Ok(Flow::Next)
}

/// Adds the message (and metadata) to the trace when the request is traced.
pub fn trace(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let source = exec.attr_string(step, "source")?.unwrap_or_default();
    let severity = exec.attr_string(step, "severity")?.unwrap_or_else(|| "verbose".to_owned());
    let message = match step.element("message").and_then(|m| m.text.as_ref()) {
        Some(template) => exec.eval_string(template)?,
        None => String::new(),
    };
    let mut metadata = Vec::new();
    for item in step.elements_named("metadata") {
        let name = item.attr("name").and_then(Template::literal).unwrap_or("").to_owned();
        let value = match item.attr("value") {
            Some(template) => exec.eval_string(template)?,
            None => String::new(),
        };
        metadata.push(format!("{name}={value}"));
    }
    let extra = if metadata.is_empty() { String::new() } else { format!(" {{{}}}", metadata.join(", ")) };
    exec.note_with(|| format!("[{severity}] {source}: {message}{extra}"));
    Ok(Flow::Next)
}
