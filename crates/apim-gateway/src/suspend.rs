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
//!
//! A response whose body is relayed ([`Suspend::Relay`]) is answered before the pipeline
//! ends: the caller gets the head at once, and the rest of the pipeline (relaying the
//! body, then counting it) runs on in a task of its own on the same thread.

use std::cell::RefCell;
use std::panic::AssertUnwindSafe;
use std::rc::Rc;
use std::time::Duration;

use apim_executor::{BackendFailure, Clock, IncomingResponse, Millis, Relayed, SystemClock};
use apim_http::Headers;
use bytes::Bytes;
use corosensei::stack::DefaultStack;
use corosensei::{Coroutine, CoroutineResult, Yielder};
use http_body_util::channel::{Channel, Sender};
use http_body_util::{BodyExt, Limited};
use hyper::body::Incoming;

use crate::body::{self, BrokeOff, RequestBody, ResponseBody};
use crate::upstream::{self, HttpClient};

/// A coroutine's stack: as large as a blocking thread's, where policies ran before
/// (deep expressions recurse); only the pages touched are ever committed.
const STACK_BYTES: usize = 2 * 1024 * 1024;
/// Stacks kept for reuse per thread (more are freed when their request ends).
const POOLED_STACKS: usize = 256;
/// Frames of a relayed body buffered towards a slow caller before the backend waits.
const RELAY_FRAMES: usize = 16;

thread_local! {
    static STACKS: RefCell<Vec<DefaultStack>> = const { RefCell::new(Vec::new()) };
}

/// What a suspended pipeline waits for.
pub enum Suspend {
    /// A backend call over HTTP, with its timeout; with `stream`, an event stream or a
    /// large body is left pending (only its head is read).
    Http { request: Box<hyper::Request<RequestBody>>, timeout: Duration, stream: bool },
    /// The caller's request body, read whole within `limit` bytes.
    ReadBody { body: Incoming, limit: usize },
    /// Time passing (`wait`, retry intervals, a mock's latency).
    Sleep(Duration),
    /// Answer the caller with this head now, then relay the pending body: the last HTTP
    /// response's, or `frames` (a mock's event stream). `keep`: hand the bytes back.
    Relay { status: u16, headers: Headers, frames: Option<Frames>, keep: bool },
}

/// A mock backend's event stream: frames with a delay before each.
pub struct Frames {
    pub frames: Vec<Vec<u8>>,
    pub delay: Duration,
}

/// What a pipeline is resumed with.
pub enum Resume {
    Start,
    Http(Result<IncomingResponse, BackendFailure>),
    Slept,
    Relayed(Relayed),
    Body(Result<Vec<u8>, BodyError>),
}

/// Why the caller's body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the request body could not be read: {0}")]
    Unreadable(String),
}

/// The pipeline's side of a suspension.
#[derive(Clone, Copy)]
pub struct Suspender<'y> {
    yielder: &'y Yielder<Resume, Suspend>,
}

