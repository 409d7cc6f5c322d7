//! The shared store: counters and caches in Redis, for several gateway processes.
//!
//! Counters are updated by Lua scripts (run with EVALSHA, loaded again when the server
//! lost them), so concurrent instances never lose an increment or over-admit. Keys are
//! `<prefix><kind>:<key>`; every key gets an expiry (the window, the period, the cache
//! duration) so Redis does not grow forever, except a quota period that never renews.
//! Expiries are real time; which hits and entries are live is decided from the times
//! stored with them and the `now` passed in.
//!
//! Connections are pooled (one per concurrent caller), each with connect, read and write
//! timeouts. A connection that fails is dropped with every idle one (they most likely
//! point at the same dead server); the next call connects again.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use redis::{Connection, RedisError, Script};
use serde::{Deserialize, Serialize};

use super::{
    PeriodCheck, PeriodLimits, PeriodSpan, PeriodUsage, StateStore, StoreError, StoreResult, WindowCheck, WindowLimit,
};
use crate::ai_state::SemanticEntry;
use crate::clock::Millis;
use crate::state::CachedValue;

pub struct RedisStore {
    client: redis::Client,
    prefix: String,
    timeout: Duration,
    idle: Mutex<Vec<Connection>>,
    scripts: Scripts,
}

struct Scripts {
    window_admit: Script,
    window_add: Script,
    period_admit: Script,
    period_add: Script,
    semantic_store: Script,
}

/// What a cache key holds: the value and its expiry on the gateway's clock.
#[derive(Serialize, Deserialize)]
struct StoredValue {
    value: CachedValue,
    expires: Millis,
}

/// One semantic-cache entry in its partition's hash.
#[derive(Serialize, Deserialize)]
struct StoredCompletion {
    embedding: Vec<f32>,
    response: CachedValue,
}

impl RedisStore {
    /// How long connecting, sending or waiting for an answer may take.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(300);

    /// Connects to `url` (`redis://host:port/db`) and checks the server answers.
    ///
    /// # Errors
    /// The URL is malformed, or the server cannot be reached within the timeout.
    pub fn connect(url: &str, prefix: &str) -> StoreResult<Self> {
        Self::connect_with_timeout(url, prefix, Self::DEFAULT_TIMEOUT)
    }

    /// As [`RedisStore::connect`], with `timeout` for every connect, send and answer.
    ///
    /// # Errors
    /// The URL is malformed, or the server cannot be reached within the timeout.
    pub fn connect_with_timeout(url: &str, prefix: &str, timeout: Duration) -> StoreResult<Self> {
        let bad_url = |e: redis::RedisError| StoreError(format!("redis URL `{url}`: {e}"));
        // No Nagle delay: every store call is one small command waiting for its answer.
        let info = redis::IntoConnectionInfo::into_connection_info(url)
            .map_err(bad_url)?
            .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true));
        let client = redis::Client::open(info).map_err(bad_url)?;
        let store = Self {
            client,
            prefix: prefix.to_owned(),
            timeout,
            idle: Mutex::new(Vec::new()),
            scripts: Scripts {
                window_admit: Script::new(include_str!("lua/window_admit.lua")),
                window_add: Script::new(include_str!("lua/window_add.lua")),
                period_admit: Script::new(include_str!("lua/period_admit.lua")),
                period_add: Script::new(include_str!("lua/period_add.lua")),
                semantic_store: Script::new(include_str!("lua/semantic_store.lua")),
            },
        };
        store.ping()?;
        Ok(store)
    }

    fn idle(&self) -> MutexGuard<'_, Vec<Connection>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn open(&self) -> StoreResult<Connection> {
        let connection = self.client.get_connection_with_timeout(self.timeout).map_err(|e| self.error(&e))?;
        connection.set_read_timeout(Some(self.timeout)).map_err(|e| self.error(&e))?;
        connection.set_write_timeout(Some(self.timeout)).map_err(|e| self.error(&e))?;
        Ok(connection)
    }

    /// Runs `op` on an idle connection (or a new one), returning it to the pool when the
    /// connection is still good.
    fn with_connection<T>(&self, op: impl FnOnce(&mut Connection) -> redis::RedisResult<T>) -> StoreResult<T> {
        let pooled = self.idle().pop();
        let mut connection = match pooled {
            Some(c) => c,
            None => self.open()?,
        };
        match op(&mut connection) {
            Ok(value) => {
                self.idle().push(connection);
                Ok(value)
            }
            Err(e) => {
                if e.is_io_error() || e.is_timeout() || e.is_connection_dropped() || e.is_connection_refusal() {
                    self.idle().clear();
                } else {
                    self.idle().push(connection);
                }
                Err(self.error(&e))
            }
        }
    }

    fn error(&self, e: &RedisError) -> StoreError {
        StoreError(format!("redis at {}: {e}", self.client.get_connection_info().addr()))
    }

    fn key(&self, kind: &str, key: &str) -> String {
        format!("{}{kind}:{key}", self.prefix)
    }
}

/// Real-time expiry of a period's counter, renewed on each write: the period's length
/// plus a second (a counter is useless once its period is over); 0 (keep) for a period
/// that never ends.
fn period_ttl(span: PeriodSpan) -> Millis {
    if span.end == Millis::MAX { 0 } else { span.end.saturating_sub(span.start).saturating_add(1000) }
}

fn limit_arg(limit: Option<i64>) -> String {
    limit.map(|n| n.to_string()).unwrap_or_default()
}

fn bad_reply(what: &str, e: &serde_json::Error) -> StoreError {
    StoreError(format!("redis: unreadable {what}: {e}"))
}

