//! The `citizen-server` binary: see the crate documentation of `citizen_server` for the
//! flags, environment variables and endpoints, or run `citizen-server --help`.

use std::io::IsTerminal;
use std::process::ExitCode;

use citizen_server::{Command, Config};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let (config, reset_sandbox) = match Config::from_process() {
        Ok(Command::Run(config)) => (config, false),
        Ok(Command::ResetSandbox(config)) => (config, true),
        Ok(Command::Help) => {
            print!("{}", citizen_server::config::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("citizen-server: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("citizen-server: error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    if reset_sandbox {
        return match runtime.block_on(citizen_server::sandbox::reset_database(&config)) {
            Ok(counts) => {
                println!(
                    "sandbox reset: {} vehicles, {} violations, {} utility accounts, {} bills",
                    counts.vehicles, counts.violations, counts.accounts, counts.bills
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("citizen-server: error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    match runtime.block_on(citizen_server::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("citizen-server: error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`; an invalid filter falls back to
/// `info` with a warning).
fn init_tracing() {
    let (filter, bad_filter) = match EnvFilter::try_from_default_env() {
        Ok(filter) => (filter, None),
        Err(e) => {
            let set = std::env::var_os(EnvFilter::DEFAULT_ENV).is_some();
            (EnvFilter::new("info"), set.then_some(e))
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    if let Some(e) = bad_filter {
        tracing::warn!(error = %e, "RUST_LOG is not a valid filter; using `info`");
    }
}