impl Suspender<'_> {
    /// Sends `request` and waits for the response (the whole of it, unless `stream`).
    pub fn http(
        &self,
        request: hyper::Request<RequestBody>,
        timeout: Duration,
        stream: bool,
    ) -> Result<IncomingResponse, BackendFailure> {
        match self.yielder.suspend(Suspend::Http { request: Box::new(request), timeout, stream }) {
            Resume::Http(result) => result,
            Resume::Start | Resume::Slept | Resume::Relayed(_) | Resume::Body(_) => {
                Err(BackendFailure::Connection("internal: resumed without a response".to_owned()))
            }
        }
    }

    /// Answers the caller with `status` and `headers` and relays the pending body.
    pub fn relay(&self, status: u16, headers: Headers, frames: Option<Frames>, keep: bool) -> Relayed {
        match self.yielder.suspend(Suspend::Relay { status, headers, frames, keep }) {
            Resume::Relayed(relayed) => relayed,
            Resume::Start | Resume::Slept | Resume::Http(_) | Resume::Body(_) => {
                Relayed { body: Vec::new(), broke_off: Some("internal: resumed without relaying".to_owned()) }
            }
        }
    }

    /// Reads the caller's request body whole (at most `limit` bytes).
    ///
    /// # Errors
    /// When it is larger than `limit` or the caller broke off.
    pub fn read_body(&self, body: Incoming, limit: usize) -> Result<Vec<u8>, BodyError> {
        match self.yielder.suspend(Suspend::ReadBody { body, limit }) {
            Resume::Body(result) => result,
            _ => Err(BodyError::Unreadable("internal: resumed without the body".to_owned())),
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

/// How a request was answered.
pub enum Driven<R> {
    /// The pipeline ran to its end and gave this.
    Done(R),
    /// The pipeline answered with a relayed body; it runs on until the body is through.
    Relaying(hyper::Response<ResponseBody>),
}

/// Runs `body` as a coroutine on this thread, doing its backend calls with `client` and
/// its waits with tokio's timer; `None` when it panicked (a bug: the caller answers 500)
/// or no stack could be allocated.
pub async fn run<R: 'static>(
    client: Rc<HttpClient>,
    body: impl FnOnce(Suspender<'_>) -> R + 'static,
) -> Option<Driven<R>> {
    let stack = match STACKS.with(|stacks| stacks.borrow_mut().pop()) {
        Some(stack) => stack,
        None => DefaultStack::new(STACK_BYTES).ok()?,
    };
    let coroutine = Coroutine::with_stack(stack, move |yielder: &Yielder<Resume, Suspend>, _start: Resume| {
        body(Suspender { yielder })
    });
    let mut driver = Driver { coroutine: Some(coroutine), client, pending: None };
    match driver.drive(Resume::Start).await? {
        Stop::Done(value) => Some(Driven::Done(value)),
        Stop::Relay { status, headers, frames, keep } => {
            let (sender, channel) = Channel::new(RELAY_FRAMES);
            let response = body::response(status, &headers, http_body_util::Either::Right(channel));
            let source = match frames {
                Some(frames) => Some(Source::Frames(frames)),
                None => driver.pending.take().map(Source::Http),
            };
            tokio::task::spawn_local(async move {
                let mut relayed = pump(source, sender, keep).await;
                // The rest of the pipeline (token counting): its answer is already sent.
                loop {
                    match driver.drive(Resume::Relayed(relayed)).await {
                        Some(Stop::Relay { .. }) => {
                            relayed =
                                Relayed { body: Vec::new(), broke_off: Some("a response is relayed once".to_owned()) };
                        }
                        Some(Stop::Done(_)) => break,
                        None => {
                            // A bug, after the caller got its answer: say so rather than lose it.
                            eprintln!("apim serve: the policies failed after a relayed response was sent");
                            break;
                        }
                    }
                }
            });
            Some(Driven::Relaying(response))
        }
    }
}

type Pipeline<R> = Coroutine<Resume, Suspend, R, DefaultStack>;

/// A pipeline coroutine and what its suspensions left for later.
struct Driver<R> {
    /// `None` once it has returned (its stack went back to the pool).
    coroutine: Option<Pipeline<R>>,
    client: Rc<HttpClient>,
    /// The body of the last backend response read with `stream`, until it is relayed or
    /// another call replaces it (dropping it closes that connection).
    pending: Option<Incoming>,
}

/// Why the driver stopped.
enum Stop<R> {
    Done(R),
    Relay { status: u16, headers: Headers, frames: Option<Frames>, keep: bool },
}

impl<R> Driver<R> {
    /// Resumes the pipeline with `input` and serves its suspensions until it returns or
    /// relays; `None` when it panicked or has already returned.
    async fn drive(&mut self, mut input: Resume) -> Option<Stop<R>> {
        loop {
            let coroutine = self.coroutine.as_mut()?;
            let step = std::panic::catch_unwind(AssertUnwindSafe(|| coroutine.resume(input)));
            match step {
                Ok(CoroutineResult::Yield(Suspend::Http { request, timeout, stream })) => {
                    let (result, pending) = upstream::exchange(&self.client, *request, timeout, stream).await;
                    self.pending = pending;
                    input = Resume::Http(result);
                }
                Ok(CoroutineResult::Yield(Suspend::ReadBody { body, limit })) => {
                    input = Resume::Body(read_whole(body, limit).await);
                }
                Ok(CoroutineResult::Yield(Suspend::Sleep(duration))) => {
                    tokio::time::sleep(duration).await;
                    input = Resume::Slept;
                }
                Ok(CoroutineResult::Yield(Suspend::Relay { status, headers, frames, keep })) => {
                    return Some(Stop::Relay { status, headers, frames, keep });
                }
                Ok(CoroutineResult::Return(value)) => {
                    if let Some(finished) = self.coroutine.take() {
                        recycle(finished.into_stack());
                    }
                    return Some(Stop::Done(value));
                }
                Err(_) => {
                    self.coroutine = None;
                    return None;
                }
            }
        }
    }
}

fn recycle(stack: DefaultStack) {
    STACKS.with(|stacks| {
        let mut stacks = stacks.borrow_mut();
        if stacks.len() < POOLED_STACKS {
            stacks.push(stack);
        }
    });
}

/// The caller's body, whole, within `limit` bytes.
pub async fn read_whole(body: Incoming, limit: usize) -> Result<Vec<u8>, BodyError> {
    match Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes().to_vec()),
        Err(error) if error.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            Err(BodyError::TooLarge(limit))
        }
        Err(error) => Err(BodyError::Unreadable(error.to_string())),
    }
}

