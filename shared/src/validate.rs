//! Input checks shared by the use cases; each failure names the field.

use crate::error::Error;

/// A trimmed single-line text of `min..=max` characters.
pub fn line(field: &str, value: &str, min: usize, max: usize) -> Result<String, Error> {
    let value = value.trim();
    if value.contains(['\n', '\r']) {
        return Err(Error::invalid_field(field, "must fit on one line"));
    }
    text(field, value, min, max)
}

/// A trimmed text of `min..=max` characters (line breaks allowed).
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<String, Error> {
    let value = value.trim();
    let len = value.chars().count();
    if len < min {
        return Err(Error::invalid_field(
            field,
            if min == 1 {
                "required".to_owned()
            } else {
                format!("at least {min} characters")
            },
        ));
    }
    if len > max {
        return Err(Error::invalid_field(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(value.to_owned())
}

/// At most `max` entries.
pub fn count<T>(field: &str, list: &[T], max: usize) -> Result<(), Error> {
    if list.len() > max {
        return Err(Error::invalid_field(
            field,
            format!("at most {max} entries"),
        ));
    }
    Ok(())
}

/// The language of a user's emails: "fr" (default) or "en".
pub fn lang(value: Option<&str>) -> Result<String, Error> {
    match value.unwrap_or("fr") {
        l @ ("fr" | "en") => Ok(l.to_owned()),
        _ => Err(Error::invalid_field("lang", "\"fr\" or \"en\"")),
    }
}
