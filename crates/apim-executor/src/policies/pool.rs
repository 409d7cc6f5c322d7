//! Where forward-request sends a request that `set-backend-service backend-id` aimed at a
//! backend entity: the entity itself, or the member of a pool whose turn it is; and what
//! each answer means for the circuit breakers (state in `backend_pool.rs`).

use crate::backend::{BackendFailure, IncomingResponse};
use crate::exec::Exec;
use crate::fault::Fault;

fn unavailable(message: String) -> Fault {
    Fault::new("forward-request", "BackendUnavailable", message, 503, "Service Unavailable")
}

/// The backend entity id to call, `None` when no backend entity was set.
///
/// # Errors
/// 503 when the backend's circuit breaker is open, or every member of the pool is tripped.
pub fn target(exec: &mut Exec<'_, '_>) -> Result<Option<String>, Fault> {
    let Some(id) = exec.backend_id.clone() else { return Ok(None) };
    let Some(entity) = exec.env.backends.get(&id) else { return Ok(Some(id)) };
    exec.ai.called_backend = Some(id.clone());
    let now = exec.now();
    if entity.pool.is_empty() {
        if exec.state().ai.pools.is_tripped(&id, now) {
            return Err(unavailable(format!("the circuit breaker of backend `{id}` is open")));
        }
        return Ok(Some(id));
    }
    let members = entity.pool.clone();
    let chosen = exec.state().ai.pools.choose(&id, &members, now);
    match chosen {
        Some(member) => {
            if !exec.env.backends.contains_key(&member) {
                return Err(Fault::internal(
                    "forward-request",
                    "BackendNotFound",
                    format!("pool `{id}` names a backend `{member}` that does not exist"),
                ));
            }
            exec.note(format!("pool `{id}` chose backend `{member}`"));
            exec.ai.called_backend = Some(member.clone());
            Ok(Some(member))
        }
        None => Err(unavailable(format!("every backend of pool `{id}` has its circuit breaker open"))),
    }
}

/// Counts an answer against the called backend's circuit-breaker rule.
pub fn record(exec: &mut Exec<'_, '_>, id: &str, result: &Result<IncomingResponse, BackendFailure>) {
    let Some(rule) = exec.env.backends.get(id).and_then(|e| e.circuit_breaker.clone()) else { return };
    let now = exec.now();
    let tripped = exec.state().ai.pools.record(id, &rule, result, now);
    if let Some(trip_ms) = tripped {
        exec.note(format!("circuit breaker `{}` of backend `{id}` tripped for {} s", rule.name, trip_ms / 1000));
    }
}