impl BodyError {
    /// The APIM-shaped answer: 413, or 400 for a body that broke off.
    #[must_use]
    pub fn answer(&self) -> crate::gateway::HttpOut {
        match self {
            Self::TooLarge(limit) => {
                crate::gateway::HttpOut::error(413, &format!("The request body is larger than {limit} bytes."))
            }
            Self::Unreadable(why) => {
                crate::gateway::HttpOut::error(400, &format!("The request body could not be read: {why}"))
            }
        }
    }
}

/// Where a relayed body comes from.
enum Source {
    Http(Incoming),
    Frames(Frames),
}

/// Sends the body from `source` to the caller frame by frame, keeping a copy if `keep`.
async fn pump(source: Option<Source>, mut sender: Sender<Bytes, BrokeOff>, keep: bool) -> Relayed {
    let mut relayed = Relayed::default();
    let gone = || Some("the caller went away".to_owned());
    match source {
        None => relayed.broke_off = Some("internal: no pending body to relay".to_owned()),
        Some(Source::Frames(Frames { frames, delay })) => {
            for frame in frames {
                if !delay.is_zero() {
                    tokio::time::sleep(delay).await;
                }
                if !forward(&mut sender, Bytes::from(frame), keep, &mut relayed).await {
                    relayed.broke_off = gone();
                    break;
                }
            }
        }
        Some(Source::Http(mut incoming)) => loop {
            match incoming.frame().await {
                None => break,
                Some(Ok(frame)) => {
                    let Ok(bytes) = frame.into_data() else { continue };
                    if !forward(&mut sender, bytes, keep, &mut relayed).await {
                        relayed.broke_off = gone();
                        break;
                    }
                }
                Some(Err(error)) => {
                    let why = error.to_string();
                    sender.abort(BrokeOff(why.clone()));
                    relayed.broke_off = Some(why);
                    break;
                }
            }
        },
    }
    relayed
}

/// One frame to the caller; `false` when the caller has gone.
async fn forward(sender: &mut Sender<Bytes, BrokeOff>, bytes: Bytes, keep: bool, relayed: &mut Relayed) -> bool {
    if keep {
        relayed.body.extend_from_slice(&bytes);
    }
    sender.send_data(bytes).await.is_ok()
}
