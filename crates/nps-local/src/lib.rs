//! A local stand-in for api.nps.today and functions.nps.today.
//!
//! Implements the Feedback App contract (`docs/api.md`) on SQLite: the
//! token hook, the respondent and employee endpoints, the Dixa webhook
//! relay with IVR queue → campaign mapping, and a survey-answer endpoint so
//! the whole loop can be shown. A second listener serves the built card and
//! the Dixa-like preview host page.

pub mod clock;
pub mod dixa;
pub mod http;
pub mod store;

use axum::http::{header, HeaderValue, Method};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use http::rate_limit::RateLimiter;
use http::AppState;
use serde_json::json;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;

#[derive(Clone, Debug)]
pub struct Config {
    /// SQLite file, or `:memory:`.
    pub db: String,
    pub api_addr: SocketAddr,
    /// Where to serve the card and the preview host page (none: API only).
    pub web_addr: Option<SocketAddr>,
    pub card_dir: Option<PathBuf>,
    pub preview_dir: Option<PathBuf>,
    pub token_ttl_secs: i64,
    /// Origins allowed to call the API from a browser; `*` for any.
    pub allowed_origins: Vec<String>,
    /// JSON file of IVR mappings applied at start.
    pub ivr_config: Option<PathBuf>,
    /// Load the demo data set into an empty database.
    pub demo: bool,
    pub rate_per_second: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db: "nps-local.sqlite".into(),
            api_addr: ([127, 0, 0, 1], 8787).into(),
            web_addr: None,
            card_dir: None,
            preview_dir: None,
            token_ttl_secs: 24 * 3600,
            allowed_origins: vec!["http://127.0.0.1:8080".into(), "http://localhost:8080".into(), "null".into()],
            ivr_config: None,
            demo: true,
            rate_per_second: 10,
        }
    }
}

fn cors(origins: &[String]) -> CorsLayer {
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::GET, Method::POST, Method::PUT])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        // The card reads Retry-After on 429 to wait before retrying.
        .expose_headers([header::RETRY_AFTER])
        .max_age(std::time::Duration::from_secs(600))
}

/// The API: nps.today's endpoints and the relay.
pub fn api_router(state: AppState, allowed_origins: &[String]) -> Router {
    // The preview's injected faults stand in for these endpoints only.
    let feedback_app = Router::new()
        .route("/feedback-app/respondent-responses", get(http::feedback_app::respondent_responses))
        .route("/feedback-app/employee", get(http::feedback_app::employee))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), http::faults::inject));
    Router::new()
        .merge(feedback_app)
        .route("/employees/token", post(http::token::issue_token))
        .route("/api/dixa/relay", post(http::relay::relay))
        .route("/ivr", get(http::admin::list_ivr))
        .route("/ivr/{queue_id}", put(http::admin::put_ivr))
        .route("/surveys/{id}/answer", post(http::admin::answer))
        .route("/preview/expire-tokens", post(http::admin::expire_tokens))
        .route("/preview/faults", post(http::admin::add_faults))
        .route("/health", get(|| async { Json(json!({"status": "ok"})) }))
        .fallback(|| async { http::error::ApiError::not_found("no such endpoint") })
        .layer(cors(allowed_origins))
        .with_state(state)
}

/// The card (under `/card/`) and the preview host page (at `/`).
pub fn web_router(config: &Config, api_base: &str) -> Router {
    let mut router = Router::new();
    let preview =
        json!({"apiBase": api_base, "cardUrl": "/card/?operationMode=integration", "demoApiKey": store::DEMO_API_KEY});
    router = router.route("/preview-config.json", get(move || async move { Json(preview) }));
    if let Some(card) = &config.card_dir {
        router = router.nest_service("/card", ServeDir::new(card).append_index_html_on_directories(true));
    }
    if let Some(preview_dir) = &config.preview_dir {
        router = router.fallback_service(ServeDir::new(preview_dir).append_index_html_on_directories(true));
    }
    // Public files: the card frame may be sandboxed (origin "null"), and
    // module scripts and WASM are fetched with CORS.
    router.layer(CorsLayer::new().allow_origin(AllowOrigin::any()).allow_methods([Method::GET]))
}

/// A running service.
pub struct Running {
    pub api_addr: SocketAddr,
    pub web_addr: Option<SocketAddr>,
    pub store: Store,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Running {
    pub fn api_url(&self) -> String {
        format!("http://{}", self.api_addr)
    }

    /// Stops accepting, finishes in-flight requests, and waits.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// Applies the IVR config file: `[{queueId, name, campaignId, campaignName?, dixaApiKey?}]`.
fn apply_ivr_config(store: &Store, path: &PathBuf) -> Result<usize, String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Entry {
        queue_id: String,
        #[serde(flatten)]
        input: serde_json::Value,
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let entries: Vec<Entry> = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let conn = store.conn();
    let mut n = 0;
    for e in entries {
        let mut input = e.input;
        if let Some(o) = input.as_object_mut() {
            o.remove("queueId");
        }
        let input: http::admin::IvrInput =
            serde_json::from_value(input).map_err(|err| format!("{}: queue {}: {err}", path.display(), e.queue_id))?;
        http::admin::save_ivr(&conn, &e.queue_id, input)
            .map_err(|err| format!("{}: queue {}: {err}", path.display(), e.queue_id))?;
        n += 1;
    }
    Ok(n)
}

/// Opens the store, loads demo data and IVR config, and starts listening.
pub async fn start(config: Config) -> Result<Running, String> {
    let store = Store::open(&config.db).map_err(|e| format!("cannot open database {}: {e}", config.db))?;
    if config.demo {
        let loaded = store::load_demo_data(&mut store.conn()).map_err(|e| format!("cannot load demo data: {e}"))?;
        if loaded {
            eprintln!("nps-local: loaded the demo data set into {}", config.db);
        }
    }
    if let Some(path) = &config.ivr_config {
        let n = apply_ivr_config(&store, path)?;
        eprintln!("nps-local: applied {n} IVR mapping(s) from {}", path.display());
    }
    let state = AppState {
        store: store.clone(),
        token_ttl_secs: config.token_ttl_secs,
        rate_limiter: Arc::new(RateLimiter::new(config.rate_per_second)),
        faults: Arc::default(),
    };
    let (shutdown, watch) = tokio::sync::watch::channel(false);
    let serve = |listener: tokio::net::TcpListener, router: Router| {
        let mut watch = watch.clone();
        tokio::spawn(async move {
            let stop = async move {
                let _ = watch.wait_for(|s| *s).await;
            };
            if let Err(e) = axum::serve(listener, router).with_graceful_shutdown(stop).await {
                eprintln!("nps-local: server error: {e}");
            }
        })
    };
    let api_listener = tokio::net::TcpListener::bind(config.api_addr)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.api_addr))?;
    let api_addr = api_listener.local_addr().map_err(|e| e.to_string())?;
    let mut tasks = vec![serve(api_listener, api_router(state, &config.allowed_origins))];
    let mut web_addr = None;
    if let Some(addr) = config.web_addr {
        let listener =
            tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        web_addr = Some(listener.local_addr().map_err(|e| e.to_string())?);
        tasks.push(serve(listener, web_router(&config, &format!("http://{api_addr}"))));
    }
    Ok(Running { api_addr, web_addr, store, tasks, shutdown })
}
