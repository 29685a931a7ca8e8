//! The card's Content-Security-Policy on its `index.html`.
//!
//! The card's build writes the policy next to the page (`csp.txt`, with the
//! hash of the inline bootstrap script of that very build; see
//! `docs/deploy.md`). It is read on every page request, so a rebuilt card is
//! served with its own policy without restarting the service.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::path::PathBuf;
use std::sync::Arc;

/// Name of the policy file the build writes beside `index.html`.
pub const POLICY_FILE: &str = "csp.txt";

/// Reads the policy; `None` (with a line on stderr) when the card was built
/// without one or the file is not a valid header value.
pub async fn read_policy(card_dir: &std::path::Path) -> Option<HeaderValue> {
    let path = card_dir.join(POLICY_FILE);
    let text = match tokio::fs::read_to_string(&path).await {
        Ok(text) => text,
        Err(e) => {
            eprintln!(
                "nps-local: the card is served without a Content-Security-Policy: cannot read {}: {e}",
                path.display()
            );
            return None;
        }
    };
    match HeaderValue::from_str(text.trim()) {
        Ok(value) if !value.is_empty() => Some(value),
        _ => {
            eprintln!("nps-local: {} is not a valid header value; the card is served without a policy", path.display());
            None
        }
    }
}

/// Middleware for the card's files: HTML responses get the policy.
pub async fn add_policy(State(card_dir): State<Arc<PathBuf>>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        if let Some(policy) = read_policy(&card_dir).await {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, policy);
        }
    }
    response
}
