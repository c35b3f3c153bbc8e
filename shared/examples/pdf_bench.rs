//! Benchmark of the signed contract's PDF (`scripts/bench.sh contract-pdf`): renders the
//! platform's model contract, filled in and signed by both sides with a 12-entry audit
//! trail, `RUNS` times (default 50); prints the median and 95th percentile rendering time
//! and the PDF's size as JSON.

use estrade::contracts::audit::{Action, Evidence, GENESIS, Head, New, append_ops};
use estrade::contracts::model::{CONSENT_VERSION, Contract, Signature, Status, sha256};
use estrade::contracts::{markup, model_text, pdf, terms};
use estrade::projects::model::{Actor, Origin, Project};
use estrade::projects::status::Status as ProjectStatus;
use std::time::Instant;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(50);
    let project = Project {
        id: "0ec5640a3e6b4a799cbfcbf2aadb07f5".into(),
        client_id: "da181b955c9b43679422bf6ec531150c".into(),
        provider_id: "3393bf9c7e0949d983abea77ad217c71".into(),
        client_name: "Camille Martin".into(),
        provider_name: "Claire Photographie".into(),
        title: "Reportage journée".into(),
        event_name: Some("Mariage de Camille et Sam".into()),
        date: "2027-06-12".into(),
        start: Some("14:00".into()),
        end: Some("23:30".into()),
        place: Some("Domaine de la Roche, 44000 Nantes".into()),
        price_cents: Some(180_000),
        origin: Origin::Booking {
            booking_id: "b1".into(),
        },
        conversation_id: "c.p".into(),
        status: ProjectStatus::ContractSigned,
        version: 3,
        last_actor: Actor::Provider,
        awaiting_signature: None,
        created_at: 1_800_000_000,
        updated_at: 1_800_000_000,
    };
    let text = markup::fill(model_text::TEXT, |name| {
        terms::value(&project, name, 1_800_000_000)
    });
    let hash = sha256(text.as_bytes());
    let signature = |name: &str, at| Signature {
        user_id: "u".into(),
        name: name.into(),
        at,
        ip: "192.0.2.1".into(),
        user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36"
            .into(),
        consent_version: CONSENT_VERSION.into(),
        sha256: hash.clone(),
    };
    let contract = Contract {
        project_id: project.id.clone(),
        template_name: model_text::NAME.into(),
        text,
        status: Status::Signed,
        revision: 2,
        sha256: Some(hash.clone()),
        sent_at: Some(1_800_000_100),
        signed_by: 2,
        client_signature: Some(signature("Camille Martin", 1_800_000_500)),
        provider_signature: Some(signature("Claire Durand", 1_800_000_900)),
        signed_at: Some(1_800_000_900),
        created_at: 1_800_000_000,
        updated_at: 1_800_000_900,
    };
    let evidence = Evidence {
        ip: "192.0.2.1".into(),
        user_agent: "Firefox/140".into(),
    };
    let mut head = Head {
        n: 0,
        hash: GENESIS.into(),
    };
    let mut trail = Vec::new();
    for (i, action) in [
        Action::Sent,
        Action::Viewed,
        Action::CodeSent,
        Action::SignFailed,
        Action::CodeSent,
        Action::Signed,
        Action::CodeSent,
        Action::Countersigned,
        Action::PdfRendered,
        Action::Downloaded,
        Action::Downloaded,
        Action::Viewed,
    ]
    .into_iter()
    .enumerate()
    {
        let new = New {
            action,
            actor: Actor::Client,
            evidence: Some(&evidence),
            detail: Some(hash.clone()),
        };
        let (entry, _) = append_ops(&project.id, &head, new, 1_800_000_000 + i as i64);
        head = Head {
            n: entry.n,
            hash: entry.hash.clone(),
        };
        trail.push(entry);
    }
    let mut times = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let bytes = pdf::render(&project, &contract, &trail, "https://estrade.example")
            .expect("the PDF renders");
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        size = bytes.len();
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{{\"runs\": {runs}, \"median_ms\": {:.1}, \"p95_ms\": {:.1}, \"pdf_bytes\": {size}}}",
        at(0.5),
        at(0.95)
    );
}
