//! The small Markdown subset contracts are written in, and their `{{variables}}`.
//!
//! - `# ` a title, `## ` a section heading, `- ` a list item, a blank line between
//!   paragraphs (a paragraph's lines are joined with spaces);
//! - `**bold**` inside any of them;
//! - `{{name}}` a variable, one of [`VARIABLES`], filled from a project's terms.
//!
//! Nothing else is interpreted: any other character is text.

use crate::error::Error;

/// One block of a contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(Vec<Span>),
    Heading(Vec<Span>),
    Paragraph(Vec<Span>),
    Item(Vec<Span>),
}

/// A run of text, bold or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
}

/// The variables a template may use, and what each becomes.
pub const VARIABLES: &[(&str, &str)] = &[
    ("client.name", "le nom du client"),
    ("provider.name", "le nom du prestataire"),
    ("service.name", "la prestation réservée"),
    ("event.name", "le nom de l'événement (ou la prestation)"),
    ("date", "la date de la prestation"),
    ("time", "les horaires (ou « toute la journée »)"),
    ("place", "le lieu"),
    ("price", "le prix convenu"),
    ("today", "la date du jour"),
];

/// The blocks of `text`.
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, blocks: &mut Vec<Block>| {
        if !paragraph.is_empty() {
            blocks.push(Block::Paragraph(spans(&paragraph.join(" "))));
            paragraph.clear();
        }
    };
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else if let Some(rest) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Heading(spans(rest.trim())));
        } else if let Some(rest) = line.strip_prefix("# ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Title(spans(rest.trim())));
        } else if let Some(rest) = line.strip_prefix("- ") {
            flush(&mut paragraph, &mut blocks);
            blocks.push(Block::Item(spans(rest.trim())));
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut blocks);
    blocks
}

/// The bold and plain runs of a line (`**` toggles bold; an unpaired one is kept as text).
fn spans(line: &str) -> Vec<Span> {
    let parts: Vec<&str> = line.split("**").collect();
    let paired = parts.len() % 2 == 1;
    let mut out = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let bold = paired && i % 2 == 1;
        let text = if !paired && i > 0 {
            format!("**{part}")
        } else {
            (*part).to_owned()
        };
        if !text.is_empty() {
            out.push(Span { text, bold });
        }
    }
    out
}

/// Checks that every `{{…}}` of `text` is a known variable: 400 `unknown_variable`
/// naming the first that is not, `invalid_template` for a `{{` never closed.
pub fn check_variables(text: &str) -> Result<(), Error> {
    for name in variables(text)? {
        if !VARIABLES.iter().any(|(known, _)| *known == name) {
            let known: Vec<_> = VARIABLES
                .iter()
                .map(|(n, _)| format!("{{{{{n}}}}}"))
                .collect();
            return Err(Error::invalid(
                "unknown_variable",
                format!("{{{{{name}}}}} is not a variable: use {}", known.join(", ")),
            ));
        }
    }
    Ok(())
}

/// The names of the variables of `text`, in order.
fn variables(text: &str) -> Result<Vec<&str>, Error> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| Error::invalid("invalid_template", "a {{ is never closed by }}"))?;
        names.push(after[..close].trim());
        rest = &after[close + 2..];
    }
    Ok(names)
}

/// `text` with each known variable replaced by its value (`value` of its name); the
/// variables were checked.
pub fn fill(text: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        match after.find("}}") {
            Some(close) => {
                out.push_str(&value(after[..close].trim()));
                rest = &after[close + 2..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_bold_runs() {
        let blocks = parse(
            "# Contrat\n\n## 1. Objet\nLe **prestataire** fournit\nla prestation.\n- un point\n- **tout** gras",
        );
        assert_eq!(blocks.len(), 5);
        assert_eq!(
            blocks[2],
            Block::Paragraph(vec![
                Span {
                    text: "Le ".into(),
                    bold: false
                },
                Span {
                    text: "prestataire".into(),
                    bold: true
                },
                Span {
                    text: " fournit la prestation.".into(),
                    bold: false
                },
            ])
        );
        assert!(matches!(&blocks[4], Block::Item(s) if s[0].bold && s[0].text == "tout"));
        assert_eq!(
            parse("a **b")[0],
            Block::Paragraph(vec![
                Span {
                    text: "a ".into(),
                    bold: false
                },
                Span {
                    text: "**b".into(),
                    bold: false
                },
            ])
        );
    }

    #[test]
    fn unknown_or_unclosed_variables_are_refused_and_known_ones_filled() {
        assert!(check_variables("{{client.name}} et {{ date }}").is_ok());
        let e = check_variables("{{client.name}} {{client.phone}}").unwrap_err();
        assert_eq!(e.code, "unknown_variable");
        assert!(e.message.contains("{{client.phone}}"));
        assert_eq!(
            check_variables("{{date").unwrap_err().code,
            "invalid_template"
        );
        let filled = fill("Le {{ date }}, {{price}}.", |n| match n {
            "date" => "14 mars 2027".into(),
            _ => "1 800,00 €".into(),
        });
        assert_eq!(filled, "Le 14 mars 2027, 1 800,00 €.");
    }
}
