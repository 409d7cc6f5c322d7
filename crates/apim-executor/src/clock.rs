//! Time as the executor sees it. Tests and `apim test` use a [`VirtualClock`] that only
//! moves when told to (a fixture's `advance`, a `wait`, a retry interval, a backend's
//! scripted delay), so rate windows and cache expiry are tested without sleeping.

use std::cell::Cell;

/// Milliseconds since the Unix epoch (UTC).
pub type Millis = i64;

pub trait Clock {
    fn now(&self) -> Millis;
    /// Lets `ms` pass (a virtual clock jumps; a real one would sleep).
    fn sleep(&self, ms: Millis);
}

/// A clock that starts at a fixed instant and moves only by [`Clock::sleep`].
#[derive(Debug)]
pub struct VirtualClock {
    now: Cell<Millis>,
}

/// 2024-01-01T00:00:00Z, the default `context.Timestamp` of `apim eval`.
pub const DEFAULT_START: Millis = 1_704_067_200_000;

impl VirtualClock {
    #[must_use]
    pub fn new(start: Millis) -> Self {
        Self { now: Cell::new(start) }
    }
}

impl Default for VirtualClock {
    fn default() -> Self {
        Self::new(DEFAULT_START)
    }
}

impl Clock for VirtualClock {
    fn now(&self) -> Millis {
        self.now.get()
    }

    fn sleep(&self, ms: Millis) {
        self.now.set(self.now.get() + ms.max(0));
    }
}

/// `Millis` as a UTC .NET `DateTime`.
#[must_use]
pub fn to_datetime(ms: Millis) -> apim_dotnet::DateTime {
    let ticks = apim_dotnet::DateTime::UNIX_EPOCH_TICKS + ms * apim_dotnet::TimeSpan::TICKS_PER_MILLISECOND;
    apim_dotnet::DateTime::from_ticks(ticks, apim_dotnet::DateTimeKind::Utc).unwrap_or(apim_dotnet::DateTime::MIN_VALUE)
}

/// The wall clock, for the gateway: [`Clock::sleep`] really waits.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
    }

    fn sleep(&self, ms: Millis) {
        std::thread::sleep(std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0)));
    }
}
