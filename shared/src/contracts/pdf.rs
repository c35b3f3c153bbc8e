//! The signed contract as a PDF: its text, then an evidence page (the parties, each
//! signature with its time, IP, user agent and consent version, the document's hash, the
//! audit trail). A4, DejaVu Serif embedded (subsetted by krilla), text drawn as text so
//! it can be searched and extracted; French typography comes from the text itself
//! (no-break spaces are never line breaks).
//!
//! krilla writes the PDF (fonts, subsetting, text with its Unicode mapping); rustybuzz,
//! the shaper krilla uses, measures words for line breaking.

use super::audit::{Action, Entry};
use super::markup::{self, Block};
use super::model::{Contract, Signature};
use super::terms;
use crate::error::Error;
use crate::projects::model::{Actor, Project};
use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use std::sync::LazyLock;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSerif-Bold.ttf");

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const BODY: f32 = 10.0;

struct Faces {
    regular: rustybuzz::Face<'static>,
    bold: rustybuzz::Face<'static>,
}

static FACES: LazyLock<Faces> = LazyLock::new(|| Faces {
    regular: rustybuzz::Face::from_slice(REGULAR, 0).expect("the regular font parses"),
    bold: rustybuzz::Face::from_slice(BOLD, 0).expect("the bold font parses"),
});

/// The width of `text` at `size` points.
fn measure(text: &str, bold: bool, size: f32) -> f32 {
    let face = if bold { &FACES.bold } else { &FACES.regular };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
    let units: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
    units as f32 * size / face.units_per_em() as f32
}

/// A run of one style on a line.
#[derive(Debug, Clone)]
struct Run {
    text: String,
    bold: bool,
    /// Written right after the previous run, with no space (`**name**,`).
    glued: bool,
}

/// One line laid out: where it starts and what it draws.
#[derive(Debug, Clone)]
struct Line {
    x: f32,
    size: f32,
    runs: Vec<Run>,
    /// Space before the line (points), beyond its own height.
    before: f32,
}

/// A word of a paragraph: its text, whether bold, whether glued to the word before.
type Word = (String, bool, bool);

