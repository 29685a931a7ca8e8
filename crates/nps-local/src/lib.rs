//! A local stand-in for api.nps.today and functions.nps.today.
//!
//! Implements the Feedback App contract (`docs/api.md`) on SQLite: the
//! token hook, the respondent and employee endpoints, the Dixa webhook
//! relay with IVR queue → campaign mapping, and a survey-answer endpoint so
//! the whole loop can be shown. A second listener serves the built card and
//! the Dixa-like preview host page.

pub mod card_csp;
pub mod clock;
pub mod dixa;
pub mod dixa_api;
pub mod dixa_budget;
pub mod dixa_signature;
pub mod dixa_stand_in;
pub mod http;
pub mod ivr;
pub mod ivr_rules;
pub mod pgap_reader;
pub mod serve;
pub mod store;

use axum::error_handling::HandleErrorLayer;
use axum::http::{header, HeaderValue, Method, Request};
use axum::routing::{get, post, put};
use axum::{BoxError, Json, Router};
use http::error::ApiError;
use http::extract::body_limit;
use http::rate_limit::{calls_per_second, AuthThrottle};
use http::AppState;
use serde::Serialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use store::Store;
use tower::ServiceBuilder;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

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
    /// Origins the card may call `/feedback-app/*` from; `*` for any,
    /// `null` for a sandboxed card frame.
    pub allowed_origins: Vec<String>,
    /// JSON file of IVR mappings applied at start.
    pub ivr_config: Option<PathBuf>,
    /// Load the demo company, its public key and its data into the database
    /// (`--demo`: the preview and the tests; never in production).
    pub demo: bool,
    /// Responses of one more demo customer with a very long history (0: none).
    pub large_customer: u32,
    /// More companies, one per API key (`--api-key`).
    pub api_keys: Vec<String>,
    /// Calls per second per API key and client (nps.today documents 10).
    pub rate_per_second: usize,
    /// Relay deliveries per second per API key and client.
    pub relay_rate_per_second: usize,
    /// Failed logins per client address per minute before it is refused.
    pub failed_logins_per_minute: usize,
    /// Time a client has to send a request head (idle keep-alive included).
    pub header_read_timeout: Duration,
    /// Time a request has from its head to the answer, body included.
    pub request_timeout: Duration,
    pub max_connections: usize,
    /// How long in-flight requests may take to finish on stop.
    pub shutdown_grace: Duration,
    /// How often expired tokens are deleted.
    pub token_sweep_every: Duration,
    /// Expired tokens are kept this long, so the card hears `token_expired`
    /// (and asks for a new one) rather than `unauthorized`.
    pub expired_token_kept_secs: i64,
    /// Where Dixa's REST API is (P-GAP is read from it).
    pub dixa_api_base: String,
    /// Bounds one call to Dixa's API.
    pub dixa_api_timeout: Duration,
    /// The background P-GAP reader: Dixa's budget, concurrency, retries.
    pub pgap_reader: pgap_reader::ReaderConfig,
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
            demo: false,
            large_customer: 0,
            api_keys: Vec::new(),
            rate_per_second: 10,
            relay_rate_per_second: 1000,
            failed_logins_per_minute: 20,
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(10),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(10),
            token_sweep_every: Duration::from_secs(600),
            expired_token_kept_secs: 3600,
            dixa_api_base: "https://dev.dixa.io".into(),
            dixa_api_timeout: Duration::from_secs(2),
            pgap_reader: pgap_reader::ReaderConfig::default(),
        }
    }
}

/// Largest body of the API-key endpoints (token hook, IVR, answers, faults).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Largest relay body: Dixa's conversation events are a few KB.
pub const RELAY_BODY_LIMIT: usize = 256 * 1024;

fn cors(origins: &[&str], methods: &[Method]) -> CorsLayer {
    let allow = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods(methods.to_vec())
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::ACCEPT,
            header::HeaderName::from_static(http::follow_up::IDEMPOTENCY_KEY),
        ])
        // The card reads Retry-After on 429 to wait before retrying.
        .expose_headers([header::RETRY_AFTER])
        .max_age(Duration::from_secs(600))
}

/// The origins the preview page runs on, when the service serves it.
pub fn preview_origins(web_addr: Option<SocketAddr>) -> Vec<String> {
    let Some(addr) = web_addr else { return Vec::new() };
    let port = addr.port();
    let mut origins = Vec::new();
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        origins.push(format!("http://127.0.0.1:{port}"));
        origins.push(format!("http://localhost:{port}"));
    }
    if !addr.ip().is_unspecified() && !addr.ip().is_loopback() {
        origins.push(format!("http://{addr}"));
    }
    origins
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}

