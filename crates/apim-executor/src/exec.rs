//! The pipeline: inbound, backend, outbound, and on-error on any failure, with
//! `return-response` ending it early, as APIM runs a request.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use apim_catalog::{Scope, SectionKind};
use apim_http::Headers;
use apim_runtime::context::{Body, ResponseData, Section};
use apim_runtime::{Budget, Context, ContextInput, Value};

use crate::backend::{Backend, BackendEntity, OutgoingRequest};
use crate::clock::{Clock, Millis, to_datetime};
use crate::fault::Fault;
use crate::state::GatewayState;
use crate::step::{Node, Pipeline, Step};
use crate::store::{StateStore, StoreResult};
use crate::template::Template;
use crate::trace::{EvaluatedExpression, Trace, TraceEntry};

/// What outlives one request: time, the backends, counters and caches.
pub struct Environment<'a> {
    pub clock: &'a dyn Clock,
    pub backend: &'a mut dyn Backend,
    /// Counters and caches, shared by every request (and, in Redis, every gateway).
    pub store: &'a dyn StateStore,
    /// This instance's own state, shared by every request it runs at once; locked only
    /// around each access.
    pub state: &'a std::sync::Mutex<GatewayState>,
    /// Backend entities by id (`set-backend-service backend-id`).
    pub backends: &'a BTreeMap<String, BackendEntity>,
    /// Documents fetched by URL (OpenID configurations and key sets for validate-jwt).
    pub documents: &'a BTreeMap<String, String>,
}

/// One incoming request and the service context it arrives in.
#[derive(Debug, Clone, Default)]
pub struct RequestInput {
    pub request: Option<apim_http::Request>,
    /// The `--context` JSON (subscription, user, api, operation ...), as `apim eval` takes it.
    pub context: Option<serde_json::Value>,
    /// Build the trace (`--trace`, `Ocp-Apim-Trace`).
    pub tracing: bool,
    /// The service context as sections (a gateway builds them per request); when given,
    /// `context` is not read.
    pub entities: Option<apim_runtime::Entities>,
    /// The request body has not been read ([`Pipeline::streams_request`]): the request has
    /// none for the policies, and `forward-request` sends it on as it arrives.
    pub body_pending: bool,
}

/// What the caller gets back, and what happened on the way.
#[derive(Debug)]
pub struct Outcome {
    pub status: u16,
    pub reason: String,
    pub headers: Headers,
    pub body: Vec<u8>,
    /// Calls made to backends during this request, in order.
    pub backend_calls: Vec<OutgoingRequest>,
    pub trace: Trace,
    /// Context variables at the end: name, .NET type, value.
    pub variables: Vec<(String, String, String)>,
    /// The error that sent the request to on-error, if any.
    pub error: Option<Fault>,
    /// The token usage the backend reported, when a token policy read the response
    /// (`llm-token-limit`, `llm-emit-token-metric` ...); `None` otherwise.
    pub backend_usage: Option<apim_llm::Usage>,
    /// The response went to the caller while the pipeline ran ([`Backend::relay`]): head
    /// and body are sent; `body` is what was relayed (for the token counts).
    pub relayed: bool,
}

/// A malformed request input (`--context`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError(pub String);

/// Control flow out of a policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Next,
    /// `return-response` / `mock-response`: the pipeline ends here.
    Return,
}

/// Which message `set-header`, `set-body` ... change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Request,
    Response,
    /// The request `send-request` is building.
    Outgoing,
}

/// Work postponed to the end of outbound (`increment-condition` as an expression ...).
pub(crate) type Deferred = Box<dyn FnOnce(&mut Exec<'_, '_>) -> Result<(), Fault>>;

pub struct Exec<'r, 'a> {
    pub ctx: Context,
    pub env: &'r mut Environment<'a>,
    pub secrets: &'r [String],
    pub section: SectionKind,
    pub target: Target,
    pub outgoing: Option<OutgoingRequest>,
    pub tracing: bool,
    pub trace: Trace,
    entries: Vec<usize>,
    pub start: Millis,
    /// `set-backend-service`: the base URL or backend entity requests go to.
    pub base_url: Option<String>,
    pub backend_id: Option<String>,
    pub calls: Vec<OutgoingRequest>,
    pub(crate) deferred: Vec<Deferred>,
    /// Postponed work that needs the whole response body (token counting): after a
    /// relayed body has gone through, so after the head is sent.
    pub(crate) after_body: Vec<Deferred>,
    /// Backend responses may leave their body to be relayed ([`Pipeline::streams_response`]).
    pub streams_response: bool,
    /// The current response's body is still at the backend, to be relayed; any
    /// replacement of the response clears it.
    pub(crate) response_pending: Cell<bool>,
    /// The caller's body is still arriving, for the first `forward-request` to send on.
    pub request_body_pending: bool,
    relayed: bool,
    /// Counter keys quota-by-key counted in this request.
    pub counted_keys: Vec<String>,
    /// The cache key `cache-lookup` missed on, for `cache-store`.
    pub cache_key: Option<String>,
    /// What the AI gateway policies carry from inbound to outbound.
    pub ai: crate::ai_state::RequestAi,
}

