//! Running a request with automatic retries (policy:
//! `feedback_core::api_error::retry_delay_secs`), reporting each wait so
//! the view can say "trying again in 4 s".

use feedback_core::api_error::{retry_delay_secs, ApiError, RetryNotice};
use std::future::Future;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortSignal;

/// A pending wait: its timer and its abort listener, both removed when it
/// ends or is dropped (so a wait leaves nothing behind on the signal).
struct Wait {
    timer: Option<i32>,
    signal: AbortSignal,
    wake: Closure<dyn FnMut()>,
}

impl Drop for Wait {
    fn drop(&mut self) {
        let _ = self.signal.remove_event_listener_with_callback("abort", self.wake.as_ref().unchecked_ref());
        if let (Some(id), Some(window)) = (self.timer, web_sys::window()) {
            window.clear_timeout_with_handle(id);
        }
    }
}

/// Sleeps `ms`, waking early if `signal` aborts (the parameters changed).
async fn sleep_unless_aborted(ms: u32, signal: &AbortSignal) {
    let Some(window) = web_sys::window() else { return };
    let mut resolve = None;
    let promise = js_sys::Promise::new(&mut |r, _| resolve = Some(r));
    let Some(resolve) = resolve else { return };
    let wake_fn = resolve.clone();
    let wait = Wait {
        timer: window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u32) as i32)
            .ok(),
        signal: signal.clone(),
        wake: Closure::new(move || {
            let _ = wake_fn.call0(&JsValue::UNDEFINED);
        }),
    };
    let _ = signal.add_event_listener_with_callback("abort", wait.wake.as_ref().unchecked_ref());
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    drop(wait);
}

/// Calls `attempt` until it succeeds, fails for good, or `signal` aborts.
pub async fn with_retries<T, F, Fut>(
    signal: &AbortSignal,
    unit_ms: u32,
    notify: impl Fn(Option<RetryNotice>),
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
