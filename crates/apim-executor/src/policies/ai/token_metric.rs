//! llm-emit-token-metric and azure-openai-emit-token-metric: once the model has answered,
//! three metrics (Prompt Tokens, Completion Tokens, Total Tokens) with the policy's
//! dimensions go to the metrics sink (`GatewayState::metrics`).

use std::collections::BTreeMap;

use super::model_call::{ModelRequest, model_answered, tokens_used};
use crate::exec::{Exec, Flow};
use crate::fault::Fault;
use crate::policies::telemetry::default_dimension;
use crate::state::Metric;
use crate::step::{Node, Step};

/// Dimensions the gateway fills in when a `<dimension>` gives only the name.
const DEFAULT_DIMENSIONS: [&str; 8] =
    ["API ID", "Operation ID", "Product ID", "User ID", "Subscription ID", "Location", "Gateway ID", "Backend ID"];

pub fn llm_emit_token_metric(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    // The llm-* page allows 5 custom dimensions.
    emit(exec, step, "llm-emit-token-metric", 5)
}

pub fn azure_openai_emit_token_metric(exec: &mut Exec<'_, '_>, step: &Step) -> Result<Flow, Fault> {
    // The azure-openai-* page (2024-07 revision) allows 10.
    emit(exec, step, "azure-openai-emit-token-metric", 10)
}

fn is_default(name: &str) -> bool {
    DEFAULT_DIMENSIONS.iter().any(|d| d.eq_ignore_ascii_case(name))
}

fn emit(exec: &mut Exec<'_, '_>, step: &Step, source: &'static str, max_custom: usize) -> Result<Flow, Fault> {
    let namespace = exec.attr_string(step, "namespace")?.unwrap_or_else(|| "API Management".to_owned());
    let mut dimensions = BTreeMap::new();
    let mut backend_dimension = None;
    let mut custom = 0;
    for element in step.elements_named("dimension") {
        let Some(name) = element.attr("name") else { continue };
        let name = exec.eval_string(name)?;
        if !is_default(&name) {
            custom += 1;
        }
        match element.attr("value") {
            Some(value) => {
                let value = exec.eval_string(value)?;
                dimensions.insert(name, value);
            }
            // The backend is known only once the request was forwarded.
            None if name.eq_ignore_ascii_case("Backend ID") => backend_dimension = Some(name),
            None => {
                let value = default_dimension(exec, &name);
                dimensions.insert(name, value);
            }
        }
    }
    if custom > max_custom {
        return Err(Fault::internal(
            source,
            "TooManyDimensions",
            format!("{source} allows at most {max_custom} custom dimensions, this one has {custom}"),
        ));
    }
    let request = ModelRequest::read(exec);
    exec.after_body.push(Box::new(move |exec| {
        if !model_answered(exec) {
            exec.note("the model was not called: no token metrics");
            return Ok(());
        }
        let usage = tokens_used(exec, &request, None);
        if let Some(name) = backend_dimension {
            let backend = exec.ai.called_backend.clone().or_else(|| exec.backend_id.clone());
            dimensions.insert(name, backend.unwrap_or_default());
        }
        #[allow(clippy::cast_precision_loss)] // metric values are doubles in Azure Monitor
        for (name, value) in
            [("Prompt Tokens", usage.prompt), ("Completion Tokens", usage.completion), ("Total Tokens", usage.total)]
        {
            exec.state().metrics.push(Metric {
                name: name.to_owned(),
                namespace: namespace.clone(),
                value: value as f64,
                dimensions: dimensions.clone(),
            });
        }
        Ok(())
    }));
    Ok(Flow::Next)
}