/// Runs one request through the pipeline.
///
/// # Errors
/// An [`InputError`] when the request context is malformed.
pub fn execute(pipeline: &Pipeline, input: RequestInput, env: &mut Environment<'_>) -> Result<Outcome, InputError> {
    let start = env.clock.now();
    let ctx = Context::new(ContextInput {
        request: input.request,
        response: None,
        variables: Vec::new(),
        context: input.context,
        timestamp: Some(to_datetime(start)),
        entities: input.entities,
    })
    .map_err(|e| InputError(e.message))?;
    ctx.data.tracing.set(input.tracing);
    let mut exec = Exec {
        ctx,
        env,
        secrets: &pipeline.secrets,
        section: SectionKind::Inbound,
        target: Target::Request,
        outgoing: None,
        tracing: input.tracing,
        trace: Trace::default(),
        entries: Vec::new(),
        start,
        base_url: None,
        backend_id: None,
        calls: Vec::new(),
        deferred: Vec::new(),
        after_body: Vec::new(),
        streams_response: pipeline.streams_response && !input.tracing,
        response_pending: Cell::new(false),
        request_body_pending: input.body_pending,
        relayed: false,
        counted_keys: Vec::new(),
        cache_key: None,
        ai: crate::ai_state::RequestAi::default(),
    };
    let error = exec.run_pipeline(pipeline);
    Ok(exec.finish(error))
}

impl Exec<'_, '_> {
    fn run_pipeline(&mut self, pipeline: &Pipeline) -> Option<Fault> {
        for kind in [SectionKind::Inbound, SectionKind::Backend, SectionKind::Outbound] {
            self.section = kind;
            self.target = if kind == SectionKind::Outbound { Target::Response } else { Target::Request };
            if kind == SectionKind::Outbound && self.ctx.data.response.borrow().is_none() {
                // No forward-request in the effective backend section: outbound starts
                // right after inbound, with an empty 200.
                self.set_response(200, "OK".to_owned(), Headers::new(), Vec::new());
            }
            match self.run_steps(pipeline.section(kind)) {
                Ok(Flow::Next) => {}
                Ok(Flow::Return) => return self.run_deferred().err().and_then(|f| self.on_error(pipeline, f)),
                Err(fault) => return self.on_error(pipeline, fault),
            }
        }
        match self.run_deferred() {
            Ok(()) => None,
            Err(fault) => self.on_error(pipeline, fault),
        }
    }

    /// The postponed work, around relaying a pending body: what sets response headers
    /// first, what counts the body once it is through.
    fn run_deferred(&mut self) -> Result<(), Fault> {
        for work in std::mem::take(&mut self.deferred) {
            work(self)?;
        }
        if self.response_pending.get() {
            self.relay();
        }
        for work in std::mem::take(&mut self.after_body) {
            work(self)?;
        }
        Ok(())
    }

    /// Sends the response head and relays the pending body; the body relayed becomes the
    /// response's (what the token counters read).
    fn relay(&mut self) {
        self.response_pending.set(false);
        let (status, reason, headers) = match self.ctx.data.response.borrow().as_ref() {
            Some(r) => (u16::try_from(r.status).unwrap_or(500), r.reason.clone(), r.headers.clone()),
            None => return,
        };
        let head = crate::backend::ResponseHead { status, reason: &reason, headers: &headers };
        let relayed = self.env.backend.relay(head);
        self.relayed = true;
        if let Some(why) = relayed.broke_off {
            self.note(format!("the response body broke off while relayed: {why}"));
        }
        let bytes = relayed.body;
        if let Some(response) = self.ctx.data.response.borrow_mut().as_mut() {
            response.body = (!bytes.is_empty()).then(|| Rc::new(Body { bytes, consumed: Cell::new(false) }));
        }
    }

