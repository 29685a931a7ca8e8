//! A small stand-in for Dixa's REST API, served next to the preview host
//! page (which plays Dixa's agent UI), so the preview reads P-GAP the way
//! nps.today reads it from Dixa:
//!
//! - `PUT /dixa-api/agent-ui/conversations/{csid}/custom-attributes` with
//!   `{"p_gap": "7"}`: what the agent's Dixa UI does when they fill the
//!   required attribute before closing (the host page calls it).
//! - `GET /dixa-api/v1/conversations/{csid}` with `Authorization: <Dixa API
//!   key>`: Dixa's answer, `{"data": {"id", "customAttributes": [{id,
//!   identifier, name, value}]}}`, a Select value as an array of strings.
//!
//! Conversations live in memory (a preview session's worth, capped).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The Dixa API key the stand-in accepts: the one the demo IVRs carry.
pub const STAND_IN_API_KEY: &str = "demo-dixa-api-key";
const MAX_CONVERSATIONS: usize = 10_000;
const MAX_ATTRIBUTES: usize = 20;
const MAX_TEXT: usize = 200;

type Attributes = Map<String, Value>;

#[derive(Clone, Default)]
struct Conversations(Arc<Mutex<HashMap<String, Attributes>>>);

/// The stand-in's routes, to nest under `/dixa-api`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/v1/conversations/{csid}", get(conversation))
        .route("/agent-ui/conversations/{csid}/custom-attributes", put(set_attributes))
        .with_state(Conversations::default())
}

fn dixa_error(status: StatusCode, message: &str) -> (StatusCode, Json<Value>) {
    (status, Json(json!({"message": message})))
}

fn valid_csid(csid: &str) -> bool {
    !csid.is_empty() && csid.len() <= 64 && csid.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

async fn conversation(
    State(conversations): State<Conversations>,
    Path(csid): Path<String>,
    headers: HeaderMap,
) -> (StatusCode, Json<Value>) {
    let key = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).map(str::trim);
    if key != Some(STAND_IN_API_KEY) {
        return dixa_error(StatusCode::UNAUTHORIZED, "Unauthorized");
    }
    let found = conversations.0.lock().unwrap_or_else(|p| p.into_inner()).get(&csid).cloned();
    let Some(attributes) = found else {
        return dixa_error(StatusCode::NOT_FOUND, &format!("Conversation {csid} not found"));
    };
    let custom: Vec<Value> = attributes
        .into_iter()
        .map(|(identifier, value)| {
            json!({"id": format!("attr-{identifier}"), "identifier": identifier, "name": identifier, "value": value})
        })
        .collect();
    let id: Value = csid.parse::<u64>().map(Value::from).unwrap_or(Value::String(csid));
    (StatusCode::OK, Json(json!({"data": {"id": id, "customAttributes": custom}})))
}

/// Select values are stored as Dixa keeps them: an array of strings.
fn as_select(value: &Value) -> Option<Value> {
    match value {
        Value::String(s) if s.len() <= MAX_TEXT => Some(json!([s])),
        Value::Number(n) => Some(json!([n.to_string()])),
        Value::Array(items)
            if items.len() <= MAX_ATTRIBUTES
                && items.iter().all(|i| i.as_str().is_some_and(|s| s.len() <= MAX_TEXT)) =>
        {
            Some(value.clone())
        }
        _ => None,
    }
}

async fn set_attributes(
    State(conversations): State<Conversations>,
    Path(csid): Path<String>,
    body: axum::body::Bytes,
) -> (StatusCode, Json<Value>) {
    if !valid_csid(&csid) {
        return dixa_error(StatusCode::BAD_REQUEST, "the conversation id must be 1-64 letters, digits or dashes");
    }
    let Ok(Value::Object(input)) = serde_json::from_slice::<Value>(&body) else {
        return dixa_error(
            StatusCode::BAD_REQUEST,
            "the body must be a JSON object of attribute identifiers to values",
        );
    };
    if input.len() > MAX_ATTRIBUTES || input.keys().any(|k| k.is_empty() || k.len() > MAX_TEXT) {
        return dixa_error(StatusCode::BAD_REQUEST, "too many attributes, or an identifier that is empty or too long");
    }
    let mut values = Attributes::new();
    for (identifier, value) in &input {
        let Some(v) = as_select(value) else {
            return dixa_error(
                StatusCode::BAD_REQUEST,
                &format!("attribute {identifier:?} must be a string, a number or an array of strings"),
            );
        };
        values.insert(identifier.clone(), v);
    }
    let mut all = conversations.0.lock().unwrap_or_else(|p| p.into_inner());
    if !all.contains_key(&csid) && all.len() >= MAX_CONVERSATIONS {
        return dixa_error(StatusCode::INSUFFICIENT_STORAGE, "the stand-in holds as many conversations as it keeps");
    }
    let stored = all.entry(csid.clone()).or_default();
    stored.extend(values);
    let answer = json!({"data": {"id": csid, "customAttributes": stored.clone()}});
    (StatusCode::OK, Json(answer))
}