impl StateStore for RedisStore {
    fn kind(&self) -> &'static str {
        "redis"
    }

    fn ping(&self) -> StoreResult<()> {
        let reply: String = self.with_connection(|c| redis::cmd("PING").query(c))?;
        if reply == "PONG" { Ok(()) } else { Err(StoreError(format!("redis: PING answered `{reply}`"))) }
    }

    fn window_admit(
        &self,
        key: &str,
        window: WindowLimit,
        now: Millis,
        needed: i64,
        add: i64,
    ) -> StoreResult<WindowCheck> {
        let (accepted, total, retry_after_ms): (i64, i64, i64) = self.with_connection(|c| {
            self.scripts
                .window_admit
                .key(self.key("window", key))
                .key(self.key("window-total", key))
                .arg(now)
                .arg(window.period_ms)
                .arg(window.limit)
                .arg(needed)
                .arg(add)
                .invoke(c)
        })?;
        Ok(WindowCheck { accepted: accepted == 1, total, retry_after_ms })
    }

    fn window_add(&self, key: &str, period_ms: Millis, now: Millis, amount: i64) -> StoreResult<i64> {
        self.with_connection(|c| {
            self.scripts
                .window_add
                .key(self.key("window", key))
                .key(self.key("window-total", key))
                .arg(now)
                .arg(period_ms)
                .arg(amount)
                .invoke(c)
        })
    }

    fn period_admit(
        &self,
        key: &str,
        span: PeriodSpan,
        limits: PeriodLimits,
        needed: i64,
        add: i64,
    ) -> StoreResult<PeriodCheck> {
        let (accepted, start, calls, bytes): (i64, i64, i64, i64) = self.with_connection(|c| {
            self.scripts
                .period_admit
                .key(self.key("period", key))
                .arg(span.start)
                .arg(limit_arg(limits.calls))
                .arg(limit_arg(limits.bytes))
                .arg(needed)
                .arg(add)
                .arg(period_ttl(span))
                .invoke(c)
        })?;
        Ok(PeriodCheck { accepted: accepted == 1, usage: PeriodUsage { start, calls, bytes } })
    }

    fn period_add(&self, key: &str, span: PeriodSpan, calls: i64, bytes: i64) -> StoreResult<PeriodUsage> {
        let (start, calls, bytes): (i64, i64, i64) = self.with_connection(|c| {
            self.scripts
                .period_add
                .key(self.key("period", key))
                .arg(span.start)
                .arg(calls)
                .arg(bytes)
                .arg(period_ttl(span))
                .invoke(c)
        })?;
        Ok(PeriodUsage { start, calls, bytes })
    }

    fn cache_get(&self, key: &str, now: Millis) -> StoreResult<Option<CachedValue>> {
        let redis_key = self.key("cache", key);
        let text: Option<String> = self.with_connection(|c| redis::cmd("GET").arg(&redis_key).query(c))?;
        let Some(text) = text else { return Ok(None) };
        let stored: StoredValue = serde_json::from_str(&text).map_err(|e| bad_reply("cache entry", &e))?;
        if stored.expires > now {
            Ok(Some(stored.value))
        } else {
            self.with_connection(|c| redis::cmd("DEL").arg(&redis_key).query::<i64>(c))?;
            Ok(None)
        }
    }

    fn cache_put(&self, key: &str, value: &CachedValue, now: Millis, expires: Millis) -> StoreResult<()> {
        let redis_key = self.key("cache", key);
        if expires <= now {
            // A value already expired replaces what was there with nothing live.
            return self.cache_remove(key);
        }
        let text = serde_json::to_string(&StoredValue { value: value.clone(), expires })
            .map_err(|e| StoreError(format!("cache value: {e}")))?;
        self.with_connection(|c| redis::cmd("SET").arg(&redis_key).arg(text).arg("PX").arg(expires - now).query(c))
    }

    fn cache_remove(&self, key: &str) -> StoreResult<()> {
        let redis_key = self.key("cache", key);
        self.with_connection(|c| redis::cmd("DEL").arg(&redis_key).query::<i64>(c)).map(|_| ())
    }

    fn semantic_nearest(
        &self,
        partition: &str,
        embedding: &[f32],
        now: Millis,
    ) -> StoreResult<Option<(f64, CachedValue)>> {
        let redis_key = self.key("semantic", partition);
        let fields: Vec<(String, String)> = self.with_connection(|c| redis::cmd("HGETALL").arg(&redis_key).query(c))?;
        let mut nearest: Option<(f64, CachedValue)> = None;
        for (field, text) in fields {
            let expires = field.split_once(':').and_then(|(at, _)| at.parse::<Millis>().ok());
            if expires.is_none_or(|at| at <= now) {
                continue;
            }
            let entry: StoredCompletion =
                serde_json::from_str(&text).map_err(|e| bad_reply("semantic cache entry", &e))?;
            let distance = apim_llm::cosine_distance(embedding, &entry.embedding);
            if nearest.as_ref().is_none_or(|(best, _)| distance < *best) {
                nearest = Some((distance, entry.response));
            }
        }
        Ok(nearest)
    }

    fn semantic_store(&self, entry: &SemanticEntry, now: Millis) -> StoreResult<()> {
        if entry.expires <= now {
            return Ok(());
        }
        let text = serde_json::to_string(&StoredCompletion {
            embedding: entry.embedding.clone(),
            response: entry.response.clone(),
        })
        .map_err(|e| StoreError(format!("semantic cache entry: {e}")))?;
        self.with_connection(|c| {
            self.scripts
                .semantic_store
                .key(self.key("semantic", &entry.partition))
                .arg(now)
                .arg(entry.expires)
                .arg(text)
                .invoke::<i64>(c)
        })
        .map(|_| ())
    }
}
