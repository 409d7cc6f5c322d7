//! `apim mock-llm [--listen ADDR] [--config FILE] [--fault ...]`: the mock OpenAI /
//! Azure OpenAI backend as its own HTTP server, for clients and gateways other than
//! `apim serve` (which calls the same mock in-process as `mock://llm`).

use apim_mock_llm::{Fault, MockConfig, MockLlm};

use crate::args::MockLlmArgs;
use crate::exit::ExitStatus;

pub fn run(args: &MockLlmArgs) -> ExitStatus {
    let config = match settings(args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitStatus::Error;
        }
    };
    super::long_running::run(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("apim mock-llm: listening on http://{addr}");
        println!(
            "apim mock-llm: Azure OpenAI at http://{addr}/openai/deployments/<deployment>/..., OpenAI at http://{addr}/v1/..."
        );
        let mock = std::sync::Arc::new(MockLlm::new(config));
        apim_mock_llm::serve(listener, mock, super::long_running::shutdown_signal())
            .await
            .map_err(|e| e.to_string())?;
        eprintln!("apim mock-llm: stopped");
        Ok::<(), String>(())
    })
}

/// The config file's settings, then the flags over them.
fn settings(args: &MockLlmArgs) -> Result<MockConfig, String> {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            toml::from_str::<MockConfig>(&text).map_err(|e| format!("{}: {}", path.display(), located(&text, &e)))?
        }
        None => MockConfig::default(),
    };
    if let Some(name) = &args.name {
        config.name.clone_from(name);
    }
    if args.model.is_some() {
        config.model.clone_from(&args.model);
    }
    if let Some(fault) = &args.fault {
        config.fault = Fault::parse(fault);
    }
    if args.fail_first.is_some() {
        config.fail_first = args.fail_first;
    }
    if let Some(rate) = args.fault_rate {
        if !(0.0..=1.0).contains(&rate) {
            return Err(format!("--fault-rate {rate}: expected a share between 0.0 and 1.0"));
        }
        config.fault_rate = Some(rate);
    }
    if let Some(seconds) = args.retry_after_seconds {
        config.retry_after_seconds = seconds;
    }
    if let Some(ms) = args.latency_ms {
        config.latency_ms = ms;
    }
    if let Some(ms) = args.stream_chunk_delay_ms {
        config.stream_chunk_delay_ms = ms;
    }
    Ok(config)
}

/// A TOML error as `line:col: message` (toml reports a byte span).
fn located(text: &str, error: &toml::de::Error) -> String {
    let message = error.message();
    let Some(span) = error.span() else { return message.to_owned() };
    let before = &text[..span.start.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    format!("{line}:{column}: {message}")
}
