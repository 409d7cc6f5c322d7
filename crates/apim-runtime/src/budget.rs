//! Limits that stop a runaway expression with [`BUDGET_EXCEEDED`](crate::error::BUDGET_EXCEEDED)
//! instead of a hang or an out-of-memory abort.

use crate::error::{Exception, Result};

/// The limits of one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Statements, loop iterations, calls and LINQ elements.
    pub steps: u64,
    /// Nested lambda calls.
    pub depth: u32,
    /// Bytes in one string, or elements in one collection times 16.
    pub size: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Self { steps: 1_000_000, depth: 64, size: 16 * 1024 * 1024 }
    }
}

impl Budget {
    /// The largest element count of one collection.
    #[must_use]
    pub fn max_items(&self) -> usize {
        self.size / 16
    }

    pub(crate) fn check_string(&self, len: usize) -> Result<()> {
        if len > self.size {
            return Err(Exception::budget(format!("a string grew beyond the size budget of {} bytes", self.size)));
        }
        Ok(())
    }

    pub(crate) fn check_items(&self, count: usize) -> Result<()> {
        if count > self.max_items() {
            return Err(Exception::budget(format!(
                "a collection grew beyond the size budget of {} elements",
                self.max_items()
            )));
        }
        Ok(())
    }
}
