//! Running a request's policies without leaving the connection's thread.
//!
//! The executor is synchronous: it calls its [`Backend`](apim_executor::Backend) and
//! [`Clock`] and waits. Run on a blocking thread, every request crossed threads four
//! times (connection task -> blocking thread -> the HTTP client's connection task and
//! back, twice), and the futex wake-ups cost more than the policies. Instead each
//! request's pipeline runs as a stackful coroutine (corosensei) on the connection's own
//! single-threaded event loop: a backend call or a wait suspends the coroutine with a
//! [`Suspend`], the event loop does the I/O while serving other connections, and resumes
//! the coroutine with the result.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;
use std::time::Duration;

use apim_executor::{BackendFailure, Clock, IncomingResponse, Millis, SystemClock};
use bytes::Bytes;
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};
use http_body_util::Full;

use crate::upstream::{self, HttpClient};

/// A coroutine's stack: as large as a blocking thread's, where policies ran before
/// (deep expressions recurse); only the pages touched are ever committed.
const STACK_BYTES: usize = 2 * 1024 * 1024;
/// Stacks kept for reuse per thread (more are freed when their request ends).
const POOLED_STACKS: usize = 256;

thread_local! {
    static STACKS: RefCell<Vec<DefaultStack>> = const { RefCell::new(Vec::new()) };
}

/// What a suspended pipeline waits for.
pub enum Suspend {
    /// A backend call over HTTP, with its timeout.
    Http { request: Box<hyper::Request<Full<Bytes>>>, timeout: Duration },
    /// Time passing (`wait`, retry intervals, a mock's latency).
    Sleep(Duration),
}

/// What a pipeline is resumed with.
pub enum Resume {
    Start,
    Http(Result<IncomingResponse, BackendFailure>),
    Slept,
}

/// The pipeline's side of a suspension.
#[derive(Clone, Copy)]
pub struct Suspender<'y> {
    yielder: &'y Yielder<Resume, Suspend>,
}

impl Suspender<'_> {
    /// Sends `request` and waits for the whole response (or its failure).
    pub fn http(
        &self,
        request: hyper::Request<Full<Bytes>>,
        timeout: Duration,
    ) -> Result<IncomingResponse, BackendFailure> {
        match self.yielder.suspend(Suspend::Http { request: Box::new(request), timeout }) {
            Resume::Http(result) => result,
            Resume::Start | Resume::Slept => {
                Err(BackendFailure::Connection("internal: resumed without a response".to_owned()))
            }
        }
    }

    /// Runs `work` on the thread's own stack rather than the coroutine's (for code that
    /// checks its stack against the thread's bounds, such as pest's parser).
    pub fn on_thread_stack<R>(&self, work: impl FnOnce() -> R + Send) -> R {
        self.yielder.on_parent_stack(work)
    }

    pub fn sleep(&self, duration: Duration) {
        if !duration.is_zero() {
            self.yielder.suspend(Suspend::Sleep(duration));
        }
    }
}

/// The wall clock, whose waits suspend the pipeline instead of blocking the thread.
pub struct SuspendingClock<'y> {
    pub suspender: Suspender<'y>,
}

impl Clock for SuspendingClock<'_> {
    fn now(&self) -> Millis {
        SystemClock.now()
    }

    fn sleep(&self, ms: Millis) {
        self.suspender.sleep(Duration::from_millis(u64::try_from(ms).unwrap_or(0)));
    }
}

/// Runs `body` as a coroutine on this thread, doing its backend calls with `client` and
/// its waits with tokio's timer; `None` when it panicked (a bug: the caller answers 500)
/// or no stack could be allocated.
pub async fn run<R: 'static>(client: &HttpClient, body: impl FnOnce(Suspender<'_>) -> R + 'static) -> Option<R> {
    let stack = match STACKS.with(|stacks| stacks.borrow_mut().pop()) {
        Some(stack) => stack,
        None => DefaultStack::new(STACK_BYTES).ok()?,
    };
    let mut coroutine = Coroutine::with_stack(stack, move |yielder: &Yielder<Resume, Suspend>, _start: Resume| {
        body(Suspender { yielder })
    });
    let mut input = Resume::Start;
    loop {
        let step = std::panic::catch_unwind(AssertUnwindSafe(|| coroutine.resume(input)));
        match step {
            Ok(CoroutineResult::Yield(Suspend::Http { request, timeout })) => {
                input = Resume::Http(upstream::exchange(client, *request, timeout).await);
            }
            Ok(CoroutineResult::Yield(Suspend::Sleep(duration))) => {
                tokio::time::sleep(duration).await;
                input = Resume::Slept;
            }
            Ok(CoroutineResult::Return(value)) => {
                let stack = coroutine.into_stack();
                STACKS.with(|stacks| {
                    let mut stacks = stacks.borrow_mut();
                    if stacks.len() < POOLED_STACKS {
                        stacks.push(stack);
                    }
                });
                return Some(value);
            }
            Err(_) => return None,
        }
    }
}
