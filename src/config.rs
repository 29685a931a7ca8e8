//! Build-time configuration.

/// Base URL of the nps.today API, fixed at build time by `NPS_API_BASE`
/// (the preview builds against the local service).
pub const API_BASE: &str = match option_env!("NPS_API_BASE") {
    Some(base) => base,
    None => "https://api.nps.today",
};

/// How long one API call may take before the card gives up on it.
pub const REQUEST_TIMEOUT_MS: i32 = 10_000;
