//! The message a policy changes: the request (inbound, backend), the response
//! (outbound, on-error, inside return-response) or the request `send-request` builds.

use std::cell::Cell;
use std::rc::Rc;

use apim_http::Headers;
use apim_runtime::context::{Body, ResponseData};

use crate::backend::OutgoingRequest;
use crate::exec::{Exec, Target};

impl Exec<'_, '_> {
    /// Runs `f` on the headers of the target message.
    pub fn with_target_headers<R>(&mut self, f: impl FnOnce(&mut Headers) -> R) -> R {
        match self.target {
            Target::Request => f(&mut self.ctx.data.request.borrow_mut().headers),
            Target::Response => {
                let mut response = self.ctx.data.response.borrow_mut();
                f(&mut response.get_or_insert_with(empty_response).headers)
            }
            Target::Outgoing => f(&mut self.outgoing.get_or_insert_with(new_outgoing).headers),
        }
    }

    /// The body of the target message (empty when it has none). Reads it without
    /// consuming it, as policies (not expressions) do.
    #[must_use]
    pub fn target_body(&self) -> Vec<u8> {
        match self.target {
            Target::Request => self.ctx.data.request.borrow().body.as_ref().map(|b| b.bytes.clone()),
            Target::Response => {
                self.ctx.data.response.borrow().as_ref().and_then(|r| r.body.as_ref()).map(|b| b.bytes.clone())
            }
            Target::Outgoing => self.outgoing.as_ref().map(|o| o.body.clone()),
        }
        .unwrap_or_default()
    }

    pub fn set_target_body(&mut self, bytes: Vec<u8>) {
        let body = || {
            if bytes.is_empty() {
                None
            } else {
                Some(Rc::new(Body { bytes: bytes.clone(), consumed: Cell::new(false) }))
            }
        };
        match self.target {
            Target::Request => self.ctx.data.request.borrow_mut().body = body(),
            Target::Response => {
                self.response_pending.set(false);
                self.ctx.data.response.borrow_mut().get_or_insert_with(empty_response).body = body();
            }
            Target::Outgoing => self.outgoing.get_or_insert_with(new_outgoing).body.clone_from(&bytes),
        }
    }

    /// `context.Response`, created as an empty 200 when there is none yet.
    pub fn with_response<R>(&mut self, f: impl FnOnce(&mut ResponseData) -> R) -> R {
        let mut response = self.ctx.data.response.borrow_mut();
        f(response.get_or_insert_with(empty_response))
    }
}

fn empty_response() -> ResponseData {
    ResponseData { status: 200, reason: "OK".to_owned(), headers: Headers::new(), body: None }
}

/// A `send-request mode="new"` request: GET with nothing set.
#[must_use]
pub fn new_outgoing() -> OutgoingRequest {
    OutgoingRequest {
        method: "GET".to_owned(),
        url: String::new(),
        headers: Headers::new(),
        body: Vec::new(),
        policy: "send-request",
        stream_response: false,
        body_pending: false,
    }
}
