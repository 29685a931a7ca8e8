//! Running a request with automatic retries (policy:
//! `feedback_core::api_error::retry_delay_secs`), reporting each wait so
//! the view can say "trying again in 4 s".

use feedback_core::api_error::{retry_delay_secs, ApiError};
use std::future::Future;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

/// A wait before the next automatic attempt.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryNotice {
    pub error: ApiError,
    pub seconds: u32,
}

/// Sleeps `ms`, waking early if `signal` aborts (the parameters changed).
async fn sleep_unless_aborted(ms: u32, signal: &AbortSignal) {
    let signal = signal.clone();
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ =
                window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u32) as i32);
        }
        let wake = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::UNDEFINED);
        });
        let _ = signal.add_event_listener_with_callback("abort", wake.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Calls `attempt` until it succeeds, fails for good, or `signal` aborts.
pub async fn with_retries<T, F, Fut>(
    signal: &AbortSignal,
    unit_ms: u32,
    mut notify: impl FnMut(Option<RetryNotice>),
    mut attempt: F,
) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, ApiError>>,
{
    let mut tries = 0;
    notify(None);
    loop {
        let result = attempt().await;
        let Err(error) = result else {
            notify(None);
            return result;
        };
        tries += 1;
        match retry_delay_secs(&error, tries) {
            Some(seconds) if !signal.aborted() => {
                notify(Some(RetryNotice { error, seconds }));
                sleep_unless_aborted(seconds.saturating_mul(unit_ms), signal).await;
                if signal.aborted() {
                    return Err(ApiError::Network);
                }
            }
            _ => {
                notify(None);
                return Err(error);
            }
        }
    }
}
