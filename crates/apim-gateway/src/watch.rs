//! `--watch`: reload the service folder when a file in it changes. A folder that no
//! longer loads is reported and the previous configuration keeps serving.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};

use crate::gateway::Gateway;
use crate::site::Site;

/// Changes closer together than this are one reload (editors write several times).
const SETTLE: Duration = Duration::from_millis(250);

/// Starts watching; the returned watcher must be kept alive.
///
/// # Errors
/// When the folder cannot be watched.
pub fn watch(gateway: Arc<Gateway>, folder: PathBuf) -> notify::Result<notify::RecommendedWatcher> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if event.is_ok_and(|e| !e.kind.is_access()) {
            let _ = tx.send(());
        }
    })?;
    watcher.watch(&folder, RecursiveMode::Recursive)?;
    std::thread::spawn(move || {
        while rx.recv().is_ok() {
            while rx.recv_timeout(SETTLE).is_ok() {}
            match Site::load(&folder) {
                Ok(site) => {
                    for warning in &site.warnings {
                        eprint!("{warning}");
                    }
                    gateway.replace(site);
                    eprintln!("apim serve: reloaded {}", folder.display());
                }
                Err(error) => {
                    eprint!("{error}");
                    eprintln!(
                        "apim serve: {} does not load; still serving the previous configuration",
                        folder.display()
                    );
                }
            }
        }
    });
    Ok(watcher)
}
