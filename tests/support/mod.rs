//! Shared by the end-to-end tests of the long-running commands (`apim serve`,
//! `apim mock-llm`): starting the binary and waiting for its addresses, and curl.

#![allow(dead_code)] // each test crate uses its part

pub mod curl;
pub mod listening;
pub mod python;

/// Copies a folder tree (a service folder a test changes).
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
