//! A long-running `apim` command started on ephemeral ports: the addresses it prints,
//! its stderr collected, killed on drop.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

pub struct Listening {
    pub child: Child,
    /// What followed each of the prefixes asked for, in their order.
    pub addresses: Vec<String>,
    stderr: Arc<Mutex<String>>,
}

impl Listening {
    /// Starts `command` and reads its stdout until a line starting with each of
    /// `prefixes` has been seen; stdout is drained afterwards (an access log must never
    /// fill the pipe) and stderr kept for failure messages.
    pub fn start(mut command: Command, prefixes: &[&str]) -> Listening {
        let mut child =
            command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("starts apim");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut found: Vec<Option<String>> = vec![None; prefixes.len()];
        while found.iter().any(Option::is_none) {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.wait();
                panic!("apim exited before listening:\n{}", stderr.lock().unwrap());
            };
            for (prefix, slot) in prefixes.iter().zip(found.iter_mut()) {
                if let Some(rest) = line.strip_prefix(prefix) {
                    *slot = Some(rest.to_owned());
                }
            }
        }
        std::thread::spawn(move || for _ in lines {});
        Listening { child, addresses: found.into_iter().flatten().collect(), stderr }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
