//! `nps-local`: run the local nps.today service.

use nps_local::Config;
use std::process::ExitCode;

const USAGE: &str = "usage: nps-local [--db PATH|:memory:] [--api-addr HOST:PORT] [--web-addr HOST:PORT]
                 [--card-dir DIR] [--preview-dir DIR] [--token-ttl-secs N] [--allow-origin ORIGIN]...
                 [--ivr-config FILE] [--api-key-file FILE] [--api-key KEY]... [--demo]
                 [--dixa-api-base URL] [--dixa-rate-per-second N] [--dixa-burst N]
                 [--pgap-give-up-secs N] [--relay-rate-per-second N]";

/// The longest token lifetime taken: a year (a larger one is a mistake, and
/// far larger ones would overflow the expiry time).
const LONGEST_TOKEN_TTL_SECS: i64 = 366 * 24 * 3600;

/// A positive whole number no larger than `max`.
fn positive(value: &str, max: u64) -> Option<u64> {
    value.trim().parse::<u64>().ok().filter(|n| (1..=max).contains(n))
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Config, String> {
    let mut config = Config::default();
    let mut origins: Vec<String> = Vec::new();
    while let Some(flag) = args.next() {
        if flag == "--demo" {
            config.demo = true;
            continue;
        }
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.into());
        }
        let value = args.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let bad = |what: &str| format!("{flag}: {what}: {value:?}");
        match flag.as_str() {
            "--db" => config.db = value,
            "--api-addr" => config.api_addr = value.parse().map_err(|_| bad("not HOST:PORT"))?,
            "--web-addr" => config.web_addr = Some(value.parse().map_err(|_| bad("not HOST:PORT"))?),
            "--card-dir" => config.card_dir = Some(value.into()),
            "--preview-dir" => config.preview_dir = Some(value.into()),
            "--token-ttl-secs" => {
                config.token_ttl_secs = positive(&value, LONGEST_TOKEN_TTL_SECS as u64)
                    .ok_or_else(|| bad("not a number of seconds from 1 to a year (31622400)"))?
                    as i64
            }
            "--allow-origin" => origins.push(value),
            // The benchmark's customer with thousands of responses.
            "--large-customer" => config.large_customer = value.parse().map_err(|_| bad("not a count"))?,
            // The benchmark loads the card faster than an agent could.
            "--rate-per-second" => {
                config.rate_per_second =
                    positive(&value, 1_000_000).ok_or_else(|| bad("not a positive number"))? as usize
            }
            "--relay-rate-per-second" => {
                config.relay_rate_per_second =
                    positive(&value, 1_000_000).ok_or_else(|| bad("not a positive number"))? as usize
            }
            "--dixa-rate-per-second" => {
                config.pgap_reader.budget.per_second =
                    positive(&value, 10_000).ok_or_else(|| bad("not a positive number"))? as f64
            }
            "--dixa-burst" => {
                config.pgap_reader.budget.burst =
                    positive(&value, 10_000).ok_or_else(|| bad("not a positive number"))? as f64
            }
            "--pgap-give-up-secs" => {
                config.pgap_reader.give_up_after = std::time::Duration::from_secs(
                    positive(&value, 365 * 24 * 3600).ok_or_else(|| bad("not a number of seconds up to a year"))?,
                )
            }
            "--api-key-file" => config.api_keys.extend(read_key_file(&value)?),
            "--ivr-config" => config.ivr_config = Some(value.into()),
            "--api-key" => config.api_keys.push(value),
            "--dixa-api-base" if value.starts_with("http://") || value.starts_with("https://") => {
                config.dixa_api_base = value
            }
            "--dixa-api-base" => return Err(bad("not an http(s) URL")),
            _ => return Err(format!("unknown option {flag}\n{USAGE}")),
        }
    }
    if !origins.is_empty() {
        config.allowed_origins = origins;
    }
    Ok(config)
}

/// The keys of `--api-key-file`: one a line; blank lines and lines
/// starting with `#` are skipped. Keys given this way stay out of the
/// process list.
fn read_key_file(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--api-key-file: cannot read {path}: {e}"))?;
    let keys: Vec<String> =
        text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_owned).collect();
    if keys.is_empty() {
        return Err(format!("--api-key-file: {path} holds no key"));
    }
    Ok(keys)
}

/// Resolves on SIGTERM (`systemctl stop`, `docker stop`) or Ctrl-C. The
/// handlers are installed when this is called, not when it is first awaited:
/// called before the service says it is up, a signal sent right after that
/// is never met by the default action (killing the process mid-request).
fn stop_signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let listeners = signal(SignalKind::terminate()).and_then(|t| Ok((t, signal(SignalKind::interrupt())?)));
        async move {
            match listeners {
                Ok((mut term, mut int)) => {
                    tokio::select! {
                        _ = term.recv() => {}
                        _ = int.recv() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the service");
                    let _ = tokio::signal::ctrl_c().await;
                }
            }
        }
    }
    #[cfg(not(unix))]
    async {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_target(false).init();
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let stop = stop_signal();
    let running = match nps_local::start(config).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("nps-local: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("nps-local: API on {}", running.api_url());
    if let Some(web) = running.web_addr {
        println!("Preview: http://{web}/");
    }
    stop.await;
    eprintln!("nps-local: stopping");
    running.stop().await;
    eprintln!("nps-local: stopped");
    ExitCode::SUCCESS
}