    /// Fills `context.LastError`, sets the intended error response and runs on-error.
    fn on_error(&mut self, pipeline: &Pipeline, fault: Fault) -> Option<Fault> {
        self.set_response(fault.status, fault.status_reason.clone(), fault.headers.clone(), fault.body());
        if let Some(response) = self.ctx.data.response.borrow_mut().as_mut()
            && !fault.body().is_empty()
        {
            response.headers.set("Content-Type", "application/json; charset=utf-8");
        }
        if fault.fatal {
            return Some(fault);
        }
        let field = |name: &'static str, value: &str| (name, Value::string(value.to_owned()));
        let last_error = Section {
            fields: vec![
                field("Source", &fault.source),
                field("Reason", &fault.reason),
                field("Message", &fault.message),
                field("Scope", &fault.scope),
                field("Section", &fault.section),
                field("Path", &fault.path),
                ("PolicyId", fault.policy_id.clone().map_or(Value::Null, Value::string)),
            ],
        };
        *self.ctx.data.last_error.borrow_mut() = Some(last_error);
        self.section = SectionKind::OnError;
        self.target = Target::Response;
        if self.tracing {
            self.trace.on_error.push(TraceEntry {
                source: fault.source.clone(),
                path: fault.path.clone(),
                scope: fault.scope.clone(),
                elapsed: self.elapsed_text(),
                message: format!("{} ({}): {}", fault.reason, fault.section, fault.message),
                expressions: Vec::new(),
            });
        }
        if let Err(inner) = self.run_steps(&pipeline.on_error) {
            // An error inside on-error: the caller gets that error's response.
            self.set_response(inner.status, inner.status_reason.clone(), inner.headers.clone(), inner.body());
        }
        Some(fault)
    }

    fn finish(mut self, error: Option<Fault>) -> Outcome {
        let (status, reason, headers, body) = match self.ctx.data.response.borrow().as_ref() {
            Some(r) => (
                u16::try_from(r.status).unwrap_or(500),
                r.reason.clone(),
                r.headers.clone(),
                r.body.as_ref().map(|b| b.bytes.clone()).unwrap_or_default(),
            ),
            None => (200, "OK".to_owned(), Headers::new(), Vec::new()),
        };
        let variables = self
            .ctx
            .data
            .variables
            .borrow()
            .iter()
            .map(|(name, value)| {
                let type_name = apim_runtime::type_name(value).unwrap_or_else(|| "null".to_owned());
                (name.clone(), type_name, crate::trace::mask(&apim_runtime::display(value), self.secrets))
            })
            .collect();
        self.trace.mask(self.secrets);
        Outcome {
            status,
            reason,
            headers,
            body,
            backend_calls: self.calls,
            trace: self.trace,
            variables,
            error,
            relayed: self.relayed,
            backend_usage: self.ai.response_usage.borrow().and_then(|u| u.reported),
        }
    }

    /// Runs policies in order until one returns or fails.
    ///
    /// # Errors
    /// The first policy error.
    pub fn run_steps(&mut self, steps: &[Step]) -> Result<Flow, Fault> {
        for step in steps {
            if self.run_step(step)? == Flow::Return {
                return Ok(Flow::Return);
            }
        }
        Ok(Flow::Next)
    }

    fn run_step(&mut self, step: &Step) -> Result<Flow, Fault> {
        if self.tracing {
            let entry = TraceEntry {
                source: step.name.to_owned(),
                path: step.path.clone(),
                scope: scope_name(step.scope).to_owned(),
                elapsed: self.elapsed_text(),
                message: String::new(),
                expressions: Vec::new(),
            };
            let list = self.trace.section_mut(self.section);
            list.push(entry);
            let index = list.len() - 1;
            self.entries.push(index);
        }
        let result = crate::policies::run(self, step);
        let result = result.map_err(|mut fault| {
            if fault.source == "expression" {
                step.name.clone_into(&mut fault.source);
            }
            if fault.section.is_empty() {
                fault.scope = scope_name(step.scope).to_owned();
                fault.section = self.section.element_name().to_owned();
                fault.path.clone_from(&step.path);
                fault.policy_id.clone_from(&step.id);
            }
            fault
        });
        if self.tracing {
            if let Err(fault) = &result {
                let message = format!("failed: {}", fault.message);
                self.note(message);
            }
            self.entries.pop();
        }
        result
    }

