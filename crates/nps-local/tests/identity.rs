//! Who a Closed conversation surveys: the relay follows the evidence (Dixa
//! requester id, then email, then a phone nobody else claims), over real HTTP.

mod support;

use serde_json::{json, Value};
use support::*;

const QUEUE: &str = "986359e5-e201-48ab-84af-c7799e03e58c"; // demo IVR → campaign 7232

/// A Closed event whose body carries p_gap (so Dixa's API is not needed).
fn closed(event_id: &str, csid: i64, requester: Value) -> String {
    json!({"event_id": event_id, "event_fqn": "CONVERSATION_CLOSED", "event_version": "1",
        "data": {"conversation": {"csid": csid, "channel": "EMAIL", "queue": {"id": QUEUE},
            "requester": requester,
            "assignee": {"id": "agent-1", "name": "Mette", "email": "mette.holm@shop.example"},
            "custom_attributes": [{"identifier": "p_gap", "value": "8"}]}}})
    .to_string()
}

fn relay(s: &Server, body: &str) -> Value {
    let (status, v) = s.post("/api/dixa/relay", Some(KEY), body);
    assert!(status == 201 || status == 200, "{status} {v}");
    v
}

fn lookup(s: &Server, query: &str) -> Value {
    let token = s.token(r#"{"employeeEmail":"mette.holm@shop.example"}"#);
    let (status, v) = s.get(&format!("/feedback-app/respondent-responses?{query}"), Some(&token));
    assert_eq!(status, 200, "{v}");
    v
}

/// The Dixa conversation ids (csid) of the members found.
fn csids(page: &Value) -> Vec<String> {
    let mut ids: Vec<String> =
        page["items"].as_array().unwrap().iter().map(|i| i["externalId"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

#[test]
fn two_requesters_sharing_a_phone_stay_two_people() {
    let s = Server::start();
    let mum = relay(
        &s,
        &closed(
            "e1",
            501,
            json!({"id": "dx-mum", "name": "Hanne", "email": "hanne@example.com", "phone": "+4533221100"}),
        ),
    );
    let son = relay(
        &s,
        &closed(
            "e2",
            502,
            json!({"id": "dx-son", "name": "Emil", "email": "emil@example.com", "phone": "+45 33 22 11 00"}),
        ),
    );
    assert_ne!(mum["respondentId"], son["respondentId"], "a shared phone is not one person");
    // Each survey goes to its own requester.
    assert_eq!(son["sentTo"], json!({"email": "emil@example.com", "phone": "+4533221100", "name": "Emil"}));
    // Each history is found by its own email, and only there.
    assert_eq!(csids(&lookup(&s, "email=emil%40example.com")), ["502"]);
    assert_eq!(csids(&lookup(&s, "email=hanne%40example.com")), ["501"]);
    let by_phone = lookup(&s, "phone=%2B4533221100");
    assert_eq!(by_phone["respondents"].as_array().unwrap().len(), 2, "the phone finds both: {by_phone}");
    assert_eq!(by_phone["respondents"][0]["email"], "hanne@example.com", "the first keeps her email");
}

#[test]
fn a_shared_email_with_different_dixa_ids_is_two_people() {
    let s = Server::start();
    let a = relay(&s, &closed("e1", 601, json!({"id": "dx-a", "name": "Ida", "email": "info@family.example"})));
    let b = relay(&s, &closed("e2", 602, json!({"id": "dx-b", "name": "Ole", "email": "info@family.example"})));
    assert_ne!(a["respondentId"], b["respondentId"]);
    let page = lookup(&s, "email=info%40family.example");
    let mut ids: Vec<&str> =
        page["respondents"].as_array().unwrap().iter().map(|r| r["externalId"].as_str().unwrap()).collect();
    ids.sort();
    assert_eq!(ids, ["dx-a", "dx-b"], "each keeps its own Dixa id");
    // Ida writes again: her own record, not Ole's.
    let again = relay(&s, &closed("e3", 603, json!({"id": "dx-a", "name": "Ida", "email": "info@family.example"})));
    assert_eq!(again["respondentId"], a["respondentId"]);
}

#[test]
fn a_new_email_for_the_same_dixa_id_is_the_same_person_and_each_member_keeps_its_own() {
    let s = Server::start();
    let first = relay(&s, &closed("e1", 701, json!({"id": "dx-7", "name": "Sofie", "email": "sofie@old.example"})));
    let second = relay(&s, &closed("e2", 702, json!({"id": "dx-7", "name": "Sofie", "email": "sofie@new.example"})));
    assert_eq!(first["respondentId"], second["respondentId"], "the Dixa id names the person");
    assert_eq!(first["sentTo"]["email"], "sofie@old.example");
    assert_eq!(second["sentTo"]["email"], "sofie@new.example", "this conversation's email gets the survey");
    // The customer's whole history is found by the email Dixa has now.
    assert_eq!(csids(&lookup(&s, "email=sofie%40new.example")), ["701", "702"]);
}

#[test]
fn phone_only_requesters() {
    let s = Server::start();
    let caller = |event: &str, csid: i64, id: Option<&str>| {
        let mut r = json!({"name": "Caller", "phone": "+4540404040"});
        if let Some(id) = id {
            r["id"] = json!(id);
        }
        relay(&s, &closed(event, csid, r))
    };
    let a = caller("e1", 801, Some("dx-p1"));
    assert_eq!(caller("e2", 802, Some("dx-p1"))["respondentId"], a["respondentId"], "same Dixa id, same person");
    let b = caller("e3", 803, Some("dx-p2"));
    assert_ne!(b["respondentId"], a["respondentId"], "another Dixa id on the same phone is another person");
    // No id at all, and two people hold the phone: no guess, a new respondent.
    let c = caller("e4", 804, None);
    assert_ne!(c["respondentId"], a["respondentId"]);
    assert_ne!(c["respondentId"], b["respondentId"]);
    // A phone held by one respondent with no email or id fits a later caller.
    let lone = relay(&s, &closed("e5", 805, json!({"phone": "+4550505050"})));
    let later =
        relay(&s, &closed("e6", 806, json!({"id": "dx-p3", "phone": "+4550505050", "email": "p3@example.com"})));
    assert_eq!(later["respondentId"], lone["respondentId"], "no conflicting email or id");
    let page = lookup(&s, "email=p3%40example.com");
    assert_eq!(page["respondents"][0]["externalId"], "dx-p3", "the gaps are filled in");
}

#[test]
fn an_email_held_under_another_dixa_id_is_another_person() {
    let s = Server::start();
    // Anna is in the demo data with Dixa id dixa-user-anna; a requester
    // with another id and her email is someone else.
    let other = relay(&s, &closed("e1", 901, json!({"id": "dx-x", "email": "anna.berg@example.com"})));
    let page = lookup(&s, "email=anna.berg%40example.com");
    assert_eq!(page["respondents"].as_array().unwrap().len(), 2, "{page}");
    // Her own id finds her, whatever email she writes from.
    let anna = relay(&s, &closed("e2", 902, json!({"id": "dixa-user-anna", "email": "anna@work.example"})));
    assert_ne!(anna["respondentId"], other["respondentId"]);
    assert!(csids(&lookup(&s, "email=anna%40work.example")).contains(&"902".to_string()));
}

#[test]
fn redelivery_creates_no_second_member_nor_respondent() {
    let s = Server::start();
    let body = closed("e-re", 1001, json!({"id": "dx-re", "email": "re@example.com", "phone": "+4560606060"}));
    let first = relay(&s, &body);
    let again = relay(&s, &body);
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["memberId"], first["memberId"]);
    let page = lookup(&s, "email=re%40example.com");
    assert_eq!((page["respondents"].as_array().unwrap().len(), page["total"].as_u64()), (1, Some(1)));
}