async fn no_such_endpoint() -> ApiError {
    ApiError::not_found("no such endpoint")
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// How long a client is asked to wait when the service was too slow.
const TOO_SLOW_RETRY_AFTER_SECS: u64 = 2;

/// Errors of the layers around the handlers (the timeout) in the contract's
/// body. A timeout is the client's (408) only while its body is still coming.
async fn layer_error(received: Option<axum::Extension<http::extract::BodyReceived>>, error: BoxError) -> ApiError {
    if error.is::<tower::timeout::error::Elapsed>() {
        match received {
            Some(axum::Extension(r)) if !r.get() => ApiError::RequestTimeout,
            _ => ApiError::TooSlow { retry_after_secs: TOO_SLOW_RETRY_AFTER_SECS },
        }
    } else {
        ApiError::internal(format!("middleware: {error}"))
    }
}

/// Request logs: method, path (never the query, which carries customer
/// emails and phones, nor headers, which carry keys and tokens), status, time.
fn trace_layer<B>() -> TraceLayer<
    tower_http::classify::SharedClassifier<tower_http::classify::ServerErrorsAsFailures>,
    impl Fn(&Request<B>) -> tracing::Span + Clone,
> {
    TraceLayer::new_for_http()
        .make_span_with(|request: &Request<B>| {
            tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
}

/// The API: nps.today's endpoints and the relay.
///
/// CORS differs by who calls: the card (in a browser, maybe in a sandboxed
/// frame) calls `/feedback-app/*` from `card_origins`; the API-key endpoints
/// are called by Dixa's servers or by the preview page from its own origin
/// (`preview_origins`), never from `null` or any origin.
pub fn api_router(
    state: AppState,
    card_origins: &[String],
    preview_origins: &[String],
    request_timeout: Duration,
) -> Router {
    let card_origins: Vec<&str> = card_origins.iter().map(String::as_str).collect();
    let preview_origins: Vec<&str> =
        preview_origins.iter().map(String::as_str).filter(|o| *o != "null" && *o != "*").collect();
    // The preview's injected faults stand in for these endpoints only.
    let feedback_app = Router::new()
        .route("/feedback-app/respondent-responses", get(http::feedback_app::respondent_responses))
        .route("/feedback-app/employee", get(http::feedback_app::employee))
        .route("/feedback-app/responses/{id}/follow-up", get(http::follow_up::history).post(http::follow_up::change))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), http::faults::inject))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors(&card_origins, &[Method::GET, Method::POST]));
    let api_key = Router::new()
        .route("/employees/token", post(http::token::issue_token))
        .route("/api/dixa/relay", post(http::relay::relay).layer(body_limit(RELAY_BODY_LIMIT)))
        .route("/ivr", get(http::admin::list_ivr))
        .route("/dixa/webhook-secret", get(http::webhook_secret::get).put(http::webhook_secret::put))
        .route("/ivr/{queue_id}", put(http::admin::put_ivr))
        .route("/campaigns", get(http::campaigns::list_campaigns))
        .route("/follow-ups/summary", get(http::follow_up::summary))
        .route("/surveys/{id}/answer", post(http::admin::answer))
        .route("/preview/expire-tokens", post(http::admin::expire_tokens))
        .route("/preview/follow-up-events", get(http::admin::follow_up_events))
        .route("/preview/faults", post(http::admin::add_faults))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(cors(&preview_origins, &[Method::GET, Method::POST, Method::PUT]));
    Router::new()
        .merge(feedback_app)
        .merge(api_key)
        .route("/health", get(health))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(no_such_endpoint)
        .layer(body_limit(BODY_LIMIT))
        .layer(
            ServiceBuilder::new()
                .layer(trace_layer())
                .layer(axum::middleware::from_fn(http::extract::mark_body))
                .layer(HandleErrorLayer::new(layer_error))
                .timeout(request_timeout),
        )
        .with_state(state)
}

#[derive(Serialize, Clone)]
#[serde(rename_all = "camelCase")]
struct PreviewConfig {
    api_base: String,
    card_url: &'static str,
    /// Only with `--demo`.
    demo_api_key: Option<&'static str>,
}

/// The preview host page's settings, same-origin only (no CORS): they hold
/// the demo API key.
pub fn web_router(config: &Config, api_base: &str) -> Router {
    let preview = PreviewConfig {
        api_base: api_base.into(),
        card_url: "/card/?operationMode=integration",
        demo_api_key: config.demo.then_some(store::DEMO_API_KEY),
    };
    Router::new()
        .route("/preview-config.json", get(move || async move { Json(preview) }))
        .nest("/dixa-api", dixa_stand_in::router())
        .merge(static_files(config))
        .layer(trace_layer())
}