    /// Says what the current policy did (shown in the trace).
    pub fn note(&mut self, message: impl Into<String>) {
        if !self.tracing {
            return;
        }
        let section = self.section;
        if let Some(&index) = self.entries.last()
            && let Some(entry) = self.trace.section_mut(section).get_mut(index)
        {
            let message = message.into();
            if entry.message.is_empty() {
                entry.message = message;
            } else {
                entry.message = format!("{}; {message}", entry.message);
            }
        }
    }

    /// As [`Exec::note`], building the message only when the request is traced.
    pub fn note_with(&mut self, message: impl FnOnce() -> String) {
        if self.tracing {
            let message = message();
            self.note(message);
        }
    }

    /// Whether `note` records anything (to skip building messages).
    #[must_use]
    pub fn traced(&self) -> bool {
        self.tracing
    }

    fn elapsed_text(&self) -> String {
        apim_runtime::display(&Value::TimeSpan(self.elapsed()))
    }

    #[must_use]
    pub fn elapsed(&self) -> apim_dotnet::TimeSpan {
        apim_dotnet::TimeSpan::from_ticks(
            (self.env.clock.now() - self.start) * apim_dotnet::TimeSpan::TICKS_PER_MILLISECOND,
        )
    }

    #[must_use]
    pub fn now(&self) -> Millis {
        self.env.clock.now()
    }

    /// The gateway state, locked. Keep the guard short: never across a backend call.
    pub fn state(&self) -> std::sync::MutexGuard<'_, GatewayState> {
        self.env.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs a counter operation on the store. When the store fails, the failure is noted
    /// and the operation runs on this instance's own counters instead, so limits still
    /// hold per instance while the shared store is down.
    ///
    /// # Errors
    /// Only if the fallback counters fail too (they are in memory and do not).
    pub fn counters<T>(&mut self, op: impl Fn(&dyn StateStore) -> StoreResult<T>) -> Result<T, Fault> {
        match op(self.env.store) {
            Ok(value) => Ok(value),
            Err(e) => {
                self.note_with(|| format!("counter store unavailable ({e}): counted on this gateway instance"));
                let state = self.state();
                op(&state.fallback_counters)
                    .map_err(|e| Fault::internal("gateway", "CounterStoreFailure", format!("counters failed: {e}")))
            }
        }
    }

    /// Runs a cache operation on the store. A failure is noted and gives `None`: a lookup
    /// is a miss and a store is skipped, as APIM documents for unavailable caches.
    pub fn cache<T>(&mut self, op: impl FnOnce(&dyn StateStore) -> StoreResult<T>) -> Option<T> {
        match op(self.env.store) {
            Ok(value) => Some(value),
            Err(e) => {
                self.note_with(|| format!("cache unavailable ({e}): the operation is skipped"));
                None
            }
        }
    }

    /// Evaluates a value: literal text as a string, an expression against the context.
    ///
    /// # Errors
    /// `ExpressionValueEvaluationFailure` when the expression throws.
    pub fn eval(&mut self, template: &Template) -> Result<Value, Fault> {
        match template {
            Template::Text(text) => Ok(Value::string(text.clone())),
            Template::Expr(expr) => {
                self.ctx.data.elapsed.set(self.elapsed());
                let result = expr.program.eval(&self.ctx, Budget::default());
                self.drain_context_traces();
                match result {
                    Ok(value) => {
                        if self.tracing {
                            let type_name = apim_runtime::type_name(&value).unwrap_or_else(|| "null".to_owned());
                            let shown = apim_runtime::display(&value);
                            self.record_expression(&expr.code, type_name, shown);
                        }
                        Ok(value)
                    }
                    Err(exception) => {
                        if self.tracing {
                            self.record_expression(
                                &expr.code,
                                exception.type_name.to_owned(),
                                exception.message.clone(),
                            );
                        }
                        let mut fault = Fault::internal(
                            "expression",
                            "ExpressionValueEvaluationFailure",
                            format!("Expression evaluation failed. {}", exception.message),
                        );
                        fault.fatal = !exception.catchable() && exception.type_name == apim_runtime::BUDGET_EXCEEDED;
                        Err(fault)
                    }
                }
            }
        }
    }

    fn record_expression(&mut self, code: &str, type_name: String, value: String) {
        let section = self.section;
        if let Some(&index) = self.entries.last()
            && let Some(entry) = self.trace.section_mut(section).get_mut(index)
        {
            entry.expressions.push(EvaluatedExpression { expression: code.to_owned(), type_name, value });
        }
    }

    /// `context.Trace(message)` calls go into the trace.
    fn drain_context_traces(&mut self) {
        let messages: Vec<String> = self.ctx.data.traces.borrow_mut().drain(..).collect();
        for message in messages {
            self.note(format!("context.Trace: {message}"));
        }
    }

