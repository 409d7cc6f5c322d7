//! `apim serve [FOLDER] [--listen ADDR] [--admin-listen ADDR] [--watch] [--redis URL]`: the local gateway.
//! Without a folder it serves the built-in AI gateway (`policies/gateway`, compiled into
//! the binary and unpacked to a temporary folder) in front of the mock LLM.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use apim_gateway::{Gateway, Site};
use include_dir::{Dir, include_dir};

use crate::args::ServeArgs;
use crate::exit::ExitStatus;

static DEFAULT_GATEWAY: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/policies/gateway");

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
const DEFAULT_ADMIN: &str = "127.0.0.1:8090";

pub fn run(args: &ServeArgs) -> ExitStatus {
    // The unpacked default lives as long as the server.
    let mut unpacked = None;
    let folder: PathBuf = match &args.folder {
        Some(folder) => folder.clone(),
        None => match unpack_default() {
            Ok(dir) => {
                let path = dir.path().to_path_buf();
                unpacked = Some(dir);
                path
            }
            Err(e) => {
                eprintln!("error: cannot unpack the built-in gateway: {e}");
                return ExitStatus::Error;
            }
        },
    };
    if args.watch && unpacked.is_some() {
        eprintln!("error: --watch needs a service folder (the built-in gateway does not change)");
        return ExitStatus::Error;
    }
    let mut site = match Site::load(&folder) {
        Ok(site) => site,
        Err(error) => {
            eprint!("{error}");
            eprintln!("apim serve: {}: not started: fix the problems above first", folder.display());
            return ExitStatus::Failure;
        }
    };
    if let Some(url) = &args.redis {
        site.config.store.redis = Some(url.clone());
    }
    for warning in &site.warnings {
        eprint!("{warning}");
    }
    let listen = args.listen.or(site.config.listen).unwrap_or_else(|| parse(DEFAULT_LISTEN));
    let admin_listen = args.admin_listen.or(site.config.admin_listen).unwrap_or_else(|| parse(DEFAULT_ADMIN));
    let status = super::long_running::run(async {
        let listener = bind(listen).await?;
        let admin = bind(admin_listen).await?;
        let (gateway_addr, admin_addr) = (local(&listener), local(&admin));
        let gateway = Arc::new(Gateway::new(site).map_err(|e| e.to_string())?);
        *gateway.admin_base.write().unwrap_or_else(std::sync::PoisonError::into_inner) = format!("http://{admin_addr}");
        let _watcher = if args.watch {
            Some(apim_gateway::watch::watch(Arc::clone(&gateway), folder.clone()).map_err(|e| e.to_string())?)
        } else {
            None
        };
        let shown =
            if unpacked.is_some() { "the built-in AI gateway".to_owned() } else { folder.display().to_string() };
        println!("apim serve: {shown}");
        println!("apim serve: gateway listening on http://{gateway_addr}");
        println!("apim serve: admin (metrics, traces, health) on http://{admin_addr}");
        apim_gateway::serve(gateway, listener, admin, super::long_running::shutdown_signal())
            .await
            .map_err(|e| e.to_string())?;
        eprintln!("apim serve: stopped");
        Ok::<(), String>(())
    });
    drop(unpacked);
    status
}

fn parse(addr: &str) -> SocketAddr {
    addr.parse().unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
}

async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, String> {
    tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))
}

fn local(listener: &tokio::net::TcpListener) -> SocketAddr {
    listener.local_addr().unwrap_or_else(|_| parse("127.0.0.1:0"))
}

fn unpack_default() -> std::io::Result<tempfile::TempDir> {
    let dir = tempfile::Builder::new().prefix("apim-serve-").tempdir()?;
    write_dir(&DEFAULT_GATEWAY, dir.path())?;
    Ok(dir)
}

fn write_dir(embedded: &Dir<'_>, root: &Path) -> std::io::Result<()> {
    for file in embedded.files() {
        let path = root.join(file.path());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, file.contents())?;
    }
    for sub in embedded.dirs() {
        write_dir(sub, root)?;
    }
    Ok(())
}