/// The built card (under `/card/`) and the preview host page (at `/`) as
/// files. Headers that belong to the files (a content security policy for
/// the card's page, say) go on this router.
pub fn static_files(config: &Config) -> Router {
    let mut router = Router::new();
    if let Some(card) = &config.card_dir {
        let files = Router::new()
            .fallback_service(ServeDir::new(card).append_index_html_on_directories(true))
            .layer(axum::middleware::from_fn_with_state(Arc::new(card.clone()), card_csp::add_policy));
        router = router.nest_service("/card", files);
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
    store: Store,
    tasks: Vec<tokio::task::JoinHandle<()>>,
    shutdown: tokio::sync::watch::Sender<bool>,
}

impl Running {
    pub fn api_url(&self) -> String {
        format!("http://{}", self.api_addr)
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace
    /// period), and closes the database.
    pub async fn stop(self) {
        let _ = self.shutdown.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
        let store = self.store;
        let closed = tokio::task::spawn_blocking(move || store.checkpoint()).await;
        match closed {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "closing the database"),
            Err(e) => tracing::error!(error = %e, "closing the database"),
        }
    }
}

/// Deletes long-expired tokens (and spent idempotency keys of follow-ups)
/// every `every` until `stop`.
fn sweep_tokens(
    store: Store,
    every: Duration,
    kept_secs: i64,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut stopped = std::pin::pin!(async move {
            let _ = stop.wait_for(|s| *s).await;
        });
        loop {
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = &mut stopped => return,
            }
            let store = store.clone();
            let swept = tokio::task::spawn_blocking(move || {
                let conn = store.conn();
                let now = clock::now_unix();
                store::follow_up::delete_expired_idempotency_keys(&conn, now)?;
                store::queries::delete_expired_tokens(&conn, now - kept_secs)
            })
            .await;
            match swept {
                Ok(Ok(n)) if n > 0 => tracing::info!(deleted = n, "expired tokens deleted"),
                Ok(Ok(_)) => {}
                Ok(Err(e)) => tracing::error!(error = %e, "deleting expired tokens"),
                Err(e) => tracing::error!(error = %e, "deleting expired tokens"),
            }
        }
    })
}

/// Opens the store, sets up the companies, applies the IVR config, and
/// starts listening.
pub async fn start(config: Config) -> Result<Running, String> {
    let store = Store::open(&config.db).map_err(|e| format!("cannot open database {}: {e}", config.db))?;
    if config.demo {
        let loaded = store::load_demo_data(&mut store.conn(), config.large_customer)
            .map_err(|e| format!("cannot load demo data: {e}"))?;
        if loaded {
            tracing::info!(db = %config.db, "loaded the demo data set");
        }
    }
    for (i, key) in config.api_keys.iter().enumerate() {
        if key.trim().is_empty() {
            return Err("--api-key: an API key cannot be empty".into());
        }
        store::queries::add_company(&store.conn(), key, &format!("Company {}", i + 1))
            .map_err(|e| format!("cannot add the company of API key #{}: {e}", i + 1))?;
    }
    if let Some(path) = &config.ivr_config {
        let n = ivr::apply_config(&store, path)?;
        tracing::info!(mappings = n, file = %path.display(), "applied the IVR config");
    }
    let expired =
        store::queries::delete_expired_tokens(&store.conn(), clock::now_unix() - config.expired_token_kept_secs)
            .map_err(|e| format!("cannot delete expired tokens: {e}"))?;
    if expired > 0 {
        tracing::info!(deleted = expired, "expired tokens deleted");
    }
    let (shutdown, watch) = tokio::sync::watch::channel(false);
    let (pgap, reader_task, resumed) = pgap_reader::start(
        store.clone(),
        dixa_api::DixaApi::new(&config.dixa_api_base, config.dixa_api_timeout),
        config.pgap_reader,
        watch.clone(),
    )
    .await?;
    if resumed > 0 {
        tracing::info!(reads = resumed, "resuming the P-GAP reads from Dixa left pending");
    }
    let state = AppState {
        store: store.clone(),
        demo: config.demo,
        token_ttl_secs: config.token_ttl_secs,
        rate_limiter: Arc::new(calls_per_second(config.rate_per_second)),
        relay_rate_limiter: Arc::new(calls_per_second(config.relay_rate_per_second)),
        auth_throttle: Arc::new(AuthThrottle::new(config.failed_logins_per_minute, Duration::from_secs(60))),
        faults: Arc::default(),
        pgap,
        relay_writes: store::group_commit::GroupCommit::start(store.clone())
            .map_err(|e| format!("cannot start the relay's writer: {e}"))?,
    };
    let limits = serve::ServeLimits {
        header_read_timeout: config.header_read_timeout,
        max_connections: config.max_connections,
        shutdown_grace: config.shutdown_grace,
    };
    let api_listener =
        serve::listen(config.api_addr).map_err(|e| format!("cannot listen on {}: {e}", config.api_addr))?;
    let api_addr = api_listener.local_addr().map_err(|e| e.to_string())?;
    let web_listener = match config.web_addr {
        Some(addr) => Some(serve::listen(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?),
        None => None,
    };
    let web_addr = match &web_listener {
        Some(l) => Some(l.local_addr().map_err(|e| e.to_string())?),
        None => None,
    };
    let api = api_router(state, &config.allowed_origins, &preview_origins(web_addr), config.request_timeout);
    let mut tasks = vec![
        tokio::spawn(serve::serve(api_listener, api, limits, watch.clone())),
        sweep_tokens(store.clone(), config.token_sweep_every, config.expired_token_kept_secs, watch.clone()),
        reader_task,
    ];
    if let Some(listener) = web_listener {
        let web = web_router(&config, &format!("http://{api_addr}"));
        tasks.push(tokio::spawn(serve::serve(listener, web, limits, watch.clone())));
    }
    Ok(Running { api_addr, web_addr, store, tasks, shutdown })
}