    /// A value as text (`ToString()` in the invariant culture; null is empty).
    ///
    /// # Errors
    /// When the expression throws.
    pub fn eval_string(&mut self, template: &Template) -> Result<String, Fault> {
        Ok(apim_runtime::display(&self.eval(template)?))
    }

    /// # Errors
    /// When the expression throws or does not give a boolean.
    pub fn eval_bool(&mut self, template: &Template, what: &str) -> Result<bool, Fault> {
        match self.eval(template)? {
            Value::Bool(b) => Ok(b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Ok(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Ok(false),
            other => Err(Fault::internal(
                "expression",
                "ExpressionValueEvaluationFailure",
                format!("`{what}` must be a boolean, got `{}`", apim_runtime::display(&other)),
            )),
        }
    }

    /// # Errors
    /// When the expression throws or does not give an integer.
    pub fn eval_int(&mut self, template: &Template, what: &str) -> Result<i64, Fault> {
        let value = self.eval(template)?;
        as_i64(&value).ok_or_else(|| {
            Fault::internal(
                "expression",
                "ExpressionValueEvaluationFailure",
                format!("`{what}` must be an integer, got `{}`", apim_runtime::display(&value)),
            )
        })
    }

    /// An optional attribute as text.
    ///
    /// # Errors
    /// When its expression throws.
    pub fn attr_string(&mut self, node: &impl Node, name: &str) -> Result<Option<String>, Fault> {
        match node.attr(name) {
            Some(t) => self.eval_string(t).map(Some),
            None => Ok(None),
        }
    }

    /// # Errors
    /// When its expression throws or is no boolean.
    pub fn attr_bool(&mut self, node: &impl Node, name: &str, default: bool) -> Result<bool, Fault> {
        match node.attr(name) {
            Some(t) => self.eval_bool(t, name),
            None => Ok(default),
        }
    }

    /// # Errors
    /// When its expression throws or is no integer.
    pub fn attr_int(&mut self, node: &impl Node, name: &str) -> Result<Option<i64>, Fault> {
        match node.attr(name) {
            Some(t) => self.eval_int(t, name).map(Some),
            None => Ok(None),
        }
    }

    /// Replaces `context.Response`.
    pub fn set_response(&self, status: u16, reason: String, headers: Headers, body: Vec<u8>) {
        self.response_pending.set(false);
        let body = if body.is_empty() { None } else { Some(Rc::new(Body { bytes: body, consumed: Cell::new(false) })) };
        *self.ctx.data.response.borrow_mut() = Some(ResponseData { status: i32::from(status), reason, headers, body });
    }

    /// Replaces the request body (`set-body` in inbound).
    pub fn set_request_body(&self, body: Vec<u8>) {
        let body = if body.is_empty() { None } else { Some(Rc::new(Body { bytes: body, consumed: Cell::new(false) })) };
        self.ctx.data.request.borrow_mut().body = body;
    }

    /// The API path prefix (`--context` `api.path`), without slashes.
    #[must_use]
    pub fn api_path(&self) -> String {
        match self.ctx.data.api.as_ref().and_then(|api| api.get("Path")) {
            Some(Value::Str(path)) => path.trim_matches('/').to_owned(),
            _ => String::new(),
        }
    }

    /// The API's service URL (`--context` `api.serviceUrl`).
    #[must_use]
    pub fn service_url(&self) -> Option<String> {
        match self.ctx.data.api.as_ref().and_then(|api| api.get("ServiceUrl")) {
            Some(Value::Str(url)) if !url.is_empty() => Some(url.to_string()),
            _ => None,
        }
    }
}

/// An integer value of any .NET integral type (or integral text).
#[must_use]
pub fn as_i64(value: &Value) -> Option<i64> {
    match value {
        Value::I8(n) => Some(i64::from(*n)),
        Value::U8(n) => Some(i64::from(*n)),
        Value::I16(n) => Some(i64::from(*n)),
        Value::U16(n) => Some(i64::from(*n)),
        Value::I32(n) => Some(i64::from(*n)),
        Value::U32(n) => Some(i64::from(*n)),
        Value::I64(n) => Some(*n),
        Value::U64(n) => i64::try_from(*n).ok(),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

#[must_use]
pub fn scope_name(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "global",
        Scope::Workspace => "workspace",
        Scope::Product => "product",
        Scope::Api => "api",
        Scope::Operation => "operation",
    }
}
