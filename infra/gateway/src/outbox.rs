//! `/_outbox`: the emails the local mailer wrote, newest first, as a page and as JSON;
//! served only when the gateway listens on a loopback address ([`allowed`]).

use crate::Gateway;
use axum::Router;
use axum::extract::State;
use axum::response::{Html, Json};
use estrade::accounts::mails::escape;
use mail_parser::MessageParser;
use serde::Serialize;
use std::sync::Arc;

#[derive(Serialize)]
pub struct Sent {
    file: String,
    to: String,
    subject: String,
    text: String,
    html: String,
    date: String,
}

/// Whether the outbox may be served by a gateway listening on `addr`: a loopback address
/// only, since its emails hold reset and verification links.
pub fn allowed(addr: std::net::SocketAddr) -> bool {
    addr.ip().is_loopback()
}

pub fn router() -> Router<Arc<Gateway>> {
    Router::new()
        .route("/_outbox", axum::routing::get(page))
        .route("/_outbox.json", axum::routing::get(json))
}

/// Every `.eml` of the outbox, parsed, newest first (file names sort by time).
fn read_all(gateway: &Gateway) -> Vec<Sent> {
    let Ok(entries) = std::fs::read_dir(&gateway.outbox) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    files.sort();
    files.reverse();
    files
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            let message = MessageParser::default().parse(&bytes)?;
            let to = message
                .to()
                .and_then(|to| to.first())
                .and_then(|a| a.address())
                .unwrap_or_default()
                .to_owned();
            Some(Sent {
                file: path.file_name()?.to_string_lossy().into_owned(),
                to,
                subject: message.subject().unwrap_or_default().to_owned(),
                text: message.body_text(0).unwrap_or_default().into_owned(),
                html: message.body_html(0).unwrap_or_default().into_owned(),
                date: message.date().map(|d| d.to_rfc3339()).unwrap_or_default(),
            })
        })
        .collect()
}

async fn json(State(gateway): State<Arc<Gateway>>) -> Json<Vec<Sent>> {
    Json(read_all(&gateway))
}

async fn page(State(gateway): State<Arc<Gateway>>) -> Html<String> {
    let rows: String = read_all(&gateway)
        .iter()
        .map(|m| {
            format!(
                "<article><h2>{}</h2><p>À / to: {} · {}</p><pre>{}</pre></article>",
                escape(&m.subject),
                escape(&m.to),
                escape(&m.date),
                linkify(&escape(&m.text)),
            )
        })
        .collect();
    let empty = if rows.is_empty() {
        "<p>Aucun email pour l'instant. / No email yet.</p>"
    } else {
        ""
    };
    Html(format!(
        "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Boîte d'envoi – Estrade</title>\
         <style>body{{font-family:system-ui;max-width:50rem;margin:2rem auto;padding:0 1rem}}\
         article{{border-bottom:1px solid #ccc}}pre{{white-space:pre-wrap}}</style>\
         <h1>Emails envoyés (local)</h1>{empty}{rows}</html>"
    ))
}

/// Makes the (already escaped) http links of a text clickable.
fn linkify(text: &str) -> String {
    let link = |word: &str| match word {
        w if w.starts_with("http://") || w.starts_with("https://") => {
            format!("<a href=\"{w}\">{w}</a>")
        }
        w => w.to_owned(),
    };
    text.lines()
        .map(|line| line.split(' ').map(link).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_is_served_on_loopback_addresses_only() {
        assert!(allowed("127.0.0.1:8080".parse().unwrap()));
        assert!(allowed("[::1]:8080".parse().unwrap()));
        assert!(!allowed("0.0.0.0:8080".parse().unwrap()));
        assert!(!allowed("192.168.1.20:8080".parse().unwrap()));
    }
}
