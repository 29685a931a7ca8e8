//! `GET /campaigns`: the calling company's campaigns an IVR mapping can trigger.

use super::auth::ApiKey;
use super::error::ApiError;
use super::{with_db, AppState};
use crate::store::queries;
use axum::extract::State;
use axum::Json;
use serde::Serialize;

#[derive(Serialize)]
pub struct Campaign {
    id: i64,
    name: String,
}

#[derive(Serialize)]
pub struct CampaignList {
    items: Vec<Campaign>,
}

pub async fn list_campaigns(State(state): State<AppState>, caller: ApiKey) -> Result<Json<CampaignList>, ApiError> {
    let list = with_db(&state, move |c| queries::list_campaigns(c, caller.company)).await?;
    Ok(Json(CampaignList { items: list.into_iter().map(|(id, name)| Campaign { id, name }).collect() }))
}
