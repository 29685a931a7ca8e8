//! IVR mappings (Dixa queue → nps.today campaign): the rules for saving one,
//! shared by `PUT /ivr/{queueId}` and the config file read at start.

use crate::http::error::ApiError;
use crate::ivr_rules;
use crate::store::queries::{self, IvrMapping};
use crate::store::Store;
use serde::Deserialize;
use std::fmt;
use std::path::Path;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct IvrInput {
    pub name: String,
    #[serde(default = "dixa")]
    pub provider: String,
    pub campaign_id: i64,
    /// Creates or renames the campaign when given.
    #[serde(default)]
    pub campaign_name: Option<String>,
    #[serde(default)]
    pub dixa_api_key: String,
}

fn dixa() -> String {
    "Dixa".into()
}

#[derive(Debug)]
pub enum IvrError {
    Invalid(String),
    /// Another company has mapped this queue.
    QueueTaken(String),
    /// The campaign id is another company's.
    CampaignTaken(i64),
    Database(rusqlite::Error),
}

impl fmt::Display for IvrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IvrError::Invalid(m) => f.write_str(m),
            IvrError::QueueTaken(q) => {
                write!(f, "queue {q} is already mapped by another company; its mapping stays as it is")
            }
            IvrError::CampaignTaken(id) => write!(f, "campaign {id} belongs to another company"),
            IvrError::Database(e) => write!(f, "database: {e}"),
        }
    }
}

impl From<rusqlite::Error> for IvrError {
    fn from(e: rusqlite::Error) -> Self {
        IvrError::Database(e)
    }
}

impl From<IvrError> for ApiError {
    fn from(e: IvrError) -> Self {
        match e {
            IvrError::Invalid(m) => ApiError::BadRequest(m),
            IvrError::QueueTaken(_) => ApiError::Conflict { code: "queue_taken", message: e.to_string() },
            IvrError::CampaignTaken(_) => ApiError::Conflict { code: "campaign_taken", message: e.to_string() },
            IvrError::Database(e) => ApiError::from(e),
        }
    }
}

/// Validates and stores one mapping of `company`, in one transaction.
pub fn save_ivr(
    conn: &mut rusqlite::Connection,
    company: i64,
    queue_id: &str,
    input: IvrInput,
) -> Result<IvrMapping, IvrError> {
    if queue_id.trim().is_empty() || input.name.trim().is_empty() {
        return Err(IvrError::Invalid("`queueId` and `name` are required".into()));
    }
    if !input.provider.eq_ignore_ascii_case("dixa") {
        return Err(IvrError::Invalid(format!("IVR provider {:?} is not supported; only Dixa", input.provider)));
    }
    ivr_rules::check_queue_id(queue_id.trim()).map_err(IvrError::Invalid)?;
    let tx = conn.transaction()?;
    let stored_key = queries::find_ivr(&tx, company, queue_id.trim())?.map(|m| m.dixa_api_key);
    let dixa_api_key = ivr_rules::dixa_api_key_to_store(&input.dixa_api_key, stored_key).map_err(IvrError::Invalid)?;
    match queries::campaign_owner(&tx, input.campaign_id)? {
        Some(owner) if owner != company => return Err(IvrError::CampaignTaken(input.campaign_id)),
        Some(_) => {}
        None if input.campaign_name.as_deref().is_some_and(|n| !n.trim().is_empty()) => {}
        None => {
            return Err(IvrError::Invalid(format!(
                "campaign {} does not exist (give `campaignName` to create it)",
                input.campaign_id
            )))
        }
    }
    if let Some(name) = input.campaign_name.as_deref().filter(|n| !n.trim().is_empty()) {
        queries::upsert_campaign(&tx, company, input.campaign_id, name.trim())?;
    }
    let m = IvrMapping {
        queue_id: queue_id.trim().into(),
        name: input.name.trim().into(),
        provider: "Dixa".into(),
        campaign_id: input.campaign_id,
        dixa_api_key,
    };
    if !queries::upsert_ivr(&tx, company, &m)? {
        return Err(IvrError::QueueTaken(m.queue_id));
    }
    tx.commit()?;
    Ok(m)
}

/// Applies the IVR config file: `[{company?, queueId, name, campaignId,
/// campaignName?, dixaApiKey?}]`. Each mapping belongs to the company it
/// names (`company`: its name, `Demo company` or `Company N` for the N-th
/// `--api-key`); without a name only when the service has one company.
pub fn apply_config(store: &Store, path: &Path) -> Result<usize, String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Entry {
        queue_id: String,
        #[serde(default)]
        company: Option<String>,
        #[serde(flatten)]
        input: serde_json::Value,
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let entries: Vec<Entry> = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut conn = store.conn();
    let mut n = 0;
    for e in entries {
        let company = owner(&conn, e.company.as_deref())
            .map_err(|err| format!("{}: queue {}: {err}", path.display(), e.queue_id))?;
        let mut input = e.input;
        if let Some(o) = input.as_object_mut() {
            o.remove("queueId");
            o.remove("company");
        }
        let input: IvrInput =
            serde_json::from_value(input).map_err(|err| format!("{}: queue {}: {err}", path.display(), e.queue_id))?;
        save_ivr(&mut conn, company, &e.queue_id, input)
            .map_err(|err| format!("{}: queue {}: {err}", path.display(), e.queue_id))?;
        n += 1;
    }
    Ok(n)
}

/// The company a config entry names, or the only company.
fn owner(conn: &rusqlite::Connection, named: Option<&str>) -> Result<i64, String> {
    match named {
        Some(name) => queries::company_named(conn, name).map_err(|e| e.to_string())?.ok_or_else(|| {
            format!("no company is named {name:?} (`Demo company` with --demo, `Company N` for the N-th key)")
        }),
        None => {
            let companies: i64 =
                conn.query_row("SELECT COUNT(*) FROM companies", [], |r| r.get(0)).map_err(|e| e.to_string())?;
            match companies {
                1 => queries::first_company(conn).map_err(|e| e.to_string())?.ok_or_else(|| "no company".to_owned()),
                0 => Err("no company to own it: give --api-key or --demo".into()),
                _ => Err("several companies: name the one the mapping belongs to with `company`".into()),
            }
        }
    }
}