/// Breaks styled words into lines no wider than `width` (a word wider than a line is cut;
/// a line never starts with a word glued to the one before).
fn wrap(words: &[Word], size: f32, width: f32) -> Vec<Vec<Run>> {
    let space = measure(" ", false, size);
    let mut lines: Vec<Vec<Run>> = Vec::new();
    let (mut line, mut used): (Vec<Run>, f32) = (Vec::new(), 0.0);
    for (word, bold, glued) in words {
        for (i, piece) in cut(word, *bold, size, width).into_iter().enumerate() {
            let glued = *glued && i == 0;
            let w = measure(&piece, *bold, size);
            let gap = if line.is_empty() || glued { 0.0 } else { space };
            if !line.is_empty() && !glued && used + gap + w > width {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            let gap = if line.is_empty() || glued { 0.0 } else { space };
            match line.last_mut() {
                Some(last) if last.bold == *bold => {
                    if !glued {
                        last.text.push(' ');
                    }
                    last.text.push_str(&piece);
                }
                _ => line.push(Run {
                    text: piece,
                    bold: *bold,
                    glued: glued && !line.is_empty(),
                }),
            }
            used += gap + w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A word cut into pieces that each fit `width`.
fn cut(word: &str, bold: bool, size: f32, width: f32) -> Vec<String> {
    if measure(word, bold, size) <= width {
        return vec![word.to_owned()];
    }
    let mut pieces = vec![String::new()];
    for c in word.chars() {
        let last = pieces.last_mut().expect("one piece");
        last.push(c);
        if measure(last, bold, size) > width {
            last.pop();
            pieces.push(c.to_string());
        }
    }
    pieces
}

/// The words of styled spans (split on plain spaces only: a no-break space never breaks).
fn words(spans: &[markup::Span]) -> Vec<Word> {
    let mut words = Vec::new();
    let mut after_space = true;
    for span in spans {
        for (i, word) in span.text.split(' ').enumerate() {
            if i > 0 {
                after_space = true;
            }
            if !word.is_empty() {
                words.push((word.to_owned(), span.bold, !after_space));
                after_space = false;
            }
        }
    }
    words
}

fn plain(text: &str) -> Vec<markup::Span> {
    vec![markup::Span {
        text: text.to_owned(),
        bold: false,
    }]
}

fn bold(text: &str) -> Vec<markup::Span> {
    vec![markup::Span {
        text: text.to_owned(),
        bold: true,
    }]
}

/// Lays out blocks as lines.
fn layout(blocks: &[Block]) -> Vec<Line> {
    let width = WIDTH - 2.0 * MARGIN;
    let mut lines = Vec::new();
    for block in blocks {
        let (spans, size, x, before, bullet) = match block {
            Block::Title(s) => (s, 17.0, 0.0, 6.0, false),
            Block::Heading(s) => (s, 12.0, 0.0, 10.0, false),
            Block::Paragraph(s) => (s, BODY, 0.0, 5.0, false),
            Block::Item(s) => (s, BODY, 14.0, 2.0, true),
        };
        let spans: Vec<markup::Span> = match block {
            Block::Title(_) | Block::Heading(_) => spans
                .iter()
                .map(|s| markup::Span {
                    text: s.text.clone(),
                    bold: true,
                })
                .collect(),
            _ => spans.clone(),
        };
        for (i, runs) in wrap(&words(&spans), size, width - x)
            .into_iter()
            .enumerate()
        {
            let mut runs = runs;
            if bullet && i == 0 {
                runs.insert(
                    0,
                    Run {
                        text: "•".into(),
                        bold: false,
                        glued: false,
                    },
                );
            }
            lines.push(Line {
                x: if bullet && i == 0 { x - 10.0 } else { x },
                size,
                runs,
                before: if i == 0 { before } else { 0.0 },
            });
        }
    }
    lines
}

/// When, in UTC, as `2026-12-01 14:03:22 UTC`.
fn utc(at: i64) -> String {
    jiff::Timestamp::from_second(at)
        .map(|t| t.strftime("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_else(|_| at.to_string())
}

/// The evidence page's blocks.
fn evidence(project: &Project, contract: &Contract, trail: &[Entry], site: &str) -> Vec<Block> {
    let hash = contract.sha256.clone().unwrap_or_default();
    let mut blocks = vec![
        Block::Title(bold("Page de preuve")),
        Block::Paragraph(plain(&format!(
            "Contrat du projet {} («\u{a0}{}\u{a0}», {}), signé électroniquement sur Estrade ({site}).",
            project.id,
            project.title,
            terms::long_date(&project.date)
        ))),
        Block::Heading(bold("Parties")),
        Block::Item(plain(&format!(
            "Client\u{a0}: {} (compte {})",
            project.client_name, project.client_id
        ))),
        Block::Item(plain(&format!(
            "Prestataire\u{a0}: {} (compte {})",
            project.provider_name, project.provider_id
        ))),
        Block::Heading(bold("Document signé")),
        Block::Paragraph(plain(
            "Empreinte SHA-256 du texte exact du contrat (UTF-8), tel qu'envoyé puis signé par les deux parties\u{a0}:",
        )),
        Block::Paragraph(bold(&hash)),
    ];
    let signatures = [
        ("Signature du client", &contract.client_signature),
        (
            "Contresignature du prestataire",
            &contract.provider_signature,
        ),
    ];
    for (title, signature) in signatures {
        if let Some(s) = signature {
            blocks.push(Block::Heading(bold(title)));
            blocks.extend(signature_lines(s));
        }
    }
    blocks.push(Block::Heading(bold("Journal d'audit")));
    blocks.push(Block::Paragraph(plain(
        "Chaque entrée est chaînée à la précédente par son empreinte SHA-256.",
    )));
    for e in trail {
        let actor = match e.actor {
            Actor::Client => "client",
            Actor::Provider => "prestataire",
            Actor::Platform => "plateforme",
        };
        let action = match e.action {
            Action::Sent => "envoi",
            Action::Viewed => "consultation",
            Action::CodeSent => "code envoyé",
            Action::SignFailed => "signature refusée",
            Action::Signed => "signature",
            Action::Countersigned => "contresignature",
            Action::PdfRendered => "PDF produit",
            Action::Downloaded => "téléchargement",
        };
        let mut line = format!("{}. {} — {action} — {actor}", e.n, utc(e.at));
        if let Some(detail) = e
            .detail
            .as_deref()
            .filter(|d| !d.chars().all(|c| c.is_ascii_hexdigit()))
        {
            line.push_str(&format!(" ({detail})"));
        }
        if let Some(ip) = &e.ip {
            line.push_str(&format!(" — IP {ip}"));
        }
        if let Some(hash) = e.detail.as_deref().filter(|d| d.len() == 64) {
            line.push_str(&format!(" — document {hash}"));
        }
        line.push_str(&format!(" — empreinte {}", e.hash));
        blocks.push(Block::Item(plain(&line)));
    }
    blocks.push(Block::Paragraph(plain(&format!(
        "Pour vérifier ce fichier\u{a0}: {site}/verifier-un-contrat (son empreinte SHA-256 y est comparée à celle enregistrée lors de sa création)."
    ))));
    blocks
}

fn signature_lines(s: &Signature) -> Vec<Block> {
    vec![
        Block::Item(plain(&format!("Nom saisi\u{a0}: {}", s.name))),
        Block::Item(plain(&format!("Date\u{a0}: {}", utc(s.at)))),
        Block::Item(plain(&format!("Adresse IP\u{a0}: {}", s.ip))),
        Block::Item(plain(&format!("Navigateur\u{a0}: {}", s.user_agent))),
        Block::Item(plain(&format!(
            "Consentement\u{a0}: version {}, code à usage unique envoyé par email",
            s.consent_version
        ))),
        Block::Item(plain(&format!("Empreinte signée\u{a0}: {}", s.sha256))),
    ]
}

/// Splits lines into pages.
fn paginate(lines: Vec<Line>, pages: &mut Vec<Vec<(f32, Line)>>) {
    let bottom = HEIGHT - MARGIN - 20.0;
    let mut page = Vec::new();
    let mut y = MARGIN;
    for line in lines {
        let height = line.size * 1.45;
        if y + line.before + height > bottom && !page.is_empty() {
            pages.push(std::mem::take(&mut page));
            y = MARGIN;
        }
        y += if page.is_empty() { 0.0 } else { line.before } + height;
        page.push((y, line));
    }
    if !page.is_empty() {
        pages.push(page);
    }
}

/// The PDF of a signed contract, with its evidence page; `site` is the platform's
/// address, for the verification page.
pub fn render(
    project: &Project,
    contract: &Contract,
    trail: &[Entry],
    site: &str,
) -> Result<Vec<u8>, Error> {
    let regular = Font::new(REGULAR.into(), 0).ok_or_else(|| Error::internal("font"))?;
    let bold_font = Font::new(BOLD.into(), 0).ok_or_else(|| Error::internal("font"))?;
    let mut pages = Vec::new();
    paginate(layout(&markup::parse(&contract.text)), &mut pages);
    paginate(
        layout(&evidence(project, contract, trail, site)),
        &mut pages,
    );
    let total = pages.len();
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!(
                "Contrat — {} — {}",
                project.title, project.client_name
            ))
            .creator("Estrade".into()),
    );
    let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or_else(|| Error::internal("page"))?;
    for (index, lines) in pages.iter().enumerate() {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (y, line) in lines {
            let mut x = MARGIN + line.x;
            for (i, run) in line.runs.iter().enumerate() {
                let font = if run.bold { &bold_font } else { &regular };
                // A space between runs is drawn as text (so that it extracts).
                let spaced = line.runs.get(i + 1).is_some_and(|next| !next.glued);
                let text = if spaced {
                    format!("{} ", run.text)
                } else {
                    run.text.clone()
                };
                surface.draw_text(
                    Point::from_xy(x, *y),
                    font.clone(),
                    line.size,
                    &text,
                    false,
                    TextDirection::Auto,
                );
                x += measure(&text, run.bold, line.size);
            }
        }
        let footer = format!(
            "Estrade — contrat {} — page {} / {total}",
            contract.sha256.as_deref().map_or("", |h| &h[..16]),
            index + 1
        );
        surface.draw_text(
            Point::from_xy(MARGIN, HEIGHT - MARGIN / 2.0),
            regular.clone(),
            7.5,
            &footer,
            false,
            TextDirection::Auto,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| Error::internal(format!("the PDF failed: {e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_never_overflow_and_no_break_spaces_hold() {
        let words = words(&plain(
            "Le prix convenu est de 1\u{a0}800,00\u{a0}€ TTC, payable en deux fois, et un mot-très-très-long-qui-dépasse-la-largeur-de-la-ligne-à-lui-seul-et-doit-être-coupé.",
        ));
        let lines = wrap(&words, BODY, 200.0);
        assert!(lines.len() > 2);
        for line in &lines {
            let text: Vec<_> = line.iter().map(|r| r.text.as_str()).collect();
            assert!(measure(&text.join(" "), false, BODY) <= 200.5, "{text:?}");
        }
        let all: String = lines
            .iter()
            .flatten()
            .map(|r| r.text.clone())
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            all.contains("1\u{a0}800,00\u{a0}€"),
            "never broken at a no-break space"
        );
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
    }
}
