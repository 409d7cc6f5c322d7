//! `apim serve`: a local APIM gateway over HTTP, running the real policies of an APIOps
//! service folder with the executor.
//!
//! ```text
//! config   apim.toml [serve]: listen addresses, keys, named values, mocks, limits
//! site     a loaded, checked service folder: routes, subscriptions, load inputs
//! routing  API by path prefix and version, operation by method and URL template
//! gateway  one request: route, subscription key, policies, metrics, trace, access log
//! upstream the executor's backend: mock://name in process, else a hyper client
//! suspend  each request's pipeline as a coroutine on its connection's thread
//! body     whole response bodies, or relayed frame by frame
//! server   hyper listeners, limits, graceful shutdown, the admin endpoints
//! watch    --watch: reload on change
//! ```

pub mod access_log;
pub mod body;
pub mod config;
pub mod gateway;
pub mod metrics;
pub mod routing;
pub mod server;
pub mod site;
pub mod subscription;
pub mod suspend;
pub mod traces;
pub mod upstream;
pub mod watch;

pub use config::{ConfigError, ServeConfig};
pub use gateway::{Gateway, HttpIn, HttpOut};
pub use server::serve;
pub use site::{Site, SiteError};
