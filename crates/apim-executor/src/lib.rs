//! Runs APIM policies locally.
//!
//! [`load`] builds the effective policy of one operation from its scopes (global,
//! product, API, operation), replacing each `<base />` with the broader scope's section,
//! expanding `include-fragment`, substituting named values and template parameters, and
//! compiling every expression once. [`execute`] then runs one request through inbound,
//! backend and outbound, and on-error on any failure, as APIM does, against an
//! [`Environment`]: a clock, a backend, the [`StateStore`] of counters and caches
//! (in memory, or in Redis shared by several gateways), and this instance's
//! [`GatewayState`] (metrics, events, backend pools).

pub mod ai_state;
pub mod backend;
pub mod backend_pool;
pub mod clock;
pub mod codes;
mod exec;
pub mod fault;
pub mod http;
mod load;
mod message;
mod policies;
pub mod service;
pub mod state;
pub mod step;
pub mod store;
mod streaming;
mod substitute;
pub mod template;
pub mod trace;

pub use backend::{
    Backend, BackendEntity, BackendFailure, IncomingResponse, OutgoingRequest, Relayed, ResponseHead, Scripted,
    ScriptedBackend,
};
pub use backend_pool::{CircuitBreakerRule, PoolMember, parse_iso_duration};
pub use clock::{Clock, Millis, SystemClock, VirtualClock};
pub use exec::{Environment, Exec, Flow, InputError, Outcome, RequestInput, Target, execute};
pub use fault::Fault;
pub use load::{DEFAULT_GLOBAL, LoadInput, Loaded, LoadedFile, PolicySource, load};
pub use policies::is_emulated;
pub use state::GatewayState;
pub use step::Pipeline;
pub use store::{CounterScope, MemoryStore, RedisStore, StateStore, StoreConfig, StoreError};
pub use substitute::NamedValue;
