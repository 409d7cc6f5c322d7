//! emit-metric and log-to-eventhub, captured in the gateway state for tests and the
//! gateway's metrics endpoint.

use std::collections::BTreeMap;

use apim_runtime::Value;

use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::state::{Event, Metric};
use crate::step::{Node, Step};

/// Event Hubs truncates messages at 200 KB.
const MAX_EVENT_BYTES: usize = 200 * 1024;

/// The value of a default dimension (`API ID`, `Subscription ID` ...) from the context.
pub(crate) fn default_dimension(exec: &Exec<'_, '_>, name: &str) -> String {
    let data = &exec.ctx.data;
    let (section, field) = match name.to_ascii_lowercase().as_str() {
        "api id" => (data.api.as_ref(), "Id"),
        "operation id" => (data.operation.as_ref(), "Id"),
        "product id" => (data.product.as_ref(), "Id"),
        "user id" => (data.user.as_ref(), "Id"),
        "subscription id" => (data.subscription.as_ref(), "Id"),
        "location" => (data.deployment.as_ref(), "Region"),
        "gateway id" => (data.deployment.as_ref(), "GatewayId"),
        _ => (None, ""),
    };
    match section.and_then(|s| s.get(field)) {
        Some(Value::Str(s)) => s.to_string(),
        _ => String::new(),
    }
}

pub(crate) fn dimensions(exec: &mut Exec<'_, '_>, step: &Step) -> Result<BTreeMap<String, String>, Fault> {
    let mut dimensions = BTreeMap::new();
    for element in step.elements_named("dimension") {
        let name = match element.attr("name") {
            Some(t) => exec.eval_string(t)?,
            None => continue,
        };
        let value = match element.attr("value") {
            Some(t) => exec.eval_string(t)?,
            None => default_dimension(exec, &name),
        };
        dimensions.insert(name, value);
    }
    Ok(dimensions)
}

pub fn emit_metric(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let name = exec.attr_string(step, "name")?.unwrap_or_default();
    let namespace = exec.attr_string(step, "namespace")?.unwrap_or_else(|| "API Management".to_owned());
    let value = match step.attr("value") {
        Some(t) => {
            let v = exec.eval(&t.clone())?;
            number(&v).ok_or_else(|| {
                Fault::internal(
                    "emit-metric",
                    "InvalidValue",
                    format!("the metric value is not a number: {}", apim_runtime::display(&v)),
                )
            })?
        }
        None => 1.0,
    };
    let dimensions = dimensions(exec, step)?;
    exec.note_with(|| format!("{namespace}/{name} = {value}"));
    exec.state().metrics.push(Metric { name, namespace, value, dimensions });
    Ok(Flow::Next)
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::F64(f) => Some(*f),
        Value::F32(f) => Some(f64::from(*f)),
        Value::Str(s) => s.trim().parse().ok(),
        #[allow(clippy::cast_precision_loss)] // metric values are doubles in Azure Monitor
        other => crate::exec::as_i64(other).map(|n| n as f64),
    }
}

pub fn log_to_eventhub(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    let logger_id = exec.attr_string(step, "logger-id")?.unwrap_or_default();
    let partition_id = exec.attr_string(step, "partition-id")?;
    let partition_key = exec.attr_string(step, "partition-key")?;
    let mut message = match &step.text {
        Some(t) => exec.eval_string(t)?,
        None => String::new(),
    };
    if message.len() > MAX_EVENT_BYTES {
        let mut cut = MAX_EVENT_BYTES;
        while !message.is_char_boundary(cut) {
            cut -= 1;
        }
        message.truncate(cut);
    }
    exec.note_with(|| format!("event to `{logger_id}` ({} bytes)", message.len()));
    exec.state().events.push(Event { logger_id, partition_id, partition_key, message });
    Ok(Flow::Next)
}
